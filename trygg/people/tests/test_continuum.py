"""Where a child stands on the continuum once care and tracing hold records about them: in care
(the home named only to those who may see the placement), left care, family found, reunified,
monitored after return; the most recent step wins."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.care.tests.factories_integration import care_home, placement, placement_request
from trygg.cases.models import Case
from trygg.cases.tests.factories_case import CaseFactory
from trygg.core.scoping import has_perm_anywhere
from trygg.people import continuum
from trygg.tracing.models import MonitoringVisit
from trygg.tracing.tests.factories import confirmed, reunified

CURRENT = '<li aria-current="step" data-stage="{}">'
TODAY = timezone.localdate()


def days_ago(n: int):
    return TODAY - timedelta(days=n)


def place(world, child=None, *, started=30, ended=None, home_name="SOS family Twiga"):
    opened = timezone.now() - timedelta(days=started + 5)
    case = CaseFactory(country=world.ke, identified_at=opened, **({"child": child} if child else {}))
    caseworker = world.user("KE", Role.CASEWORKER)
    request = placement_request(case, by=caseworker)
    home = care_home(world.ke, site=world.sites["KE"], name=home_name)
    return placement(
        request,
        home,
        started_on=days_ago(started),
        next_review_due=days_ago(started) + timedelta(days=90),
        ended_on=days_ago(ended) if ended is not None else None,
    )


def person_page(client, person) -> str:
    return client.get(reverse("people:person_detail", kwargs={"uuid": person.uuid})).content.decode()


def case_page(client, case) -> str:
    return client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()


def test_a_child_in_a_home_is_in_care_and_the_home_is_named_on_both_pages(world, login):
    placed = place(world)
    client = login(world.user("KE", Role.CASEWORKER))
    for html in (person_page(client, placed.child), case_page(client, placed.case)):
        assert CURRENT.format("care") in html
        assert "In care: SOS family Twiga" in html
        assert html.count(CURRENT.format("protection")) == 0


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.DATA_PROTECTION_OFFICER])
def test_the_home_is_named_only_to_those_who_may_see_the_placement(world, login, role):
    placed = place(world)
    user = world.user("KE", role)
    html = person_page(login(user), placed.child)
    assert CURRENT.format("care") in html
    if has_perm_anywhere(user, "placement.view"):
        assert "In care: SOS family Twiga" in html
    else:
        assert "In care" in html and "SOS family Twiga" not in html


def test_the_home_is_not_named_to_another_village(world):
    from trygg.accounts.models import Membership
    from trygg.core.testing import make_user
    from trygg.geo.models import Site

    placed = place(world)
    other = Site.objects.create(country=world.ke, name="Other village", kind=Site.Kind.CHILDRENS_VILLAGE)
    director = make_user("director.other@example.org")
    Membership.objects.create(user=director, role=Role.CARE_PROVIDER, country=world.ke, site=other)
    own = make_user("director@example.org")
    Membership.objects.create(user=own, role=Role.CARE_PROVIDER, country=world.ke, site=world.sites["KE"])
    child = placed.child
    assert continuum.position_for(child, in_household=False, user=director).detail == "In care"
    assert continuum.position_for(child, in_household=False, user=own).detail == "In care: SOS family Twiga"
    assert continuum.position_for(child, in_household=False).detail == "In care"  # no viewer


def test_a_child_who_left_care_has_left_care_until_a_new_case_opens(world):
    placed = place(world, started=400, ended=10)
    caseworker = world.user("KE", Role.CASEWORKER)
    # The case the placement was made on is still open: it was opened before the child left.
    assert continuum.position_for(placed.child, in_household=True, user=caseworker) == continuum.Position(
        "care", "Left care"
    )
    Case.objects.filter(pk=placed.case_id).update(status="Closed")
    CaseFactory(country=world.ke, child=placed.child, identified_at=timezone.now())
    assert continuum.stage_for(placed.child, in_household=True, user=caseworker) == "protection"


def test_living_in_care_is_care_whatever_case_opens_meanwhile(world):
    placed = place(world, started=200)
    Case.objects.filter(pk=placed.case_id).update(identified_at=timezone.now())
    assert continuum.stage_for(placed.child, in_household=True) == "care"


def test_a_confirmed_match_moves_the_child_on_to_reunification(world, login):
    request, child, _proposal = confirmed(world)
    caseworker = world.user("KE", Role.CASEWORKER)
    assert continuum.position_for(child, in_household=False, user=caseworker) == continuum.Position(
        "reunification", "Match confirmed: family found"
    )
    html = person_page(login(caseworker), child)
    assert CURRENT.format("reunification") in html and "Match confirmed: family found" in html


def test_a_family_found_for_a_child_in_care_is_the_next_step(world):
    request, child, _proposal = confirmed(world)
    place(world, child, started=60)
    assert continuum.stage_for(child, in_household=False) == "reunification"


def test_after_return_the_child_is_monitored_until_the_visits_are_made(world):
    request, done = reunified(world)
    child = request.matched_child
    assert MonitoringVisit.objects.filter(request=request, visited_on__isnull=True).exists()
    assert continuum.position_for(child, in_household=True) == continuum.Position(
        "monitoring", "Reunified with the family"
    )
    MonitoringVisit.objects.filter(request=request).update(visited_on=TODAY)
    assert continuum.position_for(child, in_household=True) == continuum.Position(
        "reunification", "Reunified with the family"
    )
    # Closed after the visits: still reunified.
    type(request).objects.filter(pk=request.pk).update(status="closed")
    assert continuum.stage_for(child, in_household=True) == "reunification"


def test_a_child_placed_again_after_returning_home_is_in_care(world):
    request, done = reunified(world, reunified_on=days_ago(100))
    child = request.matched_child
    place(world, child, started=5, home_name="SOS family Simba")
    caseworker = world.user("KE", Role.CASEWORKER)
    assert continuum.position_for(child, in_household=False, user=caseworker) == continuum.Position(
        "care", "In care: SOS family Simba"
    )


def test_the_position_takes_three_queries(world, django_assert_num_queries):
    placed = place(world)
    confirmed(world)
    caseworker = world.user("KE", Role.CASEWORKER)
    has_perm_anywhere(caseworker, "case.view")  # the viewer's grants are loaded once per request
    with django_assert_num_queries(3):
        assert continuum.position_for(placed.child, in_household=False, user=caseworker).stage == "care"
