"""Care's deadlines in the case work lists: placement reviews and emergency assessments appear where
caseworkers and supervisors look for what is due, on time and late."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.care.codes import PlacementStatus, RequestStatus
from trygg.care.models import Placement, PlacementRequest
from trygg.cases.codes import CaseStatus
from trygg.cases.models import Case
from trygg.cases.services.work import (
    WorkKind,
    caseload,
    counts_by_worker,
    digest_counts,
    overdue_by_supervisor,
    render_digest,
    work_for,
)
from trygg.cases.tests.factories_case import CaseFactory
from trygg.core.testing import make_user
from trygg.people.tests.factories import PersonFactory

from .factories_integration import care_home, placement, placement_request

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


@pytest.fixture
def worker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def supervisor(world):
    return world.user("KE", Role.SUPERVISOR)


def quiet_case(worker, **kwargs):
    """An open case with nothing of its own due: only care's work shows."""
    far = NOW + timedelta(days=60)
    kwargs.setdefault("identified_at", NOW - timedelta(days=90))
    return CaseFactory(
        assigned_worker=worker, first_action_at=NOW - timedelta(days=89), assessment_due=far, **kwargs
    )


def placed(case, home, *, review_due, child=None, ended_on=None):
    request = placement_request(
        case, by=case.assigned_worker or case.supervisor, status=RequestStatus.APPROVED
    )
    return placement(
        request,
        home,
        child=child,
        started_on=TODAY - timedelta(days=80),
        next_review_due=review_due,
        ended_on=ended_on,
    )


def emergency(case, *, due):
    return placement_request(case, by=case.assigned_worker, is_emergency=True, assessment_due=due)


def kinds(items) -> list[tuple[str, bool]]:
    return [(item.kind, item.overdue) for item in items]


def test_a_review_due_soon_is_in_the_caseworkers_work_list(world, worker):
    home = care_home(world.ke, site=world.sites["KE"])
    review = placed(quiet_case(worker), home, review_due=TODAY + timedelta(days=5))
    work = work_for(worker, now=NOW)
    assert kinds(work.items) == [(WorkKind.CARE_REVIEW, False)]
    item = work.items[0]
    assert (item.obj, item.due, item.label) == (review, TODAY + timedelta(days=5), "Care plan review")
    # Due in 5 days, so not in a list of the next 3 days; a review due today is due, not overdue.
    assert work_for(worker, now=NOW, within_days=3).items == []
    Placement.objects.filter(pk=review.pk).update(next_review_due=TODAY)
    assert kinds(work_for(worker, now=NOW).items) == [(WorkKind.CARE_REVIEW, False)]


def test_an_overdue_review_is_overdue_in_the_supervisors_caseload(world, worker, supervisor):
    home = care_home(world.ke)
    case = quiet_case(worker)
    placed(case, home, review_due=TODAY - timedelta(days=1))
    quiet_case(worker)  # another open case, nothing due
    load = caseload(supervisor, now=NOW)
    rows = {row.worker: (row.open_cases, row.overdue) for row in load.rows}
    assert rows == {worker: (2, {WorkKind.CARE_REVIEW: 1})}
    assert [(i.case, i.kind, i.days_late) for i in load.overdue_items] == [(case, WorkKind.CARE_REVIEW, 1)]
    column = list(WorkKind.values).index(WorkKind.CARE_REVIEW)
    assert load.rows[0].by_kind[column] == 1
    assert overdue_by_supervisor(now=NOW)[supervisor.pk] == {WorkKind.CARE_REVIEW: 1}
    # Nepal's supervisor sees nothing of it.
    assert caseload(world.user("NP", Role.SUPERVISOR), now=NOW).overdue_items == []


def test_an_emergency_assessment_is_overdue_a_second_after_its_deadline(world, worker, supervisor):
    late = emergency(quiet_case(worker), due=NOW - timedelta(seconds=1))
    on_time = emergency(quiet_case(worker), due=NOW)
    work = work_for(worker, now=NOW)
    assert [(i.obj, i.kind, i.overdue) for i in work.items] == [
        (late, WorkKind.EMERGENCY_ASSESSMENT, True),
        (on_time, WorkKind.EMERGENCY_ASSESSMENT, False),
    ]
    assert work.items[0].timed and work.items[0].label == "Emergency placement assessment"
    assert [i.obj for i in caseload(supervisor, now=NOW).overdue_items] == [late]


def test_done_withdrawn_and_ended_care_work_leaves_the_lists(world, worker, supervisor):
    home = care_home(world.ke)
    done = emergency(quiet_case(worker), due=NOW - timedelta(hours=2))
    withdrawn = emergency(quiet_case(worker), due=NOW - timedelta(hours=2))
    ended = placed(quiet_case(worker), home, review_due=TODAY - timedelta(days=3))
    assert len(work_for(worker, now=NOW).items) == 3
    PlacementRequest.objects.filter(pk=done.pk).update(
        assessment_completed_at=NOW - timedelta(hours=1), status=RequestStatus.AWAITING_PANEL
    )
    PlacementRequest.objects.filter(pk=withdrawn.pk).update(status=RequestStatus.WITHDRAWN)
    Placement.objects.filter(pk=ended.pk).update(
        status=PlacementStatus.ENDED, ended_on=TODAY - timedelta(days=1)
    )
    assert work_for(worker, now=NOW).items == []
    assert caseload(supervisor, now=NOW).overdue_items == []
    # A non-emergency request has no deadline, and a closed case's work is nobody's.
    placement_request(quiet_case(worker), by=worker)
    closed = placed(quiet_case(worker), home, review_due=TODAY - timedelta(days=3))
    Case.objects.filter(pk=closed.case_id).update(status=CaseStatus.CLOSED)
    assert work_for(worker, now=NOW).items == []


def test_a_sibling_placed_on_the_other_childs_case_is_named_in_the_work_list(world, worker):
    home = care_home(world.ke)
    case = quiet_case(worker)
    sister = PersonFactory(given_name="Nekesa", family_name="Otieno")
    placed(case, home, review_due=TODAY + timedelta(days=2))
    placed(case, home, review_due=TODAY + timedelta(days=2), child=sister)
    work = work_for(worker, now=NOW)
    assert sorted(item.child.full_name for item in work.items) == sorted(
        [case.child.full_name, "Nekesa Otieno"]
    )
    assert {item.case for item in work.items} == {case}


def test_care_work_follows_the_case_scope_of_the_viewer(world, worker):
    site = world.sites["KE"]
    site_supervisor = make_user("village.supervisor@example.org")
    Membership.objects.create(user=site_supervisor, role=Role.SUPERVISOR, country=world.ke, site=site)
    home = care_home(world.ke, site=site)
    at_site = placed(quiet_case(worker, site=site), home, review_due=TODAY - timedelta(days=2))
    placed(
        quiet_case(worker),
        care_home(world.ke, name="Foster family Achieng"),
        review_due=TODAY - timedelta(days=2),
    )
    assert [i.obj for i in caseload(site_supervisor, now=NOW).overdue_items] == [at_site]
    assert overdue_by_supervisor(now=NOW)[site_supervisor.pk] == {WorkKind.CARE_REVIEW: 1}


def test_the_digest_counts_and_names_care_work(world, worker):
    home = care_home(world.ke)
    placed(quiet_case(worker), home, review_due=TODAY - timedelta(days=1))
    emergency(quiet_case(worker), due=NOW + timedelta(hours=5))
    mine = counts_by_worker(now=NOW)[worker.pk]
    assert mine == {
        WorkKind.CARE_REVIEW: {"overdue": 1, "due": 0},
        WorkKind.EMERGENCY_ASSESSMENT: {"overdue": 0, "due": 1},
    }
    subject, body = render_digest(worker, digest_counts(mine, {}))
    assert "1 overdue, 1 due" in subject
    assert "Care plan review: 1 overdue, 0 due" in body
    assert "Emergency placement assessment: 0 overdue, 1 due" in body
    assert home.name not in body


def test_my_work_and_caseload_pages_show_care_work(world, login, worker, supervisor):
    home = care_home(world.ke)
    case = quiet_case(worker)
    child = case.child
    placed(case, home, review_due=TODAY - timedelta(days=400))
    html = login(worker).get(reverse("cases:my_work")).content.decode()
    assert "Care plan review" in html and child.full_name in html and case.reference in html
    html = login(supervisor).get(reverse("cases:caseload")).content.decode()
    assert "Care plan review overdue" in html and "Emergency placement assessment overdue" in html
    assert child.full_name in html
