"""Invariants of the engine, checked on generated records (hypothesis)."""

import datetime
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trygg.matching import Engine, Field
from trygg.matching.birth import BirthComparer
from trygg.matching.compare import CountryComparer, ExactComparer, PlaceComparer, SexComparer, TextComparer
from trygg.matching.compare_names import NameComparer

REFERENCE = datetime.date(2025, 6, 1)
FIELDS = [
    Field("given", "given_name"),
    Field("family", "family_name"),
    Field("dob", "date_of_birth"),
    Field("age", "age"),
    Field("sex", "sex"),
    Field("place", "place"),
    Field("father", "person_name"),
]
ENGINE = Engine(FIELDS, reference_date=REFERENCE)
SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

NAMES = [
    "Mohammed", "Muhammad", "Mo", "Ali", "Aly", "Ram", "Ram Bahadur", "Bahadur", "Thapa", "Shrestha",
    "Shresta", "Achieng", "Atieno", "Otieno", "Olena", "Олена", "Elena", "Lena", "Sasha", "Oleksandr",
    "राम", "थापा", "محمد", "علي", "Bill", "William", "Seun", "Oluwaseun", "Nguyen Van An", "An",
    "Jean-Pierre", "Jeanpierre", "O'Brien", "Md Rahim", "Rahim", "Zo", "Ng", "",
]  # fmt: skip
name = st.one_of(
    st.sampled_from(NAMES),
    st.text(alphabet="abcdehikmnorstuy ", min_size=0, max_size=12),
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
)
date = st.one_of(
    st.just(""),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2025, 5, 1)).map(datetime.date.isoformat),
    st.integers(2000, 2024).map(str),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2025, 5, 1)).map(lambda d: d.strftime("%Y-%m")),
)
age = st.one_of(st.just(""), st.integers(0, 18).map(str), st.floats(0, 18).map(lambda x: f"{x:.1f}"))
sex = st.sampled_from(["", "m", "f", "M", "female", "x"])
place = st.sampled_from(["", "Kathmandu", "Kathmandu Valley", "Pokhara", "Kisumu", "Kisumu Town", "Lagos"])
record = st.fixed_dictionaries(
    {
        "id": st.just("r"),
        "given": name,
        "family": name,
        "dob": date,
        "age": age,
        "sex": sex,
        "place": place,
        "father": name,
    }
)


@SETTINGS
@given(record, record)
def test_a_probability_is_between_0_and_1_and_the_weight_is_finite(a, b):
    result = ENGINE.compare(a, b)
    assert 0.0 <= result.probability <= 1.0
    assert math.isfinite(result.weight)
    assert all(math.isfinite(f.weight) for f in result.fields)


@SETTINGS
@given(record, record)
def test_comparing_is_symmetric(a, b):
    ab, ba = ENGINE.compare(a, b), ENGINE.compare(b, a)
    assert math.isclose(ab.probability, ba.probability, rel_tol=1e-9, abs_tol=1e-12)
    assert [(f.level, f.detail) for f in ab.fields] == [(f.level, f.detail) for f in ba.fields]


@SETTINGS
@given(record, record)
def test_a_record_matches_itself_at_least_as_well_as_any_other(a, b):
    assert ENGINE.compare(a, dict(a)).probability >= ENGINE.compare(a, b).probability


@SETTINGS
@given(record, st.sampled_from(["Kathmandu", "Kisumu", "Lagos"]))
def test_adding_a_field_that_agrees_never_lowers_the_probability(a, where):
    b = dict(a, id="b", dob="2016-01-01")
    without = ENGINE.compare(dict(a, place=""), dict(b, place=""))
    with_place = ENGINE.compare(dict(a, place=where), dict(b, place=where))
    assert with_place.probability >= without.probability


@SETTINGS
@given(record)
def test_blocking_keys_are_deterministic_short_ascii_and_shared_by_identical_records(a):
    keys = ENGINE.blocking_keys(a)
    assert keys == ENGINE.blocking_keys(dict(a, id="copy"))
    assert len(keys) == len(set(keys)) <= 60
    assert all(key.isascii() and 0 < len(key) <= 64 for key in keys)
    has_date = len(a["dob"]) == 10

    def words(value) -> int:  # the most words of one alternative, of three letters or more
        values = value if isinstance(value, list) else [value]
        return max((len([w for w in v.split() if len(w) > 2 and w.isalpha()]) for v in values), default=0)

    if has_date or words(a["given"]) + words(a["family"]) >= 2:
        assert keys


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=2, max_size=12))
def test_dedupe_pairs_come_once_in_id_order_whatever_the_order_of_records(records):
    records = [dict(r, id=f"r{i:02d}") for i, r in enumerate(records)]
    forward = {(a, b): p for a, b, p in ENGINE.dedupe(records, fit=False)}
    backward = {(a, b): p for a, b, p in ENGINE.dedupe(records[::-1], fit=False)}
    assert all(a < b for a, b in forward)
    assert forward.keys() == backward.keys()
    assert all(math.isclose(forward[k], backward[k]) for k in forward)


def _values(comparer, raws):
    values = [None]
    for raw in raws:
        value = comparer.prepare(raw)
        if value is not None and value not in values:
            values.append(value)
    return values


RAWS = {
    NameComparer(): name.filter(bool),
    BirthComparer(REFERENCE): st.tuples(date, age).filter(lambda t: t[0] or t[1]),
    TextComparer(): st.sampled_from(
        ["12 main street", "12 main st", "main street 12", "stanley street", "stanely street", "x"]
    ),
    PlaceComparer(): place,
    CountryComparer(): st.sampled_from(["Kenya", "kenya", "Kenia", "Nepal", "KE"]),
    SexComparer(): sex,
    ExactComparer(): st.sampled_from(["5304218", "5304281", "5304", "530421", "4066625", "ab-12"]),
}


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_comparing_many_pairs_at_once_gives_what_comparing_each_gives(data):
    for comparer, strategy in RAWS.items():
        values = _values(comparer, data.draw(st.lists(strategy, min_size=1, max_size=8)))
        if len(values) < 2:
            continue
        xs, ys = (g.ravel() for g in np.meshgrid(np.arange(1, len(values)), np.arange(1, len(values))))
        levels, key_ids, keys = comparer.compare_many(values, comparer.features(values), xs, ys)
        for i, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
            level, key = comparer.compare(values[x], values[y])
            assert (levels[i], keys[key_ids[i]] if key_ids[i] >= 0 else None) == (level, key), (
                type(comparer).__name__,
                values[x],
                values[y],
            )
