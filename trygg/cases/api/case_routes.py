"""API routes of the case core: cases and their steps, consents, legal bases."""

from .views_case import CaseViewSet, ConsentViewSet, LegalBasisViewSet


def register(router) -> None:
    """Register this part's viewsets on the cases router."""
    router.register("cases", CaseViewSet, basename="case")
    router.register("consents", ConsentViewSet, basename="consent")
    router.register("legal-bases", LegalBasisViewSet, basename="legal-basis")
