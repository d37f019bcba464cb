"""A country's care settings, and the permission helpers every care service shares.

The settings hold the emergency assessment deadline, the review interval (never longer than three
months: UN Guidelines §67), when moves make a placement unstable and how often young people who
left care are contacted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import ConflictError, OutOfScope, ensure_in_scope

from ..models import CareSettings
from ..models.homes import (
    DEFAULT_AFTERCARE_INTERVAL_DAYS,
    DEFAULT_EMERGENCY_ASSESSMENT_HOURS,
    DEFAULT_REVIEW_INTERVAL_DAYS,
    DEFAULT_STABILITY_MOVES,
    DEFAULT_STABILITY_WINDOW_DAYS,
    MAX_REVIEW_INTERVAL_DAYS,
)

CONFIGURE_PERMISSION = "careconfig.change"
SETTING_FIELDS = (
    "emergency_assessment_hours",
    "review_interval_days",
    "stability_moves",
    "stability_window_days",
    "aftercare_interval_days",
)
# Upper bounds that keep a typing slip (an extra zero) from switching a rule off.
MAX_EMERGENCY_ASSESSMENT_HOURS = 24 * 30
MAX_STABILITY_WINDOW_DAYS = 365 * 5
MAX_AFTERCARE_INTERVAL_DAYS = 365


def _country_id(country) -> int:
    return getattr(country, "pk", country)


def settings_for(country) -> CareSettings:
    """The country's settings (a Country or its id), or the defaults (unsaved) when it has none."""
    country_id = _country_id(country)
    found = CareSettings.objects.filter(country_id=country_id).first()
    if found is None:
        found = CareSettings(
            country_id=country_id,
            emergency_assessment_hours=DEFAULT_EMERGENCY_ASSESSMENT_HOURS,
            review_interval_days=DEFAULT_REVIEW_INTERVAL_DAYS,
            stability_moves=DEFAULT_STABILITY_MOVES,
            stability_window_days=DEFAULT_STABILITY_WINDOW_DAYS,
            aftercare_interval_days=DEFAULT_AFTERCARE_INTERVAL_DAYS,
        )
    return found


def validate_settings(values: dict) -> dict:
    """Errors by field for a full set of settings (empty when they are fine)."""
    bounds = {
        "emergency_assessment_hours": (1, MAX_EMERGENCY_ASSESSMENT_HOURS),
        "review_interval_days": (1, MAX_REVIEW_INTERVAL_DAYS),
        "stability_moves": (1, 50),
        "stability_window_days": (1, MAX_STABILITY_WINDOW_DAYS),
        "aftercare_interval_days": (1, MAX_AFTERCARE_INTERVAL_DAYS),
    }
    errors = {}
    for name, (low, high) in bounds.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            if name == "review_interval_days":
                errors[name] = _(
                    "Placements are reviewed at least every three months: give a number of days "
                    "between %(low)s and %(high)s."
                ) % {"low": low, "high": high}
            else:
                errors[name] = _("Give a whole number between %(low)s and %(high)s.") % {
                    "low": low,
                    "high": high,
                }
    return errors


@transaction.atomic
def update_settings(country, *, acting_user, **values) -> CareSettings:
    """Set a country's care settings; fields not given keep their current value. Deadlines already
    computed (emergency assessments, next reviews) stay as they are."""
    country_id = _country_id(country)
    if not has_perm_in_country(acting_user, CONFIGURE_PERMISSION, country_id):
        raise OutOfScope(_("You cannot configure care in this country."))
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    current = settings_for(country_id)
    merged = {name: getattr(current, name) for name in SETTING_FIELDS} | values
    errors = validate_settings(merged)
    if errors:
        raise ValidationError(errors)
    row, _created = CareSettings.objects.select_for_update().get_or_create(
        country_id=country_id, defaults={name: merged[name] for name in SETTING_FIELDS}
    )
    changed = [name for name in SETTING_FIELDS if _created or getattr(row, name) != merged[name]]
    for name in SETTING_FIELDS:
        setattr(row, name, merged[name])
    row.updated_by = acting_user
    row.save()
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=row,
        country_id=country_id,
        fields=changed,
        detail={name: merged[name] for name in SETTING_FIELDS},
    )
    return row


# --- permission helpers shared by the care services ------------------------------------------------


def permits(user, permission: str, country_id, site=None) -> bool:
    """Does the user hold `permission` for a record in this country (and this site, if any)?"""
    return has_perm_in_country(
        user,
        permission,
        country_id,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(site, "programme_id", None),
    )


def holds_on(user, permission: str, obj) -> bool:
    """The permission itself (not its own-home form) where the record lives."""
    return permits(user, permission, obj.country_id, obj.site if obj.site_id else None)


def require_wide(user, permission: str, obj, message) -> None:
    """The record is visible to the user and they hold the full permission where it lives.

    Used for steps an SOS parent may not take even in their own home (reviews, moves, leaving
    care): `for_user(user, "change")` would let their own-home reach through.
    """
    ensure_in_scope(obj, user, "view")
    if not holds_on(user, permission, obj):
        raise OutOfScope(message)


def check_version(obj, expected_version) -> None:
    """The edit started from the version stored now (checked early, before any validation)."""
    if expected_version is not None and expected_version != obj.version:
        raise ConflictError(obj, expected_version, obj.version)
