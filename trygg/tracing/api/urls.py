"""Tracing API routes, mounted at /api/v1/tracing/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("requests", views.TracingRequestViewSet, basename="tracing-request")
router.register("matches", views.MatchProposalViewSet, basename="tracing-match")
router.register("verifications", views.VerificationViewSet, basename="tracing-verification")
router.register("best-interests", views.DeterminationViewSet, basename="tracing-determination")
router.register("reunifications", views.ReunificationViewSet, basename="tracing-reunification")
router.register("monitoring-visits", views.MonitoringVisitViewSet, basename="tracing-visit")
router.register("batch-runs", views.BatchRunViewSet, basename="tracing-batch-run")
router.register("settings", views.TracingSettingsViewSet, basename="tracing-settings")

urlpatterns = router.urls
