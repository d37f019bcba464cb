"""What the sending country keeps of a case after an accepted transfer: its summary only.

The summary (see `trygg.cases.services.transfer.visible_in_full`) is the reference, dates, stage,
status and closure reason, and the transfer record; the child's name stays visible because the
child's person record is the sending country's own.
"""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.cases.codes import CaseStatus, ClosureReason, RiskLevel, Stage
from trygg.cases.models import CaseEvent
from trygg.cases.services import case as case_services
from trygg.cases.services import support
from trygg.cases.services import transfer as transfers
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_management import consent_to_sharing
from trygg.people.tests.factories import PersonFactory

CASES_API = "/api/v1/cases/"
HIDDEN_IN_SUMMARY = [
    "risk_level",
    "urgent_protection_concern",
    "first_action_due",
    "assessment_due",
    "overdue",
    "assigned_worker",
    "supervisor",
    "closure_note",
    "closed_by",
]


def page(name, case):
    return reverse(f"cases:{name}", kwargs={"uuid": case.uuid})


@pytest.fixture
def transferred(world):
    """A high-risk Kenyan case with a note and a consent, transferred to Nepal and accepted there."""
    caseworker = world.user("KE", Role.CASEWORKER)
    child = PersonFactory(country=world.ke, site=world.sites["KE"], given_name="Sita", family_name="Tamang")
    case = case_services.open_case(
        child=child,
        country=world.ke,
        site=world.sites["KE"],
        risk_level=RiskLevel.HIGH,
        urgent_protection_concern=True,
        acting_user=caseworker,
        assigned_worker=caseworker,
    )
    consent_to_sharing(case)
    support.add_case_note(case, acting_user=caseworker, text="Sleeps at the bus station")
    transfer = transfers.request_transfer(
        case, to_country=world.np, reason="The family lives in Nepal.", acting_user=caseworker
    )
    # A note written on a line the summary keeps is still not part of the summary.
    CaseEvent.objects.filter(case=case, kind="transfer_requested").update(note="Aunt in Kathmandu")
    transfers.accept_transfer(transfer, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=1)
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert case.summary_only
    return case, transfer


def test_the_case_page_shows_the_summary_and_the_transfer_record(world, login, transferred):
    case, transfer = transferred
    html = login(world.user("KE", Role.CASEWORKER)).get(page("case_detail", case)).content.decode()
    assert case.reference in html and "Sita Tamang" in html  # the child is Kenya's own record
    assert "Transferred to another country" in html  # closure reason
    assert 'data-panel="transfers"' in html
    assert transfer.receiving_case.reference in html
    assert reverse("cases:transfer_detail", kwargs={"uuid": transfer.uuid}) in html
    # The timeline keeps the summary's lines, described, without their notes.
    assert 'data-kind="transfer_accepted"' in html and 'data-kind="opened"' in html
    assert f"Receiving country: NP. Case {transfer.receiving_case.reference}." in html
    assert "Aunt in Kathmandu" not in html
    # Nothing else of the case: no risk, deadlines, worker, consent, notes or other lines.
    for hidden in ('data-field="risk"', 'data-field="worker"', 'data-field="first-action"'):
        assert hidden not in html, hidden
    assert "Urgent protection concern" not in html and "Risk level" not in html
    assert 'data-panel="consent"' not in html and 'data-panel="notes"' not in html
    assert 'data-kind="note_added"' not in html and "Sleeps at the bus station" not in html


def test_the_timeline_pages_follow_the_summary_too(world, login, transferred):
    case, _transfer = transferred
    client = login(world.user("KE", Role.CASEWORKER))
    html = client.get(page("case_detail", case), {"timeline": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-kind="transfer_requested"' in html
    assert 'data-kind="note_added"' not in html and "Aunt in Kathmandu" not in html


def test_the_steps_of_a_summary_case_are_not_found(world, login, transferred):
    case, _transfer = transferred
    client = login(world.user("KE", Role.SUPERVISOR))
    for name in ("case_risk", "case_assign", "case_reopen", "consent_add"):
        assert client.get(page(name, case)).status_code == 404, name
    consent = case.consents.get()
    assert client.get(page("consent_withdraw", consent)).status_code == 404


def test_after_sharing_the_whole_case_is_back(world, login, transferred):
    case, transfer = transferred
    transfers.share_transfer_details(
        transfer, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=transfer.version
    )
    html = login(world.user("KE", Role.CASEWORKER)).get(page("case_detail", case)).content.decode()
    assert 'data-field="risk"' in html and 'data-panel="consent"' in html
    assert 'data-kind="note_added"' in html


def test_the_receiving_country_sees_its_own_case_in_full_and_not_the_sending_one(world, login, transferred):
    case, transfer = transferred
    client = login(world.user("NP", Role.CASEWORKER))
    assert client.get(page("case_detail", case)).status_code == 404
    html = client.get(page("case_detail", transfer.receiving_case)).content.decode()
    assert 'data-field="risk"' in html and "Urgent protection concern" in html


def test_the_case_list_hides_what_the_summary_does_not_hold(world, login, transferred):
    case, _transfer = transferred
    open_high = CaseFactory(site=world.sites["KE"], risk_level=RiskLevel.HIGH)
    client = login(world.user("KE", Role.CASEWORKER))
    html = client.get(reverse("cases:case_list")).content.decode()
    assert case.reference in html and "Transferred: summary only" in html
    # Filters on hidden fields never match a summary case: they would tell what it hides.
    html = client.get(reverse("cases:case_list"), {"risk_level": "high"}).content.decode()
    assert open_high.reference in html and case.reference not in html
    worker = world.user("KE", Role.CASEWORKER)
    html = client.get(reverse("cases:case_list"), {"assigned_worker": "me"}).content.decode()
    assert case.assigned_worker == worker and case.reference not in html


def test_the_person_page_shows_the_case_without_its_risk(world, login, transferred):
    case, _transfer = transferred
    html = login(world.user("KE", Role.CASEWORKER)).get(
        reverse("people:person_detail", kwargs={"uuid": case.child.uuid})
    )
    text = html.content.decode()
    assert case.reference in text and "risk High" not in text


def test_the_api_nulls_what_the_summary_does_not_hold(world, api_login, transferred):
    case, _transfer = transferred
    client = api_login(world.user("KE", Role.CASEWORKER))
    data = client.get(f"{CASES_API}{case.uuid}/").json()
    assert data["summary_only"] is True
    assert (data["reference"], data["stage"], data["status"], data["closure_reason"]) == (
        case.reference,
        Stage.CLOSURE,
        CaseStatus.CLOSED_REFERRED,
        ClosureReason.TRANSFERRED,
    )
    assert data["child"] == str(case.child.uuid) and data["closed_at"] and data["identified_at"]
    assert {name: data[name] for name in HIDDEN_IN_SUMMARY} == dict.fromkeys(HIDDEN_IN_SUMMARY)
    row = next(r for r in client.get(CASES_API).json()["results"] if r["uuid"] == str(case.uuid))
    assert row["risk_level"] is None and row["assigned_worker"] is None
    assert str(case.uuid) not in str(client.get(CASES_API, {"risk_level": "high"}).json())
    # Its consents are not part of the summary either.
    assert client.get(f"{CASES_API}{case.uuid}/consents/").json() == []
    assert str(case.uuid) not in str(client.get("/api/v1/consents/").json())
    consent = case.consents.get()
    assert client.post(f"/api/v1/consents/{consent.uuid}/withdraw/", {"version": 1}).status_code == 404


def test_the_api_shows_the_receiving_case_in_full_and_the_sending_one_after_sharing(
    world, api_login, transferred
):
    case, transfer = transferred
    receiving = api_login(world.user("NP", Role.CASEWORKER))
    assert receiving.get(f"{CASES_API}{case.uuid}/").status_code == 404
    data = receiving.get(f"{CASES_API}{transfer.receiving_case.uuid}/").json()
    assert (data["summary_only"], data["risk_level"], data["urgent_protection_concern"]) == (
        False,
        RiskLevel.HIGH,
        True,
    )
    transfers.share_transfer_details(
        transfer, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=transfer.version
    )
    data = api_login(world.user("KE", Role.CASEWORKER)).get(f"{CASES_API}{case.uuid}/").json()
    assert (data["summary_only"], data["risk_level"]) == (False, RiskLevel.HIGH)
    assert data["assigned_worker"] == str(world.user("KE", Role.CASEWORKER).uuid)
