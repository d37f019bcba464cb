"""Support given to the child: services and referrals, follow-up contacts, and case notes.

Same rules as `management.py`: one transaction, scope checked before and after, an audit event with
field names only and a line on the case's timeline.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.core.services import apply_changes, ensure_in_scope, save_versioned

from ..codes import OrganisationType, SupportType
from ..models import Case, CaseNote, FollowUp, ServiceReferral
from .consent import consent_allows
from .management import (
    FOLLOW_UP_FIELDS,
    NOTE_FIELDS,
    SERVICE_FIELDS,
    audit,
    check_choice,
    check_fields,
    ensure_open,
    may_on_case,
    may_read_note,
)
from .timeline import record_case_event

SHARING = "sharing"


# --- services and referrals -----------------------------------------------------------------------


def _validate_service(data: dict) -> dict:
    """Check a complete set of service fields; an internal service names no outside organisation."""
    errors: dict = {}
    check_choice(errors, data, "support_type", SupportType.values)
    check_choice(errors, data, "provision", ServiceReferral.Provision.values)
    check_choice(errors, data, "status", ServiceReferral.Status.values)
    if data.get("provision") == ServiceReferral.Provision.REFERRAL:
        if not (data.get("organisation_name") or "").strip():
            errors["organisation_name"] = _("Name the organisation the child is referred to.")
        if not data.get("organisation_type"):
            errors["organisation_type"] = _("Say what type of organisation the child is referred to.")
        else:
            check_choice(errors, data, "organisation_type", OrganisationType.values)
    else:
        data = {**data, "organisation_name": "", "organisation_type": ""}
    if errors:
        raise ValidationError(errors)
    return data


def _check_sharing_consent(case: Case) -> None:
    if not consent_allows(case, SHARING):
        raise ValidationError(
            {
                "provision": _(
                    "A referral to an outside organisation shares the child's information: record a "
                    "consent to sharing (or a legal basis approved by a supervisor) first."
                )
            }
        )


@transaction.atomic
def add_service_referral(case: Case, *, acting_user, **data) -> ServiceReferral:
    """Record a service for the child. A referral outside the organisation needs consent to sharing."""
    check_fields(data, SERVICE_FIELDS)
    ensure_in_scope(case, acting_user, "change")
    ensure_open(case)
    data = {
        "provision": ServiceReferral.Provision.INTERNAL,
        "status": ServiceReferral.Status.PROPOSED,
        **data,
    }
    data = _validate_service(data)
    service = ServiceReferral(case=case, created_by=acting_user, updated_by=acting_user)
    if data["provision"] == ServiceReferral.Provision.REFERRAL:
        _check_sharing_consent(case)
        service.consent_checked_at = timezone.now()
    apply_changes(service, data)
    service.save()
    audit(AuditEvent.Action.CREATE, service, acting_user, [k for k, v in data.items() if v])
    record_case_event(
        case,
        "service_added",
        actor=acting_user,
        obj=service,
        detail={
            "support_type": service.support_type,
            "provision": service.provision,
            "status": service.status,
        },
    )
    ensure_in_scope(service, acting_user, "change")
    return service


@transaction.atomic
def update_service_referral(
    service: ServiceReferral, *, acting_user, expected_version: int, **data
) -> ServiceReferral:
    """Change a service: its status as it moves on, its outcome. A closed service keeps its status."""
    check_fields(data, SERVICE_FIELDS)
    ensure_in_scope(service, acting_user, "change")
    ensure_open(service.case)
    if (
        service.status in ServiceReferral.CLOSED_STATUSES
        and data.get("status", service.status) != service.status
    ):
        raise ValidationError(
            {
                "status": _("This service is %(status)s: record a new one instead.")
                % {"status": service.get_status_display()}
            }
        )
    merged = _validate_service({name: getattr(service, name) for name in SERVICE_FIELDS} | data)
    data = {name: merged[name] for name in SERVICE_FIELDS}
    is_referral = data["provision"] == ServiceReferral.Provision.REFERRAL
    newly_shared = data["provision"] != service.provision or (
        data["status"] == ServiceReferral.Status.REFERRED and service.status != data["status"]
    )
    previous_status = service.status
    changed = apply_changes(service, data)
    if is_referral and newly_shared:
        _check_sharing_consent(service.case)
        service.consent_checked_at = timezone.now()
        changed.append("consent_checked_at")
    save_versioned(service, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, service, acting_user, changed)
        detail = {"status": service.status} if service.status != previous_status else {}
        record_case_event(service.case, "service_changed", actor=acting_user, obj=service, detail=detail)
    ensure_in_scope(service, acting_user, "change")
    return service


# --- follow-ups -----------------------------------------------------------------------------------


def _validate_follow_up(data: dict, case: Case) -> None:
    errors: dict = {}
    check_choice(errors, data, "kind", FollowUp.Kind.values)
    visited_on = data.get("visited_on")
    if visited_on is None:
        errors["visited_on"] = _("Give the date of the contact.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("The date of the contact cannot be in the future.")
    next_due = data.get("next_due")
    if next_due is not None and visited_on is not None and next_due < visited_on:
        errors["next_due"] = _("The next follow-up cannot be due before this one took place.")
    visitor = data.get("visited_by")
    if visitor is not None and not may_on_case(visitor, "case.view", case):
        errors["visited_by"] = _("The visitor must be able to see this case.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_follow_up(case: Case, *, acting_user, **data) -> FollowUp:
    check_fields(data, FOLLOW_UP_FIELDS)
    ensure_in_scope(case, acting_user, "change")
    ensure_open(case)
    data = {"visited_by": acting_user, **data}
    _validate_follow_up(data, case)
    follow_up = FollowUp(case=case, created_by=acting_user, updated_by=acting_user)
    apply_changes(follow_up, data)
    follow_up.save()
    audit(AuditEvent.Action.CREATE, follow_up, acting_user, [k for k, v in data.items() if v])
    record_case_event(
        case,
        "follow_up_recorded",
        actor=acting_user,
        obj=follow_up,
        detail={
            "kind": follow_up.kind,
            "next_due": follow_up.next_due.isoformat() if follow_up.next_due else None,
        },
    )
    ensure_in_scope(follow_up, acting_user, "change")
    return follow_up


@transaction.atomic
def update_follow_up(follow_up: FollowUp, *, acting_user, expected_version: int, **data) -> FollowUp:
    check_fields(data, FOLLOW_UP_FIELDS)
    ensure_in_scope(follow_up, acting_user, "change")
    ensure_open(follow_up.case)
    _validate_follow_up({name: getattr(follow_up, name) for name in FOLLOW_UP_FIELDS} | data, follow_up.case)
    changed = apply_changes(follow_up, data)
    save_versioned(follow_up, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, follow_up, acting_user, changed)
        record_case_event(follow_up.case, "follow_up_changed", actor=acting_user, obj=follow_up)
    ensure_in_scope(follow_up, acting_user, "change")
    return follow_up


# --- notes ----------------------------------------------------------------------------------------


def _validate_note(data: dict, case: Case, user) -> None:
    if "text" in data and not (data["text"] or "").strip():
        raise ValidationError({"text": _("Write the note.")})
    if data.get("sensitive") and not may_on_case(user, CaseNote.READ_PERMISSION, case):
        raise ValidationError(
            {"sensitive": _("Only users who may read trafficking details can write a sensitive note.")}
        )


@transaction.atomic
def add_case_note(case: Case, *, acting_user, text: str, sensitive: bool = False) -> CaseNote:
    ensure_in_scope(case, acting_user, "change")
    ensure_open(case)
    _validate_note({"text": text, "sensitive": sensitive}, case, acting_user)
    note = CaseNote.objects.create(
        case=case, text=text, sensitive=sensitive, created_by=acting_user, updated_by=acting_user
    )
    audit(AuditEvent.Action.CREATE, note, acting_user, ["text", *(["sensitive"] if sensitive else [])])
    record_case_event(
        case,
        "note_added",
        actor=acting_user,
        obj=note,
        sensitivity=CaseNote.READ_PERMISSION if sensitive else "",
    )
    ensure_in_scope(note, acting_user, "change")
    return note


@transaction.atomic
def update_case_note(note: CaseNote, *, acting_user, expected_version: int, **data) -> CaseNote:
    check_fields(data, NOTE_FIELDS)
    ensure_in_scope(note, acting_user, "change")
    ensure_open(note.case)
    if not may_read_note(acting_user, note):
        raise PermissionDenied(_("Only users who may read trafficking details can change a sensitive note."))
    _validate_note(data, note.case, acting_user)
    changed = apply_changes(note, data)
    save_versioned(note, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, note, acting_user, changed)
        record_case_event(
            note.case,
            "note_changed",
            actor=acting_user,
            obj=note,
            sensitivity=CaseNote.READ_PERMISSION if note.sensitive else "",
        )
    ensure_in_scope(note, acting_user, "change")
    return note
