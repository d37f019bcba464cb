"""The village dashboard: places free by home and age range, children by age and length of stay,
reviews due and overdue, restrictions in force, unstable placements; a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.core.testing import make_user

from ..codes import HomeKind, RestrictionKind
from ..dashboard import age_band, stay_band, village_dashboard
from ..services import life, placements
from .factories import caseworker, director, placed_child, register_child, village_home

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def bands(rows) -> dict:
    return {row.code: row.children for row in rows}


@pytest.fixture
def village(world):
    """Three SOS families in Kenya's village and a foster family outside it, with children living
    there since different dates, a review due soon, one overdue and a restriction in force."""
    ke = world.sites["KE"]
    young = village_home(world, name="Family Wanjiru", capacity=4, age_min=0, age_max=11)
    middle = village_home(world, name="Family Kamau", capacity=3, age_min=6, age_max=17)
    older = village_home(world, name="Family Otieno", capacity=2, age_min=12, age_max=17)
    foster = village_home(
        world, name="Foster family Njeri", capacity=2, site=None, kind=HomeKind.FOSTER_FAMILY
    )
    # Review due in 10 days (placed 80 days ago), in care under 6 months.
    small, due = placed_child(world, home=young, age=4, given_name="Amani", started_on=days_ago(80))
    # Review overdue (placed 240 days ago, never reviewed), in care 6-12 months.
    _child, overdue = placed_child(world, home=young, age=9, given_name="Baraka", started_on=days_ago(240))
    # Reviewed today: neither due nor overdue; in care 1-3 years.
    _teen, reviewed = placed_child(world, home=older, age=15, given_name="Chege", started_on=days_ago(800))
    placements.record_review(
        reviewed,
        acting_user=caseworker(world),
        reviewed_on=timezone.localdate(),
        progress="Settled at school.",
    )
    placed_child(world, home=foster, age=10, given_name="Dalia", started_on=days_ago(30))
    life.add_contact_restriction(
        small,
        acting_user=caseworker(world),
        restricted_name="Joseph Mwangi",
        relationship="uncle",
        kind=RestrictionKind.NO_CONTACT,
        reason="Sold the child to a recruiter.",
        valid_from=days_ago(80),
    )
    # A restriction for a child not in care is not the village's.
    life.add_contact_restriction(
        register_child(world, given_name="Elimu"),
        acting_user=caseworker(world),
        restricted_name="Someone",
        kind=RestrictionKind.NO_CONTACT,
        reason="Threatened the family.",
        valid_from=days_ago(5),
    )
    return {
        "site": ke,
        "homes": {"young": young, "middle": middle, "older": older, "foster": foster},
        "due": due,
        "overdue": overdue,
    }


def test_places_free_by_home_and_age_range(world, village):
    board = village_dashboard(director(world), site=village["site"])
    homes = {row.home.name: (row.capacity, row.occupied, row.free) for row in board.homes}
    assert homes == {"Family Wanjiru": (4, 2, 2), "Family Kamau": (3, 0, 3), "Family Otieno": (2, 1, 1)}
    assert (board.totals.homes, board.totals.capacity, board.totals.occupied, board.totals.free) == (
        3,
        9,
        3,
        6,
    )
    assert [(r.age_min, r.age_max, r.homes, r.free) for r in board.by_age_range] == [
        (0, 11, 1, 2),
        (6, 17, 1, 3),
        (12, 17, 1, 1),
    ]


def test_children_by_age_and_length_of_stay(world, village):
    board = village_dashboard(director(world), site=village["site"])
    assert bands(board.children_by_age) == {
        "0_5": 1,
        "6_11": 1,
        "12_14": 0,
        "15_17": 1,
        "18_plus": 0,
        "unknown": 0,
    }
    assert bands(board.children_by_stay) == {
        "under_6_months": 1,
        "6_to_12_months": 1,
        "1_to_3_years": 1,
        "over_3_years": 0,
    }
    assert board.children == 3


def test_reviews_due_overdue_and_restrictions_in_force(world, village):
    board = village_dashboard(director(world), site=village["site"])
    assert board.reviews_overdue == [village["overdue"]]
    assert board.reviews_due == [village["due"]]
    assert [r.restricted_name for r in board.restrictions_in_force] == ["Joseph Mwangi"]


def test_the_figures_change_when_a_child_is_placed(world, village):
    before = village_dashboard(director(world), site=village["site"]).as_dict()
    placed_child(world, home=village["homes"]["middle"], age=7, given_name="Faraji")
    after = village_dashboard(director(world), site=village["site"]).as_dict()

    def home(data, name):
        return next(row for row in data["homes"] if row["home"] == str(village["homes"][name].uuid))

    assert (home(before, "middle")["occupied"], home(before, "middle")["free"]) == (0, 3)
    assert (home(after, "middle")["occupied"], home(after, "middle")["free"]) == (1, 2)
    assert after["totals"]["free"] == before["totals"]["free"] - 1
    assert after["children"] == before["children"] + 1

    def band(data, key, code):
        return next(row["children"] for row in data[key] if row["band"] == code)

    assert band(after, "children_by_age", "6_11") == band(before, "children_by_age", "6_11") + 1
    assert (
        band(after, "children_by_stay", "under_6_months")
        == band(before, "children_by_stay", "under_6_months") + 1
    )
    # A new placement's first review is three months away: neither due nor overdue.
    assert (
        after["reviews_due"] == before["reviews_due"]
        and after["reviews_overdue"] == before["reviews_overdue"]
    )


def test_a_move_continues_the_stay_and_many_moves_flag_the_child(world):
    first = village_home(world, name="Family A", capacity=2)
    second = village_home(world, name="Family B", capacity=2)
    child, placement = placed_child(world, home=first, age=10, started_on=days_ago(400))
    homes = [second, first, second]
    for step, home in enumerate(homes):
        placement = placements.move_placement(
            placement,
            acting_user=caseworker(world),
            expected_version=placement.version,
            to_home=home,
            moved_on=days_ago(30 - step * 10),
            reason="The SOS mother fell ill.",
        )
    board = village_dashboard(director(world), site=world.sites["KE"])
    # In care for 400 days (1-3 years), though in this home only for 10 days.
    assert bands(board.children_by_stay)["1_to_3_years"] == 1
    assert bands(board.children_by_stay)["under_6_months"] == 0
    assert board.unstable == [placement]
    assert board.as_dict()["unstable"] == {"count": 1, "placements": [str(placement.uuid)]}


def test_a_village_director_sees_the_village_only(world, village):
    """A director with a membership on the village sees its homes and children, not the foster
    family outside the village (the world's care provider holds the whole country)."""
    village_director = make_user("director.village@example.org")
    Membership.objects.create(
        user=village_director, role=Role.CARE_PROVIDER, country=world.ke, site=village["site"]
    )
    board = village_dashboard(village_director)
    assert {row.home.name for row in board.homes} == {"Family Wanjiru", "Family Kamau", "Family Otieno"}
    assert board.children == 3
    country = village_dashboard(director(world), country=world.ke)
    assert "Foster family Njeri" in {row.home.name for row in country.homes} and country.children == 4


def test_an_sos_parent_sees_only_their_home(world, village):
    parent = world.user("KE", Role.SOS_PARENT)
    village["homes"]["young"].carers.add(parent)
    board = village_dashboard(parent, site=village["site"])
    assert [row.home.name for row in board.homes] == ["Family Wanjiru"]
    assert board.children == 2
    assert [r.restricted_name for r in board.restrictions_in_force] == ["Joseph Mwangi"]


def test_other_country_sees_nothing_of_kenya(world, village):
    board = village_dashboard(world.user("NP", Role.CARE_PROVIDER), site=village["site"])
    assert board.homes == [] and board.children == 0 and board.restrictions_in_force == []


def _village_of(world, n_homes: int):
    for i in range(n_homes):
        home = village_home(world, name=f"Family {i}", capacity=3)
        child, placement = placed_child(
            world, home=home, age=4 + i, given_name=f"Child{i}", started_on=days_ago(100)
        )
        life.add_contact_restriction(
            child,
            acting_user=caseworker(world),
            restricted_name=f"Relative {i}",
            kind=RestrictionKind.SUPERVISED_ONLY,
            reason="Was present when the child was recruited.",
            valid_from=days_ago(50),
        )
    # One child moved, so that the length of stay follows the earlier placements too.
    placements.move_placement(
        placement,
        acting_user=caseworker(world),
        expected_version=placement.version,
        to_home=village_home(world, name="Family moved", capacity=3),
        moved_on=days_ago(5),
        reason="Closer to school.",
    )


@pytest.mark.parametrize("n_homes", [2, 10])
def test_a_constant_number_of_queries(world, django_assert_max_num_queries, n_homes):
    _village_of(world, n_homes)
    user = director(world)
    with django_assert_max_num_queries(7):
        board = village_dashboard(user, site=world.sites["KE"])
        data = board.as_dict()
    assert data["children"] == n_homes and data["restrictions_in_force"]["count"] == n_homes
    assert data["totals"]["homes"] == n_homes + 1


@pytest.mark.parametrize(
    "age,band",
    [(None, "unknown"), (0, "0_5"), (5, "0_5"), (6, "6_11"), (14, "12_14"), (17, "15_17"), (18, "18_plus")],
)
def test_age_bands(age, band):
    assert age_band(age) == band


@pytest.mark.parametrize(
    "start,band",
    [
        (date(2025, 9, 2), "under_6_months"),
        (date(2025, 9, 1), "6_to_12_months"),
        (date(2025, 3, 2), "6_to_12_months"),
        (date(2025, 3, 1), "1_to_3_years"),
        (date(2023, 3, 2), "1_to_3_years"),
        (date(2023, 3, 1), "over_3_years"),
    ],
)
def test_stay_bands(start, band):
    assert stay_band(start, date(2026, 3, 1)) == band
