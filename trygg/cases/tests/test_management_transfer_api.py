"""The transfers API: both countries see a transfer, only the receiving supervisor decides."""

import pytest

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.cases.models import Transfer
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_management import AssessmentFactory, TransferFactory, consent_to_sharing
from trygg.core.testing import make_user
from trygg.geo.models import Country

TRANSFERS = "/api/v1/transfers/"


def detail(transfer, suffix=""):
    return f"{TRANSFERS}{transfer.uuid}/{suffix}"


@pytest.fixture
def transfer(world):
    case = CaseFactory()
    consent_to_sharing(case)
    return TransferFactory(transferred_from=case, requested_by=world.user("KE", Role.CASEWORKER))


@pytest.fixture
def uganda_supervisor(world):
    uganda = Country.objects.get(code="UG")
    Country.objects.filter(pk=uganda.pk).update(is_operating=True)
    user = make_user("supervisor.ug@example.org")
    Membership.objects.create(user=user, role=Role.SUPERVISOR, country=uganda)
    return user


def test_request_a_transfer(world, api_login):
    case = CaseFactory()
    consent_to_sharing(case)
    response = api_login(world.user("KE", Role.CASEWORKER)).post(
        TRANSFERS, {"case": str(case.uuid), "to_country": "NP", "reason": "Family in Nepal"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["from_country"], body["to_country"], body["status"]) == ("KE", "NP", "requested")
    assert body["case_reference"] == case.reference


def test_a_request_to_the_own_country_is_a_400_naming_the_field(world, api_login):
    case = CaseFactory()
    consent_to_sharing(case)
    response = api_login(world.user("KE", Role.CASEWORKER)).post(
        TRANSFERS, {"case": str(case.uuid), "to_country": "KE", "reason": "x"}
    )
    assert response.status_code == 400
    assert "to_country" in response.json()


def test_both_countries_list_and_read_the_transfer_a_third_gets_404(
    world, api_login, transfer, uganda_supervisor
):
    for user in (world.user("KE", Role.CASEWORKER), world.user("NP", Role.SUPERVISOR)):
        client = api_login(user)
        assert [row["uuid"] for row in client.get(TRANSFERS).json()["results"]] == [str(transfer.uuid)]
        assert client.get(detail(transfer)).status_code == 200
    client = api_login(uganda_supervisor)
    assert client.get(TRANSFERS).json()["count"] == 0
    assert client.get(detail(transfer)).status_code == 404
    for action in ("accept/", "reject/", "share/"):
        assert client.post(detail(transfer, action), {"version": 1, "comment": "x"}).status_code == 404


def test_the_sending_country_cannot_accept(world, api_login, transfer):
    response = api_login(world.user("KE", Role.SUPERVISOR)).post(detail(transfer, "accept/"), {"version": 1})
    assert response.status_code == 403
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.REQUESTED


def test_accept_then_share(world, api_login, transfer):
    client = api_login(world.user("NP", Role.SUPERVISOR))
    response = client.post(detail(transfer, "accept/"), {"version": 1, "site": str(world.sites["NP"].uuid)})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "accepted"
    assert body["receiving_case_reference"].startswith("NP-")
    assert body["share_full"] is False
    assert client.post(detail(transfer, "accept/"), {"version": body["version"]}).status_code == 400
    response = client.post(detail(transfer, "share/"), {"version": body["version"]})
    assert response.status_code == 200
    assert response.json()["share_full"] is True


def test_a_stale_version_is_a_conflict(world, api_login, transfer):
    response = api_login(world.user("NP", Role.SUPERVISOR)).post(
        detail(transfer, "reject/"), {"version": 7, "comment": "No"}
    )
    assert response.status_code == 409


def test_after_acceptance_the_sending_countrys_api_hides_the_case_parts(world, api_login, transfer):
    assessment = AssessmentFactory(case=transfer.transferred_from)
    api_login(world.user("NP", Role.SUPERVISOR)).post(detail(transfer, "accept/"), {"version": 1})
    client = api_login(world.user("KE", Role.CASEWORKER))
    assert client.get(f"/api/v1/assessments/{assessment.uuid}/").status_code == 404
    assert client.get("/api/v1/assessments/").json()["count"] == 0
    assert client.get(detail(transfer)).status_code == 200
