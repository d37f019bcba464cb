"""Consent, assent and the legal basis for processing a child's data without consent.

`consent_allows(case, purpose)` is the one question other parts ask ("may we share?", "may we
trace?"): true when a consent in force covers the purpose, or a supervisor approved a legal basis
for it. A consent is in force when it is a consent (not only a child's assent), the person agreed
to the interview, and it has not been withdrawn. A younger child's assent is recorded alongside a
caregiver's or guardian's consent; on its own it authorises nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.services import ensure_four_eyes, ensure_in_scope, save_versioned
from trygg.people.models import Person

from ..models import (
    CONSENT_CHECKLIST,
    Case,
    Consent,
    ConsentGiver,
    ConsentKind,
    ConsentPurpose,
    LegalBasis,
    LegalBasisCode,
    LegalBasisStatus,
)
from .case import NotAllowed, case_permits
from .timeline import record_case_event

CHECKLIST_FIELDS = [name for name, _question in CONSENT_CHECKLIST]


def current_consents(case: Case):
    return Consent.objects.alive().filter(
        case=case, kind=ConsentKind.CONSENT, consents_to_interview=True, withdrawn_at__isnull=True
    )


def approved_legal_bases(case: Case):
    return LegalBasis.objects.alive().filter(case=case, status=LegalBasisStatus.APPROVED)


def allowed_purposes(case: Case) -> set[str]:
    """Every purpose covered by a consent in force or an approved legal basis (two queries)."""
    purposes: set[str] = set()
    for values in current_consents(case).values_list("purposes", flat=True):
        purposes.update(values or [])
    for values in approved_legal_bases(case).values_list("purposes", flat=True):
        purposes.update(values or [])
    return purposes


def consent_allows(case: Case, purpose: str) -> bool:
    """May the case's data be used for `purpose` (registration, sharing, tracing, research)?"""
    return purpose in allowed_purposes(case)


def _clean_purposes(purposes, errors: dict) -> list[str]:
    purposes = list(dict.fromkeys(purposes or []))
    if not purposes:
        errors["purposes"] = _("Choose at least one purpose.")
    unknown = [p for p in purposes if p not in ConsentPurpose.values]
    if unknown:
        errors["purposes"] = _("Unknown purposes: %(purposes)s.") % {"purposes": ", ".join(map(str, unknown))}
    return purposes


def _ensure_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError({NON_FIELD_ERRORS: _("This case is closed. A supervisor can reopen it.")})


@transaction.atomic
def record_consent(
    case: Case,
    *,
    given_by,
    kind,
    purposes,
    acting_user,
    given_at=None,
    given_by_person=None,
    note: str = "",
    **checklist,
) -> Consent:
    """Record a consent or assent with the HTCDS checklist (keyword booleans named as the fields).

    A consent in which the person agrees must show they were told the purpose and the use of the
    data (informed consent), and told about research use when research is among the purposes.
    """
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case)
    unknown = set(checklist) - set(CHECKLIST_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    answers = {name: bool(checklist.get(name, False)) for name in CHECKLIST_FIELDS}
    errors: dict = {}
    now = timezone.now()
    given_at = given_at or now
    if given_by not in ConsentGiver.values:
        errors["given_by"] = _("Say who gave it: the child, a parent or caregiver, or a legal guardian.")
    if kind not in ConsentKind.values:
        errors["kind"] = _("Say whether it is a consent or a child's assent.")
    elif kind == ConsentKind.ASSENT and given_by != ConsentGiver.CHILD:
        errors["kind"] = _("Only a child gives assent; a parent, caregiver or guardian gives consent.")
    purposes = _clean_purposes(purposes, errors)
    if given_at > now:
        errors["given_at"] = _("Consent cannot be given in the future.")
    if given_by_person is not None:
        if not Person.objects.for_user(acting_user).filter(pk=given_by_person.pk).exists():
            errors["given_by_person"] = _("This person is not in your scope.")
        elif given_by == ConsentGiver.CHILD and given_by_person.pk != case.child_id:
            errors["given_by_person"] = _("When the child gives it, the person is the case's child.")
    elif given_by == ConsentGiver.CHILD:
        given_by_person = case.child
    if answers["consents_to_interview"]:
        if not (answers["informed_of_purpose"] and answers["informed_of_data_use"]):
            errors["informed_of_purpose"] = _(
                "Consent is informed only once the person has been told the purpose and the use of the data."
            )
        if ConsentPurpose.RESEARCH in purposes and not answers["informed_of_research_use"]:
            errors["informed_of_research_use"] = _(
                "For research use, the person must have been told about research use of non-identifying data."
            )
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        case=case,
        given_by=given_by,
        given_by_person=given_by_person,
        kind=kind,
        purposes=purposes,
        given_at=given_at,
        note=(note or "").strip(),
        created_by=acting_user,
        updated_by=acting_user,
        **answers,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=consent,
        fields=["given_by", "given_by_person", "kind", "purposes", "given_at", *CHECKLIST_FIELDS],
        detail={"case": str(case.uuid)},
    )
    record_case_event(
        case,
        "consent_recorded",
        actor=acting_user,
        obj=consent,
        detail={
            "given_by": given_by,
            "kind": kind,
            "purposes": purposes,
            "agreed": answers["consents_to_interview"],
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(
    consent: Consent, *, acting_user, expected_version, withdrawn_at=None, note=""
) -> Consent:
    """The person withdraws their consent: from now on it covers nothing (it stays on record)."""
    ensure_in_scope(consent, acting_user, "change")
    now = timezone.now()
    withdrawn_at = withdrawn_at or now
    if consent.withdrawn_at is not None:
        raise ValidationError({NON_FIELD_ERRORS: _("This consent is already withdrawn.")})
    if withdrawn_at > now:
        raise ValidationError({"withdrawn_at": _("A withdrawal cannot be in the future.")})
    if withdrawn_at < consent.given_at:
        raise ValidationError({"withdrawn_at": _("A consent cannot be withdrawn before it was given.")})
    consent.withdrawn_at = withdrawn_at
    consent.withdrawal_note = (note or "").strip()
    changed = ["withdrawn_at", "withdrawal_note"]
    save_versioned(consent, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=consent,
        fields=changed,
        detail={"case": str(consent.case.uuid)},
    )
    record_case_event(
        consent.case,
        "consent_withdrawn",
        actor=acting_user,
        obj=consent,
        detail={"given_by": consent.given_by, "purposes": consent.purposes},
    )
    return consent


@transaction.atomic
def request_legal_basis(case: Case, *, basis, purposes, explanation, acting_user) -> LegalBasis:
    """A caseworker asks to process the child's data without consent, on a legal basis."""
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case)
    errors: dict = {}
    if basis not in LegalBasisCode.values:
        errors["basis"] = _("Choose the legal basis.")
    purposes = _clean_purposes(purposes, errors)
    explanation = (explanation or "").strip()
    if not explanation:
        errors["explanation"] = _("Explain why consent cannot be obtained and why this basis applies.")
    if errors:
        raise ValidationError(errors)
    legal_basis = LegalBasis.objects.create(
        case=case,
        basis=basis,
        purposes=purposes,
        explanation=explanation,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=legal_basis,
        fields=["basis", "purposes", "explanation"],
        detail={"case": str(case.uuid)},
    )
    record_case_event(
        case,
        "legal_basis_requested",
        actor=acting_user,
        obj=legal_basis,
        detail={"basis": basis, "purposes": purposes},
    )
    return legal_basis


def _decide(legal_basis: LegalBasis, *, status, acting_user, note, expected_version, note_required=False):
    case = legal_basis.case
    ensure_in_scope(legal_basis, acting_user, "view")
    if not case_permits(acting_user, "case.approve", case):
        raise NotAllowed(_("Only a supervisor can decide on a legal basis."))
    if legal_basis.status != LegalBasisStatus.REQUESTED:
        raise ValidationError({NON_FIELD_ERRORS: _("This legal basis has already been decided.")})
    ensure_four_eyes(
        legal_basis.created_by_id,
        acting_user,
        _("You asked for this legal basis: another supervisor must decide on it."),
        error=NotAllowed,
    )
    if note_required and not (note or "").strip():
        raise ValidationError({"note": _("Say why the legal basis is refused.")})
    legal_basis.status = status
    legal_basis.decided_at = timezone.now()
    legal_basis.decided_by = acting_user
    legal_basis.decision_note = (note or "").strip()
    changed = ["status", "decided_at", "decided_by", "decision_note"]
    save_versioned(legal_basis, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=legal_basis,
        fields=changed,
        detail={"case": str(case.uuid), "status": status},
    )
    kind = "legal_basis_approved" if status == LegalBasisStatus.APPROVED else "legal_basis_rejected"
    record_case_event(
        case,
        kind,
        actor=acting_user,
        obj=legal_basis,
        detail={"basis": legal_basis.basis, "purposes": legal_basis.purposes},
    )
    return legal_basis


@transaction.atomic
def approve_legal_basis(
    legal_basis: LegalBasis, *, acting_user, note: str = "", expected_version=None
) -> LegalBasis:
    """A supervisor (not the one who asked) approves: the basis now covers its purposes."""
    return _decide(
        legal_basis,
        status=LegalBasisStatus.APPROVED,
        acting_user=acting_user,
        note=note,
        expected_version=expected_version,
    )


@transaction.atomic
def reject_legal_basis(
    legal_basis: LegalBasis, *, acting_user, note: str, expected_version=None
) -> LegalBasis:
    """A supervisor refuses the legal basis and says why."""
    return _decide(
        legal_basis,
        status=LegalBasisStatus.REJECTED,
        acting_user=acting_user,
        note=note,
        expected_version=expected_version,
        note_required=True,
    )
