"""Managing the case: assessment, case plan, services and referrals, follow-ups and notes.

Every function here is a verb with a keyword-only `acting_user`: it runs in one transaction, checks
the user's scope, writes an audit event (field names only) and a timeline line, and re-checks the
scope after the write. Transfers between countries are in `transfer.py`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.services import apply_changes, ensure_four_eyes, ensure_in_scope, save_versioned, soft_delete

from ..models import (
    Assessment,
    AssessmentDomain,
    AssessmentRating,
    Case,
    CaseNote,
    CasePlan,
    CasePlanAction,
    CasePlanGoal,
)
from .case import NotAllowed, case_permits
from .timeline import record_case_event

# An approved plan is reviewed this many days after approval, unless settings say otherwise
# (TRYGG_CASE_PLAN_REVIEW_DAYS).
PLAN_REVIEW_DAYS = 90

ASSESSMENT_FIELDS = tuple(
    name for domain in AssessmentDomain.values for name in (f"{domain}_rating", f"{domain}_notes")
)
PLAN_ACTION_FIELDS = ("description", "responsible", "responsible_user", "due_on", "status")
SERVICE_FIELDS = (
    "support_type",
    "provision",
    "organisation_name",
    "organisation_type",
    "description",
    "status",
    "due_on",
    "outcome",
)
FOLLOW_UP_FIELDS = ("visited_on", "kind", "findings", "next_due", "visited_by")
NOTE_FIELDS = ("text", "sensitive")


def plan_review_days() -> int:
    return int(getattr(settings, "TRYGG_CASE_PLAN_REVIEW_DAYS", PLAN_REVIEW_DAYS))


# --- access helpers -------------------------------------------------------------------------------


def may_on_case(user, permission: str, case: Case) -> bool:
    """Does the user hold `permission` where this case is? (No query once `case.site` is loaded.)"""
    return case_permits(user, permission, case)


def restricted_assessment_fields(user, case: Case) -> set[str]:
    """The notes fields of this case's assessments the user may not read."""
    return {
        Assessment.notes_field(domain)
        for domain, permission in Assessment.RESTRICTED_NOTES.items()
        if not may_on_case(user, permission, case)
    }


def may_read_note(user, note: CaseNote) -> bool:
    return not note.sensitive or may_on_case(user, CaseNote.READ_PERMISSION, note.case)


def require_permission(obj, user, action: str, message: str) -> None:
    """404 when the user cannot see the record at all, 403 (with `message`) when they may see it
    but not do `action` on it (e.g. a caseworker approving a plan)."""
    ensure_in_scope(obj, user, "view")
    if not type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists():
        raise NotAllowed(message)


def ensure_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("The case is closed: reopen it before changing it."))


def check_fields(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})


def check_choice(errors: dict, data: dict, name: str, choices) -> None:
    if name in data and data[name] not in choices:
        errors[name] = _("Unknown code: %(code)s.") % {"code": data[name]}


def audit(action: str, obj, actor, fields, detail=None) -> None:
    record_event(action, actor=actor, obj=obj, fields=list(fields), detail=detail)


# --- assessment -----------------------------------------------------------------------------------


def assessment_completed(case: Case) -> str | None:
    """Stage requirement for case planning: an assessment is completed."""
    if Assessment.objects.alive().filter(case=case, completed_at__isnull=False).exists():
        return None
    return _("Complete the assessment before planning.")


def _validate_assessment(data: dict) -> None:
    check_fields(data, ASSESSMENT_FIELDS)
    errors: dict = {}
    for domain in AssessmentDomain.values:
        check_choice(errors, data, f"{domain}_rating", AssessmentRating.values)
    if errors:
        raise ValidationError(errors)


def _restricted_notes_as_additions(assessment: Assessment, data: dict, user) -> dict:
    """A user who may not read health or psychosocial notes may add to them, never replace them.

    What they type is appended to the stored notes, which they cannot see; empty means no change.
    """
    data = dict(data)
    for name in restricted_assessment_fields(user, assessment.case):
        if name not in data:
            continue
        added = (data.pop(name) or "").strip()
        if added:
            current = getattr(assessment, name)
            data[name] = f"{current}\n\n{added}" if current else added
    return data


@transaction.atomic
def record_assessment(case: Case, *, acting_user, **data) -> Assessment:
    """Start an assessment of the case (one at a time; a completed one is never changed)."""
    ensure_in_scope(case, acting_user, "change")
    ensure_open(case)
    _validate_assessment(data)
    if Assessment.objects.alive().filter(case=case, completed_at__isnull=True).exists():
        raise ValidationError(_("An assessment of this case is already in progress: continue that one."))
    assessment = Assessment(case=case, created_by=acting_user, updated_by=acting_user)
    data = _restricted_notes_as_additions(assessment, data, acting_user)
    apply_changes(assessment, data)
    assessment.save()
    audit(AuditEvent.Action.CREATE, assessment, acting_user, [k for k, v in data.items() if v])
    record_case_event(case, "assessment_started", actor=acting_user, obj=assessment)
    ensure_in_scope(assessment, acting_user, "change")
    return assessment


@transaction.atomic
def update_assessment(assessment: Assessment, *, acting_user, expected_version: int, **data) -> Assessment:
    ensure_in_scope(assessment, acting_user, "change")
    ensure_open(assessment.case)
    if assessment.is_completed:
        raise ValidationError(_("A completed assessment cannot be changed: start a new assessment."))
    _validate_assessment(data)
    data = _restricted_notes_as_additions(assessment, data, acting_user)
    changed = apply_changes(assessment, data)
    save_versioned(assessment, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, assessment, acting_user, changed)
        record_case_event(assessment.case, "assessment_updated", actor=acting_user, obj=assessment)
    ensure_in_scope(assessment, acting_user, "change")
    return assessment


@transaction.atomic
def complete_assessment(assessment: Assessment, *, acting_user, expected_version: int) -> Assessment:
    """Sign the assessment off: it is then fixed, and the case may move on to planning."""
    ensure_in_scope(assessment, acting_user, "change")
    ensure_open(assessment.case)
    if assessment.is_completed:
        raise ValidationError(_("This assessment is already completed."))
    if assessment.safety_rating == AssessmentRating.NOT_ASSESSED:
        raise ValidationError(
            {"safety_rating": _("Rate the child's safety before completing the assessment.")}
        )
    assessment.completed_at = timezone.now()
    assessment.assessed_by = acting_user
    changed = ["completed_at", "assessed_by"]
    save_versioned(assessment, expected_version=expected_version, acting_user=acting_user, changed=changed)
    audit(AuditEvent.Action.UPDATE, assessment, acting_user, changed)
    serious = [
        domain
        for domain in AssessmentDomain.values
        if getattr(assessment, Assessment.rating_field(domain)) == AssessmentRating.SERIOUS_CONCERN
    ]
    record_case_event(
        assessment.case,
        "assessment_completed",
        actor=acting_user,
        obj=assessment,
        detail={"serious_concern": serious},
    )
    ensure_in_scope(assessment, acting_user, "change")
    return assessment


# --- case plan ------------------------------------------------------------------------------------


def plan_approved(case: Case) -> str | None:
    """Stage requirement for implementation and follow-up: the case has an approved plan."""
    if CasePlan.objects.current().filter(case=case).exists():
        return None
    return _("A supervisor must approve the case plan first.")


def _ensure_plan_editable(plan: CasePlan) -> None:
    ensure_open(plan.case)
    if not plan.is_editable:
        raise ValidationError(
            _("Only a draft plan or one returned for changes can be edited (this one is %(status)s).")
            % {"status": plan.get_status_display()}
        )


@transaction.atomic
def create_case_plan(case: Case, *, acting_user, summary: str = "") -> CasePlan:
    """A new draft plan. It needs a completed assessment; over an approved plan it is a revision
    that starts from the approved plan's goals and open actions and replaces it once approved."""
    ensure_in_scope(case, acting_user, "change")
    ensure_open(case)
    missing = assessment_completed(case)
    if missing:
        raise ValidationError(missing)
    if CasePlan.objects.open_drafts().filter(case=case).exists():
        raise ValidationError(_("This case already has a plan in preparation: continue with that one."))
    current = CasePlan.objects.current().filter(case=case).first()
    plan = CasePlan.objects.create(
        case=case,
        summary=summary or (current.summary if current else ""),
        supersedes=current,
        created_by=acting_user,
        updated_by=acting_user,
    )
    if current is not None:
        CasePlanGoal.objects.bulk_create(
            CasePlanGoal(
                plan=plan,
                domain=goal.domain,
                description=goal.description,
                created_by=acting_user,
                updated_by=acting_user,
            )
            for goal in current.goals.filter(is_deleted=False)
        )
        CasePlanAction.objects.bulk_create(
            CasePlanAction(
                plan=plan,
                **{name: getattr(action, name) for name in PLAN_ACTION_FIELDS},
                created_by=acting_user,
                updated_by=acting_user,
            )
            for action in current.actions.filter(is_deleted=False, status__in=CasePlanAction.OPEN_STATUSES)
        )
    audit(AuditEvent.Action.CREATE, plan, acting_user, ["summary", *(["supersedes"] if current else [])])
    record_case_event(
        case, "case_plan_created", actor=acting_user, obj=plan, detail={"revision": bool(current)}
    )
    ensure_in_scope(plan, acting_user, "change")
    return plan


@transaction.atomic
def update_case_plan(plan: CasePlan, *, acting_user, expected_version: int, summary: str) -> CasePlan:
    ensure_in_scope(plan, acting_user, "change")
    _ensure_plan_editable(plan)
    changed = apply_changes(plan, {"summary": summary})
    save_versioned(plan, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, plan, acting_user, changed)
        record_case_event(plan.case, "case_plan_updated", actor=acting_user, obj=plan)
    return plan


def _validate_goal(data: dict) -> None:
    errors: dict = {}
    check_choice(errors, data, "domain", AssessmentDomain.values)
    if "description" in data and not (data["description"] or "").strip():
        errors["description"] = _("Describe the goal.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_plan_goal(plan: CasePlan, *, acting_user, domain: str, description: str) -> CasePlanGoal:
    ensure_in_scope(plan, acting_user, "change")
    _ensure_plan_editable(plan)
    _validate_goal({"domain": domain, "description": description})
    goal = CasePlanGoal.objects.create(
        plan=plan, domain=domain, description=description, created_by=acting_user, updated_by=acting_user
    )
    audit(AuditEvent.Action.CREATE, goal, acting_user, ["domain", "description"])
    record_case_event(
        plan.case, "case_plan_goal_added", actor=acting_user, obj=goal, detail={"domain": domain}
    )
    return goal


@transaction.atomic
def update_plan_goal(goal: CasePlanGoal, *, acting_user, expected_version: int, **data) -> CasePlanGoal:
    check_fields(data, ("domain", "description"))
    ensure_in_scope(goal, acting_user, "change")
    _ensure_plan_editable(goal.plan)
    _validate_goal(data)
    changed = apply_changes(goal, data)
    save_versioned(goal, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, goal, acting_user, changed)
        record_case_event(goal.plan.case, "case_plan_goal_changed", actor=acting_user, obj=goal)
    return goal


@transaction.atomic
def remove_plan_goal(goal: CasePlanGoal, *, acting_user, expected_version: int) -> None:
    ensure_in_scope(goal, acting_user, "change")
    _ensure_plan_editable(goal.plan)
    soft_delete(goal, acting_user=acting_user, expected_version=expected_version)
    audit(AuditEvent.Action.DELETE, goal, acting_user, ["is_deleted"])
    record_case_event(goal.plan.case, "case_plan_goal_removed", actor=acting_user, obj=goal)


def _validate_action(data: dict, case: Case) -> None:
    errors: dict = {}
    check_choice(errors, data, "status", CasePlanAction.Status.values)
    if "description" in data and not (data["description"] or "").strip():
        errors["description"] = _("Describe the action.")
    user = data.get("responsible_user")
    if user is not None and not may_on_case(user, "case.change", case):
        errors["responsible_user"] = _("The responsible user must be able to work on this case.")
    if errors:
        raise ValidationError(errors)


def _completion(action: CasePlanAction, data: dict) -> dict:
    """`completed_on` follows the status: set when it becomes done, cleared when it no longer is."""
    status = data.get("status", action.status)
    if status == CasePlanAction.Status.DONE and action.completed_on is None:
        return {**data, "completed_on": timezone.localdate()}
    if status != CasePlanAction.Status.DONE and action.completed_on is not None:
        return {**data, "completed_on": None}
    return data


@transaction.atomic
def add_plan_action(plan: CasePlan, *, acting_user, description: str, **data) -> CasePlanAction:
    check_fields(data, PLAN_ACTION_FIELDS)
    ensure_in_scope(plan, acting_user, "change")
    _ensure_plan_editable(plan)
    data = {"description": description, **data}
    _validate_action(data, plan.case)
    action = CasePlanAction(plan=plan, created_by=acting_user, updated_by=acting_user)
    apply_changes(action, _completion(action, data))
    action.save()
    audit(AuditEvent.Action.CREATE, action, acting_user, [k for k, v in data.items() if v])
    record_case_event(plan.case, "case_plan_action_added", actor=acting_user, obj=action)
    return action


@transaction.atomic
def update_plan_action(
    action: CasePlanAction, *, acting_user, expected_version: int, **data
) -> CasePlanAction:
    """Edit an action of a plan in preparation; once the plan is approved only its status changes."""
    check_fields(data, PLAN_ACTION_FIELDS)
    ensure_in_scope(action, acting_user, "change")
    plan = action.plan
    ensure_open(plan.case)
    if not plan.is_editable:
        if plan.status != CasePlan.Status.APPROVED:
            _ensure_plan_editable(plan)
        fixed = {name for name in data if name != "status" and data[name] != getattr(action, name)}
        if fixed:
            raise ValidationError(
                {name: _("The plan is approved: only the status of an action can change.") for name in fixed}
            )
        data = {name: value for name, value in data.items() if name == "status"}
    _validate_action(data, plan.case)
    previous_status = action.status
    changed = apply_changes(action, _completion(action, data))
    save_versioned(action, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        audit(AuditEvent.Action.UPDATE, action, acting_user, changed)
        detail = {"status": action.status} if action.status != previous_status else {}
        record_case_event(plan.case, "case_plan_action_changed", actor=acting_user, obj=action, detail=detail)
    return action


@transaction.atomic
def remove_plan_action(action: CasePlanAction, *, acting_user, expected_version: int) -> None:
    ensure_in_scope(action, acting_user, "change")
    _ensure_plan_editable(action.plan)
    soft_delete(action, acting_user=acting_user, expected_version=expected_version)
    audit(AuditEvent.Action.DELETE, action, acting_user, ["is_deleted"])
    record_case_event(action.plan.case, "case_plan_action_removed", actor=acting_user, obj=action)


@transaction.atomic
def submit_case_plan(plan: CasePlan, *, acting_user, expected_version: int) -> CasePlan:
    """The caseworker asks a supervisor to approve the plan."""
    ensure_in_scope(plan, acting_user, "change")
    _ensure_plan_editable(plan)
    if not plan.goals.filter(is_deleted=False).exists():
        raise ValidationError(_("Add at least one goal before submitting the plan."))
    plan.status = CasePlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = acting_user
    changed = ["status", "submitted_at", "submitted_by"]
    save_versioned(plan, expected_version=expected_version, acting_user=acting_user, changed=changed)
    audit(AuditEvent.Action.UPDATE, plan, acting_user, changed)
    record_case_event(plan.case, "case_plan_submitted", actor=acting_user, obj=plan)
    return plan


def _check_decision(plan: CasePlan, acting_user) -> None:
    require_permission(
        plan, acting_user, "approve", _("Only a supervisor may approve or return a case plan.")
    )
    ensure_open(plan.case)
    if plan.status != CasePlan.Status.SUBMITTED:
        raise ValidationError(_("Only a plan submitted for approval can be approved or returned."))
    ensure_four_eyes(
        plan.submitted_by_id,
        acting_user,
        _("You submitted this plan: another supervisor must decide on it."),
        error=NotAllowed,
    )


@transaction.atomic
def approve_case_plan(plan: CasePlan, *, acting_user, expected_version: int, comment: str = "") -> CasePlan:
    """A supervisor (not the one who submitted it) approves the plan; it replaces the approved one."""
    _check_decision(plan, acting_user)
    previous = CasePlan.objects.current().filter(case=plan.case).exclude(pk=plan.pk).first()
    if previous is not None:
        previous.status = CasePlan.Status.SUPERSEDED
        save_versioned(previous, expected_version=None, acting_user=acting_user, changed=["status"])
        audit(AuditEvent.Action.UPDATE, previous, acting_user, ["status"])
    now = timezone.now()
    plan.status = CasePlan.Status.APPROVED
    plan.decided_at = plan.approved_at = now
    plan.decided_by = acting_user
    plan.decision_comment = comment
    plan.review_due = timezone.localdate() + timedelta(days=plan_review_days())
    changed = ["status", "decided_at", "approved_at", "decided_by", "decision_comment", "review_due"]
    save_versioned(plan, expected_version=expected_version, acting_user=acting_user, changed=changed)
    audit(AuditEvent.Action.UPDATE, plan, acting_user, changed)
    record_case_event(
        plan.case,
        "case_plan_approved",
        actor=acting_user,
        obj=plan,
        detail={"review_due": plan.review_due.isoformat(), "supersedes": bool(previous)},
    )
    return plan


@transaction.atomic
def reject_case_plan(plan: CasePlan, *, acting_user, expected_version: int, comment: str) -> CasePlan:
    """A supervisor returns the plan for changes, saying why."""
    _check_decision(plan, acting_user)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what must change before the plan can be approved.")})
    plan.status = CasePlan.Status.REJECTED
    plan.decided_at = timezone.now()
    plan.decided_by = acting_user
    plan.decision_comment = comment
    changed = ["status", "decided_at", "decided_by", "decision_comment"]
    save_versioned(plan, expected_version=expected_version, acting_user=acting_user, changed=changed)
    audit(AuditEvent.Action.UPDATE, plan, acting_user, changed)
    record_case_event(plan.case, "case_plan_rejected", actor=acting_user, obj=plan)
    return plan
