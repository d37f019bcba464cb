"""The screening rule: which answers make a dimension positive, and what a screening finds.

Pure functions (no database), so that the rule can be tested on worked examples.

Dimensions (ILO/EC operational indicators of trafficking in human beings, 2009): six dimensions,
each indicator graded strong, medium or weak. A dimension is positive when the "yes" answers in it
meet at least one combination of the rule. The organisation's default (standards/README.md, from
secondary summaries of the ILO publication, not yet checked against it, hence configurable):

    at least 2 strong, or 1 strong + 1 medium-or-weak, or 3 medium, or 2 medium + 1 weak.

A combination gives minimum counts per grade, e.g. {"strong": 1, "medium_or_weak": 1}. An
indicator fills a slot of its own grade only; "medium_or_weak" slots take the medium and weak
indicators left over by the "medium" and "weak" slots. "No" and "unknown" answers never count.

Outcome (Palermo Protocol, art. 3). Trafficking is an act (recruitment, transportation, transfer,
harbouring or receipt) by a means (threat, force, deception, abuse of vulnerability, ...) for the
purpose of exploitation. How the six dimensions map onto these elements, as we read them:

- the act: recorded by the screener as such. A positive recruitment dimension (deceptive,
  coercive, or by abuse of vulnerability) also establishes it: it shows the child was recruited.
- the exploitation: the "exploitative conditions" dimension.
- the means: the recruitment dimensions (deception, coercion, abuse of vulnerability at
  recruitment) and "coercion at destination" and "abuse of vulnerability at destination".

For a child the means are not required (art. 3(c)): the act plus a positive exploitation
dimension make a presumed victim; positive means dimensions support the finding and are shown.
For an adult, the act, the exploitation and at least one positive means dimension are needed.
A person whose age is unknown is presumed to be a child, as is one first trafficked before 18.
Otherwise the outcome is "indicators present" when any dimension is positive, else "no indication".
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..codes import (
    EXPLOITATION_DIMENSIONS,
    MEANS_DIMENSIONS,
    RECRUITMENT_DIMENSIONS,
    IndicatorStrength,
    ScreeningAnswerValue,
    ScreeningDimension,
    ScreeningOutcome,
    TraffickingAct,
)

COMBINATION_KEYS = ("strong", "medium", "weak", "medium_or_weak")
DEFAULT_COMBINATIONS = [
    {"strong": 2},
    {"strong": 1, "medium_or_weak": 1},
    {"medium": 3},
    {"medium": 2, "weak": 1},
]
# The dimensions that are "means" for an adult (a child needs none).
ALL_MEANS_DIMENSIONS = RECRUITMENT_DIMENSIONS | MEANS_DIMENSIONS
DIMENSION_ORDER = list(ScreeningDimension.values)


class ChildBasis:
    """Why a person was (or was not) treated as a child for the outcome."""

    UNDER_18 = "under_18"
    AGE_UNKNOWN = "age_unknown"
    FIRST_TRAFFICKED_UNDER_18 = "first_trafficked_under_18"
    ADULT = "adult"


def validate_combinations(value) -> list[dict]:
    """The rule's combinations, normalised (every grade present); ValidationError if malformed."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one combination of minimum counts."))
    normalised = []
    for number, combination in enumerate(value, start=1):
        if not isinstance(combination, Mapping):
            raise ValidationError(_("Combination %(number)s is not a set of counts.") % {"number": number})
        unknown = sorted(set(combination) - set(COMBINATION_KEYS))
        if unknown:
            raise ValidationError(
                _(
                    "Combination %(number)s has unknown grades: %(grades)s. "
                    "Use strong, medium, weak or medium_or_weak."
                )
                % {"number": number, "grades": ", ".join(map(str, unknown))}
            )
        counts = {}
        for key in COMBINATION_KEYS:
            count = combination.get(key, 0)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0 or count > 99:
                raise ValidationError(
                    _("Combination %(number)s: the count for %(grade)s must be a whole number from 0 to 99.")
                    % {"number": number, "grade": key}
                )
            counts[key] = count
        if not any(counts.values()):
            # An empty combination would make every dimension positive, even with no answers.
            raise ValidationError(
                _("Combination %(number)s needs at least one indicator.") % {"number": number}
            )
        normalised.append(counts)
    return normalised


def count_by_strength(strengths: Iterable[str]) -> dict[str, int]:
    counts = {"strong": 0, "medium": 0, "weak": 0}
    for strength in strengths:
        counts[strength] += 1
    return counts


def combination_met(counts: Mapping[str, int], combination: Mapping[str, int]) -> bool:
    strong, medium, weak = counts.get("strong", 0), counts.get("medium", 0), counts.get("weak", 0)
    need_strong = combination.get("strong", 0)
    need_medium = combination.get("medium", 0)
    need_weak = combination.get("weak", 0)
    if strong < need_strong or medium < need_medium or weak < need_weak:
        return False
    left_over = (medium - need_medium) + (weak - need_weak)
    return left_over >= combination.get("medium_or_weak", 0)


def first_combination_met(counts: Mapping[str, int], combinations: Sequence[Mapping]) -> dict | None:
    for combination in combinations:
        if combination_met(counts, combination):
            return {key: combination.get(key, 0) for key in COMBINATION_KEYS}
    return None


def describe_combination(combination: Mapping[str, int]) -> str:
    """'1 strong + 1 medium or weak' in the active language."""
    words = {
        "strong": lambda n: ngettext("%(count)s strong", "%(count)s strong", n),
        "medium": lambda n: ngettext("%(count)s medium", "%(count)s medium", n),
        "weak": lambda n: ngettext("%(count)s weak", "%(count)s weak", n),
        "medium_or_weak": lambda n: ngettext("%(count)s medium or weak", "%(count)s medium or weak", n),
    }
    parts = [words[key](n) % {"count": n} for key in COMBINATION_KEYS if (n := combination.get(key, 0))]
    return " + ".join(parts)


@dataclass(frozen=True)
class AnswerFact:
    """One answer as the rule sees it: the indicator's code, dimension, strength and the answer."""

    code: str
    dimension: str
    strength: str
    answer: str
    text: str = ""
    translations: Mapping = field(default_factory=dict)


@dataclass
class DimensionResult:
    dimension: str
    positive: bool
    counts: dict
    combination: dict | None
    indicators: list  # the "yes" answers: {"code", "strength", "text", "translations"}


@dataclass
class ScreeningResult:
    outcome: str
    dimensions: list[DimensionResult]
    acts: list[str]
    act_established: bool
    act_from_dimensions: list[str]
    exploitation: list[str]
    means: list[str]
    is_child: bool
    child_basis: str

    def as_json(self) -> dict:
        return asdict(self)


def child_basis(age_at_screening: int | None, age_when_first_trafficked: int | None = None) -> str:
    if age_at_screening is None:
        return ChildBasis.AGE_UNKNOWN
    if age_at_screening < 18:
        return ChildBasis.UNDER_18
    if age_when_first_trafficked is not None and age_when_first_trafficked < 18:
        return ChildBasis.FIRST_TRAFFICKED_UNDER_18
    return ChildBasis.ADULT


_STRENGTH_ORDER = {value: index for index, value in enumerate(IndicatorStrength.values)}


def evaluate_dimension(dimension: str, answers: Iterable[AnswerFact], combinations) -> DimensionResult:
    yes = [a for a in answers if a.dimension == dimension and a.answer == ScreeningAnswerValue.YES]
    yes.sort(key=lambda a: _STRENGTH_ORDER.get(a.strength, 99))
    counts = count_by_strength(a.strength for a in yes)
    combination = first_combination_met(counts, combinations)
    return DimensionResult(
        dimension=dimension,
        positive=combination is not None,
        counts=counts,
        combination=combination,
        indicators=[
            {"code": a.code, "strength": a.strength, "text": a.text, "translations": dict(a.translations)}
            for a in yes
        ],
    )


def evaluate_screening(
    answers: Iterable[AnswerFact],
    *,
    acts: Iterable[str],
    combinations: Sequence[Mapping] = DEFAULT_COMBINATIONS,
    basis: str = ChildBasis.AGE_UNKNOWN,
) -> ScreeningResult:
    """Apply the rule to every dimension, then decide the outcome (see the module docstring)."""
    answers = list(answers)
    acts = [act for act in TraffickingAct.values if act in set(acts)]
    dimensions = [evaluate_dimension(d, answers, combinations) for d in DIMENSION_ORDER]
    positive = [d.dimension for d in dimensions if d.positive]
    act_from_dimensions = [d for d in positive if d in RECRUITMENT_DIMENSIONS]
    act_established = bool(acts) or bool(act_from_dimensions)
    exploitation = [d for d in positive if d in EXPLOITATION_DIMENSIONS]
    means = [d for d in positive if d in ALL_MEANS_DIMENSIONS]
    is_child = basis != ChildBasis.ADULT
    if act_established and exploitation and (is_child or means):
        outcome = ScreeningOutcome.PRESUMED_VICTIM
    elif positive:
        outcome = ScreeningOutcome.INDICATORS_PRESENT
    else:
        outcome = ScreeningOutcome.NO_INDICATION
    return ScreeningResult(
        outcome=str(outcome),
        dimensions=dimensions,
        acts=acts,
        act_established=act_established,
        act_from_dimensions=act_from_dimensions,
        exploitation=exploitation,
        means=means,
        is_child=is_child,
        child_basis=basis,
    )
