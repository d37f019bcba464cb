"""Where a child with a case stands on the continuum, as each viewer may know it."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.cases.codes import Stage
from trygg.cases.models import Case
from trygg.cases.tests.factories_identification import kenyan_case, screen, small_list
from trygg.core.scoping import has_perm_anywhere
from trygg.people import continuum

CURRENT = '<li aria-current="step" data-stage="{}">'


@pytest.fixture
def screened_case(world):
    small_list()
    case = kenyan_case(world)
    screen(case, world.user("KE", Role.CASEWORKER), yes=["ec_strong_1", "ec_medium_1"])
    return case


def pages(client, case) -> list[str]:
    return [
        client.get(reverse("people:person_detail", kwargs={"uuid": case.child.uuid})).content.decode(),
        client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode(),
    ]


def test_a_screened_child_is_in_identification_for_those_who_may_see_screenings(world, login, screened_case):
    for html in pages(login(world.user("KE", Role.CASEWORKER)), screened_case):
        assert CURRENT.format("identification") in html


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.TRACING_OFFICER, Role.DATA_PROTECTION_OFFICER])
def test_without_the_trafficking_permission_the_screening_is_not_revealed(world, login, screened_case, role):
    for html in pages(login(world.user("KE", role)), screened_case):
        assert CURRENT.format("protection") in html and CURRENT.format("identification") not in html


def test_an_open_case_without_a_screening_is_protection(world, login):
    case = kenyan_case(world)
    for html in pages(login(world.user("KE", Role.CASEWORKER)), case):
        assert CURRENT.format("protection") in html


def test_once_the_case_moves_on_from_identification_the_child_is_in_protection(world, screened_case):
    caseworker = world.user("KE", Role.CASEWORKER)
    Case.objects.filter(pk=screened_case.pk).update(stage=Stage.ASSESSMENT)
    assert continuum.stage_for(screened_case.child, in_household=False, user=caseworker) == "protection"
    assert continuum.stage_for(screened_case.child, in_household=False) == "protection"  # no viewer


def test_a_closed_case_leaves_the_child_where_the_other_records_put_them(world, screened_case):
    Case.objects.filter(pk=screened_case.pk).update(status="Closed")
    caseworker = world.user("KE", Role.CASEWORKER)
    assert continuum.stage_for(screened_case.child, in_household=True, user=caseworker) == "prevention"


def test_the_stage_takes_three_queries(world, screened_case, django_assert_num_queries):
    caseworker = world.user("KE", Role.CASEWORKER)
    has_perm_anywhere(caseworker, "case.view")  # the viewer's grants are loaded once per request
    # The open case, the latest placement, the latest matched tracing request.
    with django_assert_num_queries(3):
        assert continuum.stage_for(screened_case.child, in_household=False, user=caseworker) == (
            "identification"
        )
