"""Sound-alike folding and codes for names written down by ear in Latin letters.

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

`fold`, `code` and `words` serve person search (trygg.people.phonetic) and must keep their
behaviour. The record-linkage engine adds `spelling_fold` (a narrower fold that keeps the first
vowel, for "same name, other spelling") and `name_code` (the code of a word that is already
lower-case ASCII, as the engine's normaliser makes it).
"""

import re
from functools import lru_cache

import jellyfish
from unidecode import unidecode

VOWELS = "aeiou"

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


# Habits of romanisation that give one name several spellings, applied after `fold`'s
# consonant rules (order matters: "ph" before doubled letters, long vowels before glides).
_SPELLING = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"(?<=[aeiou])h$"), ""),  # Fatimah/Fatima, Sarah/Sara
    (re.compile(r"ee|ii|ie(?=[^n]|$)"), "i"),  # Deepak/Dipak, Siita/Sita, not the "ie" of Achieng
    (re.compile(r"oo|uu|ou"), "u"),  # Pooja/Puja, Youssef/Yusuf
    (re.compile(r"aa"), "a"),  # Raam/Ram (Devanagari long vowels)
    (re.compile(r"w(?=[aeiou])"), "v"),  # Wasyl/Vasyl; Mwangi has become Muangi already
    (re.compile(r"([a-z])\1+"), r"\1"),  # Mohammed/Mohamed, Hussein/Husein
]


@lru_cache(maxsize=200_000)
def spelling_fold(word: str) -> str:
    """One spelling for the spellings of a lower-case ASCII name word that sound the same.

    Narrower than `fold`: the first letter keeps its vowel ("Achieng" and "Ochieng", girl's and
    boy's names in Dholuo, stay apart), so that two words with one spelling fold are very
    likely one name."""
    if not word:
        return ""
    first = word[0]
    folded = fold(word)
    folded = first + folded[1:] if first in VOWELS else folded
    for pattern, replacement in _SPELLING:
        folded = pattern.sub(replacement, folded)
    return folded


@lru_cache(maxsize=200_000)
def name_code(word: str) -> str:
    """The sound-alike code of a lower-case ASCII word (as `code`, without transliterating)."""
    letters = "".join(_WORD.findall(word))
    return jellyfish.metaphone(fold(letters)) if letters else ""
