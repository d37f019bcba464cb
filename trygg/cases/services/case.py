"""State changes of a case: open, risk and first action, stage, assignment, closure, reopening.

Every function runs in one transaction that also writes the audit event and the timeline line,
checks the acting user's scope, and (for changes) compares the version the user started from.
Errors are `ValidationError`s keyed by the field they concern, with sentences a user can act on;
`NotAllowed` says the user may see the case but not take this step (a 403, not a 404).
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import roles_granting
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.models import ReferenceCounter
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope, apply_changes, ensure_four_eyes, ensure_in_scope, save_versioned
from trygg.people.models import Person

from ..codes import CaseStatus, ClosureReason, RiskLevel, Stage
from ..models import Case
from .stages import unmet_requirements
from .timeline import record_case_event, response_deadlines

STAGE_ORDER = list(Stage.values)

# Where a case may go from each stage with advance_stage. Forward one step at a time; back to an
# earlier working stage (to reassess or re-plan) with a reason. Closure only through
# approve_closure, and out of closure only through reopen_case.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.IDENTIFICATION: (Stage.ASSESSMENT,),
    Stage.ASSESSMENT: (Stage.CASE_PLANNING,),
    Stage.CASE_PLANNING: (Stage.IMPLEMENTATION, Stage.ASSESSMENT),
    Stage.IMPLEMENTATION: (Stage.FOLLOW_UP, Stage.CASE_PLANNING, Stage.ASSESSMENT),
    Stage.FOLLOW_UP: (Stage.IMPLEMENTATION, Stage.CASE_PLANNING, Stage.ASSESSMENT),
    Stage.CLOSURE: (),
}

# Closure reasons after which the child is followed by someone else (HTCDS "ClosedReferred").
REFERRED_REASONS = (ClosureReason.REFERRED, ClosureReason.TRANSFERRED)

_UNCHANGED = object()


class NotAllowed(PermissionDenied):
    """The user may see the case but not take this step (e.g. a caseworker approving a closure)."""


def _programme_id(case) -> int | None:
    return case.site.programme_id if case.site_id else None


def case_permits(user, permission: str, case) -> bool:
    """Does the user hold `permission` where this case lives (its country, and site if any)?"""
    return has_perm_in_country(
        user, permission, case.country_id, site_id=case.site_id, programme_id=_programme_id(case)
    )


def _require(user, permission: str, case, message) -> None:
    ensure_in_scope(case, user, "view")
    if not case_permits(user, permission, case):
        raise NotAllowed(message)


def _ensure_open(case, field: str = NON_FIELD_ERRORS) -> None:
    if case.is_closed:
        raise ValidationError({field: _("This case is closed. A supervisor can reopen it.")})


def _event(case, kind: str, *, actor, note: str = "", **kwargs):
    """A timeline line, with the user's own words (a reason, a decision) kept on it."""
    event = record_case_event(case, kind, actor=actor, **kwargs)
    if note:
        event.note = note
        event.save(update_fields=["note"])
    return event


def next_reference(country) -> str:
    """KE-2026-000123: the country, the year the case is opened, a number within both."""
    year = timezone.localdate().year
    number = ReferenceCounter.next_value(f"{country.code}-{year}")
    return f"{country.code}-{year}-{number:06d}"


def eligible_users(permission: str, *, country_id: int | None = None, site=None, country_ids=()):
    """Active users who hold `permission` for a case in this country (and site), or in any of
    `country_ids` at country level: the people a case may be assigned to, or supervised by."""
    today = timezone.localdate()
    countries = [country_id] if country_id is not None else list(country_ids)
    reach = Q(country_id__in=countries, site__isnull=True, programme__isnull=True) | Q(country__isnull=True)
    if site is not None:
        reach |= Q(country_id=site.country_id, site=site)
        if site.programme_id:
            reach |= Q(country_id=site.country_id, programme_id=site.programme_id)
    memberships = Membership.objects.filter(
        reach,
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        is_active=True,
        role__in=roles_granting(permission),
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by(
        "full_name", "email"
    )


def _check_worker(user, permission: str, country_id, site, field: str, message, errors: dict) -> None:
    if user is None:
        return
    if not user.is_active or not has_perm_in_country(
        user,
        permission,
        country_id,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(site, "programme_id", None),
    ):
        errors[field] = message


@transaction.atomic
def open_case(
    *,
    child,
    country,
    site=None,
    risk_level,
    urgent_protection_concern=False,
    identified_at=None,
    acting_user,
    assigned_worker=None,
) -> Case:
    """Open a case for a child in identification: one open case per child, each a new episode."""
    if not has_perm_in_country(
        acting_user,
        "case.add",
        country.pk,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(site, "programme_id", None),
    ):
        raise OutOfScope(_("You cannot open cases in this country or site."))
    now = timezone.now()
    identified_at = identified_at or now
    errors = {}
    if not Person.objects.for_user(acting_user).filter(pk=child.pk).exists():
        errors["child"] = _("The child is not in your scope.")
    elif child.country_id != country.pk:
        errors["child"] = _("The child must be registered in the country where the case is opened.")
    else:
        age = child.age_on(timezone.localtime(identified_at).date())
        if age is not None and age >= 18:
            errors["child"] = _("A child protection case is for a child: this person was 18 or older.")
    if site is not None and site.country_id != country.pk:
        errors["site"] = _("The site must be in the case's country.")
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = _("Choose a risk level: high, medium or low.")
    if identified_at > now:
        errors["identified_at"] = _("The child cannot have been identified in the future.")
    _check_worker(
        assigned_worker,
        "case.change",
        country.pk,
        site,
        "assigned_worker",
        _("This person cannot work on cases in this country or site."),
        errors,
    )
    if errors:
        raise ValidationError(errors)

    # Two people opening a case for the same child at once: the second waits here (PostgreSQL)
    # and then finds the first one's case; the database constraint backs this up.
    Person.objects.select_for_update().filter(pk=child.pk).first()
    existing = Case.objects.alive().open().filter(child=child).first()
    if existing is not None:
        if Case.objects.for_user(acting_user).filter(pk=existing.pk).exists():
            message = _(
                "This child already has an open case, %(reference)s. Work on that case, or close it "
                "before opening a new episode."
            ) % {"reference": existing.reference}
        else:
            message = _("This child already has an open case, held by another team.")
        raise ValidationError({"child": message})

    episode = (Case.objects.filter(child=child).aggregate(last=Max("episode"))["last"] or 0) + 1
    first_action_due, assessment_due = response_deadlines(country.pk, risk_level, identified_at)
    case = Case.objects.create(
        reference=next_reference(country),
        country=country,
        site=site,
        child=child,
        episode=episode,
        stage=Stage.IDENTIFICATION,
        status=CaseStatus.ACTIVE,
        risk_level=risk_level,
        urgent_protection_concern=bool(urgent_protection_concern),
        identified_at=identified_at,
        first_action_due=first_action_due,
        assessment_due=assessment_due,
        assigned_worker=assigned_worker,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=case,
        fields=[
            "child",
            "site",
            "risk_level",
            "urgent_protection_concern",
            "identified_at",
            "assigned_worker",
        ],
        detail={"child": str(child.uuid), "episode": episode},
    )
    record_case_event(
        case,
        "opened",
        actor=acting_user,
        obj=case,
        detail={"risk_level": risk_level, "urgent": case.urgent_protection_concern, "episode": episode},
    )
    ensure_in_scope(case, acting_user, "view")
    return case


@transaction.atomic
def set_risk(case: Case, *, risk_level, urgent, acting_user, expected_version) -> Case:
    """Change the risk level or urgency; the deadlines are computed again from identification."""
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case, "risk_level")
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Choose a risk level: high, medium or low.")})
    before = (case.risk_level, case.urgent_protection_concern)
    changed = apply_changes(case, {"risk_level": risk_level, "urgent_protection_concern": bool(urgent)})
    if not changed:
        return case
    first_action_due, assessment_due = response_deadlines(case.country_id, risk_level, case.identified_at)
    changed += apply_changes(case, {"first_action_due": first_action_due, "assessment_due": assessment_due})
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=changed)
    record_case_event(
        case,
        "risk_changed",
        actor=acting_user,
        obj=case,
        detail={
            "from": before[0],
            "to": risk_level,
            "urgent_before": before[1],
            "urgent": case.urgent_protection_concern,
        },
    )
    return case


@transaction.atomic
def record_first_action(case: Case, *, acting_user, expected_version, at=None, note: str = "") -> Case:
    """The first protective action was taken (the first deadline is met from then on)."""
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case, "first_action_at")
    now = timezone.now()
    at = at or now
    if case.first_action_at is not None:
        raise ValidationError({"first_action_at": _("The first action is already recorded for this case.")})
    if at > now:
        raise ValidationError({"first_action_at": _("The first action cannot be in the future.")})
    if at < case.identified_at:
        raise ValidationError(
            {"first_action_at": _("The first action cannot be before the child was identified.")}
        )
    case.first_action_at = at
    save_versioned(
        case, expected_version=expected_version, acting_user=acting_user, changed=["first_action_at"]
    )
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=["first_action_at"])
    _event(
        case,
        "first_action",
        actor=acting_user,
        obj=case,
        note=note,
        detail={"on_time": at <= case.first_action_due},
    )
    return case


def allowed_stages(case: Case) -> list[str]:
    """Stages the case may be moved to with advance_stage (before the requirements are checked)."""
    if case.is_closed:
        return []
    return list(TRANSITIONS[case.stage])


def is_backward(from_stage: str, to_stage: str) -> bool:
    return STAGE_ORDER.index(to_stage) < STAGE_ORDER.index(from_stage)


@transaction.atomic
def advance_stage(case: Case, *, to_stage, acting_user, expected_version, reason: str = "") -> Case:
    """Move the case to another working stage, if the order and every part's requirements allow.

    Status follows HTCDS: FollowUp in the follow-up stage, Active in the others.
    """
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case, "to_stage")
    labels = dict(Stage.choices)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": _("Unknown stage: %(stage)s.") % {"stage": to_stage}})
    if to_stage == Stage.CLOSURE:
        raise ValidationError(
            {"to_stage": _("A case is closed by a closure request that a supervisor approves.")}
        )
    if to_stage == case.stage:
        raise ValidationError({"to_stage": _("The case is already at this stage.")})
    allowed = TRANSITIONS[case.stage]
    if to_stage not in allowed:
        raise ValidationError(
            {
                "to_stage": _(
                    "A case cannot go from %(from)s to %(to)s. From %(from)s it can go to: %(allowed)s."
                )
                % {
                    "from": labels[case.stage],
                    "to": labels[to_stage],
                    "allowed": ", ".join(str(labels[stage]) for stage in allowed),
                }
            }
        )
    reason = (reason or "").strip()
    if is_backward(case.stage, to_stage) and not reason:
        raise ValidationError({"reason": _("Say why the case goes back to an earlier stage.")})
    if case.closure_pending:
        raise ValidationError(
            {"to_stage": _("A closure request is waiting for a supervisor: it must be decided first.")}
        )
    unmet = unmet_requirements(case, to_stage)
    if unmet:
        raise ValidationError({"to_stage": unmet})
    from_stage = case.stage
    status = CaseStatus.FOLLOW_UP if to_stage == Stage.FOLLOW_UP else CaseStatus.ACTIVE
    changed = apply_changes(case, {"stage": to_stage, "status": status})
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=case,
        fields=changed,
        detail={"from": from_stage, "to": to_stage},
    )
    _event(
        case,
        "stage_changed",
        actor=acting_user,
        obj=case,
        note=reason,
        detail={"from": from_stage, "to": to_stage},
    )
    return case


@transaction.atomic
def assign_case(case: Case, *, worker, acting_user, expected_version, supervisor=_UNCHANGED) -> Case:
    """Assign (or reassign) the caseworker, and optionally the supervisor. None leaves it unassigned."""
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case, "worker")
    errors = {}
    _check_worker(
        worker,
        "case.change",
        case.country_id,
        case.site,
        "worker",
        _("This person cannot work on cases in the case's country or site."),
        errors,
    )
    data = {"assigned_worker": worker}
    if supervisor is not _UNCHANGED:
        _check_worker(
            supervisor,
            "case.approve",
            case.country_id,
            case.site,
            "supervisor",
            _("This person cannot supervise cases in the case's country or site."),
            errors,
        )
        data["supervisor"] = supervisor
    if errors:
        raise ValidationError(errors)
    changed = apply_changes(case, data)
    if not changed:
        return case
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=changed)
    record_case_event(
        case,
        "assigned",
        actor=acting_user,
        obj=case,
        detail={
            "worker": str(case.assigned_worker.uuid) if case.assigned_worker_id else None,
            "supervisor": str(case.supervisor.uuid) if case.supervisor_id else None,
        },
    )
    return case


@transaction.atomic
def request_closure(case: Case, *, reason, note, acting_user, expected_version) -> Case:
    """Ask a supervisor to close the case, with a reason."""
    ensure_in_scope(case, acting_user, "change")
    _ensure_open(case)
    if case.closure_pending:
        raise ValidationError({NON_FIELD_ERRORS: _("A closure request is already waiting for a supervisor.")})
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose why the case is being closed.")})
    unmet = unmet_requirements(case, Stage.CLOSURE)
    if unmet:
        raise ValidationError({NON_FIELD_ERRORS: unmet})
    changed = apply_changes(
        case,
        {
            "closure_reason": reason,
            "closure_note": (note or "").strip(),
            "closure_requested_at": timezone.now(),
            "closure_requested_by": acting_user,
        },
    )
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=changed)
    record_case_event(case, "closure_requested", actor=acting_user, obj=case, detail={"reason": reason})
    return case


def _check_closure_decision(case: Case, acting_user) -> None:
    _require(acting_user, "case.approve", case, _("Only a supervisor can decide on a closure request."))
    if case.is_closed:
        raise ValidationError({NON_FIELD_ERRORS: _("This case is already closed.")})
    if not case.closure_pending:
        raise ValidationError({NON_FIELD_ERRORS: _("There is no closure request to decide on.")})


@transaction.atomic
def approve_closure(case: Case, *, acting_user, expected_version=None, note: str = "") -> Case:
    """A supervisor closes the case. Nobody approves their own request (four eyes)."""
    _check_closure_decision(case, acting_user)
    ensure_four_eyes(
        case.closure_requested_by_id,
        acting_user,
        _("You asked for this closure: another supervisor must approve it."),
        error=NotAllowed,
    )
    unmet = unmet_requirements(case, Stage.CLOSURE)
    if unmet:
        raise ValidationError({NON_FIELD_ERRORS: unmet})
    status = CaseStatus.CLOSED_REFERRED if case.closure_reason in REFERRED_REASONS else CaseStatus.CLOSED
    from_stage = case.stage
    changed = apply_changes(
        case,
        {"stage": Stage.CLOSURE, "status": status, "closed_at": timezone.now(), "closed_by": acting_user},
    )
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=changed)
    _event(
        case,
        "closed",
        actor=acting_user,
        obj=case,
        note=(note or "").strip(),
        detail={"reason": case.closure_reason, "status": status, "from": from_stage},
    )
    return case


@transaction.atomic
def reject_closure(case: Case, *, acting_user, note: str, expected_version=None) -> Case:
    """A supervisor refuses the closure and says why; the case carries on where it was."""
    _check_closure_decision(case, acting_user)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Say why the closure is refused, so the caseworker knows what to do.")}
        )
    reason = case.closure_reason
    changed = apply_changes(
        case,
        {
            "closure_reason": "",
            "closure_note": "",
            "closure_requested_at": None,
            "closure_requested_by": None,
        },
    )
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=changed)
    _event(case, "closure_rejected", actor=acting_user, obj=case, note=note, detail={"reason": reason})
    return case


@transaction.atomic
def reopen_case(case: Case, *, acting_user, reason, expected_version=None) -> Case:
    """A supervisor reopens a closed case, with a reason.

    The case goes back to assessment, status Active: whatever made it closable has changed, so
    the child's situation is assessed again before a new plan; the assessment deadline runs again
    from now at the case's risk level. The closure request and reason are cleared on the case and
    kept on the timeline and in the audit trail. The stage requirements for assessment (consent or
    an approved legal basis) must still be met.
    """
    _require(acting_user, "case.approve", case, _("Only a supervisor can reopen a case."))
    reason = (reason or "").strip()
    if not case.is_closed:
        raise ValidationError({NON_FIELD_ERRORS: _("This case is not closed.")})
    if case.summary_only:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This case was transferred: the receiving country holds it now.")}
        )
    if not reason:
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    if Case.objects.alive().open().filter(child_id=case.child_id).exclude(pk=case.pk).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: _("The child has another open case: work on that one instead.")}
        )
    unmet = unmet_requirements(case, Stage.ASSESSMENT)
    if unmet:
        raise ValidationError({NON_FIELD_ERRORS: unmet})
    now = timezone.now()
    _first, assessment_due = response_deadlines(case.country_id, case.risk_level, now)
    previous = {"status": case.status, "reason": case.closure_reason}
    changed = apply_changes(
        case,
        {
            "stage": Stage.ASSESSMENT,
            "status": CaseStatus.ACTIVE,
            "closed_at": None,
            "closed_by": None,
            "closure_reason": "",
            "closure_note": "",
            "closure_requested_at": None,
            "closure_requested_by": None,
            "assessment_due": assessment_due,
        },
    )
    save_versioned(case, expected_version=expected_version, acting_user=acting_user, changed=changed)
    record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=case, fields=changed)
    _event(case, "reopened", actor=acting_user, obj=case, note=reason, detail=previous)
    return case
