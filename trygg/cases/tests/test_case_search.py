"""Searching the case list by the child's name: the two ways the database is asked, and scope."""

import pytest
from django.db import connection
from django.urls import reverse

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.cases import filters
from trygg.cases.tests.factories_case import CaseFactory
from trygg.people.tests.factories import PersonFactory

LIST = reverse("cases:case_list")


def _refs(response):
    return {case.reference for case in response.context["object_list"]}


@pytest.fixture
def names(world):
    """Children whose names a caseworker would type differently."""
    cases = {
        "muhammad": CaseFactory(child=PersonFactory(given_name="Muhammad", family_name="Otieno")),
        "mohamed": CaseFactory(child=PersonFactory(given_name="Mohamed", family_name="Kamau")),
        "shrestha": CaseFactory(child=PersonFactory(given_name="Sunita", family_name="Shrestha")),
        "wanjiru": CaseFactory(child=PersonFactory(given_name="Wanjiru", family_name="Otieno")),
        "other_country": CaseFactory(
            country=world.np,
            child=PersonFactory(country=world.np, given_name="Mohammed", family_name="Otieno"),
        ),
    }
    return {key: case.reference for key, case in cases.items()}


# Each query, with the cases a Kenyan caseworker must find: sound-alike, prefix, several words.
QUERIES = [
    ("Mohamed", {"muhammad", "mohamed"}),
    ("moha", {"mohamed"}),  # the start of a name as typed; its sound is too short to widen it
    ("Muhamad Otiyeno", {"muhammad"}),  # both words, each spelled differently
    ("otieno", {"muhammad", "wanjiru"}),
    ("Shresta", {"shrestha"}),
    ("sunita shrest", {"shrestha"}),
    ("Otieno Wanjiru", {"wanjiru"}),  # order does not matter
    ("Kamau Sunita", set()),  # every word must find the same child
]


@pytest.mark.parametrize("few", [3000, 0], ids=["ids-first", "walk-the-list"])
@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_both_ways_of_searching_find_the_same_children(
    world, login, names, monkeypatch, few, query, expected
):
    # FEW_CHILDREN 0: every search takes the way used for common names (each case checked).
    monkeypatch.setattr(filters, "FEW_CHILDREN", few)
    response = login(world.user("KE", Role.CASEWORKER)).get(LIST, {"q": query})
    assert _refs(response) == {names[key] for key in expected}


def test_a_name_never_finds_a_child_whose_record_the_user_may_not_read(world, login, monkeypatch):
    """A site-level user sees the cases of their site; a child registered at another site keeps
    their name to themselves, even though the case is in scope."""
    site = world.sites["KE"]
    inside = CaseFactory(
        site=site, child=PersonFactory(given_name="Achieng", family_name="Odhiambo", site=site)
    )
    outside = CaseFactory(site=site, child=PersonFactory(given_name="Achieng", family_name="Odhiambo"))
    user = User.objects.create_user(email="site.worker@example.org", password=None, full_name="Site")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke, site=site)
    client = login(user)
    assert {inside.reference, outside.reference} <= _refs(client.get(LIST))
    for few in (3000, 0):
        monkeypatch.setattr(filters, "FEW_CHILDREN", few)
        assert _refs(client.get(LIST, {"q": "Achieng Odiambo"})) == {inside.reference}


def test_the_same_search_through_the_api(world, api_login, names):
    response = api_login(world.user("KE", Role.CASEWORKER)).get("/api/v1/cases/", {"q": "Muhamad"})
    assert {row["reference"] for row in response.data["results"]} == {names["muhammad"], names["mohamed"]}


def test_postgresql_runs_without_jit(db):
    """Compiling a page's query costs more than running it; see settings.DATABASES."""
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
