"""Leaving care and aftercare.

A child leaves care back to the family (handed over to tracing and reunification), to independent
living, or otherwise; a move to another home is a move (`placements.move_placement`), not an end.
Every leaver gets aftercare follow-up on the country's interval.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.services import save_versioned

from ..codes import AftercareSituation, LeavingRoute, PlacementStatus
from ..models import AftercareContact, Placement
from .config import check_version, require_wide, settings_for
from .placements import _check_day, _locked


@transaction.atomic
def end_placement(placement, *, acting_user, expected_version, ended_on, route, notes="") -> Placement:
    """A child leaves care: back to the family (handed over to tracing and reunification), to
    independent living, or otherwise. Aftercare follow-up is scheduled for every leaver."""
    placement = _locked(placement)
    require_wide(acting_user, "placement.change", placement, _("You cannot end this placement."))
    check_version(placement, expected_version)
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(_("This placement has already ended."))
    if route == LeavingRoute.MOVED:
        raise ValidationError({"route": _("A move to another home is recorded as a move, with its reason.")})
    if route not in LeavingRoute.values:
        raise ValidationError({"route": _("Choose how the child leaves care.")})
    if route == LeavingRoute.OTHER and not (notes or "").strip():
        raise ValidationError({"notes": _("Say how the child leaves care.")})
    _check_day(
        ended_on,
        "ended_on",
        not_before=placement.started_on,
        before_message=_("A placement cannot end before it started."),
    )
    settings = settings_for(placement.country_id)
    placement.status = PlacementStatus.ENDED
    placement.ended_on = ended_on
    placement.leaving_route = route
    placement.leaving_notes = (notes or "").strip()
    placement.next_aftercare_due = ended_on + timedelta(days=settings.aftercare_interval_days)
    changed = ["status", "ended_on", "leaving_route", "leaving_notes", "next_aftercare_due"]
    if route == LeavingRoute.REINTEGRATION:
        placement.handed_to_tracing_at = timezone.now()
        changed.append("handed_to_tracing_at")
    save_versioned(placement, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=placement,
        fields=changed,
        detail={"route": route, "handed_to_tracing": route == LeavingRoute.REINTEGRATION},
    )
    return placement


@transaction.atomic
def record_aftercare(
    placement, *, acting_user, contacted_on, situation, notes="", next_contact_due=None
) -> AftercareContact:
    """A follow-up with a young person who left care; it sets the next one."""
    placement = _locked(placement)
    require_wide(acting_user, "placement.change", placement, _("You cannot record aftercare for this child."))
    if placement.status != PlacementStatus.ENDED or placement.leaving_route == LeavingRoute.MOVED:
        raise ValidationError(_("Aftercare follows a young person who left care."))
    _check_day(
        contacted_on,
        "contacted_on",
        not_before=placement.ended_on,
        before_message=_("Aftercare comes after the young person left care."),
    )
    codes = list(dict.fromkeys(situation or []))
    errors = {}
    if not codes:
        errors["situation"] = _("Say how the young person is doing.")
    elif any(code not in AftercareSituation.values for code in codes):
        errors["situation"] = _("Choose from the list.")
    interval = settings_for(placement.country_id).aftercare_interval_days
    next_contact_due = next_contact_due or contacted_on + timedelta(days=interval)
    if next_contact_due <= contacted_on:
        errors["next_contact_due"] = _("The next contact comes after this one.")
    if errors:
        raise ValidationError(errors)
    contact = AftercareContact.objects.create(
        country_id=placement.country_id,
        site_id=placement.site_id,
        placement=placement,
        contacted_on=contacted_on,
        situation=codes,
        notes=(notes or "").strip(),
        next_contact_due=next_contact_due,
        contacted_by=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=contact,
        fields=["contacted_on", "situation", "notes", "next_contact_due"],
        detail={"placement": str(placement.uuid), "situation": codes},
    )
    placement.next_aftercare_due = next_contact_due
    save_versioned(
        placement, expected_version=placement.version, acting_user=acting_user, changed=["next_aftercare_due"]
    )
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=placement, fields=["next_aftercare_due"])
    return contact
