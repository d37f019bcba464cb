"""Transfers of a child's case to another country (a child from Nepal found in India).

The sending country's caseworker requests it (with consent to sharing); a supervisor in the
receiving country accepts or rejects it. On acceptance the receiving country registers its own copy
of the child (names and birth date only) and opens a new case; the sending case is closed as
ClosedReferred ("transferred") and its country keeps only a summary, until the receiving country
shares the details (`share_transfer_details`).

Every step is audited once for each of the two countries (so that each country's data protection
officer sees it) and written on the sending case's timeline (and the receiving case's, once open).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import country_ids_for
from trygg.core.services import ensure_in_scope, save_versioned
from trygg.people.services import register_person

from ..codes import CaseStatus, ClosureReason, Stage
from ..models import Case, Transfer
from .case import open_case
from .consent import consent_allows
from .management import ensure_open
from .timeline import record_case_event

TRANSFER_PERMISSION = "case.transfer"
# What the receiving country's copy of the child starts with: who the child is, nothing of the case.
COPIED_PERSON_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "gender",
    "date_of_birth",
    "date_of_birth_is_estimate",
    "languages",
)


# What the sending country keeps of a case after an accepted transfer (see `visible_in_full`):
# the case's own fields, by name (the API shows the others as null)...
SUMMARY_FIELDS = frozenset(
    {
        "uuid",
        "reference",
        "country",
        "site",
        "child",
        "child_reference",
        "episode",
        "stage",
        "status",
        "identified_at",
        "closure_reason",
        "closed_at",
        "summary_only",
        "version",
        "created_at",
        "updated_at",
    }
)
# ... and the timeline lines it keeps, by kind, with whether their description is kept too (the
# description of "opened" names the risk level, which is not part of the summary). Notes written
# on timeline lines are never part of the summary.
SUMMARY_EVENT_KINDS = {
    "opened": False,
    "stage_changed": True,
    "closed": True,
    "transfer_requested": True,
    "transfer_accepted": True,
    "transfer_rejected": True,
    "transfer_details_shared": True,
}


def visible_in_full(case: Case, user) -> bool:
    """May `user` see more of this case than its summary?

    After an accepted transfer the sending country keeps a summary only until the receiving country
    shares the details. Pages and API endpoints that show anything else of a case call this and
    show the summary when it is False. `user` is part of the signature so that the rule can grow
    (e.g. per-user exceptions) without changing its callers.

    The summary is: the case's reference, its dates (identified, closed, created, changed), stage,
    status and closure reason, where it was held (country, site, episode), and the transfer record
    (the transfers panel, page and endpoint). Not in it: risk level and urgency, deadlines and
    first action, caseworker and supervisor, the closure request and note, every part of the case
    (consents, screenings and profile, assessment, plan, services, follow-ups, notes) and timeline
    lines other than `SUMMARY_EVENT_KINDS`; list filters on hidden fields (risk level, caseworker,
    exploitation type) never match such a case.

    The child: the case keeps pointing at the child's person record (its UUID and reference). The
    child's identity (names, birth date) is shown exactly when that person record is in the
    user's scope anyway (`Person.objects.for_user`): it is the sending country's own record of
    the child, which the transfer does not take away (the receiving country registered its own
    copy). A summary case never adds access to the person.
    """
    return not case.summary_only


def may_decide(user, transfer: Transfer) -> bool:
    """A supervisor holding the transfer permission for the whole receiving country decides."""
    countries = country_ids_for(user, TRANSFER_PERMISSION)
    return countries is None or transfer.to_country_id in countries


def _audit(action: str, transfer: Transfer, actor, fields) -> None:
    """One event per country: each country's data protection officer sees the whole story."""
    for country_id in (transfer.from_country_id, transfer.to_country_id):
        record_event(
            action,
            actor=actor,
            obj=transfer,
            country_id=country_id,
            fields=fields,
            detail={"sending_case": str(transfer.transferred_from.uuid)},
        )


@transaction.atomic
def request_transfer(case: Case, *, to_country, reason: str, acting_user) -> Transfer:
    """Ask another country where the organisation works to take over the child's case."""
    ensure_in_scope(case, acting_user, "change")
    ensure_open(case)
    errors = {}
    if to_country.pk == case.country_id:
        errors["to_country"] = _("Choose another country than the one the case is in.")
    elif not to_country.is_operating:
        errors["to_country"] = _("The organisation does not work in that country.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the case should be transferred.")
    if errors:
        raise ValidationError(errors)
    if Transfer.objects.pending().filter(transferred_from=case).exists():
        raise ValidationError(_("A transfer of this case is already waiting for an answer."))
    if not consent_allows(case, "sharing"):
        raise ValidationError(
            _(
                "A transfer shares the child's information with another country: record a consent "
                "to sharing (or a legal basis approved by a supervisor) first."
            )
        )
    transfer = Transfer.objects.create(
        transferred_from=case,
        from_country_id=case.country_id,
        to_country=to_country,
        reason=reason,
        requested_at=timezone.now(),
        requested_by=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    _audit(AuditEvent.Action.CREATE, transfer, acting_user, ["to_country", "reason"])
    record_case_event(
        case, "transfer_requested", actor=acting_user, obj=transfer, detail={"to_country": to_country.code}
    )
    ensure_in_scope(transfer, acting_user, "view")
    return transfer


def _check_decision(transfer: Transfer, acting_user, status: str) -> None:
    ensure_in_scope(transfer, acting_user, "view")
    if not may_decide(acting_user, transfer):
        raise PermissionDenied(_("Only a supervisor in the receiving country may decide on a transfer."))
    if transfer.status != status:
        raise ValidationError(
            _("This transfer is %(status)s: nothing more can be decided on it.")
            % {"status": transfer.get_status_display()}
        )


def _copy_child(child, *, country, site, acting_user):
    """Register the child in the receiving country under the same names and birth date."""
    data = {name: getattr(child, name) for name in COPIED_PERSON_FIELDS}
    # The place of origin is a location of the sending country, which the receiving one cannot see:
    # keep it as text.
    origin = child.place_of_origin.name if child.place_of_origin_id else ""
    data["place_of_origin_detail"] = ", ".join(p for p in (origin, child.place_of_origin_detail) if p)[:300]
    return register_person(
        country=country,
        site=site,
        acting_user=acting_user,
        nationalities=list(child.nationalities.all()),
        **data,
    )


@transaction.atomic
def accept_transfer(
    transfer: Transfer, *, acting_user, expected_version: int, site=None, comment: str = ""
) -> Transfer:
    """The receiving country takes the case over: a new case there, the sending case closed."""
    _check_decision(transfer, acting_user, Transfer.Status.REQUESTED)
    if site is not None and site.country_id != transfer.to_country_id:
        raise ValidationError({"site": _("The site must be in the receiving country.")})
    now = timezone.now()
    transfer.status = Transfer.Status.ACCEPTED
    transfer.decided_at = now
    transfer.decided_by = acting_user
    transfer.decision_comment = comment
    # The version check comes first, so that two supervisors accepting at once open one case.
    save_versioned(
        transfer,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=["status", "decided_at", "decided_by", "decision_comment"],
    )
    sending = Case.objects.select_related("child__place_of_origin").get(pk=transfer.transferred_from_id)
    child = _copy_child(sending.child, country=transfer.to_country, site=site, acting_user=acting_user)
    receiving = open_case(
        child=child,
        country=transfer.to_country,
        site=site,
        risk_level=sending.risk_level,
        urgent_protection_concern=sending.urgent_protection_concern,
        acting_user=acting_user,
    )
    transfer.receiving_case = receiving
    save_versioned(transfer, expected_version=None, acting_user=acting_user, changed=["receiving_case"])
    _audit(
        AuditEvent.Action.UPDATE,
        transfer,
        acting_user,
        ["status", "decided_at", "decided_by", "decision_comment", "receiving_case"],
    )

    sending.status = CaseStatus.CLOSED_REFERRED
    sending.stage = Stage.CLOSURE
    sending.closure_reason = ClosureReason.TRANSFERRED
    sending.closed_at = now
    sending.closed_by = acting_user
    sending.summary_only = not transfer.share_full
    closed = ["status", "stage", "closure_reason", "closed_at", "closed_by", "summary_only"]
    save_versioned(sending, expected_version=None, acting_user=acting_user, changed=closed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=sending, fields=closed)
    record_case_event(
        sending,
        "transfer_accepted",
        actor=acting_user,
        obj=transfer,
        detail={"to_country": transfer.to_country.code, "receiving_case": receiving.reference},
    )
    record_case_event(
        receiving,
        "transferred_in",
        actor=acting_user,
        obj=transfer,
        detail={"from_country": transfer.from_country.code, "sending_case": sending.reference},
    )
    ensure_in_scope(receiving, acting_user, "view")
    return transfer


@transaction.atomic
def reject_transfer(transfer: Transfer, *, acting_user, expected_version: int, comment: str) -> Transfer:
    """The receiving country declines the case, saying why; the sending case goes on as before."""
    _check_decision(transfer, acting_user, Transfer.Status.REQUESTED)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say why the transfer is rejected.")})
    transfer.status = Transfer.Status.REJECTED
    transfer.decided_at = timezone.now()
    transfer.decided_by = acting_user
    transfer.decision_comment = comment
    changed = ["status", "decided_at", "decided_by", "decision_comment"]
    save_versioned(transfer, expected_version=expected_version, acting_user=acting_user, changed=changed)
    _audit(AuditEvent.Action.UPDATE, transfer, acting_user, changed)
    record_case_event(
        transfer.transferred_from,
        "transfer_rejected",
        actor=acting_user,
        obj=transfer,
        detail={"to_country": transfer.to_country.code},
    )
    return transfer


@transaction.atomic
def share_transfer_details(transfer: Transfer, *, acting_user, expected_version: int) -> Transfer:
    """The receiving country lets the sending country see the whole closed case again."""
    _check_decision(transfer, acting_user, Transfer.Status.ACCEPTED)
    if transfer.share_full:
        raise ValidationError(_("The details of this case are already shared with the sending country."))
    transfer.share_full = True
    transfer.shared_at = timezone.now()
    save_versioned(
        transfer,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=["share_full", "shared_at"],
    )
    _audit(AuditEvent.Action.UPDATE, transfer, acting_user, ["share_full", "shared_at"])
    sending = transfer.transferred_from
    sending.refresh_from_db()
    sending.summary_only = False
    save_versioned(sending, expected_version=None, acting_user=acting_user, changed=["summary_only"])
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=sending, fields=["summary_only"])
    record_case_event(sending, "transfer_details_shared", actor=acting_user, obj=transfer)
    return transfer
