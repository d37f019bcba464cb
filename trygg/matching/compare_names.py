"""Comparing names: given names, family names, whole names and parents' names, in any script.

A name value is one or more alternatives ("Mohammed, Mo", or the given name and the other names
a child goes by), each a tuple of words already transliterated and lower-cased. Two values agree
as well as their best-agreeing pair of alternatives; for one pair, best first:

1. same spelling: the same words (in any order: "Ram Bahadur" and "Bahadur Ram");
2. same name, other spelling: the same after spelling folds and name variants ("Mohammed
   Ali" and "Muhammad Aly", "Olena" and "Elena"), or the same letters once the words are joined
   ("Jean Pierre" and "Jeanpierre");
3. sounds alike or short form: the same sound-alike codes ("Mhmd" and "Mohamed"), or each word
   matching one of the other's by variant, code or short form ("Bill" and "William");
4. similar spelling: Jaro-Winkler of the folded spellings at least 0.92 (a typing slip);
5. part of the name: every word of one is a word of the other ("Ram" in "Ram Bahadur", "Md Rahim"
   and "Rahim"), or one starts or ends the other ("Tobi" and "Oluwatobi");
6. somewhat similar: Jaro-Winkler at least 0.84;
7. different.

`compare` does it for one pair in plain Python; `compare_many` for many pairs at once with numpy
and rapidfuzz, with the same result.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from .compare import AGREES, DISAGREES, PARTLY, Comparer, Level
from .names import canonical, identities
from .normalise import as_list, name_tokens
from .phonetic import name_code, spelling_fold

# Alternatives in one cell: "Mohammed, Mo", "Olena / Lena".
_ALTERNATIVES = re.compile(r"[,;/|]")
JW_HIGH = 0.92
JW_MEDIUM = 0.84
PART_MIN = 3  # shortest word that counts as the start or end of a longer one ("Tobi", "Oluwatobi")
MAX_WORDS = 4  # words of an alternative matched one by one (the first four)


@dataclass(frozen=True, slots=True)
class Alternative:
    words: tuple[str, ...]
    exact: str  # the words sorted
    same: str  # their variants sorted
    joined: str  # the words joined, spelling-folded: also the string for Jaro-Winkler
    sound: str  # their codes sorted
    joined_sound: str  # the code of the words joined ("" for one word)


@dataclass(frozen=True, slots=True)
class NameValue:
    text: str
    alts: tuple[Alternative, ...]


_DOUBLED = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=200_000)
def _alternative(words: tuple[str, ...]) -> Alternative:
    # Each word folded (cached), then letters doubled across words made single ("Abdul Lah").
    joined = (
        spelling_fold(words[0])
        if len(words) == 1
        else _DOUBLED.sub(r"\1", "".join(map(spelling_fold, words)))
    )
    return Alternative(
        words,
        " ".join(sorted(words)),
        " ".join(sorted(canonical(w) for w in words)),
        joined,
        " ".join(sorted(name_code(w) or w for w in words)),
        name_code("".join(words)) if len(words) > 1 else "",
    )


def _code(word: str) -> str:
    code = name_code(word)
    return code if len(code) >= 2 else ""


def _words_match(x: str, y: str) -> bool:
    if x == y or canonical(x) == canonical(y):
        return True
    cx = _code(x)
    if cx and cx == _code(y):
        return True
    return bool(identities(x) & identities(y))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Every word of `short` matches a word of `long` (first MAX_WORDS of each)."""
    return all(any(_words_match(w, o) for o in long[:MAX_WORDS]) for w in short[:MAX_WORDS])


def _starts_or_ends(x: str, y: str) -> bool:
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return (
        len(short) >= PART_MIN and len(long) > len(short) and (long.startswith(short) or long.endswith(short))
    )


def _level(a: Alternative, b: Alternative) -> tuple[int, str | None]:
    if a.exact == b.exact:
        return 1, a.exact
    if a.same == b.same:
        return 2, a.same
    if a.joined == b.joined:
        return 2, "=" + a.joined
    if a.sound == b.sound:
        return 3, a.sound
    if a.joined_sound and a.joined_sound == b.joined_sound:
        return 3, "=" + a.joined_sound
    x, y = a.words, b.words
    if len(x) == len(y) and _within(x, y) and _within(y, x):
        return 3, None
    similarity = JaroWinkler.similarity(a.joined, b.joined)
    if similarity >= JW_HIGH:
        return 4, None
    if (len(x) < len(y) and _within(x, y)) or (len(y) < len(x) and _within(y, x)):
        return 5, None
    if _starts_or_ends(a.joined, b.joined):
        return 5, None
    return (6, None) if similarity >= JW_MEDIUM else (7, None)


class NameComparer(Comparer):
    """Given names, family names, whole names, parents' names: any script, several spellings."""

    levels = (
        Level("same spelling", AGREES, 0.70, 0.002, "exact"),
        Level("same name, other spelling", AGREES, 0.12, 0.001, "same"),
        Level("sounds alike or short form", PARTLY, 0.06, 0.004, "sound"),
        Level("similar spelling", PARTLY, 0.04, 0.006),
        Level("part of the name", PARTLY, 0.03, 0.003),
        Level("somewhat similar", PARTLY, 0.02, 0.03),
        Level("different", DISAGREES, 0.03, 0.954),
    )

    def __init__(self, kind: str = "given_name"):
        self.kind = kind

    def prepare(self, raw):
        alts: list[tuple[str, ...]] = []
        for text in as_list(raw):
            for part in _ALTERNATIVES.split(text):
                words = name_tokens(part)
                if words and words not in alts:
                    alts.append(words)
        if not alts:
            return None
        return NameValue(" / ".join(as_list(raw)), tuple(_alternative(words) for words in alts))

    def compare(self, a: NameValue, b: NameValue) -> tuple[int, str | None]:
        # The best level, from the first pair of alternatives with it.
        return min((_level(x, y) for x in a.alts for y in b.alts), key=lambda found: found[0])

    def whole_name(self, whole: NameValue | None, words: tuple[str, ...]) -> NameValue:
        """A whole name (or none) with one more alternative made of these words."""
        alt = _alternative(words)
        if whole is None:
            return NameValue(" ".join(words), (alt,))
        return NameValue(whole.text, whole.alts if alt in whole.alts else (*whole.alts, alt))

    def tf_keys(self, value: NameValue) -> dict[str, set[str]]:
        keys: dict[str, set[str]] = {"exact": set(), "same": set(), "sound": set()}
        for alt in value.alts:
            keys["exact"].add(alt.exact)
            keys["same"].update((alt.same, "=" + alt.joined))
            keys["sound"].add(alt.sound)
            if alt.joined_sound:
                keys["sound"].add("=" + alt.joined_sound)
        return keys

    def features(self, values: list, previous=None):
        return previous.update(values) if isinstance(previous, _NameFeatures) else _NameFeatures(values)

    def compare_many(self, values, f, xs, ys):
        # Every pair of alternatives of every pair of values, grouped by value pair.
        counts = f.count[xs] * f.count[ys]
        group = np.repeat(np.arange(len(xs)), counts)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        j = np.arange(len(group)) - starts[group]
        q = f.count[ys][group]
        a = f.first[xs][group] + j // q
        b = f.first[ys][group] + j % q
        levels, key_ids = f.levels(a, b)
        # The best level of each value pair, from its first pair of alternatives with that level.
        order = np.lexsort((j, levels, group))
        first = order[np.concatenate(([True], group[order][1:] != group[order][:-1]))]
        return levels[first].astype(np.int8), key_ids[first], f.key_strings


class _NameFeatures:
    """Integer ids and arrays over the alternatives of a table of name values; `update` adds the
    values appended to the table since."""

    def __init__(self, values: list):
        self.key_strings: list[str] = []
        self._key_ids: dict[str, int] = {}
        self._word_ids: dict[str, int] = {}
        self._values = 0
        self._first: list[int] = [0]
        self._count: list[int] = [0]
        self._alts: dict[str, list] = {
            name: []
            for name in (
                "exact",
                "same",
                "joined",
                "sound",
                "joined_sound",
                "strings",
                "length",
                "head",
                "tail",
                "words",
            )
        }
        self._vocabulary: dict[str, list] = {"canon": [], "code": [], "ident": [], "nickname": []}
        self.update(values)

    def _key(self, text: str) -> int:
        found = self._key_ids.get(text)
        if found is None:
            found = self._key_ids[text] = len(self.key_strings)
            self.key_strings.append(text)
        return found

    def _word(self, word: str) -> int:
        found = self._word_ids.get(word)
        if found is None:
            found = self._word_ids[word] = len(self._word_ids)
            v, key = self._vocabulary, self._key
            v["canon"].append(key("c" + canonical(word)))
            code = _code(word)
            # Words too short for a code get a code of their own (-2 - id): they match no other.
            v["code"].append(key("s" + code) if code else -2 - found)
            names = sorted(identities(word))[:3]
            v["ident"].append([key("i" + name) for name in names] + [-1] * (3 - len(names)))
            v["nickname"].append(len(names) > 1)
        return found

    def update(self, values: list) -> "_NameFeatures":
        alts, key = self._alts, self._key
        for value in values[max(1, self._values) :]:
            self._first.append(len(alts["exact"]))
            self._count.append(len(value.alts))
            for alt in value.alts:
                alts["exact"].append(key(alt.exact))
                alts["same"].append(key(alt.same))
                alts["joined"].append(key("=" + alt.joined))
                alts["sound"].append(key(alt.sound))
                alts["joined_sound"].append(key("=" + alt.joined_sound) if alt.joined_sound else -1)
                alts["strings"].append(alt.joined)
                alts["length"].append(len(alt.words))
                alts["head"].append(key("<" + alt.joined[:PART_MIN]))
                alts["tail"].append(key(">" + alt.joined[-PART_MIN:]))
                row = [self._word(w) for w in alt.words[:MAX_WORDS]]
                alts["words"].append(row + [-1] * (MAX_WORDS - len(row)))
        self._values = max(len(values), 1)
        self.first = np.array(self._first, dtype=np.int64)
        self.count = np.array(self._count, dtype=np.int64)
        for name in ("exact", "same", "joined", "sound", "joined_sound", "length", "head", "tail"):
            setattr(self, name, np.array(alts[name], dtype=np.int64))
        self.strings = np.array(alts["strings"], dtype=object)
        self.words = np.array(alts["words"], dtype=np.int64).reshape(-1, MAX_WORDS)
        # Per word (and a last row for "no word", -1): variant, code, identities, short form.
        v = self._vocabulary
        self.canon = np.array([*v["canon"], -1], dtype=np.int64)
        self.code = np.array([*v["code"], -1], dtype=np.int64)
        self.ident = np.array([*v["ident"], [-1, -1, -1]], dtype=np.int64).reshape(-1, 3)
        self.nickname = np.array([*v["nickname"], False], dtype=bool)
        return self

    def levels(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Levels of alternative pairs, and the id of the key they agree on (-1: none)."""
        levels = np.full(len(a), 7, dtype=np.int8)
        similarity = cpdist(self.strings[a], self.strings[b], scorer=JaroWinkler.similarity, workers=-1)
        levels[similarity >= JW_MEDIUM] = 6
        la, lb = self.length[a], self.length[b]
        # Words matched one by one: only where the alternatives have several words or a short form.
        wa, wb = self.words[a], self.words[b]
        several = (la > 1) | (lb > 1) | self.nickname[wa].any(axis=1) | self.nickname[wb].any(axis=1)
        a_in_b = np.zeros(len(a), dtype=bool)
        b_in_a = np.zeros(len(a), dtype=bool)
        rows = np.flatnonzero(several)
        if len(rows):
            x, y = wa[rows][:, :, None], wb[rows][:, None, :]
            match = (self.canon[x] == self.canon[y]) | (self.code[x] == self.code[y])
            short = np.flatnonzero(self.nickname[wa[rows]].any(axis=1) | self.nickname[wb[rows]].any(axis=1))
            if len(short):
                # Short forms: any shared identity, (rows, words, words, 3, 3) compared.
                ix = self.ident[x[short]][..., :, None]
                iy = self.ident[y[short]][..., None, :]
                match[short] |= ((ix == iy) & (ix >= 0)).any(axis=(-1, -2))
            valid_x, valid_y = x >= 0, y >= 0
            match &= valid_x & valid_y
            a_in_b[rows] = (match.any(axis=2) | ~valid_x[:, :, 0]).all(axis=1)
            b_in_a[rows] = (match.any(axis=1) | ~valid_y[:, 0, :]).all(axis=1)
        starts = np.zeros(len(a), dtype=bool)
        ends_alike = (self.head[a] == self.head[b]) | (self.tail[a] == self.tail[b])
        check = np.flatnonzero((levels >= 6) & ends_alike)
        if len(check):
            found = [
                _starts_or_ends(x, y)
                for x, y in zip(self.strings[a[check]], self.strings[b[check]], strict=True)
            ]
            starts[check] = found
        levels[starts | ((la < lb) & a_in_b) | ((lb < la) & b_in_a)] = 5
        levels[similarity >= JW_HIGH] = 4
        key_ids = np.full(len(a), -1, dtype=np.int64)
        matched = (la == lb) & a_in_b & b_in_a
        levels[matched] = 3
        key_ids[matched] = -1
        for level, ids in (
            (3, self.joined_sound),
            (3, self.sound),
            (2, self.joined),
            (2, self.same),
            (1, self.exact),
        ):
            agree = (ids[a] == ids[b]) & (ids[a] >= 0)
            levels[agree] = level
            key_ids[agree] = ids[a][agree]
        return levels, key_ids
