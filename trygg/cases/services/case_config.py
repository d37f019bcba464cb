"""Per-country case configuration: how long each risk level allows for first action and assessment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope

from ..codes import RiskLevel
from ..models import ResponseDeadline
from .timeline import deadline_hours

# Longest deadline a country may set, in hours (a year).
MAX_DEADLINE_HOURS = 24 * 365


def current_deadlines(country) -> dict[str, tuple[int, int]]:
    """(first action, assessment) hours per risk level in force for the country."""
    return {risk_level: deadline_hours(country.pk, risk_level) for risk_level in RiskLevel.values}


def validate_deadline_hours(first_action_hours, assessment_hours) -> dict:
    errors = {}
    for name, value in (("first_action_hours", first_action_hours), ("assessment_hours", assessment_hours)):
        if not isinstance(value, int) or not 1 <= value <= MAX_DEADLINE_HOURS:
            errors[name] = _("Give a whole number of hours between 1 and %(max)s.") % {
                "max": MAX_DEADLINE_HOURS
            }
    if not errors and first_action_hours > assessment_hours:
        errors["assessment_hours"] = _("The assessment cannot be due before the first action.")
    return errors


@transaction.atomic
def set_response_deadlines(country, *, hours: dict, acting_user) -> list[ResponseDeadline]:
    """A country's deadlines per risk level: `hours` maps a risk level to (first action, assessment).

    They apply to cases opened from now on and whenever a case's risk level changes; deadlines
    already computed for other cases stay as they are.
    """
    if not has_perm_in_country(acting_user, "caseconfig.change", country.pk):
        raise OutOfScope(_("You cannot configure cases in this country."))
    errors = {}
    for risk_level, (first_action, assessment) in hours.items():
        if risk_level not in RiskLevel.values:
            errors[risk_level] = _("Unknown risk level: %(risk)s.") % {"risk": risk_level}
            continue
        for name, message in validate_deadline_hours(first_action, assessment).items():
            errors[f"{risk_level}_{name}"] = message
    if errors:
        raise ValidationError(errors)
    rows = []
    existing = {row.risk_level: row for row in ResponseDeadline.objects.filter(country=country)}
    for risk_level, (first_action, assessment) in hours.items():
        row = existing.get(risk_level)
        if row is not None and (row.first_action_hours, row.assessment_hours) == (first_action, assessment):
            rows.append(row)
            continue
        if row is None:
            row = ResponseDeadline(country=country, risk_level=risk_level)
        row.first_action_hours = first_action
        row.assessment_hours = assessment
        row.updated_by = acting_user
        row.save()
        record_event(
            AuditEvent.Action.UPDATE,
            actor=acting_user,
            obj=row,
            fields=["first_action_hours", "assessment_hours"],
            detail={
                "risk_level": risk_level,
                "first_action_hours": first_action,
                "assessment_hours": assessment,
            },
        )
        rows.append(row)
    return rows
