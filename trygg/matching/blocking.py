"""Blocking keys: which pairs of records are worth comparing at all.

Each record gets a handful of short ASCII keys; two records are candidates when they share one.
Stored with each person in an indexed table, the keys let one request be matched against a
million children by a few index lookups instead of a scan. In a batch, the candidate pairs are
the union of the pairs sharing each key (several blocking passes at once); a key shared by too
many pairs (a common name in a common birth year) is skipped there, since the records it would
pair almost always share a more specific key as well. `record_keys` builds a record's keys as
text; `BatchKeys` the same keys for many records as integers, with numpy.

The keys, each built so that spelling variants, swapped names and approximate ages still meet:
- "n:" two sound-alike codes of the person's name words, in sorted order: "Ram Bahadur Thapa"
  and "Thapa Ram" share "n:RM|TP"; a name word's known variants and the names it is a short form
  of add their codes ("Bill" also gives the code of "William"); two words of one sound give their
  code twice ("Tesfai Tesfay": "n:TSF|TSF");
- "y:" one name code, a birth year and the sex: the year counted from a date of birth, or both
  years an age in whole years may mean; the sex "m" or "f", or both when not known
  ("y:RM|2016m"; without a sex field, no sex);
- "d:" a full date of birth;
- "x<n>:" an identifier of five characters or more (the n-th `exact` or `text` field, a text
  only when it has digits), and each of its halves, for typing slips;
- "w<n>:" without any name field, the longer words of text and place fields.
"""

import datetime

import numpy as np

from .birth import BirthComparer, BirthValue
from .compare import TextValue
from .compare_names import NameValue
from .names import identities
from .pairs import distinct
from .phonetic import name_code

MAX_CODES = 6
# The name kinds a person's own name is made of (not parents' names).
OWN_NAME_KINDS = ("given_name", "family_name", "full_name")
KEY_LENGTH = 64
MIN_IDENTIFIER = 5


def name_codes(value: NameValue) -> tuple[list[str], list[str], int]:
    """The sound-alike codes of a name's words, those of the names its words are variants or
    short forms of ("Bill": the code of "William"), and the most words of an alternative."""
    found: dict[str, None] = {}
    extra: dict[str, None] = {}
    for alt in value.alts:
        for word in alt.words:
            found.setdefault(name_code(word) or word, None)
            for other in sorted(identities(word)):
                extra.setdefault(name_code(other) or other, None)
    return list(found), [code for code in extra if code not in found], max(len(a.words) for a in value.alts)


def birth_years(birth: BirthValue | None, reference_date: datetime.date) -> list[int]:
    if birth is None:
        return []
    if birth.date is not None:
        return [birth.date[0]]
    age = birth.age
    if age is None:
        return []
    # Born between reference - age - 1 and reference - age (a whole-number age N means [N, N+1)).
    latest = reference_date.year - int(age)
    return [latest - 1, latest]


def identifier_parts(value: str | None) -> list[str]:
    """What an identifier of five characters or more is looked up by: itself, and each of its
    halves ("<" the first, ">" the second), so that one typing slip leaves one half intact."""
    if value is None or len(value) < MIN_IDENTIFIER:
        return []
    half = len(value) // 2
    return [value, "<" + value[:half], ">" + value[half:]]


def text_words(value: TextValue | None) -> list[str]:
    """The words of a text or place that give keys: up to four folded words of three letters."""
    return [] if value is None else sorted({w for w in value.fold.split() if len(w) >= 3})[:4]


def record_keys(
    names: list[tuple[list[str], list[str], int]],
    birth: BirthValue | None,
    identifiers: list[str | None],
    texts: list[TextValue | None],
    reference_date: datetime.date,
    sex: str | None = None,
) -> list[str]:
    """The blocking keys of one record, in a deterministic order.

    `names`: `name_codes` of the record's given, family and whole names (empty when the fields
    have no name kind); `identifiers`: the normalised values of the exact and text fields that
    may be identifiers (None when missing); `texts`: text and place values, for keys only when
    there is no name field; `sex`: "m", "f", another value, "" when unknown, None when the records
    have no sex field."""
    keys: dict[str, None] = {}
    ordered: dict[str, None] = {}
    for words, _, _ in names:
        ordered.update(dict.fromkeys(words))
    for _, extra, _ in names:
        ordered.update(dict.fromkeys(extra))
    codes = list(ordered)[:MAX_CODES]
    if len(codes) == 1 and sum(n for _, _, n in names) > 1:
        codes = codes * 2  # two words with one sound ("Tesfai Tesfay"): a pair all the same
    for i, first in enumerate(codes):
        for second in codes[i + 1 :]:
            keys.setdefault("n:" + "|".join(sorted((first, second))), None)
    # With a sex, the name-and-year keys carry it (without one, both): half the pairs.
    sexes = [sex] if sex in ("m", "f") else ["f", "m"] if sex is not None else [""]
    for year in birth_years(birth, reference_date):
        for code in dict.fromkeys(codes):
            for s in sexes:
                keys.setdefault(f"y:{code}|{year}{s}", None)
    if birth is not None and birth.date is not None and birth.date[2]:
        year, month, day = birth.date
        keys.setdefault(f"d:{year:04d}{month:02d}{day:02d}", None)
    for n, value in enumerate(identifiers):
        for part in identifier_parts(value):
            keys.setdefault(f"x{n}:{part}", None)
    for n, value in enumerate(texts):
        for word in text_words(value):
            keys.setdefault(f"w{n}:{word}", None)
    return [key[:KEY_LENGTH] for key in keys]


class BatchKeys:
    """The blocking keys of many records as integers, built with numpy: the same keys as
    `record_keys`, each a (kind, value) pair packed in one int64, kinds named in `kinds`."""

    def __init__(self, identifiers: int, texts: int):
        self.kinds = ["n", "y", "d", *(f"x{n}" for n in range(identifiers)), *(f"w{n}" for n in range(texts))]
        self._codes: dict[str, int] = {}
        self._strings: list[dict[str, int]] = [{} for _ in range(identifiers + texts)]

    def code_ids(self, codes: list[str]) -> list[int]:
        return [self._codes.setdefault(code, len(self._codes)) for code in codes]

    def string_id(self, field: int, text: str) -> int:
        return self._strings[field].setdefault(text, len(self._strings[field]))

    def build(
        self,
        codes: list[list[int]],
        years: np.ndarray,
        sexes: np.ndarray,
        dobs: np.ndarray,
        strings: np.ndarray,
        year_range: tuple[int, int],
    ) -> tuple[np.ndarray, np.ndarray]:
        """(record, key) arrays from, per record: its name codes (ids of `code_ids`, in the order
        `record_keys` takes them); two birth years (-1 none); two sexes (0: no sex field, 1: f,
        2: m; -1 none); a full date of birth as YYYYMMDD (-1 none); and `strings` (records x
        fields x 4): ids of identifiers (first column) and of text words, field by field (-1 none);
        `year_range`: (first, last) birth year of all batches. Call it once all batches' codes
        have ids."""
        n = len(codes)
        matrix = np.full((n, MAX_CODES), -1, dtype=np.int64)
        for row, found in enumerate(codes):
            matrix[row, : len(found[:MAX_CODES])] = found[:MAX_CODES]
        n_codes = max(len(self._codes), 1)
        kinds = len(self.kinds)
        records, keys = [], []

        def add(valid: np.ndarray, value: np.ndarray, kind: int) -> None:
            rows = np.flatnonzero(valid)
            records.append(rows)
            keys.append(value[rows] * kinds + kind)

        for i in range(MAX_CODES):
            for j in range(i + 1, MAX_CODES):
                x, y = matrix[:, i], matrix[:, j]
                add((x >= 0) & (y >= 0), np.minimum(x, y) * n_codes + np.maximum(x, y), 0)
        low, span = year_range[0], year_range[1] - year_range[0] + 1
        for i in range(MAX_CODES):
            # A code repeated (see record_keys) gives its name-and-year keys once.
            once = matrix[:, i] >= 0 if i == 0 else (matrix[:, i] >= 0) & (matrix[:, i] != matrix[:, 0])
            for a in range(years.shape[1]):
                for b in range(sexes.shape[1]):
                    valid = once & (years[:, a] >= 0) & (sexes[:, b] >= 0)
                    add(valid, (matrix[:, i] * span + years[:, a] - low) * 3 + sexes[:, b], 1)
        add(dobs >= 0, dobs, 2)
        for field in range(strings.shape[1]):
            for k in range(strings.shape[2]):
                add(strings[:, field, k] >= 0, strings[:, field, k], 3 + field)
        return np.concatenate(records), np.concatenate(keys)


def candidate_pairs(
    left_keys: list[list[str]],
    right_keys: list[list[str]] | None,
    *,
    max_block: int,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Pairs (left index, right index) sharing a key, each once; right_keys None: pairs within
    left (i < j). Keys that would pair more than `max_block` records are skipped. Also, for each
    kind of key (its prefix: "n", "y", "d", ...), the positions of the pairs it found."""
    ids: dict[str, int] = {}
    kinds: dict[str, int] = {}

    def flatten(all_keys: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        records, key_ids = [], []
        for record, keys in enumerate(all_keys):
            for key in keys:
                found = ids.get(key)
                if found is None:
                    kind = kinds.setdefault(key.split(":", 1)[0], len(kinds))
                    found = ids[key] = len(ids) * 64 + kind
                records.append(record)
                key_ids.append(found)
        return np.array(records, dtype=np.int64), np.array(key_ids, dtype=np.int64)

    left = flatten(left_keys)
    right = None if right_keys is None else flatten(right_keys)
    return pairs_sharing_keys(left, right, [*kinds, *[""] * (64 - len(kinds))], max_block=max_block)


def pairs_sharing_keys(
    left: tuple[np.ndarray, np.ndarray],
    right: tuple[np.ndarray, np.ndarray] | None,
    kinds: list[str],
    *,
    max_block: int,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """`candidate_pairs` for keys given as (record, key) arrays, a key's kind being
    kinds[key % len(kinds)]."""
    empty = np.zeros(0, dtype=np.int64)
    dedupe = right is None
    lr, lk = left
    rr, rk = (lr, lk) if dedupe else right
    if not len(lk) or not len(rk):
        return empty, empty, {}
    unique = distinct(np.concatenate((lk, rk)))
    lk, rk = np.searchsorted(unique, lk), np.searchsorted(unique, rk)
    kind_of = unique % len(kinds)
    n_keys = len(unique)
    left_count = np.bincount(lk, minlength=n_keys)
    right_count = np.bincount(rk, minlength=n_keys)
    block = left_count * (left_count - 1) // 2 if dedupe else left_count * right_count
    usable = (block > 0) & (block <= max_block)

    order = np.argsort(rk, kind="stable")
    rk_sorted, rr_sorted = rk[order], rr[order]
    starts = np.searchsorted(rk_sorted, np.arange(n_keys))
    keep = usable[lk]
    lk, lr = lk[keep], lr[keep]
    lengths = right_count[lk]
    total = int(lengths.sum())
    first = np.repeat(lr, lengths)
    pair_kind = np.repeat(kind_of[lk], lengths)
    offsets = np.repeat(starts[lk] - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    second = rr_sorted[np.arange(total) + offsets]
    if dedupe:
        mask = first < second
        first, second, pair_kind = first[mask], second[mask], pair_kind[mask]
    n_right = (int(rr.max()) + 1) if len(rr) else 1
    code = first * n_right + second
    union = distinct(code)
    passes = {}
    for number in distinct(pair_kind).tolist():
        found = distinct(code[pair_kind == number])
        passes[kinds[number]] = np.searchsorted(union, found)
    return union // n_right, union % n_right, passes


class Blocker:
    """The blocking keys of an engine's records, from its terms (pairs.Term)."""

    def __init__(self, terms: list, reference_date: datetime.date):
        self.terms = terms
        self.reference_date = reference_date

    def _terms(self) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
        """The terms blocking keys are made of: own names, birth, sex, identifiers, texts."""
        names = [c for c, t in enumerate(self.terms) if t.kind in OWN_NAME_KINDS]
        births = [c for c, t in enumerate(self.terms) if isinstance(t.comparer, BirthComparer)][:1]
        sexes = [c for c, t in enumerate(self.terms) if t.kind == "sex"][:1]
        identifiers = [c for c, t in enumerate(self.terms) if t.kind in ("exact", "text")]
        texts = [c for c, t in enumerate(self.terms) if t.kind in ("text", "place")] if not names else []
        return names, births, sexes, identifiers, texts

    def _identifier(self, c: int, value) -> str | None:
        if value is None:
            return None
        norm = value.norm.replace(" ", "")
        # A text field gives a key when it looks like an identifier: has digits.
        return norm if self.terms[c].kind == "exact" or any(ch.isdigit() for ch in norm) else None

    def record_keys(self, tables: list, batch) -> list[list[str]]:
        """The blocking keys of each record of a batch, as strings (`blocking_keys`)."""
        names, births, sexes, identifiers, texts = self._terms()
        out = []
        for row in batch.values.tolist():
            out.append(
                record_keys(
                    [name_codes(tables[c].values[row[c]]) for c in names if row[c]],
                    tables[births[0]].values[row[births[0]]] if births else None,
                    [self._identifier(c, tables[c].values[row[c]]) for c in identifiers],
                    [tables[c].values[row[c]] for c in texts],
                    self.reference_date,
                    (tables[sexes[0]].values[row[sexes[0]]] or "") if sexes else None,
                )
            )
        return out

    def batch_keys(self, tables: list, batches: list) -> list[tuple[np.ndarray, np.ndarray]]:
        """The same keys as `_record_keys`, for each batch as (record, key) integer arrays."""
        names, births, sexes, identifiers, texts = self._terms()
        keys = BatchKeys(len(identifiers), len(texts))
        per_value: dict[tuple[int, int], tuple[list[int], list[int], int]] = {}
        merged: dict[tuple, list[int]] = {}

        def codes_of(c: int, value_id: int) -> tuple[list[int], list[int], int]:
            found = per_value.get((c, value_id))
            if found is None:
                words, extra, n = name_codes(tables[c].values[value_id])
                found = per_value[c, value_id] = (keys.code_ids(words), keys.code_ids(extra), n)
            return found

        def record_codes(ids: tuple) -> list[int]:
            found = merged.get(ids)
            if found is None:
                parts = [codes_of(c, v) for c, v in zip(names, ids, strict=True) if v]
                ordered = dict.fromkeys(code for words, _, _ in parts for code in words)
                ordered.update(dict.fromkeys(code for _, extra, _ in parts for code in extra))
                found = list(ordered)[:MAX_CODES]
                if len(found) == 1 and sum(n for _, _, n in parts) > 1:
                    found = found * 2  # as record_keys does
                merged[ids] = found
            return found

        # Per value of the birth, sex, identifier and text terms: its part of the keys.
        years = np.full((1, 2), -1, dtype=np.int64)
        dobs = np.full(1, -1, dtype=np.int64)
        if births:
            table = tables[births[0]]
            years = np.full((len(table.values), 2), -1, dtype=np.int64)
            dobs = np.full(len(table.values), -1, dtype=np.int64)
            for v, value in enumerate(table.values[1:], 1):
                found = birth_years(value, self.reference_date)
                years[v, : len(found)] = found
                if value.date is not None and value.date[2]:
                    dobs[v] = value.date[0] * 10_000 + value.date[1] * 100 + value.date[2]
        codes_by_sex = {"m": [2, -1], "f": [1, -1]}
        sex_table = np.array([[0, -1]])
        if sexes:
            sex_table = np.array([codes_by_sex.get(v or "", [1, 2]) for v in tables[sexes[0]].values])
        strings = []
        for n, c in enumerate(identifiers):
            column = np.full((len(tables[c].values), 4), -1, dtype=np.int64)
            for v, value in enumerate(tables[c].values[1:], 1):
                for k, part in enumerate(identifier_parts(self._identifier(c, value))):
                    column[v, k] = keys.string_id(n, part)
            strings.append(column)
        for n, c in enumerate(texts, len(identifiers)):
            column = np.full((len(tables[c].values), 4), -1, dtype=np.int64)
            for v, value in enumerate(tables[c].values[1:], 1):
                for k, word in enumerate(text_words(value)):
                    column[v, k] = keys.string_id(n, word)
            strings.append(column)
        known = years[years >= 0]
        year_range = (int(known.min()), int(known.max())) if len(known) else (0, 0)
        codes = []
        for batch in batches:
            rows = batch.values[:, names].tolist() if names else [[] for _ in range(len(batch.ids))]
            codes.append([record_codes(tuple(row)) for row in rows])
        out = []
        for batch, batch_codes in zip(batches, codes, strict=True):
            m = batch.values
            zero = np.zeros(len(m), dtype=np.int64)
            birth = m[:, births[0]] if births else zero
            sex = m[:, sexes[0]] if sexes else zero
            found = [column[m[:, c]] for column, c in zip(strings, identifiers + texts, strict=True)]
            text = np.stack(found, axis=1) if found else np.zeros((len(m), 0, 4), dtype=np.int64)
            out.append(keys.build(batch_codes, years[birth], sex_table[sex], dobs[birth], text, year_range))
        return out, keys.kinds

    def blocked(self, prefix: str) -> set[int]:
        """The terms a kind of blocking key is made of."""
        names = {c for c, t in enumerate(self.terms) if t.kind in OWN_NAME_KINDS}
        birth = {c for c, t in enumerate(self.terms) if isinstance(t.comparer, BirthComparer)}
        if prefix in ("n", "y", "d"):
            return {"n": names, "y": names | birth, "d": birth}[prefix]
        kinds = {"x": ("exact", "text"), "w": ("text", "place")}.get(prefix[:1])
        if kinds and prefix[1:].isdigit():
            found = [c for c, t in enumerate(self.terms) if t.kind in kinds]
            return {found[int(prefix[1:])]} if int(prefix[1:]) < len(found) else set()
        return set()
