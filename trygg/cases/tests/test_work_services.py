"""Work due and overdue: what counts, when it is late (to the second and the day), whose it is."""

from datetime import UTC, date, datetime, timedelta

import pytest

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.cases.codes import CaseStatus, Stage
from trygg.cases.models import Assessment, CasePlan, CasePlanAction, ServiceReferral
from trygg.cases.services.work import WorkKind, caseload, counts_by_worker, overdue_by_supervisor, work_for
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_work import (
    approved_plan,
    completed_assessment,
    follow_up,
    plan_action,
    service,
)
from trygg.core.testing import make_user

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


@pytest.fixture
def worker(world):
    return world.user("KE", Role.CASEWORKER)


def case_for(worker, **kwargs):
    kwargs.setdefault("first_action_at", NOW - timedelta(days=30))
    kwargs.setdefault("first_action_due", NOW + timedelta(days=30))
    kwargs.setdefault("assessment_due", NOW + timedelta(days=30))
    kwargs.setdefault("identified_at", NOW - timedelta(days=40))
    return CaseFactory(assigned_worker=worker, **kwargs)


def kinds(work) -> list[tuple[str, bool]]:
    return [(item.kind, item.overdue) for item in work.items]


def test_first_action_due_exactly_now_is_due_and_a_second_earlier_is_overdue(world, worker):
    on_time = case_for(worker, first_action_at=None, first_action_due=NOW)
    late = case_for(worker, first_action_at=None, first_action_due=NOW - timedelta(seconds=1))
    case_for(worker, first_action_at=NOW - timedelta(hours=1), first_action_due=NOW - timedelta(hours=2))
    work = work_for(worker, now=NOW)
    assert [(i.case, i.kind, i.overdue) for i in work.items] == [
        (late, WorkKind.FIRST_ACTION, True),
        (on_time, WorkKind.FIRST_ACTION, False),
    ]


def test_assessment_is_due_until_one_is_completed_and_only_before_planning(world, worker):
    waiting = case_for(worker, assessment_due=NOW - timedelta(hours=1), stage=Stage.ASSESSMENT)
    Assessment.objects.create(case=waiting)  # started, not completed: still overdue
    done = case_for(worker, assessment_due=NOW - timedelta(hours=1), stage=Stage.ASSESSMENT)
    completed_assessment(done)
    case_for(worker, assessment_due=NOW - timedelta(hours=1), stage=Stage.CASE_PLANNING)
    work = work_for(worker, now=NOW)
    assert [(i.case, i.kind, i.overdue) for i in work.items] == [(waiting, WorkKind.ASSESSMENT, True)]


def test_a_date_due_today_is_due_and_yesterday_is_overdue(world, worker):
    case = case_for(worker, stage=Stage.IMPLEMENTATION)
    plan = approved_plan(case, review_due=TODAY)
    plan_action(plan, due_on=TODAY - timedelta(days=1))
    service(case, due_on=TODAY)
    work = work_for(worker, now=NOW)
    assert sorted(kinds(work)) == [
        (WorkKind.PLAN_ACTION, True),
        (WorkKind.PLAN_REVIEW, False),
        (WorkKind.SERVICE, False),
    ]
    assert next(i for i in work.items if i.overdue).days_late == 1


def test_the_day_turns_at_midnight_in_the_configured_time_zone(world, worker, settings):
    settings.TIME_ZONE = "Africa/Nairobi"  # UTC+3
    case = case_for(worker, stage=Stage.IMPLEMENTATION)
    service(case, due_on=date(2026, 3, 10))
    before_midnight = datetime(2026, 3, 10, 20, 59, tzinfo=UTC)  # 23:59 in Nairobi
    after_midnight = datetime(2026, 3, 10, 21, 0, tzinfo=UTC)  # 00:00 on the 11th
    assert kinds(work_for(worker, now=before_midnight)) == [(WorkKind.SERVICE, False)]
    assert kinds(work_for(worker, now=after_midnight)) == [(WorkKind.SERVICE, True)]


def test_finished_work_and_work_on_drafts_is_not_due(world, worker):
    case = case_for(worker, stage=Stage.IMPLEMENTATION)
    approved_plan(case, review_due=TODAY, status=CasePlan.Status.SUPERSEDED)
    draft = approved_plan(case, review_due=TODAY, status=CasePlan.Status.DRAFT)
    plan_action(draft, due_on=TODAY)
    plan = approved_plan(case, review_due=None)
    plan_action(plan, due_on=TODAY, status=CasePlanAction.Status.DONE)
    plan_action(plan, due_on=TODAY, status=CasePlanAction.Status.CANCELLED)
    service(case, due_on=TODAY, status=ServiceReferral.Status.COMPLETED)
    service(case, due_on=TODAY, status=ServiceReferral.Status.DECLINED)
    assert work_for(worker, now=NOW).items == []


def test_a_follow_up_is_due_until_a_later_visit(world, worker):
    case = case_for(worker, stage=Stage.FOLLOW_UP, status=CaseStatus.FOLLOW_UP)
    first = follow_up(case, visited_on=date(2026, 2, 1), next_due=date(2026, 3, 1))
    work = work_for(worker, now=NOW)
    assert [(i.obj, i.overdue) for i in work.items] == [(first, True)]
    second = follow_up(case, visited_on=date(2026, 3, 5), next_due=date(2026, 3, 15))
    work = work_for(worker, now=NOW)
    assert [(i.obj, i.overdue) for i in work.items] == [(second, False)]


def test_only_work_within_the_chosen_days_is_listed(world, worker):
    case = case_for(worker, stage=Stage.IMPLEMENTATION)
    service(case, due_on=TODAY + timedelta(days=10))
    assert work_for(worker, now=NOW, within_days=7).items == []
    assert kinds(work_for(worker, now=NOW, within_days=14)) == [(WorkKind.SERVICE, False)]


def test_a_plan_action_belongs_to_its_responsible_user(world, worker):
    colleague = make_user("colleague@example.org")
    Membership.objects.create(user=colleague, role=Role.CASEWORKER, country=world.ke)
    case = case_for(worker, stage=Stage.IMPLEMENTATION)
    plan = approved_plan(case)
    plan_action(plan, due_on=TODAY, responsible_user=colleague)
    plan_action(plan, due_on=TODAY)
    assert kinds(work_for(colleague, now=NOW)) == [(WorkKind.PLAN_ACTION, False)]
    assert kinds(work_for(worker, now=NOW)) == [(WorkKind.PLAN_ACTION, False)]


def test_closed_and_deleted_cases_have_no_work(world, worker):
    late = {"first_action_at": None, "first_action_due": NOW - timedelta(days=1)}
    closed = case_for(worker, status=CaseStatus.CLOSED, stage=Stage.CLOSURE, **late)
    service(closed, due_on=TODAY - timedelta(days=1))
    case_for(worker, is_deleted=True, **late)
    assert work_for(worker, now=NOW).items == []
    assert counts_by_worker(now=NOW) == {}


def test_a_worker_sees_only_their_own_work_in_their_scope(world, worker):
    colleague = make_user("colleague@example.org")
    Membership.objects.create(user=colleague, role=Role.CASEWORKER, country=world.ke)
    case_for(colleague, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    case_for(None, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    assert work_for(worker, now=NOW).items == []
    # Assigned, but in a country where the worker holds no membership: not shown.
    case_for(worker, country=world.np, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    assert work_for(worker, now=NOW).items == []


def test_caseload_counts_per_worker_and_lists_the_most_overdue_first(world, worker):
    colleague = make_user("colleague@example.org", full_name="Colleague")
    Membership.objects.create(user=colleague, role=Role.CASEWORKER, country=world.ke)
    late = {"first_action_at": None}
    a = case_for(worker, first_action_due=NOW - timedelta(days=1), **late)
    b = case_for(worker, first_action_due=NOW - timedelta(days=3), **late)
    c = case_for(colleague, stage=Stage.IMPLEMENTATION)
    service(c, due_on=TODAY - timedelta(days=2))
    case_for(None, first_action_due=NOW - timedelta(hours=1), **late)
    case_for(worker)  # open, nothing late
    load = caseload(world.user("KE", Role.SUPERVISOR), now=NOW)
    rows = {row.worker: (row.open_cases, row.overdue) for row in load.rows}
    assert rows == {
        worker: (3, {WorkKind.FIRST_ACTION: 2}),
        colleague: (1, {WorkKind.SERVICE: 1}),
        None: (1, {WorkKind.FIRST_ACTION: 1}),
    }
    assert [row.worker for row in load.rows] == [worker, colleague, None]
    assert [i.case for i in load.overdue_items][:3] == [b, c, a]
    assert {i.worker for i in load.overdue_items} == {worker, colleague, None}
    only_colleague = caseload(world.user("KE", Role.SUPERVISOR), now=NOW, worker=colleague)
    assert [i.case for i in only_colleague.overdue_items] == [c]
    unassigned = caseload(world.user("KE", Role.SUPERVISOR), now=NOW, worker=None)
    assert [i.worker for i in unassigned.overdue_items] == [None]


def test_a_supervisor_sees_only_their_country(world, worker):
    case_for(worker, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    nepal = world.user("NP", Role.CASEWORKER)
    case_for(nepal, country=world.np, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    ke_load = caseload(world.user("KE", Role.SUPERVISOR), now=NOW)
    np_load = caseload(world.user("NP", Role.SUPERVISOR), now=NOW)
    assert [row.worker for row in ke_load.rows] == [worker]
    assert [row.worker for row in np_load.rows] == [nepal]
    assert {i.case.country_id for i in ke_load.overdue_items} == {world.ke.pk}
    by_supervisor = overdue_by_supervisor(now=NOW)
    assert by_supervisor[world.user("KE", Role.SUPERVISOR).pk] == {WorkKind.FIRST_ACTION: 1}
    assert by_supervisor[world.user("NP", Role.SUPERVISOR).pk] == {WorkKind.FIRST_ACTION: 1}


def test_a_site_supervisor_sees_only_their_site(world, worker):
    site = world.sites["KE"]
    site_supervisor = make_user("site.supervisor@example.org")
    Membership.objects.create(user=site_supervisor, role=Role.SUPERVISOR, country=world.ke, site=site)
    at_site = case_for(worker, site=site, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    case_for(worker, first_action_at=None, first_action_due=NOW - timedelta(days=1))
    load = caseload(site_supervisor, now=NOW)
    assert [i.case for i in load.overdue_items] == [at_site]
    assert overdue_by_supervisor(now=NOW)[site_supervisor.pk] == {WorkKind.FIRST_ACTION: 1}
    country_load = caseload(world.user("KE", Role.SUPERVISOR), now=NOW, site=site)
    assert [i.case for i in country_load.overdue_items] == [at_site]


def test_counts_by_worker_split_overdue_and_due(world, worker):
    case = case_for(worker, first_action_at=None, first_action_due=NOW - timedelta(minutes=5))
    service(case, due_on=TODAY)
    service(case, due_on=TODAY + timedelta(days=3))
    service(case, due_on=TODAY + timedelta(days=30))
    assert counts_by_worker(now=NOW) == {
        worker.pk: {
            WorkKind.FIRST_ACTION: {"overdue": 1, "due": 0},
            WorkKind.SERVICE: {"overdue": 0, "due": 2},
        }
    }


@pytest.mark.parametrize("rows", [3, 30])
def test_work_for_runs_a_fixed_number_of_queries(world, worker, rows, django_assert_max_num_queries):
    for _ in range(rows):
        case = case_for(worker, first_action_at=None, first_action_due=NOW - timedelta(days=1))
        service(case, due_on=TODAY)
    # One query per kind of work (eight, with care's two) and the viewer's grants.
    with django_assert_max_num_queries(10):
        work = work_for(worker, now=NOW)
        assert len({i.case.child.full_name for i in work.items}) >= 1
    assert len(work.items) == 2 * rows
