"""The screening rule and the screening outcome on worked examples (pure functions, no database)."""

import pytest
from django.core.exceptions import ValidationError

from trygg.cases.codes import ScreeningDimension as D
from trygg.cases.services.screening_rule import (
    DEFAULT_COMBINATIONS,
    AnswerFact,
    ChildBasis,
    child_basis,
    combination_met,
    describe_combination,
    evaluate_screening,
    first_combination_met,
    validate_combinations,
)


def counts(strong=0, medium=0, weak=0):
    return {"strong": strong, "medium": medium, "weak": weak}


# (strong, medium, weak) -> positive under the default rule, and the combination met first.
DEFAULT_RULE_EXAMPLES = [
    # nothing, or too little
    ((0, 0, 0), None),
    ((1, 0, 0), None),
    ((0, 1, 0), None),
    ((0, 0, 1), None),
    ((0, 2, 0), None),
    ((0, 1, 1), None),
    ((0, 1, 2), None),
    ((0, 0, 3), None),
    ((0, 0, 10), None),
    # at least 2 strong
    ((2, 0, 0), {"strong": 2}),
    ((5, 0, 0), {"strong": 2}),
    ((2, 3, 1), {"strong": 2}),
    # 1 strong + 1 medium or weak
    ((1, 1, 0), {"strong": 1, "medium_or_weak": 1}),
    ((1, 0, 1), {"strong": 1, "medium_or_weak": 1}),
    ((1, 0, 4), {"strong": 1, "medium_or_weak": 1}),
    # at least 3 medium
    ((0, 3, 0), {"medium": 3}),
    ((0, 7, 0), {"medium": 3}),
    # 2 medium + 1 weak
    ((0, 2, 1), {"medium": 2, "weak": 1}),
    ((0, 2, 5), {"medium": 2, "weak": 1}),
]


@pytest.mark.parametrize(
    "given,expected", DEFAULT_RULE_EXAMPLES, ids=[str(e[0]) for e in DEFAULT_RULE_EXAMPLES]
)
def test_default_rule_worked_examples(given, expected):
    met = first_combination_met(counts(*given), DEFAULT_COMBINATIONS)
    if expected is None:
        assert met is None
    else:
        assert met == {"strong": 0, "medium": 0, "weak": 0, "medium_or_weak": 0} | expected


def test_more_evidence_never_turns_a_positive_dimension_negative_under_the_default_rule():
    for strong in range(4):
        for medium in range(5):
            for weak in range(5):
                if first_combination_met(counts(strong, medium, weak), DEFAULT_COMBINATIONS):
                    for more in (counts(strong + 1, medium, weak), counts(strong, medium + 1, weak)):
                        assert first_combination_met(more, DEFAULT_COMBINATIONS)
                    assert first_combination_met(counts(strong, medium, weak + 1), DEFAULT_COMBINATIONS)


def test_an_indicator_fills_only_a_slot_of_its_own_grade():
    # "medium_or_weak" takes what the medium and weak slots leave over, never a strong indicator.
    assert not combination_met(counts(strong=2), {"strong": 1, "medium_or_weak": 1})
    assert combination_met(counts(strong=1, medium=1), {"strong": 1, "medium_or_weak": 1})
    assert not combination_met(counts(medium=2, weak=0), {"medium": 2, "medium_or_weak": 1})
    assert combination_met(counts(medium=3), {"medium": 2, "medium_or_weak": 1})
    assert combination_met(counts(medium=2, weak=1), {"medium": 2, "medium_or_weak": 1})
    assert not combination_met(counts(strong=3), {"weak": 1})


def test_a_country_rule_can_be_stricter():
    stricter = validate_combinations([{"strong": 2}, {"strong": 1, "medium": 2}])
    assert first_combination_met(counts(1, 1, 0), stricter) is None
    assert first_combination_met(counts(1, 2, 0), stricter) == {
        "strong": 1,
        "medium": 2,
        "weak": 0,
        "medium_or_weak": 0,
    }


@pytest.mark.parametrize(
    "bad",
    [
        [],
        "2 strong",
        [{"strong": 0}],
        [{}],
        [{"strong": -1}],
        [{"strong": 1.5}],
        [{"strong": True}],
        [{"very_strong": 1}],
        [{"strong": 100}],
        ["strong"],
    ],
)
def test_malformed_rules_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_combinations(bad)


def test_rules_are_normalised_with_every_grade():
    assert validate_combinations([{"medium": 3}]) == [
        {"strong": 0, "medium": 3, "weak": 0, "medium_or_weak": 0}
    ]


def test_combinations_are_described_in_words():
    assert describe_combination({"strong": 1, "medium_or_weak": 1}) == "1 strong + 1 medium or weak"
    assert describe_combination({"medium": 2, "weak": 1, "strong": 0}) == "2 medium + 1 weak"


def answers(dimension, strong=0, medium=0, weak=0, answer="yes"):
    facts = []
    for strength, n in (("strong", strong), ("medium", medium), ("weak", weak)):
        for i in range(n):
            facts.append(AnswerFact(f"{dimension}-{strength}-{i}", dimension, strength, answer))
    return facts


EXPLOITED = answers(D.EXPLOITATIVE_CONDITIONS, strong=1, medium=1)
DECEIVED = answers(D.DECEPTIVE_RECRUITMENT, strong=1, medium=2)
COERCED_AT_DESTINATION = answers(D.COERCION_AT_DESTINATION, strong=2)

# (answers, acts, basis) -> outcome
OUTCOME_EXAMPLES = {
    "child: act + exploitation, no means at all": (
        EXPLOITED,
        ["recruitment"],
        ChildBasis.UNDER_18,
        "presumed_victim",
    ),
    "child: harbouring + exploitation": (EXPLOITED, ["harbouring"], ChildBasis.UNDER_18, "presumed_victim"),
    "child: age unknown is presumed a child": (
        EXPLOITED,
        ["receipt"],
        ChildBasis.AGE_UNKNOWN,
        "presumed_victim",
    ),
    "child: first trafficked under 18": (
        EXPLOITED,
        ["transportation"],
        ChildBasis.FIRST_TRAFFICKED_UNDER_18,
        "presumed_victim",
    ),
    "child: a positive recruitment dimension establishes the act": (
        EXPLOITED + DECEIVED,
        [],
        ChildBasis.UNDER_18,
        "presumed_victim",
    ),
    "child: exploitation without any act": (EXPLOITED, [], ChildBasis.UNDER_18, "indicators_present"),
    "child: act without exploitation": (
        DECEIVED + COERCED_AT_DESTINATION,
        ["recruitment"],
        ChildBasis.UNDER_18,
        "indicators_present",
    ),
    "child: coercion at destination is a means, not exploitation": (
        COERCED_AT_DESTINATION,
        ["recruitment", "transfer"],
        ChildBasis.UNDER_18,
        "indicators_present",
    ),
    "child: exploitation below the threshold": (
        answers(D.EXPLOITATIVE_CONDITIONS, medium=2),
        ["recruitment"],
        ChildBasis.UNDER_18,
        "no_indication",
    ),
    "child: nothing": ([], [], ChildBasis.UNDER_18, "no_indication"),
    "child: act alone": ([], ["recruitment"], ChildBasis.UNDER_18, "no_indication"),
    "child: 'no' and 'unknown' answers never count": (
        answers(D.EXPLOITATIVE_CONDITIONS, strong=3, answer="no")
        + answers(D.EXPLOITATIVE_CONDITIONS, strong=3, answer="unknown"),
        ["recruitment"],
        ChildBasis.UNDER_18,
        "no_indication",
    ),
    "adult: act + exploitation without means": (
        EXPLOITED,
        ["recruitment"],
        ChildBasis.ADULT,
        "indicators_present",
    ),
    "adult: act + exploitation + coercion at destination": (
        EXPLOITED + COERCED_AT_DESTINATION,
        ["recruitment"],
        ChildBasis.ADULT,
        "presumed_victim",
    ),
    "adult: deceptive recruitment is act and means": (
        EXPLOITED + DECEIVED,
        [],
        ChildBasis.ADULT,
        "presumed_victim",
    ),
}


@pytest.mark.parametrize("name", OUTCOME_EXAMPLES)
def test_outcome_worked_examples(name):
    facts, acts, basis, expected = OUTCOME_EXAMPLES[name]
    result = evaluate_screening(facts, acts=acts, basis=basis)
    assert result.outcome == expected


def test_the_result_says_which_answers_counted_and_which_combination_was_met():
    facts = EXPLOITED + answers(D.EXPLOITATIVE_CONDITIONS, weak=1, answer="no") + COERCED_AT_DESTINATION
    result = evaluate_screening(facts, acts=["recruitment", "bogus"], basis=ChildBasis.UNDER_18)
    by_dimension = {d.dimension: d for d in result.dimensions}
    exploitation = by_dimension[D.EXPLOITATIVE_CONDITIONS]
    assert exploitation.positive
    assert exploitation.counts == {"strong": 1, "medium": 1, "weak": 0}
    assert exploitation.combination["strong"] == 1 and exploitation.combination["medium_or_weak"] == 1
    assert [i["code"] for i in exploitation.indicators] == [
        "exploitative_conditions-strong-0",
        "exploitative_conditions-medium-0",
    ]
    assert not by_dimension[D.DECEPTIVE_RECRUITMENT].positive
    assert result.acts == ["recruitment"]
    assert result.exploitation == [D.EXPLOITATIVE_CONDITIONS]
    assert result.means == [D.COERCION_AT_DESTINATION]
    assert [d.dimension for d in result.dimensions] == list(D.values)
    assert result.as_json()["dimensions"][3]["combination"]["strong"] == 1


def test_a_stricter_rule_changes_the_outcome():
    strict = validate_combinations([{"strong": 2}])
    assert evaluate_screening(EXPLOITED, acts=["recruitment"]).outcome == "presumed_victim"
    assert evaluate_screening(EXPLOITED, acts=["recruitment"], combinations=strict).outcome == "no_indication"


@pytest.mark.parametrize(
    "age,first,expected",
    [
        (None, None, ChildBasis.AGE_UNKNOWN),
        (0, None, ChildBasis.UNDER_18),
        (17, None, ChildBasis.UNDER_18),
        (18, None, ChildBasis.ADULT),
        (18, 17, ChildBasis.FIRST_TRAFFICKED_UNDER_18),
        (19, 18, ChildBasis.ADULT),
    ],
)
def test_who_counts_as_a_child(age, first, expected):
    assert child_basis(age, first) == expected
