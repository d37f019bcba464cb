"""The engine: fields to comparisons, records to candidate pairs, pairs to match probabilities."""

import datetime
import multiprocessing
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from . import model as fs
from .birth import BirthComparer
from .blocking import OWN_NAME_KINDS, Blocker, pairs_sharing_keys
from .compare import (
    MISSING,
    Comparer,
    CountryComparer,
    ExactComparer,
    PlaceComparer,
    SexComparer,
    TextComparer,
)
from .compare_names import NameComparer
from .pairs import NAME_KINDS, Levels, Term, ValueTable, adjustments, cell, compare_pairs, unique_inverse

KINDS = (
    "given_name",
    "family_name",
    "full_name",
    "date_of_birth",
    "age",
    "sex",
    "place",
    "country",
    "person_name",
    "text",
    "exact",
)
PARAMS_FORMAT = "trygg-matching/1"
RANDOM_PAIRS = 100_000
WHOLE_NAME_PAIRS = 5_000
MAX_BLOCK = 5_000
PARALLEL_FROM = 20_000  # records from which u is measured in a second process
SEED = 20240601


def comparer_for(kind: str, reference_date: datetime.date) -> Comparer:
    if kind in NAME_KINDS:
        return NameComparer(kind)
    if kind in ("date_of_birth", "age"):
        return BirthComparer(reference_date)
    comparers = {"text": TextComparer, "place": PlaceComparer, "country": CountryComparer, "sex": SexComparer}
    return comparers.get(kind, ExactComparer)()


@dataclass(frozen=True)
class Field:
    """A column of the records and what kind of value it holds (one of KINDS)."""

    column: str
    kind: str

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(
                f"unknown kind {self.kind!r} for column {self.column!r}; kinds: {', '.join(KINDS)}"
            )
        if not self.column or self.column == "id":
            raise ValueError(f"a field cannot use the column {self.column!r}")


@dataclass(frozen=True)
class FieldResult:
    """How one field of two records compared: level is "agrees", "partly agrees", "disagrees" or
    "missing"; weight the log2 Bayes factor it contributed (against two unrelated records);
    detail the comparison level's name."""

    column: str
    kind: str
    level: str
    weight: float
    left_value: str
    right_value: str
    detail: str = ""


@dataclass(frozen=True)
class Comparison:
    """Two records compared: the match probability, its match weight (log2 odds) and the fields."""

    probability: float
    weight: float
    fields: list[FieldResult]


@dataclass
class _Batch:
    """Records prepared: their ids and a matrix of value ids (records x terms)."""

    ids: list[str]
    values: np.ndarray


class Engine:
    """Probabilistic record linkage over the configured fields (see the package docstring)."""

    def __init__(
        self,
        fields: Sequence[Field],
        *,
        reference_date: datetime.date | None = None,
        exclusive: bool = True,
    ):
        """`reference_date`: the day ages are counted from (default today). `exclusive`: in `link`,
        each record stands for a different person than the other records of its list, so that a
        record matches at most one of the other list (see `exclusive`); False scores each pair
        on its own."""
        fields = [f if isinstance(f, Field) else Field(*f) for f in fields]
        if not fields:
            raise ValueError("at least one field is needed")
        columns = [f.column for f in fields]
        if len(set(columns)) != len(columns):
            raise ValueError("each column can be one field only")
        self.fields = fields
        self.reference_date = reference_date or datetime.datetime.now(tz=datetime.UTC).date()
        self.exclusive = exclusive
        groups: dict[str, list[Field]] = {}
        birth = {f.kind: f for f in reversed(fields) if f.kind in ("date_of_birth", "age")}
        for f in fields:
            if f.kind in OWN_NAME_KINDS:
                key = f.kind
            elif birth.get(f.kind) is f:
                key = "birth"
            else:
                key = "column:" + f.column
            groups.setdefault(key, []).append(f)
        parts = tuple(groups[k][0].column for k in ("given_name", "family_name") if k in groups)
        self.terms = [
            Term(group, comparer_for(group[0].kind, self.reference_date)) for group in groups.values()
        ]
        index = {t.kind: i for i, t in reversed(list(enumerate(self.terms)))}
        # Given and family names are also compared crosswise, to see swapped names.
        self.swap = (
            (index["given_name"], index["family_name"])
            if {"given_name", "family_name"} <= set(index)
            else None
        )
        # A whole name counts only where neither given nor family name could be compared.
        self.whole = index.get("full_name") if parts else None
        self.parts = [index[k] for k in ("given_name", "family_name") if k in index]
        self.lam = fs.DEFAULT_LAMBDA
        self.fitted = False
        self.max_block: int | None = None
        self.blocker = Blocker(self.terms, self.reference_date)

    # Parameters -------------------------------------------------------------------------------

    @property
    def params(self) -> dict:
        """The trained parameters, JSON-serialisable."""
        return {
            "format": PARAMS_FORMAT,
            "fitted": self.fitted,
            "lambda": self.lam,
            "fields": [[f.column, f.kind] for f in self.fields],
            "comparisons": [t.model.to_json() for t in self.terms],
        }

    @classmethod
    def from_params(
        cls, fields: Sequence[Field], params: dict, *, reference_date=None, exclusive: bool = True
    ) -> "Engine":
        engine = cls(fields, reference_date=reference_date, exclusive=exclusive)
        if not isinstance(params, dict) or params.get("format") != PARAMS_FORMAT:
            raise ValueError("these are not parameters of this matching engine")
        saved = {c["name"]: c for c in params["comparisons"]}
        for term in engine.terms:
            data = saved.get(term.name)
            if data is None or data.get("kind") != term.comparer.kind:
                raise ValueError(f"the parameters have no comparison for the field {term.name!r}")
            term.model.load(data)
        engine.lam = float(params["lambda"])
        engine.fitted = bool(params.get("fitted", True))
        return engine

    # Preparing records ---------------------------------------------------------------------------

    def _tables(self) -> list[ValueTable]:
        """A value table per term; given and family names share one, to compare them crosswise."""
        names: ValueTable | None = None
        tables = []
        for term in self.terms:
            if term.kind in ("given_name", "family_name"):
                names = names or ValueTable(term.comparer)
                tables.append(names)
            else:
                tables.append(ValueTable(term.comparer))
        return tables

    def _prepare(self, tables: list[ValueTable], records: list[dict]) -> _Batch:
        ids = []
        for record in records:
            value = record.get("id")
            if value is None or value == "":
                raise ValueError("every record needs an id")
            ids.append(str(value))
        matrix = np.zeros((len(records), len(self.terms)), dtype=np.int64)
        for c, (term, table) in enumerate(zip(self.terms, tables, strict=True)):
            matrix[:, c] = table.intern(term.raw_column(records))
        return _Batch(ids, matrix)

    def blocking_keys_many(self, records: Iterable[dict]) -> list[list[str]]:
        """`blocking_keys` of many records at once (faster: each distinct value prepared once)."""
        tables = self._tables()
        return self.blocker.record_keys(tables, self._prepare(tables, list(records)))

    def blocking_keys(self, record: dict) -> list[str]:
        """The keys stored with a record: two records are candidates when they share one.
        Deterministic, short ASCII strings, a handful per record."""
        tables = self._tables()
        return self.blocker.record_keys(tables, self._prepare(tables, [record]))[0]

    # Comparing --------------------------------------------------------------------------------------

    def _levels(self, tables, left: np.ndarray, right: np.ndarray, ia, ib, *, whole_alone: bool = True):
        """Every term's levels for the pairs (left[ia], right[ib])."""
        empty = Levels(np.zeros(len(ia), dtype=np.int8), np.full(len(ia), -1, dtype=np.int64), [])
        result = [
            compare_pairs(table, left[ia, c], right[ib, c]) if c != self.whole else empty
            for c, table in enumerate(tables)
        ]
        if self.swap is not None:
            g, f = self.swap
            one = compare_pairs(tables[g], left[ia, g], right[ib, f])  # given with the other's family
            two = compare_pairs(tables[f], left[ia, f], right[ib, g])  # family with the other's given

            def rank(lv: Levels) -> np.ndarray:
                return np.where(lv.levels == 0, 4, lv.levels).astype(np.int16)

            swapped = rank(one) + rank(two) < rank(result[g]) + rank(result[f])
            # Swapped names: the better agreement counts as the given name's, whichever record's
            # given name it was, so that comparing b with a gives what comparing a with b gives.
            tie = swapped & (rank(one) == rank(two))
            first = (rank(one) < rank(two)) | (tie & _key_order(one, two, tie))
            result[g] = result[g].where(swapped, one.where(~first, two))
            result[f] = result[f].where(swapped, two.where(~first, one))
        if self.whole is not None:
            # The whole name, where neither given nor family name could be compared: also read
            # from the other record's given and family names, when it has no whole name.
            alone = (
                np.logical_and.reduce([result[c].levels == 0 for c in self.parts]) if whole_alone else ia >= 0
            )
            rows = np.flatnonzero(alone)
            found = compare_pairs(
                tables[self.whole], self._whole(tables, left, ia[rows]), self._whole(tables, right, ib[rows])
            )
            levels = np.zeros(len(ia), dtype=np.int8)
            key_ids = np.full(len(ia), -1, dtype=np.int64)
            levels[rows], key_ids[rows] = found.levels, found.key_ids
            result[self.whole] = Levels(levels, key_ids, found.keys)
        return result

    def _whole(self, tables: list[ValueTable], matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Value ids of the whole names of some records, with their given and family names."""
        table, names = tables[self.whole], tables[self.parts[0]]
        given = matrix[rows, self.parts[0]]
        family = matrix[rows, self.parts[1]] if len(self.parts) > 1 else np.zeros(len(rows), dtype=np.int64)
        # Distinct (whole, given, family) triples, numbered in two steps to stay within int64.
        n_names = len(names.values) + 1
        first, first_inverse = unique_inverse(matrix[rows, self.whole] * n_names + given)
        unique, inverse = unique_inverse(first_inverse * n_names + family)
        wholes, givens = first[unique // n_names] // n_names, first[unique // n_names] % n_names
        triples = zip(wholes.tolist(), givens.tolist(), (unique % n_names).tolist(), strict=True)
        ids = np.array([table.combine(w, g, f, names) for w, g, f in triples], dtype=np.int64)
        return ids[inverse] if len(rows) else np.zeros(0, dtype=np.int64)

    def _scores(self, levels: list[Levels]) -> tuple[np.ndarray, np.ndarray]:
        """(match probability, match weight) per pair."""
        matrix = np.stack([lv.levels for lv in levels], axis=1).astype(np.int64)
        weights = fs.match_weights(
            [t.model for t in self.terms], matrix, adjustments(self.terms, levels), self.lam
        )
        return fs.probabilities(weights), weights

    # Fitting -------------------------------------------------------------------------------------

    def _count_frequencies(self, tables: list[ValueTable], matrices: list[np.ndarray]) -> None:
        for c, term in enumerate(self.terms):
            per_value = sum(np.bincount(m[:, c], minlength=len(tables[c].values)) for m in matrices)
            counts: dict[str, dict[str, int]] = {}
            for value_id in (np.flatnonzero(per_value[1:]) + 1).tolist():
                n = int(per_value[value_id])
                for table_name, keys in term.comparer.tf_keys(tables[c].values[value_id]).items():
                    table = counts.setdefault(table_name, {})
                    for key in keys:
                        table[key] = table.get(key, 0) + n
            total = int(per_value[1:].sum())
            term.model.tf = {name: fs.FrequencyTable.count(found, total) for name, found in counts.items()}

    def _random_u(self, tables, left: np.ndarray, right: np.ndarray, dedupe: bool) -> list[np.ndarray]:
        """u of every term from random pairs, in term order (the models are left as they were)."""
        n_left, n_right = len(left), len(right)
        models = [t.model for t in self.terms]
        saved = [model.u.copy() for model in models]
        if n_left and n_right and (n_left > 1 or not dedupe):
            rng = np.random.default_rng(SEED)
            size = min(RANDOM_PAIRS, n_left * n_right)
            ia, ib = rng.integers(n_left, size=size), rng.integers(n_right, size=size)
            if dedupe:
                ia, ib = ia[ia != ib], ib[ia != ib]
            random = np.stack([lv.levels for lv in self._levels(tables, left, right, ia, ib)], axis=1)
            fs.estimate_u(models, random)
            if self.whole is not None:
                # u of a whole name from random pairs, though it counts only where the parts do not.
                few = slice(0, WHOLE_NAME_PAIRS)
                found = self._levels(tables, left, right, ia[few], ib[few], whole_alone=False)
                fs.estimate_u([models[self.whole]], found[self.whole].levels[:, None])
        found_u = [model.u.copy() for model in models]
        for model, u in zip(models, saved, strict=True):
            model.u = u
        return found_u

    def _start_random_u(self, tables, left: np.ndarray, right: np.ndarray | None):
        """Start measuring u from random pairs: in a forked process, on large inputs (it runs
        while this one compares the candidate pairs), else here. Returns a function that waits
        for the result."""
        dedupe = right is None
        right = left if dedupe else right
        if len(left) + len(right) < PARALLEL_FROM or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            found = self._random_u(tables, left, right, dedupe)
            return lambda: found
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)

        def measure() -> None:
            try:
                sender.send(self._random_u(tables, left, right, dedupe))
            except Exception:  # the parent measures it itself
                sender.send(None)

        process = context.Process(target=measure, daemon=True)
        process.start()
        sender.close()

        def wait() -> list[np.ndarray]:
            try:
                found = receiver.recv()
            except (EOFError, OSError):
                found = None
            finally:
                receiver.close()
                process.join()
            return found if found is not None else self._random_u(tables, left, right, dedupe)

        return wait

    def _fit(
        self, tables, left: np.ndarray, right: np.ndarray | None, levels: list[Levels], passes: dict, u
    ) -> None:
        """Fit on candidate pairs' levels, u from `_start_random_u`'s function."""
        dedupe = right is None
        right = left if dedupe else right
        models = [t.model for t in self.terms]
        for model in models:
            model.reset()
        self._count_frequencies(tables, [left] if dedupe else [left, right])
        for model, found in zip(models, u(), strict=True):
            model.u = found
        n_left, n_right = len(left), len(right)
        if levels and len(levels[0].levels):
            matrix = np.stack([lv.levels for lv in levels], axis=1).astype(np.int64)
            # Start from "each record of the smaller list has one match among the candidates".
            start = min(0.3, max(1e-6, min(n_left, n_right) / len(matrix)))
            # One session per kind of key that blocks on one thing ("y" blocks on names and births:
            # too little is left to tell matches from the rest).
            sessions = [(rows, self.blocker.blocked(p)) for p, rows in sorted(passes.items()) if p != "y"]
            all_pairs = n_left * (n_left - 1) / 2 if dedupe else n_left * n_right
            # Each record has at most one match in the other list, or a few duplicates in its own.
            most = n_left if dedupe else min(n_left, n_right)
            self.lam = fs.train(models, matrix, sessions, start=start, all_pairs=all_pairs, max_matches=most)
        self.fitted = True

    # Batches -------------------------------------------------------------------------------------

    def _max_block(self, n_left: int, n_right: int) -> int:
        """The most pairs a blocking key may make in a batch: beyond, a key is too common to be
        worth it (a common name in a common year), its pairs found by rarer keys if at all."""
        return self.max_block if self.max_block is not None else MAX_BLOCK

    def _run(
        self, left: Iterable[dict], right: Iterable[dict] | None, *, fit: bool, score: bool, progress: bool
    ):
        left = list(left)
        right = None if right is None else list(right)
        bar = tqdm(total=6 if score else 5, desc="Preparing records", disable=not progress, file=sys.stderr)
        with bar:
            tables = self._tables()
            left_batch = self._prepare(tables, left)
            right_batch = self._prepare(tables, right) if right is not None else None
            bar.update(1)
            bar.set_description("Blocking")
            batches = [left_batch] if right_batch is None else [left_batch, right_batch]
            keys, kinds = self.blocker.batch_keys(tables, batches)
            max_block = self._max_block(len(left), len(right) if right is not None else len(left))
            right_keys = keys[1] if len(keys) > 1 else None
            ia, ib, passes = pairs_sharing_keys(keys[0], right_keys, kinds, max_block=max_block)
            bar.update(1)
            bar.set_description(f"Comparing {len(ia):,} pairs")
            right_values = None if right_batch is None else right_batch.values
            u = self._start_random_u(tables, left_batch.values, right_values) if fit else None
            other = (right_batch or left_batch).values
            levels = self._levels(tables, left_batch.values, other, ia, ib)
            bar.update(1)
            if fit:
                bar.set_description("Estimating parameters")
                self._fit(tables, left_batch.values, right_values, levels, passes, u)
            bar.update(1)
            if not score:
                return None
            bar.set_description("Scoring")
            left_ids = np.asarray(left_batch.ids, dtype=object)[ia]
            right_ids = np.asarray((right_batch or left_batch).ids, dtype=object)[ib]
            if not len(ia):
                return left_ids, right_ids, np.zeros(0)
            probability, weights = self._scores(levels)
            if right is not None and self.exclusive:
                probability = exclusive(weights, ia, ib)
            bar.update(2)
            return left_ids, right_ids, probability

    def fit(
        self, left: Iterable[dict], right: Iterable[dict] | None = None, *, progress: bool = False
    ) -> "Engine":
        """Estimate the parameters from the data (right None: records of one list); returns self."""
        self._run(left, right, fit=True, score=False, progress=progress)
        return self

    def link_arrays(self, left, right, *, progress: bool = False, fit: bool | None = None):
        """As `link`, as three arrays: left ids, right ids, probabilities."""
        return self._run(
            left, right, fit=not self.fitted if fit is None else fit, score=True, progress=progress
        )

    def link(
        self, left, right, *, progress: bool = False, fit: bool | None = None
    ) -> list[tuple[str, str, float]]:
        """Every candidate pair scored: (left id, right id, match probability). Fits first unless
        fitted already or `fit` is False."""
        a, b, p = self.link_arrays(left, right, progress=progress, fit=fit)
        return list(zip(a.tolist(), b.tolist(), p.tolist(), strict=True))

    def dedupe_arrays(self, records, *, progress: bool = False, fit: bool | None = None):
        """As `dedupe`, as three arrays."""
        a, b, p = self._run(
            records, None, fit=not self.fitted if fit is None else fit, score=True, progress=progress
        )
        swap = a > b
        return np.where(swap, b, a), np.where(swap, a, b), p

    def dedupe(
        self, records, *, progress: bool = False, fit: bool | None = None
    ) -> list[tuple[str, str, float]]:
        """Every candidate pair within one list scored: (id a, id b, probability), id a < id b."""
        a, b, p = self.dedupe_arrays(records, progress=progress, fit=fit)
        return list(zip(a.tolist(), b.tolist(), p.tolist(), strict=True))

    # One record -------------------------------------------------------------------------------------

    def score(self, record: dict, candidates: Iterable[dict]) -> list[tuple[str, float]]:
        """One record against candidates (say, those sharing a blocking key with it): (candidate
        id, match probability), each pair on its own, as `compare` gives it."""
        candidates = list(candidates)
        if not candidates:
            return []
        tables = self._tables()
        one, many = self._prepare(tables, [record]), self._prepare(tables, candidates)
        index = np.arange(len(candidates))
        levels = self._levels(tables, many.values, one.values, index, np.zeros_like(index))
        probability = self._scores(levels)[0]
        return list(zip(many.ids, probability.tolist(), strict=True))

    # One pair ---------------------------------------------------------------------------------------

    def compare(self, a: dict, b: dict) -> Comparison:
        """Two records compared field by field, with the match probability (the pair on its own)."""
        tables = self._tables()
        left, right = self._prepare(tables, [a]).values, self._prepare(tables, [b]).values
        zero = np.zeros(1, dtype=np.int64)
        levels = self._levels(tables, left, right, zero, zero)
        probability, weight = self._scores(levels)
        adjust = adjustments(self.terms, levels)[0]
        results: dict[str, FieldResult] = {}
        for c, term in enumerate(self.terms):
            level = int(levels[c].levels[0])
            lead = term.fields[0]
            if isinstance(term.comparer, BirthComparer) and len(term.fields) > 1:
                dob, age = term.fields
                lead = dob if cell(a, dob.column) and cell(b, dob.column) else age
            for f in term.fields:
                found = level
                if f is not lead or (c == self.whole and not level):
                    # Fields compared as one: the others are shown with their own level, no weight;
                    # so is a whole name that did not count, given and family names having.
                    x, y = term.comparer.prepare(term.raw_of(f, a)), term.comparer.prepare(term.raw_of(f, b))
                    found = 0 if x is None or y is None else term.comparer.compare(x, y)[0]
                label, detail = MISSING, ""
                if found:
                    label, detail = (
                        term.comparer.levels[found - 1].label,
                        term.comparer.levels[found - 1].name,
                    )
                shown = float(term.model.weights[level] + adjust[c]) if f is lead else 0.0
                results[f.column] = FieldResult(
                    f.column, f.kind, label, shown, _shown(a, f), _shown(b, f), detail
                )
        return Comparison(float(probability[0]), float(weight[0]), [results[f.column] for f in self.fields])


def _key_order(one: Levels, two: Levels, rows: np.ndarray) -> np.ndarray:
    """Where (among `rows`) the value agreed on in `one` comes first in text order, or ties."""
    out = np.ones(len(one.levels), dtype=bool)
    for i in np.flatnonzero(rows & ((one.key_ids >= 0) | (two.key_ids >= 0))).tolist():
        x = one.keys[one.key_ids[i]] if one.key_ids[i] >= 0 else ""
        y = two.keys[two.key_ids[i]] if two.key_ids[i] >= 0 else ""
        out[i] = x <= y
    return out


def _shown(record: dict, f: Field) -> str:
    value = cell(record, f.column)
    if value is None:
        return ""
    return " / ".join(value) if isinstance(value, tuple) else value


def exclusive(weights: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Match probabilities when each record matches at most one record of the other list.

    A pair's odds o (log2 in `weights`) hold for the pair alone. When a request has two candidate
    children that both look like it, at most one of them is the child: as in bipartite record
    linkage, the probability that this pair is the match is o / (1 + the odds of every pair the
    left record is in + the odds of every pair the right record is in - o). A lone strong pair
    keeps its probability; two equally strong rivals share it."""
    o = np.exp2(np.clip(weights, -100, 100))
    by_left = np.bincount(left, weights=o)
    by_right = np.bincount(right, weights=o)
    return o / (1.0 + by_left[left] + by_right[right] - o)
