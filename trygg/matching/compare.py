"""Comparison levels: how two values of one field agree, from "the same" to "not at all".

Each kind of field has a comparer: `prepare` turns what was typed into a value ready to compare
(done once per distinct value), `compare` puts a pair of prepared values on one of the kind's
levels, best first. Level 0 is "missing" (either side empty) and carries no weight.

A level may name a term-frequency table (`tf`): agreeing on a rare value is worth more than
agreeing on a common one, so `compare` also returns the value the two agreed on, and the model
weighs it by its frequency (model.py).
"""

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.fuzz import token_sort_ratio
from rapidfuzz.process import cpdist

from .normalise import as_list, normalise_text, parse_sex
from .phonetic import spelling_fold

AGREES, PARTLY, DISAGREES, MISSING = "agrees", "partly agrees", "disagrees", "missing"


@dataclass(frozen=True)
class Level:
    """One comparison level: its name, what a reviewer is told, the m and u probabilities used
    before the engine has seen any data, and its term-frequency table (model.py)."""

    name: str
    label: str
    m: float
    u: float
    tf: str | None = None


class Comparer:
    """How one kind of field is prepared and compared."""

    kind = ""
    levels: tuple[Level, ...] = ()

    def prepare(self, raw):
        """The value ready to compare, or None when missing."""
        raise NotImplementedError

    def compare(self, a, b) -> tuple[int, str | None]:
        """(level, agreed value): level 1..len(levels), best first; the agreed value is the key of
        the level's term-frequency table, or None."""
        raise NotImplementedError

    def tf_keys(self, value) -> dict[str, set[str]]:
        """The keys of each term-frequency table this value counts towards."""
        return {}

    def features(self, values: list, previous=None):
        """Arrays over a table of prepared values (index 0 missing) for `compare_many`; `previous`:
        what this returned for the table before values were appended, to update or ignore."""
        return None

    # Whether pairs of values repeat enough in a batch to compare each distinct pair once.
    distinct_pairs = True

    def compare_many(self, values: list, features, xs: np.ndarray, ys: np.ndarray):
        """`compare` for many pairs of value indexes (none missing): (levels, key ids, keys), the
        agreed value of pair i being keys[key_ids[i]] (none where -1). Subclasses compute it
        with numpy and rapidfuzz; the result is the same as `compare`'s."""
        levels = np.zeros(len(xs), dtype=np.int8)
        key_ids = np.full(len(xs), -1, dtype=np.int64)
        keys: list[str] = []
        for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
            levels[i], key = self.compare(values[x], values[y])
            if key is not None:
                key_ids[i] = len(keys)
                keys.append(key)
        return levels, key_ids, keys

    def display(self, value) -> str:
        return getattr(value, "text", "" if value is None else str(value))


# Other kinds ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextValue:
    text: str
    norm: str
    words: str  # sorted words
    fold: str  # sorted words, each folded (places)


def _ids(strings) -> np.ndarray:
    found: dict[str, int] = {}
    return np.array([found.setdefault(s, len(found)) for s in strings], dtype=np.int64)


class TextComparer(Comparer):
    """Free text such as an address line: the same, the same words, similar, somewhat similar."""

    kind = "text"
    levels = (
        Level("same", AGREES, 0.75, 0.01, "exact"),
        Level("same words", AGREES, 0.04, 0.001),
        Level("similar", PARTLY, 0.12, 0.01),
        Level("somewhat similar", PARTLY, 0.05, 0.08),
        Level("different", DISAGREES, 0.04, 0.90),
    )
    similar, somewhat = 0.92, 0.80

    def prepare(self, raw):
        values = as_list(raw)
        if not values:
            return None
        norm = normalise_text(values[0])
        if not norm:
            return None
        words = sorted(norm.split())
        return TextValue(values[0], norm, " ".join(words), " ".join(sorted(spelling_fold(w) for w in words)))

    def _similarity(self, a: TextValue, b: TextValue) -> float:
        return max(JaroWinkler.similarity(a.norm, b.norm), token_sort_ratio(a.norm, b.norm) / 100)

    def compare(self, a: TextValue, b: TextValue) -> tuple[int, str | None]:
        if a.norm == b.norm:
            return 1, a.norm
        if a.words == b.words or a.norm.replace(" ", "") == b.norm.replace(" ", ""):
            return 2, None
        score = self._similarity(a, b)
        if score >= self.similar:
            return 3, None
        return (4, None) if score >= self.somewhat else (5, None)

    def tf_keys(self, value: TextValue) -> dict[str, set[str]]:
        return {"exact": {value.norm}}

    def features(self, values: list, previous=None):
        real = values[1:]
        norm = np.array([""] + [v.norm for v in real], dtype=object)
        return {
            "keys": list(norm) + [""] + [v.fold for v in real],
            "norm": norm,
            "norm_id": _ids(norm),
            "words_id": _ids([""] + [v.words for v in real]),
            "joined_id": _ids([""] + [v.norm.replace(" ", "") for v in real]),
            "fold": np.array([""] + [v.fold for v in real], dtype=object),
            "fold_id": _ids([""] + [v.fold for v in real]),
        }

    def _similarities(self, f, xs, ys) -> np.ndarray:
        jw = cpdist(f["norm"][xs], f["norm"][ys], scorer=JaroWinkler.similarity, workers=-1)
        tokens = cpdist(f["norm"][xs], f["norm"][ys], scorer=token_sort_ratio, workers=-1) / 100
        return np.maximum(jw, tokens)

    def compare_many(self, values, f, xs, ys):
        score = self._similarities(f, xs, ys)
        levels = np.where(score >= self.similar, 3, np.where(score >= self.somewhat, 4, 5)).astype(np.int8)
        levels[(f["words_id"][xs] == f["words_id"][ys]) | (f["joined_id"][xs] == f["joined_id"][ys])] = 2
        agree = f["norm_id"][xs] == f["norm_id"][ys]
        levels[agree] = 1
        return levels, np.where(agree, xs, -1), f["keys"]


class PlaceComparer(TextComparer):
    """A place name: spelling folds of its words, and one place inside another ("Kathmandu",
    "Kathmandu Valley")."""

    kind = "place"
    levels = (
        Level("same", AGREES, 0.75, 0.01, "exact"),
        Level("same place, other spelling", AGREES, 0.05, 0.002, "same"),
        Level("similar or within", PARTLY, 0.10, 0.01),
        Level("somewhat similar", PARTLY, 0.04, 0.06),
        Level("different", DISAGREES, 0.06, 0.92),
    )

    def _similarity(self, a: TextValue, b: TextValue) -> float:
        return max(JaroWinkler.similarity(a.norm, b.norm), token_sort_ratio(a.fold, b.fold) / 100)

    def compare(self, a: TextValue, b: TextValue) -> tuple[int, str | None]:
        if a.norm == b.norm:
            return 1, a.norm
        if a.fold == b.fold or a.norm.replace(" ", "") == b.norm.replace(" ", ""):
            return 2, a.fold
        if self._similarity(a, b) >= self.similar or _within(a.fold, b.fold):
            return 3, None
        return (4, None) if self._similarity(a, b) >= self.somewhat else (5, None)

    def tf_keys(self, value: TextValue) -> dict[str, set[str]]:
        return {"exact": {value.norm}, "same": {value.fold}}

    def _similarities(self, f, xs, ys) -> np.ndarray:
        jw = cpdist(f["norm"][xs], f["norm"][ys], scorer=JaroWinkler.similarity, workers=-1)
        tokens = cpdist(f["fold"][xs], f["fold"][ys], scorer=token_sort_ratio, workers=-1) / 100
        return np.maximum(jw, tokens)

    def compare_many(self, values, f, xs, ys):
        score = self._similarities(f, xs, ys)
        levels = np.where(score >= self.similar, 3, np.where(score >= self.somewhat, 4, 5)).astype(np.int8)
        rest = np.flatnonzero(levels > 3)
        if len(rest):
            inside = [_within(a, b) for a, b in zip(f["fold"][xs[rest]], f["fold"][ys[rest]], strict=True)]
            levels[rest[np.array(inside, dtype=bool)]] = 3
        same = (f["fold_id"][xs] == f["fold_id"][ys]) | (f["joined_id"][xs] == f["joined_id"][ys])
        levels[same] = 2
        agree = f["norm_id"][xs] == f["norm_id"][ys]
        levels[agree] = 1
        # Keys: the values' texts, then their folds.
        key_ids = np.where(agree, xs, np.where(same, len(values) + xs, -1))
        return levels, key_ids, f["keys"]


def _within(a: str, b: str) -> bool:
    """The words of one place are some of the other's ("kathmandu" in "kathmandu valley")."""
    if " " not in a and " " not in b:
        return False
    wa, wb = set(a.split()), set(b.split())
    return wa < wb or wb < wa


class CountryComparer(TextComparer):
    kind = "country"
    levels = (
        Level("same", AGREES, 0.90, 0.20, "exact"),
        Level("similar", PARTLY, 0.04, 0.01),
        Level("different", DISAGREES, 0.06, 0.79),
    )

    def compare(self, a: TextValue, b: TextValue) -> tuple[int, str | None]:
        if a.norm == b.norm or a.words == b.words:
            return 1, a.norm
        if JaroWinkler.similarity(a.norm, b.norm) >= self.similar:
            return 2, None
        return 3, None

    def compare_many(self, values, f, xs, ys):
        jw = cpdist(f["norm"][xs], f["norm"][ys], scorer=JaroWinkler.similarity, workers=-1)
        levels = np.where(jw >= self.similar, 2, 3).astype(np.int8)
        agree = (f["norm_id"][xs] == f["norm_id"][ys]) | (f["words_id"][xs] == f["words_id"][ys])
        levels[agree] = 1
        return levels, np.where(agree, xs, -1), f["keys"]


class SexComparer(Comparer):
    kind = "sex"
    levels = (Level("same", AGREES, 0.97, 0.50), Level("different", DISAGREES, 0.03, 0.50))

    def prepare(self, raw):
        values = as_list(raw)
        return parse_sex(values[0]) if values else None

    def compare(self, a: str, b: str) -> tuple[int, str | None]:
        return (1, None) if a == b else (2, None)

    def features(self, values: list, previous=None):
        return _ids(["" if v is None else v for v in values])

    distinct_pairs = False

    def compare_many(self, values, ids, xs, ys):
        return np.where(ids[xs] == ids[ys], 1, 2).astype(np.int8), np.full(len(xs), -1), []


@dataclass(frozen=True, slots=True)
class CodeValue:
    text: str
    norm: str


class ExactComparer(Comparer):
    """An identifier or code (a document number, a postcode): the same, one or two typing slips
    away, or different."""

    kind = "exact"
    levels = (
        Level("same", AGREES, 0.85, 0.01, "exact"),
        Level("one typing slip", PARTLY, 0.08, 0.01),
        Level("two typing slips", PARTLY, 0.03, 0.02),
        Level("different", DISAGREES, 0.04, 0.96),
    )

    def prepare(self, raw):
        values = as_list(raw)
        if not values:
            return None
        norm = normalise_text(values[0]).replace(" ", "")
        return CodeValue(values[0], norm) if norm else None

    def compare(self, a: CodeValue, b: CodeValue) -> tuple[int, str | None]:
        if a.norm == b.norm:
            return 1, a.norm
        distance = OSA.distance(a.norm, b.norm, score_cutoff=2)
        if distance <= 1:
            return 2, None
        if distance == 2 and min(len(a.norm), len(b.norm)) >= 5:
            return 3, None
        return 4, None

    def tf_keys(self, value: CodeValue) -> dict[str, set[str]]:
        return {"exact": {value.norm}}

    def features(self, values: list, previous=None):
        norm = np.array([""] + [v.norm for v in values[1:]], dtype=object)
        return norm, _ids(norm), np.array([len(s) for s in norm])

    def compare_many(self, values, features, xs, ys):
        norm, ids, lengths = features
        distance = cpdist(norm[xs], norm[ys], scorer=OSA.distance, score_cutoff=2, workers=-1)
        longer = np.minimum(lengths[xs], lengths[ys]) >= 5
        levels = np.where(distance <= 1, 2, np.where((distance == 2) & longer, 3, 4)).astype(np.int8)
        agree = ids[xs] == ids[ys]
        levels[agree] = 1
        return levels, np.where(agree, xs, -1), list(norm)
