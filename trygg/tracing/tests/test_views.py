"""Tracing pages: file, review, confirm, verify, decide, reunify, monitor; the list and its cost."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent

from ..codes import DeterminationStatus, ProposalStatus, RequestStatus
from ..models import BatchRun, BestInterestsDetermination, MatchProposal, MonitoringVisit, TracingRequest
from .factories import born, file, match, officer, register_child, reunified, supervisor, verified

pytestmark = pytest.mark.django_db

FORM = {
    "country": "KE",
    "requester_name": "Mary Odhiambo",
    "requester_relationship": "mother",
    "requester_phone": "+254 700 000000",
    "given_name": "Achieng",
    "family_name": "Odhiambo",
    "other_names": "Achi, Akoth",
    "sex": "Feminine",
    "approximate_age": "12",
    "place_of_origin": "Kisumu",
    "last_seen_place": "Kisumu bus station",
    "separation_circumstances": "Lost in the crowd at the bus station.",
    "languages": "luo, sw",
    "mother_name": "Mary Odhiambo",
    "consent_to_trace": "on",
    "consent_given_by": "Mary Odhiambo, the mother",
}


def test_filing_a_request_finds_the_registered_child(world, login, django_capture_on_commit_callbacks):
    child = register_child(world)
    client = login(officer(world))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracing:request_create"), FORM)
    request = TracingRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "tracing:request_detail", args=[request.uuid]
    )
    assert request.reference.startswith("KE-T-") and request.languages == ["luo", "sw"]
    assert request.age_as_of == timezone.localdate()

    page = client.get(response.url).content.decode()
    assert "Match proposed" in page
    assert child.reference in page and "Achieng Odhiambo" in page
    assert AuditEvent.objects.filter(object_uuid=request.uuid, action="view").exists()


def test_filing_refuses_a_date_of_birth_and_an_age_together(world, login):
    client = login(officer(world))
    response = client.post(reverse("tracing:request_create"), {**FORM, "date_of_birth": born(12).isoformat()})
    assert response.status_code == 400
    assert not TracingRequest.objects.exists()


def test_without_consent_the_page_says_nothing_is_searched(world, login):
    request = file(world, consent=False)
    client = login(officer(world))
    page = client.get(reverse("tracing:request_detail", args=[request.uuid])).content.decode()
    assert "No consent to trace yet" in page
    response = client.post(
        reverse("tracing:request_consent", args=[request.uuid]),
        {"version": request.version, "given_by": "the father"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.consent_to_trace and request.consent_given_by == "the father"


def test_the_review_page_shows_both_records_field_by_field(world, login):
    child = register_child(world, other_names="Achi", mother="Mary Odhiambo")
    request = file(world, mother_name="Mary Odhiambo", other_names="Akoth")
    proposal = match(request)[0]
    client = login(officer(world))
    page = client.get(reverse("tracing:match_detail", args=[proposal.uuid])).content.decode()
    assert "The two records side by side" in page
    assert 'data-level="agrees"' in page and 'data-level="missing"' in page
    assert "Achieng, Achi" in page and "Achieng, Akoth" in page and "Mary Odhiambo" in page
    assert f"{round(proposal.probability * 100)} %" in page
    assert "For the match:" in page and "Confirm or reject the match" in page
    assert AuditEvent.objects.filter(object_uuid=child.uuid, action="view", actor=officer(world)).exists()


def test_confirm_and_reject_from_the_review_page(world, login):
    register_child(world)
    other = register_child(world, other_names="Achi")
    request = file(world)
    first, second = sorted(match(request), key=lambda p: p.child_id == other.pk)
    client = login(officer(world))
    url = reverse("tracing:match_decide", args=[second.uuid])
    assert client.post(url, {"version": second.version, "decision": "reject"}).status_code == 400
    response = client.post(
        url, {"version": second.version, "decision": "reject", "reason": "Another mother."}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("tracing:match_decide", args=[first.uuid]), {"version": first.version, "decision": "confirm"}
    )
    assert response.status_code == 302
    assert set(MatchProposal.objects.values_list("status", flat=True)) == {"confirmed", "rejected"}
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCH_CONFIRMED
    # A stale form is a conflict, not an overwrite.
    stale = client.post(url, {"version": second.version, "decision": "confirm"})
    assert stale.status_code in (400, 409)


def test_a_caseworker_sees_the_match_but_does_not_decide(world, login):
    register_child(world)
    proposal = match(file(world))[0]
    client = login(world.user("KE", Role.CASEWORKER))
    page = client.get(reverse("tracing:match_detail", args=[proposal.uuid])).content.decode()
    assert "Confirm or reject the match" not in page
    response = client.post(
        reverse("tracing:match_decide", args=[proposal.uuid]),
        {"version": proposal.version, "decision": "confirm"},
    )
    assert response.status_code == 404
    assert MatchProposal.objects.get().status == ProposalStatus.PROPOSED


def test_from_verification_to_monitoring_through_the_pages(world, login):
    request, _child, _proposal = verified(world)
    worker = login(officer(world))
    page = worker.get(reverse("tracing:request_detail", args=[request.uuid])).content.decode()
    assert "Record the best-interests determination" in page
    response = worker.post(
        reverse("tracing:determination_add", args=[request.uuid]),
        {
            "panel_members": "Brian Kiprop\nGrace Wambui",
            "childs_views": "Wants to go home.",
            "decision": "reunify",
            "reasons": "Safe home, school nearby.",
        },
    )
    determination = BestInterestsDetermination.objects.get()
    assert response.status_code == 302
    page = worker.get(response.url).content.decode()
    assert "a supervisor other than you approves it" in page and "Approve or return" not in page

    boss = login(supervisor(world), the_client=Client())
    url = reverse("tracing:determination_decide", args=[determination.uuid])
    assert boss.post(url, {"version": determination.version, "decision": "approve"}).status_code == 302
    determination.refresh_from_db()
    assert determination.status == DeterminationStatus.APPROVED

    response = worker.post(
        reverse("tracing:reunification_add", args=[request.uuid]),
        {
            "reunified_on": timezone.localdate().isoformat(),
            "place": "Kisumu",
            "accompanied_by": "Brian Kiprop",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.REUNIFIED
    visit = MonitoringVisit.objects.get(request=request, months_after=1)
    response = worker.post(
        reverse("tracing:visit_record", args=[visit.uuid]),
        {"version": visit.version, "visited_on": timezone.localdate().isoformat(), "outcome": "settled"},
    )
    assert response.status_code == 302
    page = worker.get(reverse("tracing:request_detail", args=[request.uuid])).content.decode()
    assert "Settled and safe" in page and "Monitoring after return" in page


def test_visits_due_list_shows_overdue_visits_of_the_users_countries(world, login):
    request, _done = reunified(world, reunified_on=timezone.localdate() - timedelta(days=40))
    page = login(officer(world)).get(reverse("tracing:visit_list")).content.decode()
    assert request.reference in page and "overdue" in page
    other = login(officer(world, "NP"), the_client=Client())
    assert request.reference not in other.get(reverse("tracing:visit_list")).content.decode()


def test_the_request_list_searches_and_costs_the_same_whatever_its_length(
    world, login, django_assert_max_num_queries
):
    client = login(officer(world))
    file(world, given_name="Wanjiru", family_name="Kamau")
    url = reverse("tracing:request_list")
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(6):
        file(world, given_name=f"Child{n}", family_name="Otieno")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(re.findall(r"KE-T-\d{6}</a>", response.content.decode())) == 7
    found = client.get(url, {"q": "wanjiru"}).content.decode()
    assert len(re.findall(r"KE-T-\d{6}</a>", found)) == 1


def test_the_match_list_costs_the_same_whatever_its_length(world, login, django_assert_max_num_queries):
    client = login(officer(world))
    register_child(world)
    match(file(world))
    url = reverse("tracing:match_list")
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for n in range(4):
        register_child(world, given_name="Achieng", family_name="Odhiambo", other_names=f"Nick{n}")
    match(file(world))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Match for KE-T-") >= 5


def test_a_batch_run_indexes_bulk_imported_children_and_matches(
    world, login, django_capture_on_commit_callbacks
):
    from trygg.people.tests.factories import PersonFactory

    request = file(world)
    imported = PersonFactory(
        given_name="Achieng", family_name="Odhiambo", gender="Feminine", date_of_birth=born(12)
    )
    assert not MatchProposal.objects.exists()
    client = login(officer(world))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("tracing:batch_list"), {"country": "KE"})
    run = BatchRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("tracing:batch_detail", args=[run.uuid])
    run.refresh_from_db()
    assert run.status == "done" and run.done == run.total and run.proposals == 1
    assert MatchProposal.objects.get().child == imported and MatchProposal.objects.get().request == request
    progress = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "<progress" in progress and "every 2s" not in progress and "<html" not in progress


def test_a_running_batch_page_polls_every_two_seconds(world, login):
    run = BatchRun.objects.create(country=world.ke, total=10, done=3, status="running")
    page = login(officer(world)).get(reverse("tracing:batch_detail", args=[run.uuid])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "30 %" in page


def test_settings_page_for_the_country_administrator(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    url = reverse("tracing:settings_edit", args=["KE"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"match_threshold": "0.6", "duplicate_threshold": "0.9", "monitoring_months": "2, 6"}
    )
    assert response.status_code == 302
    assert "2, 6" in client.get(reverse("tracing:settings_index")).content.decode()
    bad = client.post(
        url, {"match_threshold": "0.6", "duplicate_threshold": "0.9", "monitoring_months": "two"}
    )
    assert bad.status_code == 400
    assert login(officer(world)).get(url).status_code == 404


def test_registering_a_child_who_looks_registered_warns_with_a_link(world, login):
    first = register_child(world)
    client = login(world.user("KE", Role.CASEWORKER))
    response = client.post(
        reverse("people:person_create"),
        {
            "country": "KE",
            "given_name": "Achieng",
            "family_name": "Odiambo",
            "gender": "Feminine",
            "estimated_age": "12",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "registered." in page
    assert "This child looks like" in page
    assert f'<a href="{reverse("people:person_detail", args=[first.uuid])}">{first.reference}</a>' in page


def test_registering_a_child_unlike_anyone_shows_no_warning(world, login):
    register_child(world)
    client = login(world.user("KE", Role.CASEWORKER))
    response = client.post(
        reverse("people:person_create"),
        {
            "country": "KE",
            "given_name": "Wanjiru",
            "family_name": "Kamau",
            "gender": "Feminine",
            "estimated_age": "9",
        },
        follow=True,
    )
    assert "looks like" not in response.content.decode()


def test_navigation_shows_family_tracing_to_those_who_trace(world, login):
    page = login(officer(world)).get(reverse("core:home")).content.decode()
    assert reverse("tracing:request_list") in page
    from django.test import Client

    page = (
        login(world.user("KE", Role.ANALYST), the_client=Client()).get(reverse("core:home")).content.decode()
    )
    assert reverse("tracing:request_list") not in page
