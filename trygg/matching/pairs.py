"""The engine's machinery for many records at once: distinct values, value ids, pairs' levels.

Records become a matrix of value ids, one column per comparison (0: missing), each distinct value
prepared once. Pairs of records become, per comparison, an array of levels and an array of agreed
values ("keys", for term frequencies), computed for each distinct pair of values only once where
values repeat (names, places).
"""

from dataclasses import dataclass

import numpy as np

from . import model as fs
from .birth import BirthComparer
from .compare import Comparer
from .compare_names import NameComparer

NAME_KINDS = frozenset({"given_name", "family_name", "full_name", "person_name"})
GRID = 250_000  # tables of at most this many pairs of values are compared all at once


def cell(record: dict, column: str | None):
    """A record's value in a column: a string, a tuple of strings (alternatives) or None."""
    if column is None:
        return None
    value = record.get(column)
    if isinstance(value, str):
        return value if value and not value.isspace() else None
    if value is None:
        return None
    if isinstance(value, list | tuple | set | frozenset):
        values = tuple(str(v) for v in value if v is not None and str(v).strip())
        return values or None
    text = str(value)
    return text if text.strip() else None


def alternatives(record: dict, columns: list[str]) -> tuple[str, ...] | None:
    """The alternatives of a name found in several columns."""
    found: list[str] = []
    for column in columns:
        value = cell(record, column)
        if value is not None:
            found.extend(value if isinstance(value, tuple) else (value,))
    return tuple(found) or None


class Term:
    """One term of the model: a field, or fields compared as one. Several fields of one name kind
    (given_name, family_name, full_name) are alternatives of each other ("other names"); the first
    date of birth and the first age are one comparison, a record may have either."""

    def __init__(self, fields: list, comparer: Comparer):
        self.fields = fields
        self.name = fields[0].column
        self.kind = fields[0].kind
        self.comparer = comparer
        self.model = fs.ComparisonModel(self.name, comparer)
        self.columns = [f.column for f in fields]
        if isinstance(comparer, BirthComparer):
            self.dob = next((f.column for f in fields if f.kind == "date_of_birth"), None)
            self.age = next((f.column for f in fields if f.kind == "age"), None)

    def raw_column(self, records: list[dict]) -> list:
        """`raw` of every record; the usual case (strings or None in one column) done quickly."""
        if isinstance(self.comparer, BirthComparer) or len(self.columns) > 1:
            return [self.raw(record) for record in records]
        column = self.name
        values = [record.get(column) for record in records]
        return [
            v if v.__class__ is str and v and not v.isspace() else cell({column: v}, column) for v in values
        ]

    def raw(self, record: dict):
        """The hashable value this term compares, before preparing."""
        if isinstance(self.comparer, BirthComparer):
            dob, age = cell(record, self.dob), cell(record, self.age)
            return None if dob is None and age is None else (dob, age)
        if isinstance(self.comparer, NameComparer):
            return alternatives(record, self.columns)
        return cell(record, self.name)

    def raw_of(self, field, record: dict):
        """The value one field of the term would have on its own."""
        if isinstance(self.comparer, BirthComparer):
            value = cell(record, field.column)
            if value is None:
                return None
            return (value, None) if field.kind == "date_of_birth" else (None, value)
        if isinstance(self.comparer, NameComparer):
            return alternatives(record, [field.column])
        return cell(record, field.column)


class ValueTable:
    """The distinct values of one or more terms, prepared once; id 0 is missing."""

    def __init__(self, comparer: Comparer):
        self.comparer = comparer
        self.ids: dict = {None: 0}
        self.values: list = [None]
        self._features = (0, None)
        self._grid: Levels | None = None

    def grid(self) -> "Levels":
        """Levels of every pair of values, as two (values x values) arrays."""
        if self._grid is None or self._grid.levels.shape[0] != len(self.values):
            n = len(self.values)
            xs, ys = (g.ravel() for g in np.meshgrid(np.arange(1, n), np.arange(1, n), indexing="ij"))
            levels = np.zeros((n, n), dtype=np.int8)
            key_ids = np.full((n, n), -1, dtype=np.int64)
            keys: list = []
            if n > 1:
                found, found_keys, keys = self.comparer.compare_many(self.values, self.features, xs, ys)
                levels[xs, ys], key_ids[xs, ys] = found, found_keys
            self._grid = Levels(levels, key_ids, keys)
        return self._grid

    @property
    def features(self):
        if self._features[0] != len(self.values):
            previous = self._features[1]
            self._features = (len(self.values), self.comparer.features(self.values, previous))
        return self._features[1]

    def combine(self, whole: int, given: int, family: int, names: "ValueTable") -> int:
        """A whole name (id in this table, 0 none) with one more alternative: the given and family
        names (ids in `names`) written one after the other."""
        key = ("whole", whole, given, family)
        found = self.ids.get(key)
        if found is None:
            words = tuple(w for v in (given, family) if v for w in names.values[v].alts[0].words)
            found = whole
            if words:
                self.values.append(self.comparer.whole_name(self.values[whole] if whole else None, words))
                found = len(self.values) - 1
            self.ids[key] = found
        return found

    def intern(self, raws: list) -> np.ndarray:
        ids, get = self.ids, self.ids.get
        out = np.empty(len(raws), dtype=np.int64)
        for i, raw in enumerate(raws):
            found = get(raw)
            if found is None:
                value = self.comparer.prepare(raw)
                found = 0
                if value is not None:
                    found = len(self.values)
                    self.values.append(value)
                ids[raw] = found
            out[i] = found
        return out


@dataclass
class Levels:
    """One term's levels for a list of pairs, and the value each pair agreed on (keys[key_ids],
    none where -1), for term-frequency adjustments."""

    levels: np.ndarray  # int8 per pair, 0 missing
    key_ids: np.ndarray
    keys: list

    def where(self, use_other: np.ndarray, other: "Levels") -> "Levels":
        """These levels, or `other`'s (same value table) where `use_other`."""
        return Levels(
            np.where(use_other, other.levels, self.levels).astype(np.int8),
            np.where(use_other, other.key_ids, self.key_ids),
            self.keys,
        )


def compare_pairs(table: ValueTable, a: np.ndarray, b: np.ndarray) -> Levels:
    """Levels of the pairs of value ids (a[i], b[i])."""
    levels = np.zeros(len(a), dtype=np.int8)
    key_ids = np.full(len(a), -1, dtype=np.int64)
    comparer, features = table.comparer, table.features
    keys: list = []
    n = len(table.values)
    if (n - 1) ** 2 <= min(len(a), GRID):
        # Few values (a country, a sex): every pair of them compared once, then looked up.
        grid = table.grid()
        levels, key_ids, keys = grid.levels[a, b], grid.key_ids[a, b], grid.keys
    elif comparer.distinct_pairs:
        n = len(table.values)
        low, high = np.minimum(a, b), np.maximum(a, b)
        present = low > 0
        unique, inverse = unique_inverse(low[present] * n + high[present])
        if len(unique):
            found, found_keys, keys = comparer.compare_many(table.values, features, unique // n, unique % n)
            levels[present] = found[inverse]
            key_ids[present] = found_keys[inverse]
    else:
        present = np.flatnonzero((a > 0) & (b > 0))
        if len(present):
            found, found_keys, keys = comparer.compare_many(table.values, features, a[present], b[present])
            levels[present] = found
            key_ids[present] = found_keys
    return Levels(levels, key_ids, keys)


def distinct(codes: np.ndarray) -> np.ndarray:
    """np.unique(codes) by sorting: numpy 2's hashing is ten times slower for a million codes."""
    ordered = np.sort(codes)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def unique_inverse(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(codes, return_inverse=True), by one argsort."""
    order = np.argsort(codes)
    ordered = codes[order]
    first = np.ones(len(codes), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(codes), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


def adjustments(terms: list[Term], levels: list[Levels]) -> np.ndarray:
    """Term-frequency adjustments (log2) per pair and term."""
    out = np.zeros((len(levels[0].levels) if levels else 0, len(levels)))
    for c, (term, lv) in enumerate(zip(terms, levels, strict=True)):
        model = term.model
        for level, spec in enumerate(term.comparer.levels, 1):
            rows = np.flatnonzero((lv.levels == level) & (lv.key_ids >= 0)) if spec.tf else []
            if not len(rows) or spec.tf not in model.tf:
                continue
            used, inverse = unique_inverse(lv.key_ids[rows])
            values = np.array([model.adjustment(level, lv.keys[k]) for k in used.tolist()])
            out[rows, c] = values[inverse]
    return out
