"""Steps on a case through its pages: stage, risk, assignment, consent, legal basis, closure, settings."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.cases.codes import CaseStatus, ClosureReason, RiskLevel, Stage
from trygg.cases.models import Case, Consent, LegalBasisStatus, ResponseDeadline
from trygg.cases.services import stages
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory, LegalBasisFactory


def _url(name, obj):
    return reverse(f"cases:{name}", kwargs={"uuid": obj.uuid})


@pytest.fixture
def only_consent_rule(monkeypatch):
    from trygg.cases.case_parts import consent_or_legal_basis

    monkeypatch.setattr(stages, "_REQUIREMENTS", {Stage.ASSESSMENT: [consent_or_legal_basis]})


def test_advancing_without_consent_says_what_is_missing(world, login, only_consent_rule):
    case = CaseFactory()
    client = login(world.user("KE", Role.CASEWORKER))
    page = client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    assert "Still needed:" in page and "legal basis" in page
    response = client.post(_url("case_stage", case), {"to_stage": Stage.ASSESSMENT, "version": case.version})
    assert response.status_code == 400
    assert "consent" in response.content.decode()
    ConsentFactory(case=case)
    response = client.post(_url("case_stage", case), {"to_stage": Stage.ASSESSMENT, "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT


def test_a_stale_form_is_a_409_and_nothing_changes(world, login):
    case = CaseFactory(risk_level=RiskLevel.LOW)
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    response = login(world.user("KE", Role.CASEWORKER)).post(
        _url("case_risk", case), {"risk_level": RiskLevel.HIGH, "version": case.version}
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.LOW


def test_risk_and_assignment_pages(world, login):
    case = CaseFactory(risk_level=RiskLevel.LOW)
    client = login(world.user("KE", Role.SUPERVISOR))
    assert (
        client.post(_url("case_risk", case), {"risk_level": RiskLevel.HIGH, "version": 1}).status_code == 302
    )
    worker = world.user("KE", Role.CASEWORKER)
    form = client.get(_url("case_assign", case)).context["form"]
    assert set(form.fields["worker"].queryset) == {worker, world.user("KE", Role.SUPERVISOR)}
    response = client.post(
        _url("case_assign", case), {"worker": str(worker.uuid), "supervisor": "", "version": 2}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.risk_level, case.assigned_worker, case.version) == (RiskLevel.HIGH, worker, 3)


def test_closure_request_and_supervisor_decision_through_the_pages(world, login):
    case = CaseFactory(stage=Stage.FOLLOW_UP, status=CaseStatus.FOLLOW_UP)
    caseworker = login(world.user("KE", Role.CASEWORKER))
    response = caseworker.post(
        _url("case_closure_request", case),
        {"reason": ClosureReason.REUNIFIED, "note": "Back with her mother.", "version": case.version},
    )
    assert response.status_code == 302
    assert caseworker.get(_url("case_closure_decide", case)).status_code == 403
    assert (
        caseworker.post(_url("case_closure_decide", case), {"decision": "approve", "version": 2}).status_code
        == 403
    )
    supervisor = login(world.user("KE", Role.SUPERVISOR))
    page = supervisor.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    assert _url("case_closure_decide", case) in page and "Back with her mother." in page
    response = supervisor.post(_url("case_closure_decide", case), {"decision": "approve", "version": 2})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.stage) == (CaseStatus.CLOSED, Stage.CLOSURE)
    page = supervisor.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    assert _url("case_reopen", case) in page


def test_own_closure_request_cannot_be_approved_on_the_page(world, login):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    supervisor = login(world.user("KE", Role.SUPERVISOR))
    supervisor.post(_url("case_closure_request", case), {"reason": ClosureReason.DUPLICATE, "version": 1})
    response = supervisor.post(_url("case_closure_decide", case), {"decision": "approve", "version": 2})
    assert response.status_code == 400
    assert "another supervisor" in response.content.decode()


def test_reopen_page_needs_a_supervisor(world, login, only_consent_rule):
    case = CaseFactory(stage=Stage.CLOSURE, status=CaseStatus.CLOSED)
    ConsentFactory(case=case)
    assert login(world.user("KE", Role.CASEWORKER)).get(_url("case_reopen", case)).status_code == 403
    response = login(world.user("KE", Role.SUPERVISOR)).post(
        _url("case_reopen", case), {"reason": "New threats from the trafficker.", "version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.status) == (Stage.ASSESSMENT, CaseStatus.ACTIVE)


def test_record_and_withdraw_consent_through_the_pages(world, login):
    case = CaseFactory()
    client = login(world.user("KE", Role.CASEWORKER))
    form = client.get(_url("consent_add", case))
    assert "Has the person been told how to withdraw consent?" in form.content.decode()
    response = client.post(
        _url("consent_add", case),
        {
            "given_by": "caregiver",
            "kind": "consent",
            "purposes": ["registration", "tracing"],
            "consents_to_interview": "on",
            "informed_of_purpose": "on",
            "informed_of_data_use": "on",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.purposes == ["registration", "tracing"] and consent.is_current
    page = client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    assert _url("consent_withdraw", consent) in page
    response = client.post(
        _url("consent_withdraw", consent), {"note": "Father objects.", "version": consent.version}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawal_note == "Father objects."


def test_uninformed_consent_is_refused_on_the_page(world, login):
    case = CaseFactory()
    response = login(world.user("KE", Role.CASEWORKER)).post(
        _url("consent_add", case),
        {
            "given_by": "caregiver",
            "kind": "consent",
            "purposes": ["registration"],
            "consents_to_interview": "on",
        },
    )
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_legal_basis_request_and_decision(world, login):
    case = CaseFactory()
    caseworker = login(world.user("KE", Role.CASEWORKER))
    response = caseworker.post(
        _url("legal_basis_add", case),
        {"basis": "vital_interests", "purposes": ["registration"], "explanation": "Parents unreachable."},
    )
    assert response.status_code == 302
    basis = case.legal_bases.get()
    assert caseworker.get(_url("legal_basis_decide", basis)).status_code == 403
    supervisor = login(world.user("KE", Role.SUPERVISOR))
    assert (
        supervisor.post(_url("legal_basis_decide", basis), {"decision": "reject", "version": 1}).status_code
        == 400
    )
    response = supervisor.post(_url("legal_basis_decide", basis), {"decision": "approve", "version": 1})
    assert response.status_code == 302
    basis.refresh_from_db()
    assert basis.status == LegalBasisStatus.APPROVED


def test_step_pages_are_404_for_the_other_country(world, login):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    consent = ConsentFactory(case=case)
    basis = LegalBasisFactory(case=case)
    urls = [
        _url(name, case)
        for name in (
            "case_stage",
            "case_risk",
            "case_first_action",
            "case_assign",
            "case_closure_request",
            "case_closure_decide",
            "case_reopen",
            "consent_add",
            "legal_basis_add",
        )
    ] + [_url("consent_withdraw", consent), _url("legal_basis_decide", basis)]
    for role in (Role.CASEWORKER, Role.SUPERVISOR):
        client = login(world.user("NP", role))
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"version": 1}).status_code == 404, url


def test_country_administrator_sets_deadlines(world, login):
    url = reverse("cases:deadlines", kwargs={"code": "KE"})
    admin = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    assert admin.get(reverse("cases:deadlines_index")).url == url
    form = admin.get(url).context["form"]
    assert form["high_first_action_hours"].initial == 24
    data = {
        "high_first_action_hours": 12,
        "high_assessment_hours": 48,
        "medium_first_action_hours": 72,
        "medium_assessment_hours": 168,
        "low_first_action_hours": 168,
        "low_assessment_hours": 100,
    }
    response = admin.post(url, data)
    assert response.status_code == 400
    assert "cannot be due before the first action" in response.content.decode()
    assert admin.post(url, {**data, "low_assessment_hours": 336}).status_code == 302
    assert ResponseDeadline.objects.get(country=world.ke, risk_level=RiskLevel.HIGH).first_action_hours == 12
    for user in (world.user("NP", Role.COUNTRY_ADMINISTRATOR), world.user("KE", Role.CASEWORKER)):
        assert login(user).get(url).status_code == 404
        assert login(user).post(url, data).status_code == 404
