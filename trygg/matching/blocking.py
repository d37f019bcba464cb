"""Blocking keys: which pairs of records are worth comparing at all.

Each record gets a handful of short ASCII keys; two records are candidates when they share one.
Stored with each person in an indexed table, the keys let one request be matched against a
million children by a few index lookups instead of a scan. In a batch, the candidate pairs are
the union of the pairs sharing each key (several blocking passes at once); a key shared by too
many pairs (a common name in a common birth year) is skipped there, since the records it would
pair almost always share a more specific key as well.

The keys, each built so that spelling variants, swapped names and approximate ages still meet:
- "n:" two sound-alike codes of the person's name words, in sorted order: "Ram Bahadur Thapa"
  and "Thapa Ram" share "n:RM|TP"; a name word's known variants and the names it is a short form
  of add their codes ("Bill" also gives the code of "William");
- "y:" one name code and a birth year, the year counted from a date of birth, or both years an
  age in whole years may mean ("y:RM|2016");
- "d:" a full date of birth;
- "x<n>:" an identifier of five characters or more (the n-th `exact` field);
- "w<n>:" without any name field, the longer words of text and place fields.
"""

import datetime

import numpy as np

from .birth import BirthValue
from .compare import TextValue
from .compare_names import NameValue
from .names import identities
from .pairs import distinct
from .phonetic import name_code

MAX_CODES = 6
KEY_LENGTH = 64
MIN_IDENTIFIER = 5


def name_codes(value: NameValue) -> tuple[list[str], list[str]]:
    """The sound-alike codes of a name's words, and those of the names its words are variants or
    short forms of ("Bill": the code of "William")."""
    found: dict[str, None] = {}
    extra: dict[str, None] = {}
    for alt in value.alts:
        for word in alt.words:
            found.setdefault(name_code(word) or word, None)
            for other in sorted(identities(word)):
                extra.setdefault(name_code(other) or other, None)
    return list(found), [code for code in extra if code not in found]


def _birth_years(birth: BirthValue | None, reference_date: datetime.date) -> list[int]:
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


def record_keys(
    names: list[tuple[list[str], list[str]]],
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
    for words, _ in names:
        ordered.update(dict.fromkeys(words))
    for _, extra in names:
        ordered.update(dict.fromkeys(extra))
    codes = list(ordered)[:MAX_CODES]
    for i, first in enumerate(codes):
        for second in codes[i + 1 :]:
            keys.setdefault("n:" + "|".join(sorted((first, second))), None)
    # With a sex, the name-and-year keys carry it (without one, both): half the pairs.
    sexes = [sex] if sex in ("m", "f") else ["f", "m"] if sex is not None else [""]
    for year in _birth_years(birth, reference_date):
        for code in codes[:int(__import__("os").environ.get("YC", "6"))]:
            for s in sexes:
                keys.setdefault(f"y:{code}|{year}{s}", None)
    if birth is not None and birth.date is not None and birth.date[2]:
        year, month, day = birth.date
        keys.setdefault(f"d:{year:04d}{month:02d}{day:02d}", None)
    for n, value in enumerate(identifiers):
        if value is not None and len(value) >= MIN_IDENTIFIER:
            keys.setdefault(f"x{n}:{value}", None)
    for n, value in enumerate(texts):
        if value is not None:
            for word in sorted({w for w in value.fold.split() if len(w) >= 3})[:4]:
                keys.setdefault(f"w{n}:{word}", None)
    return [key[:KEY_LENGTH] for key in keys]


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

    def flatten(all_keys: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        key_ids, records = [], []
        for record, keys in enumerate(all_keys):
            for key in keys:
                key_ids.append(ids.setdefault(key, len(ids)))
                records.append(record)
        return np.array(key_ids, dtype=np.int64), np.array(records, dtype=np.int64)

    lk, lr = flatten(left_keys)
    dedupe = right_keys is None
    rk, rr = (lk, lr) if dedupe else flatten(right_keys)
    n_keys = len(ids)
    empty = np.zeros(0, dtype=np.int64)
    if n_keys == 0:
        return empty, empty, {}
    prefixes: dict[str, int] = {}
    prefix_of = np.array(
        [prefixes.setdefault(k.split(":", 1)[0], len(prefixes)) for k in ids], dtype=np.int64
    )
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
    left = np.repeat(lr, lengths)
    pair_prefix = np.repeat(prefix_of[lk], lengths)
    offsets = np.repeat(starts[lk] - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    right = rr_sorted[np.arange(total) + offsets]
    if dedupe:
        mask = left < right
        left, right, pair_prefix = left[mask], right[mask], pair_prefix[mask]
    n_right = (int(rr.max()) + 1) if len(rr) else 1
    code = left * n_right + right
    union = distinct(code)
    passes = {}
    for prefix, number in prefixes.items():
        found = distinct(code[pair_prefix == number])
        if len(found):
            passes[prefix] = np.searchsorted(union, found)
    return union // n_right, union % n_right, passes
