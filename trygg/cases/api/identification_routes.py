"""API routes of trafficking identification."""

from .views_identification import (
    IndicatorListViewSet,
    IndicatorViewSet,
    ScreeningRuleViewSet,
    ScreeningViewSet,
    TraffickingEventViewSet,
    TraffickingProfileViewSet,
)


def register(router) -> None:
    """Register this part's viewsets on the cases router."""
    router.register("screenings", ScreeningViewSet, basename="screening")
    router.register("trafficking-profiles", TraffickingProfileViewSet, basename="trafficking-profile")
    router.register("trafficking-events", TraffickingEventViewSet, basename="trafficking-event")
    router.register("indicator-lists", IndicatorListViewSet, basename="indicator-list")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("screening-rules", ScreeningRuleViewSet, basename="screening-rule")
