"""After a confirmed match: verification, best-interests determination, reunification, monitoring.

The order holds in the services, whatever page or endpoint calls them: a determination needs a
verification that confirmed the relationship; a reunification needs an approved determination to
reunify; monitoring visits are scheduled by the reunification on the request country's schedule
(default 1, 3, 6 and 12 months). A determination is approved by someone other than the person who
submitted it; when return is not in the child's best interest, approving it records the referral
to alternative care and the request ends there.

Both countries of a confirmed match work on these steps (see `TracingPart.scope_q_for_grant`).
"""

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope, apply_changes, ensure_four_eyes, ensure_in_scope, save_versioned

from ..codes import (
    BestInterestsDecision,
    DeterminationStatus,
    ProposalStatus,
    RequestStatus,
    VerificationOutcome,
    VisitOutcome,
)
from ..models import BestInterestsDetermination, MonitoringVisit, Reunification, TracingRequest, Verification
from . import matching
from .config import settings_for
from .status import set_request_status


def may_work(user, request, permission: str = "tracing.change") -> bool:
    """Either country of a confirmed match: the request's, or the one where the child is."""
    return any(
        has_perm_in_country(user, permission, country_id)
        for country_id in (request.country_id, request.matched_country_id)
        if country_id is not None
    )


def _check(user, request, permission: str = "tracing.change") -> None:
    if not may_work(user, request, permission):
        raise OutOfScope(_("You cannot work on this tracing request."))


def _audit(action, obj, request, actor, fields, detail=None) -> None:
    for country_id in dict.fromkeys(c for c in (request.country_id, request.matched_country_id) if c):
        record_event(action, actor=actor, obj=obj, country_id=country_id, fields=fields, detail=detail)


def confirmed_proposal(request):
    return request.proposals.filter(status=ProposalStatus.CONFIRMED).select_related("child").first()


def _check_confirmed(request) -> None:
    if request.status != RequestStatus.MATCH_CONFIRMED:
        raise ValidationError(_("This step comes after a confirmed match, before the request ends."))


def latest_verification(request):
    return Verification.objects.alive().filter(request=request).order_by("-verified_on", "-pk").first()


def determination_in_force(request):
    return (
        BestInterestsDetermination.objects.alive()
        .filter(request=request, status__in=[DeterminationStatus.SUBMITTED, DeterminationStatus.APPROVED])
        .first()
    )


# --- verification ----------------------------------------------------------------------------------


@transaction.atomic
def record_verification(
    request, *, acting_user, outcome: str, verified_on: date, interviews: str = "", documents: str = ""
) -> Verification:
    """Interviews and documents that confirm (or not) that child and family belong together.

    "Not related" means the match was wrong: it is rejected (never proposed again) and the
    request searches again.
    """
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    _check(acting_user, request)
    _check_confirmed(request)
    if outcome not in VerificationOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the verification.")})
    if verified_on > timezone.localdate():
        raise ValidationError({"verified_on": _("This date cannot be in the future.")})
    if not (interviews or "").strip() and not (documents or "").strip():
        raise ValidationError(_("Describe the interviews or the documents the verification rests on."))
    proposal = confirmed_proposal(request)
    verification = Verification.objects.create(
        request=request,
        proposal=proposal,
        outcome=outcome,
        verified_on=verified_on,
        interviews=interviews,
        documents=documents,
        verified_by=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
    )
    _audit(
        AuditEvent.Action.CREATE, verification, request, acting_user, ["outcome", "interviews", "documents"]
    )
    if outcome == VerificationOutcome.NOT_RELATED:
        proposal.status = ProposalStatus.REJECTED
        proposal.decision_reason = _("Verification found that the child and the family are not related.")
        save_versioned(
            proposal,
            expected_version=proposal.version,
            acting_user=acting_user,
            changed=["status", "decision_reason"],
        )
        set_request_status(
            request, RequestStatus.OPEN, acting_user=acting_user, matched_child=None, matched_country=None
        )
        matching.index_request(request)
    return verification


# --- best-interests determination ------------------------------------------------------------------


def _validate_determination(data: dict) -> None:
    errors = {}
    for name in ("panel_members", "childs_views", "reasons"):
        if not (data.get(name) or "").strip():
            errors[name] = _("This is part of every best-interests determination.")
    if data.get("decision") not in BestInterestsDecision.values:
        errors["decision"] = _("Choose the panel's decision.")
    elif (
        data["decision"] == BestInterestsDecision.NOT_IN_BEST_INTEREST
        and not (data.get("care_referral_to") or "").strip()
    ):
        errors["care_referral_to"] = _("Say where the child is referred for alternative care.")
    if errors:
        raise ValidationError(errors)


DETERMINATION_FIELDS = (
    "panel_members",
    "childs_views",
    "decision",
    "reasons",
    "care_referral_to",
    "care_referral_notes",
)


@transaction.atomic
def submit_determination(request, *, acting_user, **data) -> BestInterestsDetermination:
    """Record the panel's decision and submit it for approval (by someone else)."""
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    _check(acting_user, request)
    _check_confirmed(request)
    verification = latest_verification(request)
    if verification is None or verification.outcome != VerificationOutcome.CONFIRMED:
        raise ValidationError(_("A verification that confirms the relationship comes first."))
    if determination_in_force(request) is not None:
        raise ValidationError(_("A determination is already waiting for approval or approved."))
    _validate_determination(data)
    determination = BestInterestsDetermination.objects.create(
        request=request,
        proposal=verification.proposal,
        submitted_at=timezone.now(),
        submitted_by=acting_user,
        created_by=acting_user,
        updated_by=acting_user,
        **{name: data.get(name, "") for name in DETERMINATION_FIELDS},
    )
    _audit(AuditEvent.Action.CREATE, determination, request, acting_user, [*DETERMINATION_FIELDS, "status"])
    return determination


@transaction.atomic
def update_determination(determination, *, acting_user, expected_version: int, **data):
    """Change a determination returned for changes; it goes back for approval."""
    ensure_in_scope(determination, acting_user, "change")
    _check(acting_user, determination.request)
    if determination.status != DeterminationStatus.RETURNED:
        raise ValidationError(_("Only a determination returned for changes can be changed."))
    if determination_in_force(determination.request) is not None:
        raise ValidationError(_("A determination is already waiting for approval or approved."))
    merged = {name: getattr(determination, name) for name in DETERMINATION_FIELDS} | data
    _validate_determination(merged)
    changed = apply_changes(determination, {k: v for k, v in data.items() if k in DETERMINATION_FIELDS})
    determination.status = DeterminationStatus.SUBMITTED
    determination.submitted_at = timezone.now()
    determination.submitted_by = acting_user
    determination.decided_at = determination.decided_by = None
    save_versioned(
        determination,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=[*changed, "status", "submitted_at", "submitted_by", "decided_at", "decided_by"],
    )
    _audit(AuditEvent.Action.UPDATE, determination, determination.request, acting_user, [*changed, "status"])
    return determination


def may_decide(user, determination) -> bool:
    return (
        determination.status == DeterminationStatus.SUBMITTED
        and determination.submitted_by_id != user.pk
        and may_work(user, determination.request, "tracing.approve")
    )


def _decide(determination, status, *, acting_user, expected_version, comment):
    if not may_work(acting_user, determination.request, "tracing.approve"):
        raise PermissionDenied(_("Only a supervisor approves a best-interests determination."))
    ensure_four_eyes(
        determination.submitted_by_id,
        acting_user,
        _("Someone other than the person who submitted it approves a determination."),
    )
    if determination.status != DeterminationStatus.SUBMITTED:
        raise ValidationError(_("This determination is not waiting for approval."))
    _check_confirmed(determination.request)
    determination.status = status
    determination.decided_at = timezone.now()
    determination.decided_by = acting_user
    determination.decision_comment = comment or ""
    save_versioned(
        determination,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=["status", "decided_at", "decided_by", "decision_comment"],
    )
    _audit(
        AuditEvent.Action.UPDATE,
        determination,
        determination.request,
        acting_user,
        ["status", "decision_comment"],
        detail={"status": status},
    )


@transaction.atomic
def approve_determination(determination, *, acting_user, expected_version: int, comment: str = ""):
    """Approve the panel's decision. "Not in the child's best interest" ends the request: the
    referral to alternative care is recorded (the care module takes it from there)."""
    determination = BestInterestsDetermination.objects.select_related("request").get(pk=determination.pk)
    _decide(
        determination,
        DeterminationStatus.APPROVED,
        acting_user=acting_user,
        expected_version=expected_version,
        comment=comment,
    )
    if determination.decision == BestInterestsDecision.NOT_IN_BEST_INTEREST:
        request = determination.request
        set_request_status(request, RequestStatus.NOT_IN_BEST_INTEREST, acting_user=acting_user)
        _audit(
            AuditEvent.Action.CREATE,
            determination,
            request,
            acting_user,
            ["care_referral_to", "care_referral_notes"],
            detail={"referral": "alternative_care", "child": str(request.matched_child.uuid)},
        )
    return determination


@transaction.atomic
def return_determination(determination, *, acting_user, expected_version: int, comment: str):
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what must change.")})
    determination = BestInterestsDetermination.objects.select_related("request").get(pk=determination.pk)
    _decide(
        determination,
        DeterminationStatus.RETURNED,
        acting_user=acting_user,
        expected_version=expected_version,
        comment=comment,
    )
    return determination


# --- reunification and monitoring ------------------------------------------------------------------


def months_later(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def record_reunification(
    request, *, acting_user, reunified_on: date, place: str, accompanied_by: str, notes: str = ""
) -> Reunification:
    """The child is home: the request is reunified and the monitoring visits are scheduled."""
    request = TracingRequest.objects.select_for_update().get(pk=request.pk)
    _check(acting_user, request)
    _check_confirmed(request)
    determination = determination_in_force(request)
    if (
        determination is None
        or determination.status != DeterminationStatus.APPROVED
        or determination.decision != BestInterestsDecision.REUNIFY
    ):
        raise ValidationError(_("An approved best-interests determination to reunify comes first."))
    errors = {}
    if reunified_on > timezone.localdate():
        errors["reunified_on"] = _("This date cannot be in the future.")
    if not (place or "").strip():
        errors["place"] = _("Say where the child was reunified.")
    if not (accompanied_by or "").strip():
        errors["accompanied_by"] = _("Say who accompanied the child.")
    if errors:
        raise ValidationError(errors)
    reunification = Reunification.objects.create(
        request=request,
        reunified_on=reunified_on,
        place=place.strip(),
        accompanied_by=accompanied_by.strip(),
        notes=notes or "",
        created_by=acting_user,
        updated_by=acting_user,
    )
    _audit(
        AuditEvent.Action.CREATE,
        reunification,
        request,
        acting_user,
        ["reunified_on", "place", "accompanied_by"],
    )
    schedule_visits(reunification, acting_user=acting_user)
    set_request_status(request, RequestStatus.REUNIFIED, acting_user=acting_user)
    return reunification


def schedule_visits(reunification, *, acting_user) -> list[MonitoringVisit]:
    """One visit per month mark of the request country's schedule."""
    months = settings_for(reunification.request.country_id).monitoring_months
    visits = [
        MonitoringVisit(
            request=reunification.request,
            reunification=reunification,
            months_after=n,
            due_on=months_later(reunification.reunified_on, n),
            created_by=acting_user,
            updated_by=acting_user,
        )
        for n in sorted(months)
    ]
    MonitoringVisit.objects.bulk_create(visits)
    return visits


@transaction.atomic
def record_visit(
    visit, *, acting_user, expected_version: int, visited_on: date, outcome: str, notes: str = ""
) -> MonitoringVisit:
    """What the visit found. A child at risk is a protection concern for the case worker too."""
    ensure_in_scope(visit, acting_user, "change")
    _check(acting_user, visit.request)
    errors = {}
    if outcome not in VisitOutcome.values:
        errors["outcome"] = _("Choose what the visit found.")
    if visited_on > timezone.localdate():
        errors["visited_on"] = _("This date cannot be in the future.")
    elif visited_on < visit.reunification.reunified_on:
        errors["visited_on"] = _("A monitoring visit comes after the reunification.")
    if errors:
        raise ValidationError(errors)
    changed = apply_changes(visit, {"visited_on": visited_on, "outcome": outcome, "notes": notes or ""})
    visit.visited_by = acting_user
    save_versioned(
        visit, expected_version=expected_version, acting_user=acting_user, changed=[*changed, "visited_by"]
    )
    _audit(AuditEvent.Action.UPDATE, visit, visit.request, acting_user, changed)
    return visit
