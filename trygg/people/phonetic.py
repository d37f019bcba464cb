"""Sound-alike codes for names, tuned for names written down by ear in Latin letters.

A caseworker in Nairobi or Kathmandu writes a child's name as she hears it: "Mohamed" or
"Muhammad", "Shrestha" or "Shresta", "Laxmi" or "Lakshmi", "Otieno" or "Otiyeno". Each name word
gets one code; two words sound alike when their codes are equal.

The code is jellyfish's Metaphone of the word after a folding step for transliteration habits
that Metaphone alone gets wrong:

- unidecode first (accents and own scripts: "Amélie" -> "amelie", "सीता" -> "siitaa");
- aspirated consonants of South Asian transliteration lose their h: bh dh gh jh kh th -> b d g j k t
  ("Shrestha"/"Shresta", "Odhiambo"/"Odiambo", "Chaudhary"/"Chowdhury");
- sh -> s and x -> ks ("Krishna"/"Krisna", "Lakshmi"/"Laxmi", "Aisha"/"Aysha");
- dj -> j ("Djibril"/"Jibril");
- glides: y after the first letter -> i, w after a consonant -> u ("Otiyeno"/"Otieno",
  "Mwangi"/"Muangi", "Sergey"/"Sergei", "Maryana"/"Mariana");
- every initial vowel is the same sound, as in Double Metaphone ("Ibrahim"/"Ebrahim",
  "Usman"/"Osman"; but also "Ochieng"/"Achieng", which are different names).

What it does not match, on purpose or by limitation: names that differ in a consonant sound
("Achieng"/"Atieno" are different names; "Bikash"/"Vikash", "Yadav"/"Jadav", "Olga"/"Olha"),
short forms ("Oluwaseun"/"Seun"), and names in a script unidecode reads differently from the
Latin spelling. Short codes are broad: "Ali", "Eli" and "Ole" share one.
"""

import re

import jellyfish
from unidecode import unidecode

VOWELS = "aeiou"
# A query word's code also matches longer codes that start with it from this length: typing
# "Shrest" finds "Shrestha", "Mohammed" finds "Mohammedali".
PREFIX_FROM = 4
# Codes shorter than this are too broad to search on ("A" for "Ai").
MIN_CODE = 2

_WORD = re.compile(r"[a-z]+")
_ASPIRATES = re.compile(r"([bdgjkt])h")
_CONSONANT_W = re.compile(r"(?<=[b-df-hj-np-tv-z])w")


def fold(word: str) -> str:
    """Spelling variants of transliterated names brought to one spelling (lower-case ASCII)."""
    word = word.replace("dj", "j").replace("sh", "s")
    word = _ASPIRATES.sub(r"\1", word)
    if len(word) > 1:
        word = word[0] + word[1:].replace("x", "ks").replace("y", "i")
    word = _CONSONANT_W.sub("u", word)
    if word and word[0] in VOWELS:
        word = "a" + word[1:]
    return word


def code(word: str) -> str:
    """The sound-alike code of one word ("" for a word without letters)."""
    letters = "".join(_WORD.findall(unidecode(word).lower()))
    if not letters:
        return ""
    return jellyfish.metaphone(fold(letters))


def words(text: str) -> list[str]:
    """The name words of a text, as the index sees them: letters only, digits dropped.

    A word joined by a hyphen or an apostrophe counts whole and in its parts, so that
    "Jean-Pierre" is found by "Jean-Pierre", "Jeanpierre" and "Pierre".
    """
    found = []
    for token in unidecode(text or "").lower().split():
        parts = _WORD.findall(token)
        if len(parts) > 1:
            found.append("".join(parts))
        found.extend(parts)
    return found


def codes(*parts: str) -> list[str]:
    """The distinct codes of every name word in `parts`, in order of first appearance."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part):
            value = code(word)
            if len(value) >= MIN_CODE:
                seen.setdefault(value, None)
    return list(seen)


def query_code(term: str) -> str:
    """The code to search for one query word, or "" when the word is no name (digits, too short)."""
    if any(ch.isdigit() for ch in term):
        return ""
    value = code(term)
    return value if len(value) >= MIN_CODE else ""


# Search keys (`PersonNameKey`): one row per name word ("t:mohammed") and per sound-alike code
# ("p:MHMT") of a person. A query word matches a key by prefix (`key_range`), which a B-tree
# index serves on SQLite and PostgreSQL alike, with statistics the planner can trust.
TEXT_KEY = "t:"
CODE_KEY = "p:"
KEY_LENGTH = 64
# Above every letter and ":" in ASCII: [prefix, prefix + KEY_END) holds every key starting with prefix.
KEY_END = "~"


def keys(*parts: str) -> list[str]:
    """The distinct search keys of the name words in `parts`, in order of first appearance."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part):
            seen.setdefault((TEXT_KEY + word)[:KEY_LENGTH], None)
            value = code(word)
            if len(value) >= MIN_CODE:
                seen.setdefault((CODE_KEY + value)[:KEY_LENGTH], None)
    return list(seen)


def query_keys(word: str) -> list[tuple[str, bool]]:
    """What one query word (letters only) looks for: (key, whole) pairs, `whole` for an exact key
    and otherwise a prefix. The word itself is a prefix ("moham" finds "mohammed"); its code is
    a prefix from PREFIX_FROM letters ("Shrest" finds "Shrestha") and whole below that."""
    found = [((TEXT_KEY + word)[:KEY_LENGTH], False)]
    value = query_code(word)
    if value:
        found.append(((CODE_KEY + value)[:KEY_LENGTH], len(value) < PREFIX_FROM))
    return found
