"""Records with due dates for the work-due tests, built directly (as a factory does).

The management part's factories replace these once they exist; these only fill what work due reads.
"""

from datetime import timedelta

from django.utils import timezone

from trygg.cases.codes import SupportType
from trygg.cases.models import Assessment, CasePlan, CasePlanAction, FollowUp, ServiceReferral


def completed_assessment(case, at=None):
    return Assessment.objects.create(case=case, completed_at=at or timezone.now())


def approved_plan(case, review_due=None, status=CasePlan.Status.APPROVED):
    return CasePlan.objects.create(
        case=case,
        status=status,
        approved_at=timezone.now() if status == CasePlan.Status.APPROVED else None,
        review_due=review_due,
    )


def plan_action(plan, due_on, status=CasePlanAction.Status.PLANNED, responsible_user=None):
    return CasePlanAction.objects.create(
        plan=plan,
        description="Enrol in school",
        due_on=due_on,
        status=status,
        responsible_user=responsible_user,
    )


def service(case, due_on, status=ServiceReferral.Status.REFERRED):
    return ServiceReferral.objects.create(
        case=case, support_type=SupportType.EDUCATION, status=status, due_on=due_on
    )


def follow_up(case, visited_on, next_due):
    return FollowUp.objects.create(
        case=case, visited_on=visited_on, kind=FollowUp.Kind.HOME_VISIT, next_due=next_due
    )


def days(n: int) -> timedelta:
    return timedelta(days=n)
