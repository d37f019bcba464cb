"""Services for managing a case: assessment, case plan and its approval, stage requirements."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, Stage
from trygg.cases.models import AssessmentRating, CaseEvent, CasePlan, CasePlanAction
from trygg.cases.services import management as services
from trygg.cases.services.case import advance_stage
from trygg.cases.services.stages import unmet_requirements
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory
from trygg.cases.tests.factories_management import (
    AssessmentFactory,
    CasePlanActionFactory,
    CasePlanFactory,
    CasePlanGoalFactory,
    assessed_case,
    submitted_plan,
)
from trygg.core.services import ConflictError, OutOfScope


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def supervisor(world):
    return world.user("KE", Role.SUPERVISOR)


def timeline(case):
    return list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("kind", flat=True))


# --- assessment -----------------------------------------------------------------------------------


def test_an_assessment_is_recorded_audited_by_field_name_and_on_the_timeline(world, caseworker):
    case = CaseFactory()
    assessment = services.record_assessment(
        case,
        acting_user=caseworker,
        safety_rating=AssessmentRating.SERIOUS_CONCERN,
        safety_notes="On the street.",
    )
    assert assessment.safety_rating == AssessmentRating.SERIOUS_CONCERN
    event = AuditEvent.objects.get(object_uuid=assessment.uuid, action=AuditEvent.Action.CREATE)
    assert event.fields == ["safety_notes", "safety_rating"]
    assert "On the street." not in str(event.detail)
    assert timeline(case) == ["assessment_started"]


def test_a_caseworker_without_the_health_permission_adds_to_health_notes_but_never_replaces_them(
    world, caseworker
):
    assessment = AssessmentFactory(health_notes="Untreated injury.")
    services.update_assessment(
        assessment, acting_user=caseworker, expected_version=1, health_notes="Complains of headaches."
    )
    assessment.refresh_from_db()
    assert assessment.health_notes == "Untreated injury.\n\nComplains of headaches."
    # Sending the empty value back (what they read) changes nothing.
    services.update_assessment(assessment, acting_user=caseworker, expected_version=2, health_notes="")
    assessment.refresh_from_db()
    assert assessment.health_notes == "Untreated injury.\n\nComplains of headaches."


def test_unknown_rating_is_refused_naming_the_field(world, caseworker):
    with pytest.raises(ValidationError) as exc:
        services.record_assessment(CaseFactory(), acting_user=caseworker, health_rating="terrible")
    assert "health_rating" in exc.value.message_dict


def test_completing_needs_a_safety_rating_and_fixes_the_assessment(world, caseworker):
    assessment = AssessmentFactory(safety_rating=AssessmentRating.NOT_ASSESSED)
    with pytest.raises(ValidationError) as exc:
        services.complete_assessment(assessment, acting_user=caseworker, expected_version=1)
    assert "safety_rating" in exc.value.message_dict
    services.update_assessment(
        assessment, acting_user=caseworker, expected_version=1, safety_rating=AssessmentRating.NO_CONCERN
    )
    services.complete_assessment(assessment, acting_user=caseworker, expected_version=2)
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    assert assessment.assessed_by == caseworker
    with pytest.raises(ValidationError):
        services.update_assessment(assessment, acting_user=caseworker, expected_version=3, safety_notes="x")


def test_a_stale_version_is_a_conflict_and_nothing_is_saved(world, caseworker):
    assessment = AssessmentFactory(safety_notes="first")
    services.update_assessment(assessment, acting_user=caseworker, expected_version=1, safety_notes="second")
    with pytest.raises(ConflictError):
        services.update_assessment(
            assessment, acting_user=caseworker, expected_version=1, safety_notes="third"
        )
    assessment.refresh_from_db()
    assert assessment.safety_notes == "second"


def test_one_assessment_in_progress_at_a_time(world, caseworker):
    assessment = AssessmentFactory()
    with pytest.raises(ValidationError):
        services.record_assessment(assessment.case, acting_user=caseworker)


def test_another_countrys_caseworker_cannot_assess(world):
    with pytest.raises(OutOfScope):
        services.record_assessment(CaseFactory(), acting_user=world.user("NP", Role.CASEWORKER))


def test_a_therapist_may_read_but_not_write(world):
    with pytest.raises(OutOfScope):
        services.record_assessment(CaseFactory(), acting_user=world.user("KE", Role.THERAPIST))


# --- stage requirements ---------------------------------------------------------------------------


def test_planning_needs_a_completed_assessment_and_implementation_an_approved_plan(world, caseworker):
    case = CaseFactory(stage=Stage.ASSESSMENT)
    ConsentFactory(case=case)
    assert "Complete the assessment before planning." in unmet_requirements(case, Stage.CASE_PLANNING)
    assessment = AssessmentFactory(case=case)
    assert "Complete the assessment before planning." in unmet_requirements(case, Stage.CASE_PLANNING)
    services.complete_assessment(assessment, acting_user=caseworker, expected_version=1)
    assert unmet_requirements(case, Stage.CASE_PLANNING) == []
    advance_stage(case, to_stage=Stage.CASE_PLANNING, acting_user=caseworker, expected_version=case.version)

    assert unmet_requirements(case, Stage.IMPLEMENTATION) == [
        "A supervisor must approve the case plan first."
    ]
    CasePlanFactory(case=case, status=CasePlan.Status.APPROVED)
    assert unmet_requirements(case, Stage.IMPLEMENTATION) == []
    assert unmet_requirements(case, Stage.FOLLOW_UP) == []


def test_advance_stage_refuses_planning_without_an_assessment(world, caseworker):
    case = CaseFactory(stage=Stage.ASSESSMENT)
    ConsentFactory(case=case)
    with pytest.raises(ValidationError) as exc:
        advance_stage(
            case, to_stage=Stage.CASE_PLANNING, acting_user=caseworker, expected_version=case.version
        )
    assert "Complete the assessment before planning." in str(exc.value)


# --- case plan ------------------------------------------------------------------------------------


def test_no_case_plan_before_an_assessment_is_completed(world, caseworker):
    case = CaseFactory()
    AssessmentFactory(case=case)  # in progress only
    with pytest.raises(ValidationError) as exc:
        services.create_case_plan(case, acting_user=caseworker)
    assert exc.value.messages == ["Complete the assessment before planning."]
    assert not CasePlan.objects.filter(case=case).exists()


def test_plan_with_goals_and_actions_is_drafted_and_submitted(world, caseworker):
    case = assessed_case()
    plan = services.create_case_plan(case, acting_user=caseworker, summary="Shelter first.")
    with pytest.raises(ValidationError):
        services.submit_case_plan(plan, acting_user=caseworker, expected_version=1)
    services.add_plan_goal(plan, acting_user=caseworker, domain="safety", description="A safe place to live.")
    action = services.add_plan_action(
        plan,
        acting_user=caseworker,
        description="Place in the interim care centre",
        responsible_user=caseworker,
    )
    assert action.responsible_user == caseworker
    services.submit_case_plan(plan, acting_user=caseworker, expected_version=1)
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED
    assert plan.submitted_by == caseworker
    assert timeline(case)[-4:] == [
        "case_plan_created",
        "case_plan_goal_added",
        "case_plan_action_added",
        "case_plan_submitted",
    ]


def test_the_responsible_staff_member_must_work_on_the_case(world, caseworker):
    plan = CasePlanFactory(case=assessed_case())
    with pytest.raises(ValidationError) as exc:
        services.add_plan_action(
            plan, acting_user=caseworker, description="x", responsible_user=world.user("NP", Role.CASEWORKER)
        )
    assert "responsible_user" in exc.value.message_dict


def test_a_caseworker_cannot_approve_a_plan(world, caseworker, supervisor):
    plan = submitted_plan(submitted_by=supervisor)
    with pytest.raises(PermissionDenied):
        services.approve_case_plan(plan, acting_user=caseworker, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED


def test_a_supervisor_cannot_approve_the_plan_they_submitted(world, supervisor):
    plan = submitted_plan(submitted_by=supervisor)
    with pytest.raises(PermissionDenied):
        services.approve_case_plan(plan, acting_user=supervisor, expected_version=plan.version)


def test_another_countrys_supervisor_cannot_even_see_the_plan(world, caseworker):
    plan = submitted_plan(submitted_by=caseworker)
    with pytest.raises(OutOfScope):
        services.approve_case_plan(plan, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=1)


def test_a_supervisor_approves_and_the_review_is_due_in_90_days(world, caseworker, supervisor):
    plan = submitted_plan(submitted_by=caseworker)
    services.approve_case_plan(plan, acting_user=supervisor, expected_version=plan.version, comment="Good.")
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.APPROVED
    assert plan.decided_by == supervisor
    assert plan.review_due == timezone.localdate() + timedelta(days=90)
    assert timeline(plan.case)[-1] == "case_plan_approved"


def test_the_review_interval_is_configurable(world, caseworker, supervisor, settings):
    settings.TRYGG_CASE_PLAN_REVIEW_DAYS = 30
    plan = submitted_plan(submitted_by=caseworker)
    services.approve_case_plan(plan, acting_user=supervisor, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.review_due == timezone.localdate() + timedelta(days=30)


def test_returning_a_plan_needs_a_comment_and_the_caseworker_can_resubmit(world, caseworker, supervisor):
    plan = submitted_plan(submitted_by=caseworker)
    with pytest.raises(ValidationError) as exc:
        services.reject_case_plan(plan, acting_user=supervisor, expected_version=plan.version, comment=" ")
    assert "comment" in exc.value.message_dict
    services.reject_case_plan(
        plan, acting_user=supervisor, expected_version=plan.version, comment="Add school."
    )
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.REJECTED
    services.add_plan_goal(plan, acting_user=caseworker, domain="education", description="Back to school.")
    services.submit_case_plan(plan, acting_user=caseworker, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED


def test_a_submitted_plan_cannot_be_edited(world, caseworker):
    plan = submitted_plan(submitted_by=caseworker)
    with pytest.raises(ValidationError):
        services.add_plan_goal(plan, acting_user=caseworker, domain="health", description="x")


def test_a_revision_starts_from_the_approved_plan_and_supersedes_it_when_approved(
    world, caseworker, supervisor
):
    old = submitted_plan(submitted_by=caseworker)
    done = CasePlanActionFactory(plan=old, status=CasePlanAction.Status.DONE)
    services.approve_case_plan(old, acting_user=supervisor, expected_version=old.version)

    revision = services.create_case_plan(old.case, acting_user=caseworker)
    assert revision.supersedes == old
    assert revision.goals.count() == 1
    assert list(revision.actions.values_list("description", flat=True)) == [
        a.description for a in old.actions.exclude(pk=done.pk)
    ]
    with pytest.raises(ValidationError):
        services.create_case_plan(old.case, acting_user=caseworker)  # one revision at a time

    services.submit_case_plan(revision, acting_user=caseworker, expected_version=revision.version)
    services.approve_case_plan(revision, acting_user=supervisor, expected_version=revision.version)
    old.refresh_from_db()
    revision.refresh_from_db()
    assert (old.status, revision.status) == (CasePlan.Status.SUPERSEDED, CasePlan.Status.APPROVED)
    assert list(CasePlan.objects.current().filter(case=old.case)) == [revision]


def test_after_approval_only_the_status_of_an_action_changes(world, caseworker, supervisor):
    plan = submitted_plan(submitted_by=caseworker)
    services.approve_case_plan(plan, acting_user=supervisor, expected_version=plan.version)
    action = plan.actions.get()
    with pytest.raises(ValidationError) as exc:
        services.update_plan_action(action, acting_user=caseworker, expected_version=1, description="Other")
    assert "description" in exc.value.message_dict
    services.update_plan_action(action, acting_user=caseworker, expected_version=1, status="done")
    action.refresh_from_db()
    assert action.status == CasePlanAction.Status.DONE
    assert action.completed_on == timezone.localdate()


def test_goals_are_removed_softly_and_only_from_a_draft(world, caseworker):
    goal = CasePlanGoalFactory(plan=CasePlanFactory(case=assessed_case()))
    services.remove_plan_goal(goal, acting_user=caseworker, expected_version=1)
    goal.refresh_from_db()
    assert goal.is_deleted


def test_nothing_changes_on_a_closed_case(world, caseworker):
    case = assessed_case(status=CaseStatus.CLOSED, stage=Stage.CLOSURE)
    with pytest.raises(ValidationError):
        services.create_case_plan(case, acting_user=caseworker)
    with pytest.raises(ValidationError):
        services.record_assessment(case, acting_user=caseworker)
