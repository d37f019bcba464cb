"""Pages for managing a case: the case-page panels, the forms, the plan and the approval queue."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.cases.codes import ClosureReason
from trygg.cases.models import Assessment, CaseNote, CasePlan, FollowUp, ServiceReferral
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_management import (
    AssessmentFactory,
    CaseNoteFactory,
    CasePlanActionFactory,
    CasePlanFactory,
    CasePlanGoalFactory,
    FollowUpFactory,
    ServiceReferralFactory,
    assessed_case,
    submitted_plan,
)


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def supervisor(world):
    return world.user("KE", Role.SUPERVISOR)


def url(name, obj):
    return reverse(f"cases:{name}", kwargs={"uuid": obj.uuid})


# --- panels on the case page ----------------------------------------------------------------------


def test_the_case_page_shows_the_management_panels(world, login, caseworker):
    case = assessed_case()
    ServiceReferralFactory(case=case, outcome="Clinic visit done")
    FollowUpFactory(case=case, findings="Goes to school again")
    CaseNoteFactory(case=case, text="Met the aunt")
    html = login(caseworker).get(url("case_detail", case)).content.decode()
    for heading in ("Assessment", "Case plan", "Services and referrals", "Follow-ups", "Notes"):
        assert f">{heading}</h2>" in html
    assert "Clinic visit done" in html and "Goes to school again" in html and "Met the aunt" in html
    assert url("case_plan_add", case) in html  # the assessment is completed: planning may start


def test_health_and_psychosocial_notes_show_only_to_the_health_permission(world, login, caseworker):
    case = CaseFactory()
    AssessmentFactory(case=case, health_notes="Untreated injury", safety_notes="Sleeps outside")
    html = login(caseworker).get(url("case_detail", case)).content.decode()
    assert "Sleeps outside" in html
    assert "Untreated injury" not in html
    assert "Restricted: health and trauma information." in html
    html = login(world.user("KE", Role.THERAPIST)).get(url("case_detail", case)).content.decode()
    assert "Untreated injury" in html


def test_a_sensitive_note_shows_as_restricted_to_a_therapist(world, login):
    case = CaseFactory()
    CaseNoteFactory(case=case, text="Name of the recruiter", sensitive=True)
    html = login(world.user("KE", Role.THERAPIST)).get(url("case_detail", case)).content.decode()
    assert "Name of the recruiter" not in html
    assert "only users who may see trafficking details can read this note" in html


def _case_page_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("case_detail", case)).status_code == 200
    return len(queries)


def test_the_panels_run_a_constant_number_of_queries(world, login, caseworker):
    client = login(caseworker)
    counts = []
    for rows in (3, 30):
        case = assessed_case()
        plan = CasePlanFactory(case=case, status=CasePlan.Status.APPROVED)
        CasePlanGoalFactory.create_batch(rows, plan=plan)
        CasePlanActionFactory.create_batch(rows, plan=plan, responsible_user=caseworker)
        ServiceReferralFactory.create_batch(rows, case=case)
        FollowUpFactory.create_batch(rows, case=case, visited_by=caseworker)
        CaseNoteFactory.create_batch(rows, case=case, created_by=caseworker)
        counts.append(_case_page_queries(client, case))
    assert counts[0] == counts[1]


# --- assessment pages -----------------------------------------------------------------------------


def test_assess_a_child_from_the_case(world, login, caseworker):
    case = CaseFactory()
    response = login(caseworker).post(
        url("assessment_add", case),
        {"safety_rating": "serious_concern", "safety_notes": "On the street", "health_rating": "not_assessed"}
        | {f"{d}_rating": "not_assessed" for d in ("education", "psychosocial", "family", "legal_documents")},
    )
    assessment = Assessment.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == url("assessment_detail", assessment)
    assert assessment.safety_notes == "On the street"


def test_a_caseworker_sees_an_add_only_field_for_health_notes(world, login, caseworker):
    html = login(caseworker).get(url("assessment_add", CaseFactory())).content.decode()
    assert "Add to the notes on health" in html
    assert "nothing recorded before is replaced" in html


def test_the_edit_form_never_shows_health_notes_to_a_caseworker(world, login, caseworker):
    assessment = AssessmentFactory(health_notes="Untreated injury", psychosocial_notes="Flashbacks")
    html = login(caseworker).get(url("assessment_edit", assessment)).content.decode()
    assert "Untreated injury" not in html and "Flashbacks" not in html
    assert assessment.safety_notes in html


def test_editing_a_stale_assessment_answers_409_and_keeps_what_was_typed(world, login, caseworker):
    assessment = AssessmentFactory(safety_notes="first")
    Assessment.objects.filter(pk=assessment.pk).update(version=2)
    data = {f"{d}_rating": "some_concern" for d in ("safety", "health", "education", "psychosocial")}
    data |= {"family_rating": "no_concern", "legal_documents_rating": "no_concern"}
    response = login(caseworker).post(
        url("assessment_edit", assessment), data | {"safety_notes": "mine", "version": 1}
    )
    assert response.status_code == 409
    assert "Nothing was saved." in response.content.decode()
    assert "mine" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.safety_notes == "first"


def test_complete_the_assessment(world, login, caseworker):
    assessment = AssessmentFactory()
    response = login(caseworker).post(url("assessment_complete", assessment), {"version": 1})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_completed


# --- case plan pages ------------------------------------------------------------------------------


def test_drafting_a_plan_before_the_assessment_is_refused_on_the_form(world, login, caseworker):
    case = CaseFactory()
    response = login(caseworker).post(url("case_plan_add", case), {"summary": "x"})
    assert response.status_code == 400
    assert "Complete the assessment before planning." in response.content.decode()
    assert not CasePlan.objects.exists()


def test_draft_add_goal_and_action_and_submit(world, login, caseworker):
    case = assessed_case()
    client = login(caseworker)
    response = client.post(url("case_plan_add", case), {"summary": "Safety first"})
    plan = CasePlan.objects.get(case=case)
    assert response["Location"] == url("case_plan_detail", plan)
    client.post(url("case_plan_goal_add", plan), {"domain": "safety", "description": "Safe home"})
    due = (timezone.localdate() + timezone.timedelta(days=5)).isoformat()
    response = client.post(
        url("case_plan_action_add", plan),
        {
            "description": "Find a foster family",
            "responsible_user": caseworker.uuid,
            "due_on": due,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    html = client.get(url("case_plan_detail", plan)).content.decode()
    assert "Safe home" in html and "Find a foster family" in html
    client.post(url("case_plan_submit", plan), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED


def test_a_caseworker_cannot_approve_on_the_page(world, login, caseworker, supervisor):
    plan = submitted_plan(submitted_by=supervisor)
    client = login(caseworker)
    assert "Approve or return the plan" not in client.get(url("case_plan_detail", plan)).content.decode()
    response = client.post(url("case_plan_decide", plan), {"decision": "approve", "version": plan.version})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED


def test_a_supervisor_approves_on_the_plan_page(world, login, caseworker, supervisor):
    plan = submitted_plan(submitted_by=caseworker)
    client = login(supervisor)
    assert "Approve or return the plan" in client.get(url("case_plan_detail", plan)).content.decode()
    response = client.post(url("case_plan_decide", plan), {"decision": "approve", "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.APPROVED


def test_returning_a_plan_on_the_page_needs_a_comment(world, login, caseworker, supervisor):
    plan = submitted_plan(submitted_by=caseworker)
    response = login(supervisor).post(
        url("case_plan_decide", plan), {"decision": "reject", "version": plan.version}
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED


# --- approval queue -------------------------------------------------------------------------------


def test_the_approval_queue_lists_plans_and_closures_in_the_supervisors_scope(
    world, login, caseworker, supervisor
):
    plan = submitted_plan(submitted_by=caseworker)
    closing = CaseFactory(
        closure_requested_at=timezone.now(),
        closure_requested_by=caseworker,
        closure_reason=ClosureReason.REUNIFIED,
    )
    nepal = submitted_plan(assessed_case(country=world.np), submitted_by=world.user("NP", Role.CASEWORKER))
    response = login(supervisor).get(reverse("cases:approvals"))
    assert response.status_code == 200
    html = response.content.decode()
    assert url("case_plan_detail", plan) in html
    assert url("case_closure_decide", closing) in html
    assert url("case_plan_detail", nepal) not in html


def test_a_caseworker_has_no_approval_queue(world, login, caseworker):
    assert login(caseworker).get(reverse("cases:approvals")).status_code == 404


def test_the_approval_queue_runs_a_constant_number_of_queries(
    world, login, caseworker, supervisor, django_assert_max_num_queries
):
    client = login(supervisor)
    for count in (3, 30):
        while CasePlan.objects.filter(status="submitted").count() < count:
            submitted_plan(submitted_by=caseworker)
            CaseFactory(closure_requested_at=timezone.now(), closure_requested_by=caseworker)
        with django_assert_max_num_queries(14):
            assert client.get(reverse("cases:approvals")).status_code == 200


# --- services, follow-ups, notes ------------------------------------------------------------------


def test_a_referral_without_consent_is_refused_on_the_form(world, login, caseworker):
    case = CaseFactory()
    response = login(caseworker).post(
        url("service_add", case),
        {
            "support_type": "Legal",
            "provision": "referral",
            "organisation_name": "Legal aid clinic",
            "organisation_type": "LegalService",
            "status": "proposed",
        },
    )
    assert response.status_code == 400
    assert "consent to sharing" in response.content.decode()
    assert not ServiceReferral.objects.exists()


def test_record_a_follow_up_and_a_note(world, login, caseworker):
    case = CaseFactory()
    client = login(caseworker)
    today = timezone.localdate().isoformat()
    response = client.post(
        url("follow_up_add", case), {"visited_on": today, "kind": "school", "findings": "Fine"}
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(case=case).visited_by == caseworker
    client.post(url("note_add", case), {"text": "Called the school", "sensitive": "on"})
    assert CaseNote.objects.get(case=case).sensitive


def test_a_therapist_cannot_open_a_sensitive_note_to_edit_it(world, login):
    note = CaseNoteFactory(sensitive=True)
    assert login(world.user("KE", Role.THERAPIST)).get(url("note_edit", note)).status_code == 404


# --- the other country ----------------------------------------------------------------------------


@pytest.fixture
def kenyan_records(world, caseworker):
    case = assessed_case()
    plan = submitted_plan(case, submitted_by=caseworker)
    return {
        "case": case,
        "assessment": Assessment.objects.get(case=case),
        "plan": plan,
        "goal": plan.goals.get(),
        "action": plan.actions.get(),
        "service": ServiceReferralFactory(case=case),
        "follow_up": FollowUpFactory(case=case),
        "note": CaseNoteFactory(case=case),
    }


PAGES = [
    ("assessment_add", "case"),
    ("assessment_detail", "assessment"),
    ("assessment_edit", "assessment"),
    ("assessment_complete", "assessment"),
    ("case_plan_add", "case"),
    ("case_plan_detail", "plan"),
    ("case_plan_edit", "plan"),
    ("case_plan_submit", "plan"),
    ("case_plan_decide", "plan"),
    ("case_plan_goal_add", "plan"),
    ("case_plan_goal_edit", "goal"),
    ("case_plan_goal_remove", "goal"),
    ("case_plan_action_add", "plan"),
    ("case_plan_action_edit", "action"),
    ("case_plan_action_remove", "action"),
    ("service_add", "case"),
    ("service_edit", "service"),
    ("follow_up_add", "case"),
    ("follow_up_edit", "follow_up"),
    ("note_add", "case"),
    ("note_edit", "note"),
    ("transfer_request", "case"),
]


@pytest.mark.parametrize("name, record", PAGES)
def test_another_countrys_user_gets_404_on_every_page(world, login, kenyan_records, name, record):
    client = login(world.user("NP", Role.SUPERVISOR))
    target = url(name, kenyan_records[record])
    assert client.get(target).status_code == 404
    if not name.endswith("_detail"):
        assert client.post(target, {"version": 1}).status_code == 404


@pytest.mark.parametrize("name, record", PAGES)
def test_the_pages_work_for_the_kenyan_supervisor(world, login, kenyan_records, name, record):
    assert login(world.user("KE", Role.SUPERVISOR)).get(url(name, kenyan_records[record])).status_code == 200
