"""Sound-alike search keys for person names.

A caseworker writes a child's name as she hears it: "Mohamed" or "Muhammad", "Shrestha" or
"Shresta". Each name word gets one sound-alike code; the folding and the codes themselves live in
trygg.matching.phonetic (shared with the record-linkage engine, which says what they cover), and
this module builds person search's keys and query keys from them.
"""

from trygg.matching.phonetic import VOWELS, code, fold, words

__all__ = [
    "CODE_KEY",
    "KEY_END",
    "KEY_LENGTH",
    "MIN_CODE",
    "PREFIX_FROM",
    "TEXT_KEY",
    "VOWELS",
    "code",
    "codes",
    "fold",
    "keys",
    "query_code",
    "query_keys",
    "words",
]

# A query word's code also matches longer codes that start with it from this length: typing
# "Shrest" finds "Shrestha", "Mohammed" finds "Mohammedali".
PREFIX_FROM = 4
# Codes shorter than this are too broad to search on ("A" for "Ai").
MIN_CODE = 2


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
