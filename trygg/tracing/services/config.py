"""Per-country tracing settings: the match threshold, the duplicate warning, the monitoring schedule."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope

from ..models import (
    DEFAULT_DUPLICATE_THRESHOLD,
    DEFAULT_MATCH_THRESHOLD,
    DEFAULT_MONITORING_MONTHS,
    TracingSettings,
)

CONFIGURE_PERMISSION = "tracingconfig.change"
# A monitoring schedule runs at most this long after return (five years).
MAX_MONITORING_MONTHS = 60


def settings_for(country_id) -> TracingSettings:
    """The country's settings, or the defaults (unsaved) when it has not set its own."""
    found = TracingSettings.objects.filter(country_id=country_id).first()
    if found is None:
        found = TracingSettings(
            country_id=country_id,
            match_threshold=DEFAULT_MATCH_THRESHOLD,
            duplicate_threshold=DEFAULT_DUPLICATE_THRESHOLD,
            monitoring_months=list(DEFAULT_MONITORING_MONTHS),
        )
    if not found.monitoring_months:
        found.monitoring_months = list(DEFAULT_MONITORING_MONTHS)
    return found


def validate_settings(match_threshold, duplicate_threshold, monitoring_months) -> dict:
    errors = {}
    for name, value in (("match_threshold", match_threshold), ("duplicate_threshold", duplicate_threshold)):
        if not isinstance(value, int | float) or not 0.05 <= value <= 0.99:
            errors[name] = _("Give a probability between 0.05 and 0.99.")
    months = list(monitoring_months or [])
    if not months:
        errors["monitoring_months"] = _("Give at least one monitoring visit.")
    elif any(not isinstance(m, int) or not 1 <= m <= MAX_MONITORING_MONTHS for m in months):
        errors["monitoring_months"] = _("Give whole months between 1 and %(max)s.") % {
            "max": MAX_MONITORING_MONTHS
        }
    elif len(set(months)) != len(months):
        errors["monitoring_months"] = _("Give each month once.")
    return errors


@transaction.atomic
def set_tracing_settings(
    country, *, acting_user, match_threshold: float, duplicate_threshold: float, monitoring_months
) -> TracingSettings:
    """A country's own settings; they apply to matching from now on and to reunifications
    recorded from now on (visits already scheduled stay as they are)."""
    if not has_perm_in_country(acting_user, CONFIGURE_PERMISSION, country.pk):
        raise OutOfScope(_("You cannot configure tracing in this country."))
    errors = validate_settings(match_threshold, duplicate_threshold, monitoring_months)
    if errors:
        raise ValidationError(errors)
    row, _created = TracingSettings.objects.select_for_update().get_or_create(country=country)
    row.match_threshold = float(match_threshold)
    row.duplicate_threshold = float(duplicate_threshold)
    row.monitoring_months = sorted(monitoring_months)
    row.updated_by = acting_user
    row.save()
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=row,
        fields=["match_threshold", "duplicate_threshold", "monitoring_months"],
        detail={
            "match_threshold": row.match_threshold,
            "duplicate_threshold": row.duplicate_threshold,
            "monitoring_months": row.monitoring_months,
        },
    )
    return row
