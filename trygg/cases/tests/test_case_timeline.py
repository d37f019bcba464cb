"""The case timeline describes other parts' lines through their registered describers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.cases.case_parts import event_description
from trygg.cases.codes import SupportType
from trygg.cases.models import CaseEvent, FollowUp
from trygg.cases.services import support
from trygg.cases.services.timeline import record_case_event
from trygg.cases.tests.factories_identification import kenyan_case, screen, small_list

EXPLOITED = ["ec_strong_1", "ec_medium_1"]


@pytest.fixture
def case(world):
    return kenyan_case(world)


def timeline_html(client, case) -> str:
    return client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()


def test_management_lines_say_what_was_recorded(world, login, case):
    caseworker = world.user("KE", Role.CASEWORKER)
    support.add_service_referral(case, acting_user=caseworker, support_type=SupportType.HEALTH)
    next_due = timezone.localdate() + timedelta(days=14)
    support.record_follow_up(
        case,
        acting_user=caseworker,
        visited_on=timezone.localdate(),
        kind=FollowUp.Kind.HOME_VISIT,
        next_due=next_due,
    )
    html = timeline_html(login(caseworker), case)
    assert "Health, Internal service; status: Proposed." in html
    assert "Home visit. Next follow-up due" in html


def test_a_screening_line_is_described_only_to_readers_of_trafficking_details(world, login, case):
    small_list()
    screen(case, world.user("KE", Role.CASEWORKER), yes=EXPLOITED)
    assert "Outcome: Presumed victim of trafficking." in timeline_html(
        login(world.user("KE", Role.CASEWORKER)), case
    )
    html = timeline_html(login(world.user("KE", Role.THERAPIST)), case)
    assert "A restricted entry" in html and "Outcome:" not in html


def test_a_line_without_a_describer_or_with_odd_detail_reads_as_nothing(world, case):
    unknown = record_case_event(case, "made_up_kind", actor=None, detail={"outcome": "x"})
    assert event_description(unknown) == ""
    odd = CaseEvent(case=case, kind="follow_up_recorded", detail={"next_due": "not a date"})
    assert event_description(odd) == ""  # no type of contact, and a date it cannot read
