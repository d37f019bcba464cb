"""Care's deadlines in the case work lists ("My work", "Caseload", the daily digest).

The UN Guidelines ask for a review of every placement at least every three months, and an
emergency placement's necessity and suitability assessment must follow within the country's
deadline. Both belong to a child's case, so they appear where caseworkers and supervisors already
look for what is due: the cases app's work lists. Registered from `CareConfig.ready`, so that the
cases app never imports care (care depends on cases, not the other way round).

- care plan review: an active placement's `next_review_due` (a date: overdue once the day is over);
- emergency placement assessment: a request's `assessment_due` (a moment: overdue to the second)
  until the assessment is completed, unless the request was withdrawn.
"""

from trygg.cases.services.work import Source, WorkKind, register_source

from .codes import PlacementStatus, RequestStatus
from .models import Placement, PlacementRequest


def _pending_review(qs):
    return qs.filter(status=PlacementStatus.ACTIVE)


def _pending_emergency_assessment(qs):
    return qs.filter(assessment_due__isnull=False, assessment_completed_at__isnull=True).exclude(
        status=RequestStatus.WITHDRAWN
    )


SOURCES = [
    Source(
        WorkKind.CARE_REVIEW,
        Placement,
        "case__",
        "next_review_due",
        False,
        _pending_review,
        child_path="child",
    ),
    Source(
        WorkKind.EMERGENCY_ASSESSMENT,
        PlacementRequest,
        "case__",
        "assessment_due",
        True,
        _pending_emergency_assessment,
    ),
]


def register() -> None:
    for source in SOURCES:
        register_source(source)
