"""The "My work" and "Caseload" pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import Stage
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_work import service
from trygg.people.tests.factories import PersonFactory

MY_WORK = reverse("cases:my_work")
CASELOAD = reverse("cases:caseload")


@pytest.fixture
def worker(world):
    return world.user("KE", Role.CASEWORKER)


def late_case(worker, country=None, **kwargs):
    country = country or worker.memberships.get().country
    return CaseFactory(
        country=country,
        child=PersonFactory(country=country, given_name="Wanjiku", family_name="Achieng"),
        assigned_worker=worker,
        first_action_at=None,
        first_action_due=timezone.now() - timedelta(days=2),
        **kwargs,
    )


def test_my_work_shows_overdue_and_due_work_with_links_to_the_cases(world, login, worker):
    late = late_case(worker)
    soon = CaseFactory(assigned_worker=worker, first_action_at=timezone.now(), stage=Stage.IMPLEMENTATION)
    service(soon, due_on=timezone.localdate() + timedelta(days=2))
    response = login(worker).get(MY_WORK)
    assert response.status_code == 200
    html = response.content.decode()
    overdue, due = html.split('id="due"')
    assert late.reference in overdue and "Overdue by 2 days" in overdue and "Wanjiku Achieng" in overdue
    assert soon.reference in due and "Service or referral" in due
    assert reverse("cases:case_detail", kwargs={"uuid": late.uuid}) in html


def test_my_work_shows_nothing_of_other_workers_or_countries(world, login, worker):
    late_case(world.user("KE", Role.SUPERVISOR))
    late_case(world.user("NP", Role.CASEWORKER))
    response = login(worker).get(MY_WORK)
    assert list(response.context["work"].items) == []
    assert "Nothing is overdue on your cases." in response.content.decode()


def test_my_work_can_look_further_ahead(world, login, worker):
    case = CaseFactory(assigned_worker=worker, first_action_at=timezone.now(), stage=Stage.IMPLEMENTATION)
    service(case, due_on=timezone.localdate() + timedelta(days=20))
    client = login(worker)
    assert client.get(MY_WORK).context["work"].items == []
    assert len(client.get(MY_WORK, {"within": "30"}).context["work"].items) == 1
    assert client.get(MY_WORK, {"within": "nonsense"}).context["within"] == 7


def test_each_view_of_my_work_is_one_audit_event_listing_the_cases(world, login, worker):
    late = late_case(worker)
    login(worker).get(MY_WORK)
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert event.detail["results"] == [str(late.uuid)]
    assert "Wanjiku" not in str(event.detail)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.THERAPIST, Role.COUNTRY_ADMINISTRATOR])
def test_my_work_is_for_those_who_work_on_cases(world, login, role):
    assert login(world.user("KE", role)).get(MY_WORK).status_code == 404


def test_pages_need_a_login(client):
    for url in (MY_WORK, CASELOAD):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_caseload_shows_each_workers_open_cases_and_overdue_work(world, login, worker):
    late_case(worker)
    late_case(worker)
    CaseFactory(assigned_worker=None)
    response = login(world.user("KE", Role.SUPERVISOR)).get(CASELOAD)
    assert response.status_code == 200
    rows = {row.worker: (row.open_cases, row.overdue_total) for row in response.context["caseload"].rows}
    assert rows == {worker: (2, 2), None: (1, 0)}
    html = response.content.decode()
    assert str(worker) in html and "Unassigned" in html
    assert html.count("Wanjiku Achieng") == 2


def test_caseload_is_for_supervisors_only(world, login, worker):
    assert login(worker).get(CASELOAD).status_code == 404


def test_other_countrys_supervisor_sees_none_of_it(world, login, worker):
    late_case(worker)
    response = login(world.user("NP", Role.SUPERVISOR)).get(CASELOAD)
    assert response.context["caseload"].rows == []
    assert "Wanjiku" not in response.content.decode()
    # Naming the Kenyan worker in the address shows neither their name nor their work.
    response = login(world.user("NP", Role.SUPERVISOR)).get(CASELOAD, {"worker": str(worker.uuid)})
    assert response.context["caseload"].overdue_items == []
    assert str(worker) not in response.content.decode()


def test_caseload_filters_by_site_and_by_worker(world, login, worker):
    site = world.sites["KE"]
    at_site = late_case(worker, site=site)
    elsewhere = late_case(worker)
    unassigned = late_case(None, country=world.ke)
    client = login(world.user("KE", Role.SUPERVISOR))
    by_site = client.get(CASELOAD, {"site": str(site.uuid)}).context["caseload"]
    assert [i.case for i in by_site.overdue_items] == [at_site]
    by_worker = client.get(CASELOAD, {"worker": str(worker.uuid)}).context["caseload"]
    assert {i.case for i in by_worker.overdue_items} == {at_site, elsewhere}
    response = client.get(CASELOAD, {"worker": "unassigned"})
    assert [i.case for i in response.context["caseload"].overdue_items] == [unassigned]
    assert "Overdue work on unassigned cases" in response.content.decode()
    assert client.get(CASELOAD, {"site": "not-a-uuid", "worker": "x"}).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_pages_run_a_fixed_number_of_queries(world, login, worker, rows, django_assert_max_num_queries):
    for _ in range(rows):
        case = late_case(worker)
        service(case, due_on=timezone.localdate())
    client = login(worker)
    with django_assert_max_num_queries(20):
        assert client.get(MY_WORK).status_code == 200
    supervisor = login(world.user("KE", Role.SUPERVISOR))
    # Two queries per kind of work (counts and items), care's two kinds included.
    with django_assert_max_num_queries(32):
        assert supervisor.get(CASELOAD).status_code == 200
