"""From what was typed to what is compared: transliteration, folding, tokens, dates, ages, sex.

Every script becomes lower-case ASCII letters before anything is compared. anyascii does most
scripts well (Cyrillic "Олена Шевченко" -> "olena shevchenko", Ethiopic "ተስፋዬ" -> "tesfaye"), but
two families of scripts need more care, because a name's Latin spelling writes sounds their
letters leave implicit:

- Brahmic scripts of South Asia and Myanmar (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya,
  Tamil, Telugu, Kannada, Malayalam, Myanmar): every consonant carries a vowel "a" unless a vowel
  sign or a virama follows. anyascii drops it ("बहादुर" -> "bhadur"); we read the letters by their
  Unicode names and put it back ("bahaadur", folded later to "bahadur"), dropping it at the end
  of a word where Hindi, Nepali, Bengali, Gujarati and Punjabi do not say it ("राम" -> "raam").
- Arabic script (Arabic, Persian, Urdu, Pashto) writes no short vowels; our table reads alif,
  ain, waw and ya as the vowels a Latin spelling shows ("علي" -> "aly", "فاطمة" -> "fatma"), so
  that the consonant skeleton left ("mhmd") meets "Mohammed" through its sound-alike code.

Chinese characters and Hangul syllables are spaced one per syllable ("張偉" -> "zhang wei").
"""

import datetime
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Unicode blocks of the Brahmic scripts read letter by letter, and whether a word-final
# inherent vowel is silent in the languages that mostly write them.
_BRAHMIC = {
    "DEVANAGARI": True,
    "BENGALI": True,
    "GURMUKHI": True,
    "GUJARATI": True,
    "ORIYA": True,
    "TAMIL": False,
    "TELUGU": False,
    "KANNADA": False,
    "MALAYALAM": False,
    "MYANMAR": False,
}
_INDEPENDENT_VOWELS = {
    "A": "a", "AA": "aa", "I": "i", "II": "ii", "U": "u", "UU": "uu", "E": "e", "EE": "e",
    "AI": "ai", "O": "o", "OO": "o", "AU": "au", "VOCALIC R": "ri", "VOCALIC RR": "ri",
    "VOCALIC L": "li", "VOCALIC LL": "li", "SHORT E": "e", "SHORT O": "o", "CANDRA E": "e",
    "CANDRA O": "o", "CANDRA A": "a",
}  # fmt: skip
# Consonants whose Unicode name, less its final "A", is not how a Latin spelling writes them.
_CONSONANTS = {
    "tt": "t", "tth": "th", "dd": "d", "ddh": "dh", "nn": "n", "nnn": "n", "ss": "sh",
    "ll": "l", "lll": "zh", "rr": "r", "rrr": "r", "ny": "n", "c": "ch", "ch": "chh",
    "v": "v", "ts": "ts",
}  # fmt: skip
_MYANMAR_CONSONANTS = {"a": "", "c": "s", "ch": "s", "j": "z", "jh": "z", "ny": "ny", "ng": "ng"}
_SIGNS = {"ANUSVARA": "n", "CANDRABINDU": "n", "VISARGA": "h", "TIPPI": "n", "ADDAK": ""}
_VIRAMAS = {"VIRAMA", "ASAT", "AL-LAKUNA"}
_LETTER = re.compile(r"^(\w+) (?:LETTER|VOWEL SIGN|SIGN|CONSONANT SIGN MEDIAL|TIPPI|ADDAK)\b ?(.*)$")

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "ء": "", "ئ": "", "ؤ": "",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "y", "ے": "e", "ٹ": "t", "ڈ": "d",
    "ڑ": "r", "ں": "n", "ھ": "h", "ہ": "h", "ۃ": "a", "ټ": "t", "ځ": "dz", "څ": "ts", "ډ": "d",
    "ړ": "r", "ږ": "zh", "ښ": "sh", "ګ": "g", "ڼ": "n", "ې": "e", "ۍ": "ai", "ۀ": "a",
    "\u064e": "a", "\u0650": "i", "\u064f": "u", "\u064b": "an", "\u064d": "in", "\u064c": "un",
    "\u0652": "", "\u0640": "",
}  # fmt: skip
_SHADDA = "\u0651"


def _brahmic(text: str) -> str | None:
    """Latin letters for a word in a Brahmic script, or None when `text` holds none of them."""
    # Units: [letters, vowel, inherent]; a consonant's vowel is "a" and inherent until a vowel
    # sign or virama says otherwise. Other characters are units with no vowel.
    units: list[list] = []
    script = ""
    for ch in text:
        name = unicodedata.name(ch, "")
        match = _LETTER.match(name)
        if not match or match.group(1) not in _BRAHMIC:
            units.append([ch, "", False])
            continue
        script, rest = match.group(1), match.group(2)
        last = units[-1] if units else None
        owed = last is not None and last[2]
        if "VOWEL SIGN" in name:
            word = rest.split(" ")[-1]
            vowel = _INDEPENDENT_VOWELS.get(rest) or _INDEPENDENT_VOWELS.get(word, word.lower())
            if script == "MYANMAR" and vowel == "aa" and last is not None and last[1] == "e":
                vowel = "au"  # Myanmar writes "aw" as E + AA
            if last is not None and (owed or last[1] == "e"):
                last[1], last[2] = vowel, False
            else:
                units.append(["", vowel, False])
        elif "CONSONANT SIGN MEDIAL" in name:
            if owed:
                last[0] += {"YA": "y", "RA": "y", "WA": "w", "HA": "h"}.get(rest, "")
        elif "LETTER" in name:
            if rest in _INDEPENDENT_VOWELS and not (script == "MYANMAR" and rest == "A"):
                units.append(["", _INDEPENDENT_VOWELS[rest], False])
            else:
                base = rest.split(" ")[-1].lower()
                base = base[:-1] if base.endswith("a") and (len(base) > 1 or script == "MYANMAR") else base
                table = _MYANMAR_CONSONANTS if script == "MYANMAR" else _CONSONANTS
                units.append([table.get(base, _CONSONANTS.get(base, base)), "a", True])
        else:
            sign = rest.split(" ")[-1] if rest else name.split(" ")[-1]
            if sign in _VIRAMAS:
                if owed:
                    last[1], last[2] = "", False
            elif sign in _SIGNS and (script != "MYANMAR" or sign == "ANUSVARA"):
                units.append([_SIGNS[sign], "", False])
    if not script:
        return None
    if _BRAHMIC[script]:
        _drop_silent_vowels(units)
    return "".join(letters + vowel for letters, vowel, _ in units)


def _drop_silent_vowels(units: list[list]) -> None:
    """Hindi-style schwa deletion, right to left: the inherent vowel is silent at the end of a
    word and between a vowel-consonant and a consonant-vowel ("कमला" is "kamlaa", "ইসলাম" is
    "islaam")."""

    def letter(i: int) -> bool:
        return 0 <= i < len(units) and (units[i][0].isalpha() or bool(units[i][1]))

    for i in range(len(units) - 1, -1, -1):
        if not units[i][2]:
            continue
        if not letter(i + 1):
            start = i
            while letter(start - 1):
                start -= 1
            if any(u[1] for u in units[start:i]):
                units[i][1], units[i][2] = "", False
        elif letter(i - 1) and units[i - 1][1] and units[i + 1][0].isalpha() and units[i + 1][1]:
            units[i][1], units[i][2] = "", False


def _arabic(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch == _SHADDA and out:
            out.append(out[-1])
        else:
            out.append(_ARABIC.get(ch, ch))
    return "".join(out)


def _is_syllabic(ch: str) -> bool:
    """A Chinese character, Japanese kana or Hangul syllable: one syllable, written spaced."""
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
    )


@lru_cache(maxsize=500_000)
def transliterate(text: str) -> str:
    """Latin letters for `text` in any script (case kept where anyascii keeps it)."""
    if text.isascii():
        return text
    if any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text):
        text = _arabic(text)
    if any("\u0900" <= ch <= "\u0dff" or "\u1000" <= ch <= "\u109f" for ch in text):
        words = [_brahmic(word) or word for word in text.split()]
        text = " ".join(words)
    if any(_is_syllabic(ch) for ch in text):
        text = "".join(f" {ch} " if _is_syllabic(ch) else ch for ch in text)
    return anyascii(text)


_NON_LETTER = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb]")


@lru_cache(maxsize=500_000)
def normalise_text(text: str) -> str:
    """Lower-case ASCII letters and digits, one space between words, no punctuation."""
    text = _APOSTROPHES.sub("", transliterate(unicodedata.normalize("NFC", text))).lower()
    return " ".join(_NON_LETTER.sub(" ", text).split())


# Words that stand before or between names but are no name: "Al-Hassan" is "Hassan", "Ali bin
# Omar" is "Ali Omar". Dropped only when another word is left.
PARTICLES = frozenset({"al", "el", "bin", "binti", "bint", "ibn", "mr", "mrs", "ms", "miss", "dr"})


@lru_cache(maxsize=500_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """The words of a name, letters only, particles dropped ("Al-Hassan" -> ("hassan",))."""
    words = [w for w in re.sub(r"[0-9]+", " ", normalise_text(text)).split() if w]
    kept = [w for w in words if w not in PARTICLES]
    return tuple(kept or words)


def as_list(value) -> list[str]:
    """The non-empty alternatives of a value: a string, a list of strings, or None."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    text = str(value)
    return [text] if text.strip() else []


# Dates: (year, month, day), month and day 0 when unknown.
_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def parse_date(value) -> tuple[int, int, int] | None:
    """(year, month, day) from an ISO date, YYYYMMDD, DD/MM/YYYY or a year alone; None if none."""
    if isinstance(value, datetime.date):
        return (value.year, value.month, value.day)
    text = str(value or "").strip()
    if not text:
        return None
    parts = None
    if match := _COMPACT.match(text):
        parts = [int(g) for g in match.groups()]
    elif match := _ISO.match(text):
        parts = [int(g or 0) for g in match.groups()]
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        parts = [year, month, day]
    elif match := _YEAR.match(text):
        parts = [int(match.group(1)), 0, 0]
    if parts is None or not 1800 <= parts[0] <= 2200:
        return None
    year, month, day = parts
    if not 0 <= month <= 12:
        month, day = 0, 0
    if not 0 <= day <= 31 or month == 0:
        day = 0
    return (year, month, day)


_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")


def parse_age(value) -> float | None:
    """An age in years from "9", "9.5", "about 9", "9 years"; "18 months" is 1.5. None if none."""
    text = str(value if value is not None else "").strip().lower()
    match = _NUMBER.search(text)
    if not match:
        return None
    age = float(match.group(1).replace(",", "."))
    if "month" in text or text.endswith("m"):
        age /= 12
    elif "week" in text:
        age /= 52
    return age if 0 <= age < 130 else None


def age_on(date: tuple[int, int, int], reference: datetime.date) -> float:
    """Years between a (possibly partial) date of birth and `reference`."""
    year, month, day = date
    month = month or 7
    day = day or 1
    return (reference.year - year) + (reference.month - month) / 12 + (reference.day - day) / 365.25


_SEXES = {
    "m": "m", "male": "m", "man": "m", "boy": "m", "mann": "m", "gutt": "m", "masculin": "m",
    "masculino": "m", "homme": "m", "h": "m", "1": "m", "f": "f", "female": "f", "woman": "f",
    "girl": "f", "kvinne": "f", "jente": "f", "k": "f", "feminin": "f", "femenino": "f",
    "femme": "f", "2": "f", "x": "x", "other": "x", "diverse": "x", "intersex": "x",
}  # fmt: skip


def parse_sex(value) -> str | None:
    """ "m", "f" or "x" from the usual spellings of a sex; None when unknown or missing."""
    text = normalise_text(str(value or ""))
    if not text or text in {"u", "unknown", "ukjent", "0", "9", "na", "n a"}:
        return None
    return _SEXES.get(text, _SEXES.get(text.split()[0], text[:8]))
