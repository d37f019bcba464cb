"""The safety banner: contact restrictions in force for a child, on the person page and the case
page, to those who may read them; who, the kind of restriction and the reason."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.care.banner import banner_context
from trygg.care.codes import RestrictionKind
from trygg.care.models import ContactRestriction
from trygg.cases.tests.factories_case import CaseFactory
from trygg.core.testing import make_user
from trygg.geo.models import Site

from .factories_integration import care_home, placement, placement_request, restriction

TODAY = timezone.localdate()
BANNER = "Safety warning: contact restrictions in force"


@pytest.fixture
def case(world):
    return CaseFactory(country=world.ke, site=world.sites["KE"])


@pytest.fixture
def uncle(case):
    return restriction(
        case.child,
        valid_from=TODAY - timedelta(days=10),
        restricted_name="Musa Ali",
        relationship="uncle",
        reason="Took the child to the traffickers in Mombasa.",
    )


def pages(client, case) -> list[str]:
    return [
        client.get(reverse("people:person_detail", kwargs={"uuid": case.child.uuid})).content.decode(),
        client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode(),
    ]


def test_the_banner_names_who_what_and_why_on_the_person_and_case_pages(world, login, case, uncle):
    restriction(
        case.child,
        kind=RestrictionKind.SUPERVISED_ONLY,
        valid_from=TODAY,
        valid_until=TODAY + timedelta(days=30),
        restricted_name="Amina Ali",
        reason="The mother is under pressure from the uncle.",
    )
    for html in pages(login(world.user("KE", Role.CASEWORKER)), case):
        assert BANNER in html
        assert "<strong>Musa Ali</strong> (uncle)" in html
        assert "No contact at all" in html and "Took the child to the traffickers in Mombasa." in html
        assert "Supervised contact only" in html and "The mother is under pressure from the uncle." in html
        # The warning comes before the rest of the page.
        assert html.index(BANNER) < html.index("Where this person stands")
        assert reverse("care:restriction_lift", kwargs={"uuid": uncle.uuid}) in html


def test_restrictions_no_longer_or_not_yet_in_force_are_not_shown(world, login, case, uncle):
    ContactRestriction.objects.filter(pk=uncle.pk).update(lifted_at=timezone.now(), lift_reason="Cleared.")
    restriction(case.child, valid_from=TODAY - timedelta(days=60), valid_until=TODAY - timedelta(days=1))
    restriction(case.child, valid_from=TODAY + timedelta(days=1))
    for html in pages(login(world.user("KE", Role.CASEWORKER)), case):
        assert BANNER not in html and "Sold the child" not in html


def test_a_child_without_restrictions_has_no_banner(world, login, case):
    for html in pages(login(world.user("KE", Role.SUPERVISOR)), case):
        assert BANNER not in html


def test_only_those_who_may_read_the_restriction_see_it(world, login, case, uncle):
    # A therapist sees the child and the case, not the care records.
    for html in pages(login(world.user("KE", Role.THERAPIST)), case):
        assert "Where this person stands" in html
        assert BANNER not in html and "Musa Ali" not in html
    # A tracing officer reads placements but may not lift restrictions.
    for html in pages(login(world.user("KE", Role.TRACING_OFFICER)), case):
        assert BANNER in html and "Musa Ali" in html
        assert reverse("care:restriction_lift", kwargs={"uuid": uncle.uuid}) not in html


def test_a_village_sees_the_restrictions_of_the_children_living_there(world, case, uncle):
    village = world.sites["KE"]
    other = Site.objects.create(country=world.ke, name="Other village", kind=Site.Kind.CHILDRENS_VILLAGE)
    director = make_user("director@example.org")
    Membership.objects.create(user=director, role=Role.CARE_PROVIDER, country=world.ke, site=village)
    elsewhere = make_user("director.other@example.org")
    Membership.objects.create(user=elsewhere, role=Role.CARE_PROVIDER, country=world.ke, site=other)
    assert banner_context(case.child, director)["restrictions"] == []  # not living in the village yet
    home = care_home(world.ke, site=village)
    placement(
        placement_request(case, by=world.user("KE", Role.CASEWORKER)),
        home,
        started_on=TODAY,
        next_review_due=TODAY + timedelta(days=90),
    )
    assert banner_context(case.child, director)["restrictions"] == [uncle]
    assert banner_context(case.child, elsewhere) == {"restrictions": [], "may_restrict": False}
    assert banner_context(case.child, world.user("NP", Role.CASEWORKER))["restrictions"] == []


def test_the_banner_costs_one_query_without_restrictions(world, case, django_assert_num_queries):
    caseworker = world.user("KE", Role.CASEWORKER)
    banner_context(case.child, caseworker)  # the viewer's grants are loaded once per request
    with django_assert_num_queries(1):
        assert banner_context(case.child, caseworker) == {"restrictions": [], "may_restrict": False}
