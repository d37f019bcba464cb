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


def index_text(*parts: str) -> str:
    """What `Person.search_phonetic` stores: the codes between spaces (" MHMT SRST ").

    The spaces at both ends let a search ask for " MHMT " as a whole code with a plain
    `contains`, on SQLite and PostgreSQL alike, and for " MHMT" as a prefix.
    """
    found = codes(*parts)
    return f" {' '.join(found)} " if found else ""


def query_code(term: str) -> str:
    """The code to search for one query word, or "" when the word is no name (digits, too short)."""
    if any(ch.isdigit() for ch in term):
        return ""
    value = code(term)
    return value if len(value) >= MIN_CODE else ""
