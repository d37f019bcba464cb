"""Transfer pages and the summary a sending country keeps after an accepted transfer."""

import pytest
from django.urls import reverse

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.models import Transfer
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_management import (
    AssessmentFactory,
    CaseNoteFactory,
    TransferFactory,
    consent_to_sharing,
)
from trygg.core.testing import make_user
from trygg.geo.models import Country
from trygg.people.tests.factories import PersonFactory

TRANSFERS = reverse("cases:transfers")


def url(name, obj):
    return reverse(f"cases:{name}", kwargs={"uuid": obj.uuid})


@pytest.fixture
def transfer(world):
    child = PersonFactory(country=world.ke, given_name="Sita", family_name="Tamang")
    case = CaseFactory(child=child)
    consent_to_sharing(case)
    return TransferFactory(transferred_from=case, requested_by=world.user("KE", Role.CASEWORKER))


@pytest.fixture
def uganda_supervisor(world):
    uganda = Country.objects.get(code="UG")
    Country.objects.filter(pk=uganda.pk).update(is_operating=True)
    user = make_user("supervisor.ug@example.org")
    Membership.objects.create(user=user, role=Role.SUPERVISOR, country=uganda)
    return user


def test_a_caseworker_requests_a_transfer_from_the_case(world, login):
    case = CaseFactory()
    consent_to_sharing(case)
    client = login(world.user("KE", Role.CASEWORKER))
    assert "Nepal" in client.get(url("transfer_request", case)).content.decode()
    response = client.post(url("transfer_request", case), {"to_country": "NP", "reason": "Family in Nepal"})
    transfer = Transfer.objects.get()
    assert response["Location"] == url("transfer_detail", transfer)
    assert "Request a transfer to another country" in client.get(url("case_detail", case)).content.decode()


def test_without_consent_the_request_page_says_so(world, login):
    case = CaseFactory()
    response = login(world.user("KE", Role.CASEWORKER)).post(
        url("transfer_request", case), {"to_country": "NP", "reason": "Family in Nepal"}
    )
    assert response.status_code == 400
    assert "consent" in response.content.decode()


def test_the_receiving_supervisor_sees_incoming_transfers_and_who_the_child_is(world, login, transfer):
    client = login(world.user("NP", Role.SUPERVISOR))
    html = client.get(TRANSFERS, {"direction": "incoming"}).content.decode()
    assert transfer.transferred_from.reference in html
    assert "waiting for your decision" in html
    html = client.get(url("transfer_detail", transfer)).content.decode()
    assert "Sita Tamang" in html
    assert "Accept or reject the transfer" in html
    # Seeing the child's details from another country is a read of the child's record.
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, object_uuid=transfer.transferred_from.child.uuid
    ).exists()


def test_the_sending_country_sees_its_outgoing_transfer_without_the_decision_form(world, login, transfer):
    client = login(world.user("KE", Role.SUPERVISOR))
    assert (
        transfer.transferred_from.reference
        in client.get(TRANSFERS, {"direction": "outgoing"}).content.decode()
    )
    assert (
        "Accept or reject the transfer" not in client.get(url("transfer_detail", transfer)).content.decode()
    )
    response = client.post(url("transfer_decide", transfer), {"decision": "approve", "version": 1})
    assert response.status_code == 403
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.REQUESTED


def test_a_third_country_gets_404_on_every_transfer_page(world, login, transfer, uganda_supervisor):
    client = login(uganda_supervisor)
    for name in ("transfer_detail", "transfer_decide", "transfer_share"):
        assert client.get(url(name, transfer)).status_code == 404
    assert (
        client.post(url("transfer_decide", transfer), {"decision": "approve", "version": 1}).status_code
        == 404
    )
    assert transfer.transferred_from.reference not in client.get(TRANSFERS).content.decode()


def test_accepting_opens_the_case_in_the_receiving_country(world, login, transfer):
    client = login(world.user("NP", Role.SUPERVISOR))
    response = client.post(
        url("transfer_decide", transfer),
        {"decision": "approve", "version": 1, "site": world.sites["NP"].uuid, "comment": "Welcome"},
    )
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.ACCEPTED
    assert response["Location"] == url("case_detail", transfer.receiving_case)
    assert client.get(response["Location"]).status_code == 200


def test_after_acceptance_the_sending_country_keeps_a_summary_only(world, login, transfer):
    sending = transfer.transferred_from
    assessment = AssessmentFactory(case=sending, safety_notes="Sleeps at the station")
    note = CaseNoteFactory(case=sending, text="Talked to the aunt")
    login(world.user("NP", Role.SUPERVISOR)).post(
        url("transfer_decide", transfer), {"decision": "approve", "version": 1}
    )

    client = login(world.user("KE", Role.CASEWORKER))
    page = client.get(url("case_detail", sending))
    assert page.status_code == 200
    html = page.content.decode()
    assert sending.reference in html
    assert "Sleeps at the station" not in html and "Talked to the aunt" not in html
    assert client.get(url("assessment_detail", assessment)).status_code == 404
    assert client.get(url("note_edit", note)).status_code == 404
    assert client.get(url("transfer_detail", transfer)).status_code == 200


def test_after_sharing_the_sending_country_sees_the_whole_case_again(world, login, transfer):
    sending = transfer.transferred_from
    assessment = AssessmentFactory(case=sending, safety_notes="Sleeps at the station")
    receiving_client = login(world.user("NP", Role.SUPERVISOR))
    receiving_client.post(url("transfer_decide", transfer), {"decision": "approve", "version": 1})
    transfer.refresh_from_db()
    assert "Share the details" in receiving_client.get(url("transfer_detail", transfer)).content.decode()
    receiving_client.post(url("transfer_share", transfer), {"version": transfer.version})

    html = login(world.user("KE", Role.CASEWORKER)).get(url("assessment_detail", assessment)).content.decode()
    assert "Sleeps at the station" in html


def test_rejecting_on_the_page_needs_a_comment(world, login, transfer):
    client = login(world.user("NP", Role.SUPERVISOR))
    assert (
        client.post(url("transfer_decide", transfer), {"decision": "reject", "version": 1}).status_code == 400
    )
    client.post(
        url("transfer_decide", transfer), {"decision": "reject", "version": 1, "comment": "No family"}
    )
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.REJECTED


def test_the_transfer_list_runs_a_constant_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user("NP", Role.SUPERVISOR))
    for count in (3, 30):
        while Transfer.objects.count() < count:
            TransferFactory()
        with django_assert_max_num_queries(14):
            response = client.get(TRANSFERS)
        assert len(response.context["object_list"]) == count
