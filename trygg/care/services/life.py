"""Life in care: contact with the family, contact restrictions, safeguarding incidents.

SOS parents record family contact and report incidents for the children of their own homes;
restrictions (someone who must not see the child, e.g. a relative involved in the trafficking) are
set by the caseworker or the village director and are enforced here: a contact with a person
under a no-contact restriction is refused, supervised contact must say who supervised.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.services import OutOfScope, apply_changes, ensure_in_scope, save_versioned
from trygg.core.text import normalise
from trygg.people.models import Person

from ..codes import (
    ContactKind,
    ContactOutcome,
    ContactStatus,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    PlacementStatus,
    RestrictionKind,
)
from ..models import ContactRestriction, FamilyContact, IncidentAction, Placement, SafeguardingIncident
from .config import check_version, holds_on, permits

CONTACT_FIELDS = ("kind", "status", "with_whom", "planned_for", "happened_on", "outcome", "notes")


def _not_future(day, field) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})


# --- family contact --------------------------------------------------------------------------------


def _words(*parts: str) -> str:
    """Names compared as words: case, accents and punctuation ignored ("Ochieng," ~ "ochieng")."""
    return " ".join(re.sub(r"[^\w]+", " ", normalise(*parts)).split())


def _names(restriction) -> list[str]:
    names = [_words(restriction.restricted_name)]
    person = restriction.restricted_person
    if person is not None:
        names.append(_words(person.given_name, person.family_name))
    return [name for name in names if name]


def restriction_for(child, with_whom: str, *, today=None):
    """The restriction in force (no-contact first) that names someone in `with_whom`, or None.

    Checked on every restriction of the child, whether or not the user may read it: safety does
    not depend on who records the contact.
    """
    text = f" {_words(with_whom)} "
    found = None
    restrictions = (
        ContactRestriction.objects.in_force(today).filter(child=child).select_related("restricted_person")
    )
    for restriction in restrictions:
        if any(f" {name} " in text for name in _names(restriction)):
            if restriction.kind == RestrictionKind.NO_CONTACT:
                return restriction
            found = found or restriction
    return found


def _validate_contact(data: dict, child) -> None:
    errors = {}
    if data.get("kind") not in ContactKind.values:
        errors["kind"] = _("Choose the kind of contact.")
    status = data.get("status")
    if status not in ContactStatus.values:
        errors["status"] = _("Choose whether the contact is planned, happened or was cancelled.")
    if not (data.get("with_whom") or "").strip():
        errors["with_whom"] = _("Say with whom the child has contact.")
    if status == ContactStatus.HAPPENED:
        if data.get("happened_on") is None:
            errors["happened_on"] = _("Give the date the contact happened.")
        elif data["happened_on"] > timezone.localdate():
            errors["happened_on"] = _("This date cannot be in the future.")
        if data.get("outcome") not in ContactOutcome.values:
            errors["outcome"] = _("Say how the contact went for the child.")
    elif data.get("outcome"):
        errors["outcome"] = _("How it went is recorded once the contact happened.")
    if status == ContactStatus.PLANNED and data.get("planned_for") is None:
        errors["planned_for"] = _("Give the date the contact is planned for.")
    if errors:
        raise ValidationError(errors)
    if status == ContactStatus.CANCELLED:
        return
    restriction = restriction_for(child, data["with_whom"])
    if restriction is None:
        return
    if restriction.kind == RestrictionKind.NO_CONTACT:
        raise ValidationError(
            {
                "with_whom": _(
                    "%(name)s must have no contact with the child. The restriction says why: %(reason)s"
                )
                % {"name": restriction.restricted_name, "reason": restriction.reason}
            }
        )
    if not (data.get("notes") or "").strip():
        raise ValidationError(
            {
                "notes": _(
                    "Contact with %(name)s is allowed only under supervision (%(reason)s): write in "
                    "the notes who supervises it."
                )
                % {"name": restriction.restricted_name, "reason": restriction.reason}
            }
        )


@transaction.atomic
def record_family_contact(
    placement,
    *,
    acting_user,
    kind,
    status,
    with_whom,
    planned_for=None,
    happened_on=None,
    outcome="",
    notes="",
) -> FamilyContact:
    """A planned or actual visit, call or letter between the child and their family."""
    placement = Placement.objects.select_related("child").get(pk=placement.pk)
    ensure_in_scope(placement, acting_user, "change")
    if placement.status != PlacementStatus.ACTIVE:
        raise ValidationError(_("This placement has ended."))
    data = {
        "kind": kind,
        "status": status,
        "with_whom": (with_whom or "").strip(),
        "planned_for": planned_for,
        "happened_on": happened_on,
        "outcome": outcome or "",
        "notes": (notes or "").strip(),
    }
    _validate_contact(data, placement.child)
    contact = FamilyContact.objects.create(
        country_id=placement.country_id,
        site_id=placement.site_id,
        placement=placement,
        created_by=acting_user,
        updated_by=acting_user,
        **data,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=contact,
        fields=list(CONTACT_FIELDS),
        detail={"placement": str(placement.uuid), "kind": kind, "status": status},
    )
    return contact


@transaction.atomic
def update_family_contact(contact, *, acting_user, expected_version, **changes) -> FamilyContact:
    """Change a contact, e.g. a planned visit that happened; the restrictions are checked again."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    contact = FamilyContact.objects.select_for_update().get(pk=contact.pk)
    ensure_in_scope(contact, acting_user, "change")
    check_version(contact, expected_version)
    for name in ("with_whom", "notes"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    if "outcome" in changes:
        changes["outcome"] = changes["outcome"] or ""
    merged = {name: getattr(contact, name) for name in CONTACT_FIELDS} | changes
    _validate_contact(merged, contact.placement.child)
    changed = apply_changes(contact, changes)
    if changed:
        save_versioned(contact, expected_version=expected_version, acting_user=acting_user, changed=changed)
        record_event(
            AuditEvent.Action.UPDATE,
            actor=acting_user,
            obj=contact,
            fields=changed,
            detail={"status": contact.status},
        )
    return contact


# --- contact restrictions --------------------------------------------------------------------------


def may_restrict(user, child) -> bool:
    """The caseworker or supervisor of the child's country, or whoever holds the full change
    permission on the child's current placement (the village director). Not an SOS parent."""
    if permits(user, "placement.add", child.country_id) and (
        Person.objects.for_user(user, "view").filter(pk=child.pk).exists()
    ):
        return True
    placement = Placement.objects.active().filter(child=child).select_related("site").first()
    return bool(
        placement is not None
        and Placement.objects.for_user(user, "view").filter(pk=placement.pk).exists()
        and holds_on(user, "placement.change", placement)
    )


@transaction.atomic
def add_contact_restriction(
    child,
    *,
    acting_user,
    restricted_name,
    kind,
    reason,
    valid_from,
    valid_until=None,
    restricted_person=None,
    relationship="",
) -> ContactRestriction:
    """Someone who must not contact the child (or only under supervision), with the reason: the
    whole team sees it as a safety warning."""
    if not may_restrict(acting_user, child):
        raise OutOfScope(_("You cannot set contact restrictions for this child."))
    restricted_name = (restricted_name or "").strip()
    if not restricted_name and restricted_person is not None:
        restricted_name = restricted_person.full_name
    errors = {}
    if not restricted_name:
        errors["restricted_name"] = _("Say who the restriction is about.")
    if restricted_person is not None and (
        restricted_person.pk == child.pk or restricted_person.country_id != child.country_id
    ):
        errors["restricted_person"] = _(
            "Choose a person registered in the child's country, other than the child."
        )
    if kind not in RestrictionKind.values:
        errors["kind"] = _("Choose the kind of restriction.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason: the team needs it to keep the child safe.")
    if valid_from is None:
        errors["valid_from"] = _("Give the date the restriction starts.")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The restriction cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    restriction = ContactRestriction.objects.create(
        country_id=child.country_id,
        child=child,
        restricted_name=restricted_name,
        restricted_person=restricted_person,
        relationship=(relationship or "").strip(),
        kind=kind,
        reason=reason.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=restriction,
        fields=[
            "child",
            "restricted_name",
            "restricted_person",
            "relationship",
            "kind",
            "reason",
            "valid_from",
            "valid_until",
        ],
        detail={"child": str(child.uuid), "kind": kind},
        subjects=[child.uuid],
    )
    return restriction


@transaction.atomic
def lift_contact_restriction(restriction, *, acting_user, expected_version, reason) -> ContactRestriction:
    restriction = (
        ContactRestriction.objects.select_for_update(of=("self",))
        .select_related("child")
        .get(pk=restriction.pk)
    )
    ensure_in_scope(restriction, acting_user, "view")
    if not may_restrict(acting_user, restriction.child):
        raise OutOfScope(_("You cannot lift contact restrictions for this child."))
    check_version(restriction, expected_version)
    if restriction.lifted_at is not None:
        raise ValidationError(_("This restriction was already lifted."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the restriction is lifted.")})
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = acting_user
    restriction.lift_reason = reason.strip()
    save_versioned(
        restriction,
        expected_version=restriction.version,
        acting_user=acting_user,
        changed=["lifted_at", "lifted_by", "lift_reason"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=restriction,
        fields=["lifted_at", "lift_reason"],
        detail={"child": str(restriction.child.uuid), "lifted": True},
    )
    return restriction


def restrictions_in_force(child, user, *, today=None):
    """The child's restrictions in force that the user may read (the safety banner)."""
    return (
        ContactRestriction.objects.for_user(user, "view")
        .in_force(today)
        .filter(child=child)
        .select_related("restricted_person")
        .order_by("kind", "restricted_name")
    )


# --- safeguarding incidents ------------------------------------------------------------------------


def may_report(user, placement) -> bool:
    """Careincident.add where the placement lives, or the own-home form for the home's carers."""
    if not Placement.objects.for_user(user, "view").filter(pk=placement.pk).exists():
        return False
    if holds_on(user, "careincident.add", placement):
        return True
    return holds_on(user, "careincident.add_own_home", placement) and (
        placement.home.carers.filter(pk=user.pk).exists()
    )


@transaction.atomic
def report_incident(
    placement, *, acting_user, occurred_on, category, severity, description, immediate_action=""
) -> SafeguardingIncident:
    """Something that harmed or endangered a child in care (sensitive)."""
    placement = Placement.objects.select_related("site", "home").get(pk=placement.pk)
    if not may_report(acting_user, placement):
        raise OutOfScope(_("You cannot report incidents for this child."))
    errors = {}
    if occurred_on is None:
        errors["occurred_on"] = _("Give the date it happened.")
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = _("This date cannot be in the future.")
    elif occurred_on < placement.started_on or (placement.ended_on and occurred_on > placement.ended_on):
        errors["occurred_on"] = _("The date must fall within the placement.")
    if category not in IncidentCategory.values:
        errors["category"] = _("Choose what happened.")
    if severity not in IncidentSeverity.values:
        errors["severity"] = _("Choose how severe it was.")
    if not (description or "").strip():
        errors["description"] = _("Describe what happened.")
    if errors:
        raise ValidationError(errors)
    incident = SafeguardingIncident.objects.create(
        country_id=placement.country_id,
        site_id=placement.site_id,
        placement=placement,
        occurred_on=occurred_on,
        category=category,
        severity=severity,
        description=description.strip(),
        immediate_action=(immediate_action or "").strip(),
        status=IncidentStatus.OPEN,
        reported_by=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=incident,
        fields=["occurred_on", "category", "severity", "description", "immediate_action"],
        detail={"placement": str(placement.uuid), "category": category, "severity": severity},
    )
    ensure_in_scope(incident, acting_user, "view")
    return incident


def _open_incident(incident, user) -> SafeguardingIncident:
    incident = SafeguardingIncident.objects.select_for_update().get(pk=incident.pk)
    ensure_in_scope(incident, user, "change")
    return incident


@transaction.atomic
def add_incident_action(incident, *, acting_user, action, responsible, due_on) -> IncidentAction:
    incident = _open_incident(incident, acting_user)
    if incident.status != IncidentStatus.OPEN:
        raise ValidationError(_("This incident is closed."))
    errors = {}
    if not (action or "").strip():
        errors["action"] = _("Say what is to be done.")
    if not (responsible or "").strip():
        errors["responsible"] = _("Say who is responsible.")
    if due_on is None:
        errors["due_on"] = _("Give the date it is due.")
    if errors:
        raise ValidationError(errors)
    row = IncidentAction.objects.create(
        country_id=incident.country_id,
        site_id=incident.site_id,
        incident=incident,
        action=action.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=row,
        fields=["action", "responsible", "due_on"],
        detail={"incident": str(incident.uuid)},
    )
    return row


@transaction.atomic
def complete_incident_action(action, *, acting_user, expected_version, done_on) -> IncidentAction:
    action = IncidentAction.objects.select_for_update().get(pk=action.pk)
    ensure_in_scope(action, acting_user, "change")
    check_version(action, expected_version)
    if action.done_on is not None:
        raise ValidationError(_("This action is already done."))
    if done_on is None:
        raise ValidationError({"done_on": _("Give the date it was done.")})
    _not_future(done_on, "done_on")
    action.done_on = done_on
    save_versioned(action, expected_version=action.version, acting_user=acting_user, changed=["done_on"])
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=action,
        fields=["done_on"],
        detail={"incident": str(action.incident.uuid)},
    )
    return action


@transaction.atomic
def close_incident(incident, *, acting_user, expected_version, closing_note) -> SafeguardingIncident:
    """Close an incident once every follow-up action is done."""
    incident = _open_incident(incident, acting_user)
    check_version(incident, expected_version)
    if incident.status != IncidentStatus.OPEN:
        raise ValidationError(_("This incident is already closed."))
    if not (closing_note or "").strip():
        raise ValidationError({"closing_note": _("Say how the incident was resolved.")})
    open_actions = IncidentAction.objects.alive().filter(incident=incident, done_on__isnull=True).count()
    if open_actions:
        raise ValidationError(
            ngettext(
                "%(count)s follow-up action is not done yet: complete it before closing the incident.",
                "%(count)s follow-up actions are not done yet: complete them before closing the incident.",
                open_actions,
            )
            % {"count": open_actions}
        )
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = timezone.now()
    incident.closing_note = closing_note.strip()
    save_versioned(
        incident,
        expected_version=incident.version,
        acting_user=acting_user,
        changed=["status", "closed_at", "closing_note"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=incident,
        fields=["status", "closing_note"],
        detail={"status": incident.status},
    )
    return incident
