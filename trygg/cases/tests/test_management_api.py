"""The management API: scope, field-level hiding, versions, service rules, query counts, schema."""

import pytest
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import spectacular_settings
from rest_framework.routers import SimpleRouter

from trygg.accounts.roles import Role
from trygg.cases.api import management_routes
from trygg.cases.api.serializers_management import SCHEMA_ENUM_NAME_OVERRIDES
from trygg.cases.models import Assessment, CasePlan, ServiceReferral
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_management import (
    AssessmentFactory,
    CaseNoteFactory,
    CasePlanActionFactory,
    CasePlanFactory,
    CasePlanGoalFactory,
    FollowUpFactory,
    ServiceReferralFactory,
    TransferFactory,
    assessed_case,
    submitted_plan,
)

API = "/api/v1/"


def detail(endpoint, obj, suffix=""):
    return f"{API}{endpoint}/{obj.uuid}/{suffix}"


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def supervisor(world):
    return world.user("KE", Role.SUPERVISOR)


# --- assessments ----------------------------------------------------------------------------------


def test_create_an_assessment_and_complete_it(world, api_login, caseworker):
    case = CaseFactory()
    client = api_login(caseworker)
    response = client.post(
        f"{API}assessments/", {"case": str(case.uuid), "safety_rating": "some_concern", "safety_notes": "x"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["case"] == str(case.uuid)
    response = client.post(f"{API}assessments/{body['uuid']}/complete/", {"version": body["version"]})
    assert response.status_code == 200
    assert response.json()["completed_at"] is not None
    assert response.json()["assessed_by"] == caseworker.full_name


def test_health_notes_are_hidden_per_field_for_users_without_the_health_permission(world, api_login):
    assessment = AssessmentFactory(health_notes="Untreated injury", psychosocial_notes="Flashbacks")
    body = api_login(world.user("KE", Role.CASEWORKER)).get(detail("assessments", assessment)).json()
    assert body["health_notes"] is None and body["psychosocial_notes"] is None
    assert body["restricted_fields"] == ["health_notes", "psychosocial_notes"]
    assert body["safety_notes"] == assessment.safety_notes
    listed = api_login(world.user("KE", Role.CASEWORKER)).get(f"{API}assessments/").json()["results"][0]
    assert listed["health_notes"] is None
    body = api_login(world.user("KE", Role.THERAPIST)).get(detail("assessments", assessment)).json()
    assert body["health_notes"] == "Untreated injury"
    assert body["restricted_fields"] == []


def test_a_caseworker_adds_to_health_notes_through_the_api(world, api_login, caseworker):
    assessment = AssessmentFactory(health_notes="Untreated injury")
    response = api_login(caseworker).patch(
        detail("assessments", assessment), {"health_notes": "Headaches", "version": 1}
    )
    assert response.status_code == 200
    assert response.json()["health_notes"] is None
    assessment.refresh_from_db()
    assert assessment.health_notes == "Untreated injury\n\nHeadaches"


def test_an_update_needs_the_version_and_a_stale_one_is_a_conflict(world, api_login, caseworker):
    assessment = AssessmentFactory()
    client = api_login(caseworker)
    response = client.patch(detail("assessments", assessment), {"safety_notes": "a"})
    assert response.status_code == 400 and "version" in response.json()
    assert (
        client.patch(detail("assessments", assessment), {"safety_notes": "a", "version": 1}).status_code
        == 200
    )
    response = client.patch(detail("assessments", assessment), {"safety_notes": "b", "version": 1})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


def test_a_bad_rating_is_a_400_naming_the_field(world, api_login, caseworker):
    response = api_login(caseworker).post(
        f"{API}assessments/", {"case": str(CaseFactory().uuid), "health_rating": "dreadful"}
    )
    assert response.status_code == 400
    assert "health_rating" in response.json()


def test_an_assessment_for_another_countrys_case_is_refused(world, api_login, caseworker):
    response = api_login(caseworker).post(
        f"{API}assessments/", {"case": str(CaseFactory(country=world.np).uuid)}
    )
    assert response.status_code == 400
    assert "case" in response.json()


# --- case plans -----------------------------------------------------------------------------------


def test_no_plan_before_an_assessment_through_the_api(world, api_login, caseworker):
    response = api_login(caseworker).post(f"{API}case-plans/", {"case": str(CaseFactory().uuid)})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Complete the assessment before planning."]}


def test_plan_goal_action_submit_and_approval_rules(world, api_login, caseworker, supervisor):
    case = assessed_case()
    client = api_login(caseworker)
    plan = client.post(f"{API}case-plans/", {"case": str(case.uuid), "summary": "Safety"}).json()
    goal = client.post(
        f"{API}case-plan-goals/", {"plan": plan["uuid"], "domain": "safety", "description": "Safe"}
    )
    assert goal.status_code == 201
    action = client.post(
        f"{API}case-plan-actions/",
        {"plan": plan["uuid"], "description": "Shelter", "responsible_user": str(caseworker.uuid)},
    )
    assert action.status_code == 201, action.json()
    response = client.post(f"{API}case-plans/{plan['uuid']}/submit/", {"version": plan["version"]})
    assert response.status_code == 200
    submitted = response.json()
    assert submitted["status"] == "submitted"
    assert [g["description"] for g in submitted["goals"]] == ["Safe"]

    response = client.post(f"{API}case-plans/{plan['uuid']}/approve/", {"version": submitted["version"]})
    assert response.status_code == 403
    response = api_login(supervisor).post(
        f"{API}case-plans/{plan['uuid']}/approve/", {"version": submitted["version"], "comment": "Fine"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["review_due"] is not None


def test_a_supervisor_cannot_approve_their_own_plan_through_the_api(world, api_login, supervisor):
    plan = submitted_plan(submitted_by=supervisor)
    response = api_login(supervisor).post(detail("case-plans", plan, "approve/"), {"version": plan.version})
    assert response.status_code == 403


def test_returning_a_plan_needs_a_comment(world, api_login, caseworker, supervisor):
    plan = submitted_plan(submitted_by=caseworker)
    response = api_login(supervisor).post(detail("case-plans", plan, "reject/"), {"version": plan.version})
    assert response.status_code == 400
    assert "comment" in response.json()


def test_goals_are_removed_with_the_version(world, api_login, caseworker):
    goal = CasePlanGoalFactory(plan=CasePlanFactory(case=assessed_case()))
    client = api_login(caseworker)
    assert client.delete(detail("case-plan-goals", goal)).status_code == 400
    assert client.delete(detail("case-plan-goals", goal) + "?version=1").status_code == 204
    goal.refresh_from_db()
    assert goal.is_deleted


# --- services, follow-ups, notes ------------------------------------------------------------------


def test_a_referral_without_consent_to_sharing_is_a_400_naming_the_field(world, api_login, caseworker):
    response = api_login(caseworker).post(
        f"{API}service-referrals/",
        {
            "case": str(CaseFactory().uuid),
            "support_type": "Legal",
            "provision": "referral",
            "organisation_name": "Legal aid clinic",
            "organisation_type": "LegalService",
        },
    )
    assert response.status_code == 400
    assert "provision" in response.json()
    assert not ServiceReferral.objects.exists()


def test_record_a_follow_up(world, api_login, caseworker):
    response = api_login(caseworker).post(
        f"{API}follow-ups/",
        {"case": str(CaseFactory().uuid), "visited_on": timezone.localdate().isoformat(), "kind": "phone"},
    )
    assert response.status_code == 201
    assert response.json()["visited_by"] == caseworker.full_name


def test_a_sensitive_notes_text_is_hidden_from_a_therapist(world, api_login):
    note = CaseNoteFactory(text="Name of the recruiter", sensitive=True)
    body = api_login(world.user("KE", Role.THERAPIST)).get(detail("case-notes", note)).json()
    assert body["text"] is None and body["restricted"] is True
    body = api_login(world.user("KE", Role.CASEWORKER)).get(detail("case-notes", note)).json()
    assert body["text"] == "Name of the recruiter"


# --- scope ----------------------------------------------------------------------------------------


@pytest.fixture
def kenyan_records(world, caseworker):
    case = assessed_case()
    plan = submitted_plan(case, submitted_by=caseworker)
    return {
        "assessments": Assessment.objects.get(case=case),
        "case-plans": plan,
        "case-plan-goals": plan.goals.get(),
        "case-plan-actions": plan.actions.get(),
        "service-referrals": ServiceReferralFactory(case=case),
        "follow-ups": FollowUpFactory(case=case),
        "case-notes": CaseNoteFactory(case=case),
    }


ENDPOINTS = [
    "assessments",
    "case-plans",
    "case-plan-goals",
    "case-plan-actions",
    "service-referrals",
    "follow-ups",
    "case-notes",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_another_countrys_user_gets_404_on_every_endpoint(world, api_login, kenyan_records, endpoint):
    client = api_login(world.user("NP", Role.SUPERVISOR))
    record = kenyan_records[endpoint]
    assert client.get(detail(endpoint, record)).status_code == 404
    assert client.patch(detail(endpoint, record), {"version": 1}).status_code == 404
    assert client.get(f"{API}{endpoint}/").json()["count"] == 0
    assert api_login(world.user("KE", Role.CASEWORKER)).get(detail(endpoint, record)).status_code == 200


@pytest.mark.parametrize("endpoint", ["complete", "submit", "approve", "reject"])
def test_another_countrys_user_gets_404_on_every_action(world, api_login, kenyan_records, endpoint):
    record = kenyan_records["assessments" if endpoint == "complete" else "case-plans"]
    target = "assessments" if endpoint == "complete" else "case-plans"
    response = api_login(world.user("NP", Role.SUPERVISOR)).post(
        detail(target, record, f"{endpoint}/"), {"version": 1, "comment": "x"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.COUNTRY_ADMINISTRATOR])
def test_roles_without_case_access_see_nothing(world, api_login, kenyan_records, role):
    client = api_login(world.user("KE", role))
    assert client.get(detail("assessments", kenyan_records["assessments"])).status_code == 404


# --- query counts ---------------------------------------------------------------------------------


def _fill(rows, caseworker):
    case = assessed_case()
    plan = CasePlanFactory(case=case)
    for _ in range(rows):
        AssessmentFactory(case=case, completed=True, assessed_by=caseworker)
        CasePlanGoalFactory(plan=plan)
        CasePlanActionFactory(plan=plan, responsible_user=caseworker)
        ServiceReferralFactory(case=case)
        FollowUpFactory(case=case, visited_by=caseworker)
        CaseNoteFactory(case=case, created_by=caseworker, sensitive=True)
        CasePlanFactory(case=CaseFactory(), status=CasePlan.Status.APPROVED)
        TransferFactory(requested_by=caseworker)


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "transfers"])
def test_list_endpoints_run_a_constant_number_of_queries(
    world, api_login, caseworker, endpoint, django_assert_max_num_queries
):
    client = api_login(caseworker)
    for rows in (3, 30):
        _fill(rows - (3 if rows == 30 else 0), caseworker)
        with django_assert_max_num_queries(16):
            response = client.get(f"{API}{endpoint}/", {"page_size": 100})
        assert response.status_code == 200
        assert response.json()["count"] >= rows


# --- schema ---------------------------------------------------------------------------------------


@pytest.fixture
def enum_names(monkeypatch):
    """The enum names the project settings give these choice sets (see SCHEMA_ENUM_NAME_OVERRIDES)."""
    overrides = {**spectacular_settings.ENUM_NAME_OVERRIDES, **SCHEMA_ENUM_NAME_OVERRIDES}
    monkeypatch.setattr(spectacular_settings, "ENUM_NAME_OVERRIDES", overrides)
    _load_enum_name_overrides.cache_clear()
    yield
    _load_enum_name_overrides.cache_clear()


def test_the_management_endpoints_have_a_warning_free_schema(enum_names):
    router = SimpleRouter()
    management_routes.register(router)
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))])
    with GENERATOR_STATS.silence():
        schema = generator.get_schema(request=None, public=True)
    warnings = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "could not resolve authenticator" not in message
    ]
    GENERATOR_STATS.reset()
    assert warnings == []
    assert set(schema["paths"]["/api/v1/transfers/{uuid}/accept/"]) == {"post"}
    assert "/api/v1/assessments/{uuid}/complete/" in schema["paths"]
    assert "AssessmentRatingEnum" in schema["components"]["schemas"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/case-plan-goals/"]["get"]["parameters"]}
    assert {"case", "plan"} <= parameters
