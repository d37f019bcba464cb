"""API routes for managing a case."""

from .views_management import (
    AssessmentViewSet,
    CaseNoteViewSet,
    CasePlanActionViewSet,
    CasePlanGoalViewSet,
    CasePlanViewSet,
    FollowUpViewSet,
    ServiceReferralViewSet,
    TransferViewSet,
)


def register(router) -> None:
    """Register this part's viewsets on the cases router."""
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("case-plans", CasePlanViewSet, basename="case-plan")
    router.register("case-plan-goals", CasePlanGoalViewSet, basename="case-plan-goal")
    router.register("case-plan-actions", CasePlanActionViewSet, basename="case-plan-action")
    router.register("service-referrals", ServiceReferralViewSet, basename="service-referral")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
    router.register("case-notes", CaseNoteViewSet, basename="case-note")
    router.register("transfers", TransferViewSet, basename="transfer")
