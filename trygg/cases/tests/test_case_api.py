"""The case API: scope, audit, steps, conflicts, consents and legal bases."""

from datetime import timedelta

import pytest
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, ClosureReason, RiskLevel, Stage
from trygg.cases.models import Consent, LegalBasisStatus
from trygg.cases.services import stages
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory, LegalBasisFactory
from trygg.people.tests.factories import PersonFactory

CASES = "/api/v1/cases/"


def _case_url(case, step=""):
    return f"{CASES}{case.uuid}/{step + '/' if step else ''}"


@pytest.fixture
def only_consent_rule(monkeypatch):
    from trygg.cases.case_parts import consent_or_legal_basis

    monkeypatch.setattr(stages, "_REQUIREMENTS", {Stage.ASSESSMENT: [consent_or_legal_basis]})


def test_list_is_scoped_filtered_and_one_search_event(world, api_login):
    mine = CaseFactory(assigned_worker=world.user("KE", Role.CASEWORKER), risk_level=RiskLevel.HIGH)
    CaseFactory(risk_level=RiskLevel.LOW)
    CaseFactory(country=world.np)
    client = api_login(world.user("KE", Role.CASEWORKER))
    response = client.get(CASES)
    assert response.status_code == 200 and len(response.data["results"]) == 2
    response = client.get(CASES, {"risk_level": "high", "assigned_worker": "me"})
    assert [row["reference"] for row in response.data["results"]] == [mine.reference]
    assert response.json()["results"][0]["child"] == str(mine.child.uuid)
    assert AuditEvent.objects.filter(action="search", detail__model="cases.case").count() == 2
    assert client.get(CASES, {"assigned_worker": "not-a-uuid"}).data["results"] == []


def test_search_by_name_and_reference(world, api_login):
    case = CaseFactory(child=PersonFactory(given_name="Ánjali", family_name="Thapa"))
    client = api_login(world.user("KE", Role.CASEWORKER))
    other = CaseFactory(child=PersonFactory(given_name="Anil", family_name="Rai"))

    def found(q):
        return [row["reference"] for row in client.get(CASES, {"q": q}).data["results"]]

    assert found("anjali") == [case.reference]
    assert found(case.reference.lower()) == [case.reference]
    # Part of a reference (the year and number) finds it too, and not the other case.
    assert found(case.reference[3:]) == [case.reference]
    assert other.reference not in found(case.reference[3:])


def test_list_pages_by_cursor_without_a_count(world, api_login):
    now = timezone.now()
    cases = [CaseFactory(identified_at=now - timedelta(days=day)) for day in range(5)]
    client = api_login(world.user("KE", Role.CASEWORKER))
    first = client.get(CASES, {"page_size": 2}).data
    assert "count" not in first and first["previous"] is None
    assert [row["reference"] for row in first["results"]] == [c.reference for c in cases[:2]]
    seen = [row["reference"] for row in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).data
        seen += [row["reference"] for row in page["results"]]
        url = page["next"]
    assert seen == [c.reference for c in cases]


def test_list_page_size_has_a_maximum(world, api_login, monkeypatch, settings):
    from trygg.cases.api.views_case import CasePagination

    assert CasePagination.max_page_size == settings.API_MAX_PAGE_SIZE == 200
    monkeypatch.setattr(CasePagination, "max_page_size", 2)  # the same rule, without 201 cases
    for _ in range(3):
        CaseFactory()
    response = api_login(world.user("KE", Role.CASEWORKER)).get(CASES, {"page_size": 500})
    assert len(response.data["results"]) == 2 and response.data["next"]


@pytest.mark.parametrize("rows", [3, 30])
def test_list_runs_a_constant_number_of_queries(world, api_login, django_assert_max_num_queries, rows):
    worker = world.user("KE", Role.SUPERVISOR)
    for _ in range(rows):
        CaseFactory(assigned_worker=worker, supervisor=worker, site=world.sites["KE"])
    client = api_login(worker)
    with django_assert_max_num_queries(14):
        response = client.get(CASES, {"page_size": 50, "overdue": "false"})
    assert len(response.data["results"]) == rows


def test_retrieve_is_audited_and_404_for_another_country(world, api_login):
    case = CaseFactory()
    response = api_login(world.user("KE", Role.THERAPIST)).get(_case_url(case))
    assert response.status_code == 200 and response.data["reference"] == case.reference
    assert AuditEvent.objects.filter(action="view", object_uuid=case.uuid).count() == 1
    for role in (Role.CASEWORKER, Role.SUPERVISOR):
        client = api_login(world.user("NP", role))
        assert client.get(_case_url(case)).status_code == 404
        for step in (
            "advance",
            "assign",
            "request-closure",
            "approve-closure",
            "reopen",
            "consents",
            "legal-bases",
        ):
            assert client.post(_case_url(case, step), {"version": 1}).status_code == 404, step
        assert client.patch(_case_url(case), {"risk_level": "high", "version": 1}).status_code == 404


def test_open_a_case(world, api_login):
    child = PersonFactory(country=world.ke)
    client = api_login(world.user("KE", Role.CASEWORKER))
    response = client.post(
        CASES,
        {
            "child": str(child.uuid),
            "risk_level": "high",
            "assigned_worker": str(world.user("KE", Role.CASEWORKER).uuid),
        },
    )
    assert response.status_code == 201, response.data
    assert response.data["reference"].startswith(f"KE-{timezone.localdate().year}-")
    assert response.data["stage"] == Stage.IDENTIFICATION and response.data["country"] == "KE"
    again = client.post(CASES, {"child": str(child.uuid), "risk_level": "low"})
    assert again.status_code == 400 and "child" in again.data
    bad = client.post(CASES, {"child": str(PersonFactory(country=world.np).uuid), "risk_level": "low"})
    assert bad.status_code == 400 and "child" in bad.data
    assert (
        api_login(world.user("KE", Role.THERAPIST)).post(CASES, {"child": str(child.uuid)}).status_code == 404
    )


def test_patch_changes_risk_and_a_stale_version_is_409(world, api_login):
    case = CaseFactory(risk_level=RiskLevel.LOW, identified_at=timezone.now() - timedelta(hours=1))
    client = api_login(world.user("KE", Role.CASEWORKER))
    response = client.patch(_case_url(case), {"risk_level": "high", "version": 1})
    assert response.status_code == 200 and response.data["version"] == 2
    case.refresh_from_db()
    assert case.first_action_due == case.identified_at + timedelta(hours=24)
    conflict = client.patch(_case_url(case), {"risk_level": "medium", "version": 1})
    assert conflict.status_code == 409 and conflict.data["current_version"] == 2
    assert client.patch(_case_url(case), {"risk_level": "medium"}).status_code == 400
    refused = client.patch(_case_url(case), {"stage": "closure", "version": 2})
    assert refused.status_code == 400 and "stage" in refused.data


def test_advance_names_what_is_missing_then_moves(world, api_login, only_consent_rule):
    case = CaseFactory()
    client = api_login(world.user("KE", Role.CASEWORKER))
    response = client.post(_case_url(case, "advance"), {"to_stage": "assessment", "version": 1})
    assert response.status_code == 400 and "consent" in str(response.data["to_stage"])
    assert client.post(_case_url(case, "advance"), {"to_stage": "closure", "version": 1}).status_code == 400
    assert "version" in client.post(_case_url(case, "advance"), {"to_stage": "assessment"}).data
    consent = client.post(
        _case_url(case, "consents"),
        {
            "given_by": "guardian",
            "kind": "consent",
            "purposes": ["registration"],
            "consents_to_interview": True,
            "informed_of_purpose": True,
            "informed_of_data_use": True,
        },
    )
    assert consent.status_code == 201, consent.data
    response = client.post(_case_url(case, "advance"), {"to_stage": "assessment", "version": 1})
    assert response.status_code == 200 and response.data["stage"] == "assessment"
    assert (
        client.post(_case_url(case, "advance"), {"to_stage": "case_planning", "version": 1}).status_code
        == 409
    )


def test_closure_flow_and_who_may_decide(world, api_login):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    caseworker = api_login(world.user("KE", Role.CASEWORKER))
    response = caseworker.post(
        _case_url(case, "request-closure"), {"closure_reason": ClosureReason.TRANSFERRED, "version": 1}
    )
    assert response.status_code == 200 and response.data["closure_requested_at"]
    assert caseworker.post(_case_url(case, "approve-closure"), {"version": 2}).status_code == 403
    therapist = api_login(world.user("KE", Role.THERAPIST))
    assert therapist.post(_case_url(case, "approve-closure"), {"version": 2}).status_code == 403
    supervisor = api_login(world.user("KE", Role.SUPERVISOR))
    response = supervisor.post(_case_url(case, "approve-closure"), {"version": 2})
    assert response.status_code == 200 and response.data["status"] == CaseStatus.CLOSED_REFERRED
    response = supervisor.post(_case_url(case, "reopen"), {"reason": "", "version": 3})
    assert response.status_code == 400 and "reason" in response.data


def test_reject_closure_needs_a_note(world, api_login):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    api_login(world.user("KE", Role.CASEWORKER)).post(
        _case_url(case, "request-closure"), {"closure_reason": "duplicate", "version": 1}
    )
    supervisor = api_login(world.user("KE", Role.SUPERVISOR))
    assert "note" in supervisor.post(_case_url(case, "reject-closure"), {"version": 2}).data
    response = supervisor.post(_case_url(case, "reject-closure"), {"version": 2, "note": "Not a duplicate."})
    assert response.status_code == 200 and response.data["closure_requested_at"] is None


def test_assign_through_the_api(world, api_login):
    case = CaseFactory()
    client = api_login(world.user("KE", Role.SUPERVISOR))
    nepali = world.user("NP", Role.CASEWORKER)
    response = client.post(_case_url(case, "assign"), {"worker": str(nepali.uuid), "version": 1})
    assert response.status_code == 400 and "worker" in response.data
    worker = world.user("KE", Role.CASEWORKER)
    response = client.post(
        _case_url(case, "assign"),
        {"worker": str(worker.uuid), "supervisor": str(world.user("KE", Role.SUPERVISOR).uuid), "version": 1},
    )
    assert response.status_code == 200 and response.json()["assigned_worker"] == str(worker.uuid)


def test_consents_list_withdraw_and_legal_basis_approval(world, api_login):
    case = CaseFactory()
    consent = ConsentFactory(case=case)
    caseworker = api_login(world.user("KE", Role.CASEWORKER))
    listed = caseworker.get(_case_url(case, "consents"))
    assert [row["uuid"] for row in listed.json()] == [str(consent.uuid)] and listed.json()[0]["is_current"]
    assert caseworker.get("/api/v1/consents/", {"case": str(case.uuid)}).data["count"] == 1
    response = caseworker.post(
        f"/api/v1/consents/{consent.uuid}/withdraw/", {"version": 1, "note": "Changed mind."}
    )
    assert response.status_code == 200 and response.data["withdrawn_at"] and not response.data["is_current"]
    assert not Consent.objects.get(pk=consent.pk).is_current
    requested = caseworker.post(
        _case_url(case, "legal-bases"),
        {"basis": "court_order", "purposes": ["registration", "sharing"], "explanation": "Order of 3 May."},
    )
    assert requested.status_code == 201 and requested.data["status"] == LegalBasisStatus.REQUESTED
    url = f"/api/v1/legal-bases/{requested.data['uuid']}/approve/"
    assert caseworker.post(url, {"version": 1}).status_code == 403
    approved = api_login(world.user("KE", Role.SUPERVISOR)).post(url, {"version": 1})
    assert approved.status_code == 200 and approved.data["status"] == LegalBasisStatus.APPROVED


def test_consent_and_legal_basis_endpoints_are_404_for_another_country(world, api_login):
    consent = ConsentFactory()
    basis = LegalBasisFactory()
    client = api_login(world.user("NP", Role.SUPERVISOR))
    assert client.get(f"/api/v1/consents/{consent.uuid}/").status_code == 404
    assert client.post(f"/api/v1/consents/{consent.uuid}/withdraw/", {"version": 1}).status_code == 404
    assert client.get(f"/api/v1/legal-bases/{basis.uuid}/").status_code == 404
    assert client.post(f"/api/v1/legal-bases/{basis.uuid}/approve/", {"version": 1}).status_code == 404
    assert client.get("/api/v1/consents/").data["count"] == 0


def test_bad_consent_input_names_the_field(world, api_login):
    case = CaseFactory()
    response = api_login(world.user("KE", Role.CASEWORKER)).post(
        _case_url(case, "consents"), {"given_by": "neighbour", "kind": "consent", "purposes": ["marketing"]}
    )
    assert response.status_code == 400 and {"given_by", "purposes"} <= set(response.data)
