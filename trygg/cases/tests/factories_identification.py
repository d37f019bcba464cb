"""Factories for trafficking identification: indicator lists, and screenings built by the service."""

import factory

from trygg.cases.codes import IndicatorStrength, ScreeningDimension
from trygg.cases.models import Indicator, IndicatorList, ScreeningRule
from trygg.cases.services.identification import record_screening
from trygg.cases.tests.factories_case import CaseFactory


class IndicatorListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorList

    code = factory.Sequence(lambda n: f"list_{n}")
    name = factory.Sequence(lambda n: f"Indicator list {n}")
    is_draft = True


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    indicator_list = factory.SubFactory(IndicatorListFactory)
    code = factory.Sequence(lambda n: f"indicator_{n}")
    dimension = ScreeningDimension.EXPLOITATIVE_CONDITIONS
    strength = IndicatorStrength.MEDIUM
    text = factory.Sequence(lambda n: f"Indicator {n}")
    order = factory.Sequence(lambda n: n)


# How many indicators of each strength `small_list` puts in every dimension.
SMALL_LIST_SHAPE = {"strong": 2, "medium": 3, "weak": 1}
DIMENSION_PREFIX = {
    ScreeningDimension.DECEPTIVE_RECRUITMENT: "dr",
    ScreeningDimension.COERCIVE_RECRUITMENT: "cr",
    ScreeningDimension.RECRUITMENT_ABUSE_OF_VULNERABILITY: "rv",
    ScreeningDimension.EXPLOITATIVE_CONDITIONS: "ec",
    ScreeningDimension.COERCION_AT_DESTINATION: "cd",
    ScreeningDimension.ABUSE_OF_VULNERABILITY_AT_DESTINATION: "vd",
}


def small_list(code: str = "test_list", **kwargs) -> IndicatorList:
    """A list with 2 strong, 3 medium and 1 weak indicator in every dimension.

    Codes are "<dimension prefix>_<strength>_<n>", e.g. "ec_strong_1" (exploitative conditions),
    "cd_medium_3" (coercion at destination); texts say the same in words, Norwegian in `nb`.
    """
    indicator_list = IndicatorListFactory(code=code, **kwargs)
    order = 0
    for dimension, prefix in DIMENSION_PREFIX.items():
        for strength, count in SMALL_LIST_SHAPE.items():
            for n in range(1, count + 1):
                order += 1
                IndicatorFactory(
                    indicator_list=indicator_list,
                    code=f"{prefix}_{strength}_{n}",
                    dimension=dimension,
                    strength=strength,
                    text=f"{dimension} {strength} indicator {n}",
                    translations={"nb": f"{prefix} {strength} indikator {n}"},
                    order=order,
                )
    return indicator_list


def remove_shipped_indicator_data() -> None:
    """Empty the tables the data migration fills (shipped lists, indicators, default rule).

    For tests of loading itself, and of what happens when no default rule exists.
    """
    ScreeningRule.objects.all().delete()
    Indicator.objects.all().delete()
    IndicatorList.objects.all().delete()


def kenyan_case(world, **kwargs):
    """A case at the Kenyan site (so that site- and programme-level grants reach it)."""
    kwargs.setdefault("country", world.ke)
    kwargs.setdefault("site", world.sites["KE"])
    return CaseFactory(**kwargs)


def screen(case, user, *, yes=(), acts=("recruitment",), indicator_list=None, notes="", **kwargs):
    """Record a screening through the service with the given indicator codes answered "yes"."""
    indicator_list = indicator_list or IndicatorList.objects.get(code="test_list")
    return record_screening(
        case,
        acting_user=user,
        indicator_list=indicator_list,
        answers=[{"indicator": code, "answer": "yes", "note": ""} for code in yes],
        acts=list(acts),
        notes=notes,
        **kwargs,
    )
