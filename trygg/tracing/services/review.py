"""Reviewing a proposed match: confirm or reject it, and share the child's details across borders.

The child's country decides. Its tracing officers see the whole proposal (both records side by
side); the requesting country sees only that a possible match exists in that country and its
score, until the child's country shares chosen details with it (a `Share`, with who consented).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import save_versioned

from ..codes import ProposalStatus, RequestStatus
from ..models import SHAREABLE_FIELDS, MatchProposal, Share
from ..records import place_of
from . import matching
from .status import set_request_status

REVIEW_PERMISSION = "tracing.review"


def _on_child_side(user, proposal, permission: str) -> bool:
    child = proposal.child
    site = child.site if child.site_id else None
    return has_perm_in_country(
        user,
        permission,
        proposal.child_country_id,
        site_id=child.site_id,
        programme_id=getattr(site, "programme_id", None),
    )


def sees_child(user, proposal) -> bool:
    """May the user see the child's side of the proposal (names, record, explanation)?

    Only in the country where the child is registered. Anyone else who sees the proposal (the
    requesting country) sees its country and score, and what was shared with them.
    """
    return _on_child_side(user, proposal, "tracing.view")


def may_review(user, proposal) -> bool:
    """A tracing officer of the child's country confirms, rejects and shares."""
    return _on_child_side(user, proposal, REVIEW_PERMISSION)


def _check_reviewer(user, proposal) -> None:
    if not may_review(user, proposal):
        raise PermissionDenied(
            _("Only a tracing officer of the country where the child is registered decides.")
        )


def _check_waiting(proposal) -> None:
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This match was decided already."))


def _decide(proposal, status, *, acting_user, expected_version, reason) -> None:
    proposal.status = status
    proposal.decided_at = timezone.now()
    proposal.decided_by = acting_user
    proposal.decision_reason = reason
    save_versioned(
        proposal,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=["status", "decided_at", "decided_by", "decision_reason"],
    )
    matching._audit_proposal(
        AuditEvent.Action.UPDATE,
        proposal,
        acting_user,
        ["status", "decision_reason"],
        detail={"status": status},
    )


@transaction.atomic
def confirm_proposal(proposal, *, acting_user, expected_version: int, reason: str = "") -> MatchProposal:
    """The child is the one the family is looking for: the request moves to "match confirmed",
    the request's other waiting proposals are withdrawn, verification comes next."""
    proposal = (
        MatchProposal.objects.select_for_update(of=("self",))
        .select_related("request", "child__site", "child_country")
        .get(pk=proposal.pk)
    )
    _check_reviewer(acting_user, proposal)
    _check_waiting(proposal)
    request = proposal.request
    if not request.is_searching:
        raise ValidationError(_("The request is no longer searching: it cannot take a match."))
    _decide(
        proposal,
        ProposalStatus.CONFIRMED,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason,
    )
    others = request.proposals.filter(status=ProposalStatus.PROPOSED).exclude(pk=proposal.pk)
    for other in others:
        matching._audit_proposal(
            AuditEvent.Action.UPDATE,
            other,
            acting_user,
            ["status"],
            detail={"status": ProposalStatus.WITHDRAWN},
        )
    others.update(
        status=ProposalStatus.WITHDRAWN,
        decided_at=timezone.now(),
        decided_by=acting_user,
        version=F("version") + 1,
    )
    set_request_status(
        request,
        RequestStatus.MATCH_CONFIRMED,
        acting_user=acting_user,
        matched_child=proposal.child,
        matched_country=proposal.child_country,
    )
    matching.index_request(request)
    return proposal


@transaction.atomic
def reject_proposal(proposal, *, acting_user, expected_version: int, reason: str) -> MatchProposal:
    """Not the child: the pair is never proposed again; the request searches on."""
    proposal = (
        MatchProposal.objects.select_for_update(of=("self",))
        .select_related("request", "child__site")
        .get(pk=proposal.pk)
    )
    _check_reviewer(acting_user, proposal)
    _check_waiting(proposal)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this is not the child.")})
    _decide(
        proposal,
        ProposalStatus.REJECTED,
        acting_user=acting_user,
        expected_version=expected_version,
        reason=reason.strip(),
    )
    request = proposal.request
    still_waiting = request.proposals.filter(status=ProposalStatus.PROPOSED).exists()
    if request.status == RequestStatus.MATCH_PROPOSED and not still_waiting:
        set_request_status(request, RequestStatus.OPEN, acting_user=acting_user)
    return proposal


def _values(proposal, fields, acting_user) -> dict:
    child = proposal.child
    values = {}
    for name in fields:
        if name == "sex":
            values[name] = child.gender
        elif name == "date_of_birth":
            values[name] = child.date_of_birth.isoformat() if child.date_of_birth else ""
            values["date_of_birth_is_estimate"] = child.date_of_birth_is_estimate
        elif name == "place_of_origin":
            values[name] = place_of(child)
        elif name == "current_location":
            where = [child.site.name] if child.site_id else []
            values[name] = ", ".join([*where, str(child.country)])
        elif name == "contact":
            values[name] = f"{acting_user.full_name} <{acting_user.email}>"
        else:
            values[name] = getattr(child, name)
    return values


@transaction.atomic
def share_details(proposal, *, acting_user, fields, consented_by: str, note: str = "") -> Share:
    """Let the requesting country see these details of the child (as they are now), recording who
    consented. Only the child's country shares, and only a proposal still in question or confirmed."""
    proposal = MatchProposal.objects.select_related("child__site", "child__country", "request").get(
        pk=proposal.pk
    )
    _check_reviewer(acting_user, proposal)
    if proposal.status not in (ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED):
        raise ValidationError(_("Details are shared only for a match in question or confirmed."))
    fields = list(dict.fromkeys(fields or []))
    errors = {}
    unknown = [name for name in fields if name not in SHAREABLE_FIELDS]
    if not fields or unknown:
        errors["fields"] = _("Choose what to share.")
    if not (consented_by or "").strip():
        errors["consented_by"] = _("Say who consented to sharing these details.")
    if errors:
        raise ValidationError(errors)
    share = Share.objects.create(
        proposal=proposal,
        fields=fields,
        values=_values(proposal, fields, acting_user),
        consented_by=consented_by.strip(),
        note=note or "",
        shared_at=timezone.now(),
        created_by=acting_user,
        updated_by=acting_user,
    )
    for country_id in dict.fromkeys((proposal.child_country_id, proposal.request_country_id)):
        record_event(
            AuditEvent.Action.CREATE,
            actor=acting_user,
            obj=share,
            country_id=country_id,
            fields=fields,
            detail={"proposal": str(proposal.uuid)},
        )
    return share


def shared_with_requester(proposal) -> dict:
    """Everything the child's country has shared about this proposal, later shares winning."""
    values = {}
    for share in sorted(proposal.shares.all(), key=lambda s: (s.shared_at, s.pk)):
        if not share.is_deleted:
            values.update(share.values)
    return values
