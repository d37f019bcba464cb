"""The daily reminder: one digest per user and day, numbers and links only, audited."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases import tasks
from trygg.cases.models import ReminderDigest
from trygg.cases.services import work
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_work import service
from trygg.celery import app
from trygg.people.tests.factories import PersonFactory


@pytest.fixture
def worker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def late_case(world, worker):
    child = PersonFactory(country=world.ke, given_name="Zawadi", family_name="Njeri")
    case = CaseFactory(
        child=child,
        assigned_worker=worker,
        first_action_at=None,
        first_action_due=timezone.now() - timedelta(hours=3),
        assessment_due=timezone.now() + timedelta(days=30),
    )
    service(case, due_on=timezone.localdate() + timedelta(days=2))
    return case


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_worker_gets_counts_and_a_link_but_no_names(world, worker, late_case):
    result = tasks.send_daily_reminders.delay().get()
    assert result["sent"] == 2  # the worker and the Kenyan supervisor
    (message,) = mails_to(worker)
    assert message.subject == "Trygg: 1 overdue, 1 due in the next 7 days"
    assert "First action: 1 overdue, 0 due" in message.body
    assert "Service or referral: 0 overdue, 1 due" in message.body
    assert "http://127.0.0.1:8000/cases/work/" in message.body
    for personal in ("Zawadi", "Njeri", late_case.reference, str(late_case.uuid), late_case.child.reference):
        assert personal not in message.subject + message.body


def test_the_supervisor_hears_of_their_own_countrys_overdue_work_only(world, late_case):
    tasks.send_daily_reminders.delay().get()
    (message,) = mails_to(world.user("KE", Role.SUPERVISOR))
    assert message.subject == "Trygg: 1 overdue in your team's cases"
    assert "/cases/caseload/" in message.body and "Zawadi" not in message.body
    assert mails_to(world.user("NP", Role.SUPERVISOR)) == []


def test_running_twice_the_same_day_sends_nothing_more(world, worker, late_case):
    first = tasks.send_daily_reminders.delay().get()
    second = tasks.send_daily_reminders.delay().get()
    assert (first["sent"], second["sent"], second["already_sent"]) == (2, 0, 2)
    assert len(mails_to(worker)) == 1
    assert ReminderDigest.objects.filter(user=worker).count() == 1
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert tasks.send_daily_reminders.delay(tomorrow).get()["sent"] == 2
    assert len(mails_to(worker)) == 2


def test_nobody_without_work_due_gets_mail(world):
    CaseFactory(
        assigned_worker=world.user("KE", Role.CASEWORKER),
        first_action_at=timezone.now(),
        assessment_due=timezone.now() + timedelta(days=8),
    )
    assert tasks.send_daily_reminders.delay().get()["sent"] == 0
    assert mail.outbox == []


def test_each_digest_is_one_audit_event_with_numbers_only(world, worker, late_case):
    tasks.send_daily_reminders.delay().get()
    digest = ReminderDigest.objects.get(user=worker)
    event = AuditEvent.objects.get(object_uuid=digest.uuid)
    assert event.action == AuditEvent.Action.CREATE and event.channel == "task"
    assert event.detail == {
        "recipient": str(worker.uuid),
        "day": timezone.localdate().isoformat(),
        "overdue": 1,
        "due": 1,
        "team_overdue": 0,
    }
    assert digest.counts["mine"]["first_action"] == {"overdue": 1, "due": 0}


def test_a_failed_send_leaves_nothing_behind_and_the_next_run_sends(world, worker, late_case):
    with (
        mock.patch.object(work, "send_mail", side_effect=OSError("mail server down")),
        pytest.raises(OSError),
    ):
        work.send_daily_reminders()
    assert not ReminderDigest.objects.exists()
    assert work.send_daily_reminders()["sent"] == 2


def test_the_digest_speaks_the_users_language(world, worker, late_case):
    worker.preferred_language = "nb"
    worker.save(update_fields=["preferred_language"])
    day = date(2026, 3, 10)
    counts = work.digest_counts({"first_action": {"overdue": 1, "due": 0}}, {})
    # The Norwegian catalogue is written by a translator; what matters here is which one is used.
    with mock.patch("trygg.cases.services.work.translation.override") as override:
        assert work.send_digest(worker, day, counts)
    override.assert_called_once_with("nb")


def test_the_beat_schedule_names_the_registered_task():
    entry = django_settings.CELERY_BEAT_SCHEDULE["daily-work-reminders"]
    assert entry["task"] == tasks.send_daily_reminders.name
    assert entry["task"] in app.tasks
