"""How synthetic cases are spread: stages by the case's age, risks, closures, exploitation types.

The shares are plausible for a child protection programme working against trafficking (most
children identified as teenagers, most cases closed within two years, labour and sexual
exploitation the most common forms, with regional differences); they are not statistics of any
real programme. `Weighted` draws from them quickly with one random number.
"""

import bisect
import itertools

from ..codes import (
    CaseStatus,
    ClosureReason,
    ControlMethod,
    DecisionMakingOrg,
    ExploitationType,
    ForcedLabourIndustry,
    RecruitmentMethod,
    RelationshipToTrafficker,
    RiskLevel,
    SexExploitationType,
    Stage,
    TraffickingStatus,
)


class Weighted:
    """Draw a value with probability proportional to its weight: `Weighted({"a": 3, "b": 1})(rng)`."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]

    def several(self, rng, most: int) -> list:
        """One to `most` different values (fewer when the draws repeat)."""
        count = 1 + int(rng.random() * most)
        return list(dict.fromkeys(self(rng) for _ in range(count)))


YEARS_BACK = 5
# Age at identification: mostly adolescents.
AGE = Weighted(dict(zip(range(5, 18), (1, 1, 2, 2, 3, 4, 5, 7, 9, 11, 12, 12, 10), strict=True)))
DATE_OF_BIRTH_ESTIMATED = 0.25
OTHER_NAMES = 0.08

RISK = Weighted({RiskLevel.HIGH: 25, RiskLevel.MEDIUM: 45, RiskLevel.LOW: 30})
URGENT = {RiskLevel.HIGH: 0.4, RiskLevel.MEDIUM: 0.05, RiskLevel.LOW: 0.0}


def closed_share(age_days: float) -> float:
    """The share of cases opened `age_days` ago that are closed by now."""
    for limit, share in ((30, 0.02), (180, 0.15), (365, 0.35), (730, 0.6)):
        if age_days < limit:
            return share
    return 0.85


def open_stage(age_days: float) -> Weighted:
    """Where an open case opened `age_days` ago stands."""
    if age_days < 3:
        return _STAGES_NEW
    if age_days < 14:
        return _STAGES_WEEKS
    if age_days < 60:
        return _STAGES_MONTHS
    return _STAGES_LATER


_STAGES_NEW = Weighted({Stage.IDENTIFICATION: 80, Stage.ASSESSMENT: 20})
_STAGES_WEEKS = Weighted({Stage.IDENTIFICATION: 30, Stage.ASSESSMENT: 50, Stage.CASE_PLANNING: 20})
_STAGES_MONTHS = Weighted({Stage.ASSESSMENT: 15, Stage.CASE_PLANNING: 35, Stage.IMPLEMENTATION: 50})
_STAGES_LATER = Weighted({Stage.CASE_PLANNING: 5, Stage.IMPLEMENTATION: 55, Stage.FOLLOW_UP: 40})
AFTER_ASSESSMENT = {Stage.CASE_PLANNING, Stage.IMPLEMENTATION, Stage.FOLLOW_UP, Stage.CLOSURE}
WITH_PLAN = {Stage.IMPLEMENTATION, Stage.FOLLOW_UP}

CLOSURE = Weighted(
    {
        ClosureReason.GOALS_ACHIEVED: 35,
        ClosureReason.REUNIFIED: 30,
        ClosureReason.REFERRED: 8,
        ClosureReason.TRANSFERRED: 4,
        ClosureReason.REACHED_ADULTHOOD: 10,
        ClosureReason.LOST_CONTACT: 8,
        ClosureReason.NOT_A_PROTECTION_CASE: 4,
        ClosureReason.DUPLICATE: 1,
    }
)
CLOSED_REFERRED_REASONS = {ClosureReason.REFERRED, ClosureReason.TRANSFERRED}


def closure_status(reason: str) -> str:
    return CaseStatus.CLOSED_REFERRED if reason in CLOSED_REFERRED_REASONS else CaseStatus.CLOSED


# First action: most on time; a few late; a small backlog of open cases still waiting.
FIRST_ACTION_LATE = 0.12
FIRST_ACTION_MISSING = 0.015
UNASSIGNED = 0.06
# Open cases past planning: the plan review is overdue for some, a follow-up for some.
PLAN_REVIEW_OVERDUE = 0.15
FOLLOW_UP_OVERDUE = 0.15

# Identified children get a trafficking profile; the rest were at risk.
PROFILE = 0.75
TRAFFICKING_STATUS = Weighted(
    {TraffickingStatus.ACTUAL: 45, TraffickingStatus.POSSIBLE: 45, TraffickingStatus.NOT_A_VICTIM: 10}
)
DECIDED_BY = Weighted(
    {
        DecisionMakingOrg.NGO: 50,
        DecisionMakingOrg.POLICE: 25,
        DecisionMakingOrg.NON_POLICE_GOVERNMENTAL: 15,
        DecisionMakingOrg.COURT_OR_PROSECUTION: 10,
    }
)
E = ExploitationType
EXPLOITATION = {
    "east_africa": Weighted(
        {
            E.CHILD_LABOUR: 22,
            E.SERVITUDE: 18,
            E.SEXUAL_EXPLOITATION: 20,
            E.FORCED_LABOUR: 12,
            E.FORCED_BEGGING: 6,
            E.FORCED_CRIMINALITY: 8,
            E.FORCED_MARRIAGE: 6,
            E.FORCED_MILITARY: 3,
            E.ORGAN_REMOVAL: 1,
            E.OTHER: 4,
        }
    ),
    "south_asia": Weighted(
        {
            E.FORCED_LABOUR: 25,
            E.CHILD_LABOUR: 20,
            E.SEXUAL_EXPLOITATION: 22,
            E.SERVITUDE: 10,
            E.FORCED_MARRIAGE: 10,
            E.FORCED_BEGGING: 6,
            E.ORGAN_REMOVAL: 1,
            E.FORCED_CRIMINALITY: 3,
            E.OTHER: 3,
        }
    ),
    "west_africa": Weighted(
        {
            E.CHILD_LABOUR: 30,
            E.FORCED_LABOUR: 18,
            E.SERVITUDE: 15,
            E.FORCED_BEGGING: 12,
            E.SEXUAL_EXPLOITATION: 15,
            E.FORCED_MILITARY: 4,
            E.FORCED_CRIMINALITY: 3,
            E.OTHER: 3,
        }
    ),
    "eastern_europe": Weighted(
        {
            E.SEXUAL_EXPLOITATION: 45,
            E.FORCED_LABOUR: 20,
            E.FORCED_CRIMINALITY: 15,
            E.FORCED_BEGGING: 10,
            E.FORCED_MARRIAGE: 5,
            E.OTHER: 5,
        }
    ),
    "latin_america": Weighted(
        {
            E.SEXUAL_EXPLOITATION: 35,
            E.FORCED_LABOUR: 20,
            E.CHILD_LABOUR: 15,
            E.FORCED_CRIMINALITY: 20,
            E.SERVITUDE: 5,
            E.OTHER: 5,
        }
    ),
}
SEX_EXPLOITATION = Weighted(dict.fromkeys(SexExploitationType.values, 1))
INDUSTRY = Weighted(
    {
        ForcedLabourIndustry.A: 25,
        ForcedLabourIndustry.T: 25,
        ForcedLabourIndustry.C: 15,
        ForcedLabourIndustry.F: 10,
        ForcedLabourIndustry.B: 8,
        ForcedLabourIndustry.I: 10,
        ForcedLabourIndustry.G: 7,
    }
)
LABOUR = {E.FORCED_LABOUR, E.CHILD_LABOUR, E.SERVITUDE}
R = RecruitmentMethod
RECRUITMENT = Weighted(
    {
        R.LURED_FALSE_PROMISE_MONEY: 20,
        R.LURED_FALSE_PROMISE_FOOD: 8,
        R.LURED_FALSE_PROMISE_SAFETY: 8,
        R.SOLD_BY_FAMILY: 8,
        R.WORKING_TO_HELP_FAMILY: 15,
        R.ABDUCTED_FROM_STREET: 6,
        R.FAMILY_OR_FAMILY_EVENTS: 12,
        R.FRIENDS_OR_SOCIAL_EVENTS: 10,
        R.ONLINE_SOCIAL_NETWORKS: 7,
        R.AT_AN_EDUCATIONAL_INSTITUTION: 3,
        R.OTHER: 3,
    }
)
CONTROL = Weighted({code: 1 for code in ControlMethod.values if code != ControlMethod.OTHER})
RELATIONSHIP = Weighted(
    {
        RelationshipToTrafficker.ACQUAINTED: 45,
        RelationshipToTrafficker.FAMILIAL: 30,
        RelationshipToTrafficker.UNACQUAINTED: 25,
    }
)
