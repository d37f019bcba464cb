"""The case timeline and response deadlines, used by every case service."""

from datetime import timedelta

from django.utils import timezone

from ..models import DEFAULT_DEADLINE_HOURS, Case, CaseEvent, ResponseDeadline


def record_case_event(
    case: Case,
    kind: str,
    *,
    actor,
    obj=None,
    sensitivity: str = "",
    detail: dict | None = None,
    at=None,
) -> CaseEvent:
    """Add a line to the case's timeline, in the caller's transaction.

    `kind` is a stable code (e.g. "opened", "stage_changed", "screening_recorded"); the timeline
    template translates it. `detail` holds codes and identifiers only, never names or free text.
    `sensitivity` is the permission a reader needs to see the line (e.g. "sensitive.trafficking").
    """
    return CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_uuid=getattr(obj, "uuid", None),
        sensitivity=sensitivity,
        detail=detail or {},
    )


def deadline_hours(country_id: int, risk_level: str) -> tuple[int, int]:
    """(first action, assessment) hours for a risk level: the country's, else the organisation's
    default row, else the built-in default."""
    rows = {
        row.country_id: row
        for row in ResponseDeadline.objects.filter(risk_level=risk_level, country_id__in=[country_id, None])
    }
    row = rows.get(country_id) or rows.get(None)
    if row is not None:
        return row.first_action_hours, row.assessment_hours
    return DEFAULT_DEADLINE_HOURS[risk_level]


def response_deadlines(country_id: int, risk_level: str, identified_at) -> tuple:
    first_action, assessment = deadline_hours(country_id, risk_level)
    return identified_at + timedelta(hours=first_action), identified_at + timedelta(hours=assessment)
