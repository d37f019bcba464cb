"""Who sees what in the care API: a village director sees the village, an SOS parent their own
home only (never the gatekeeping file, never a review to record), another country nothing."""

import pytest
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.accounts.roles import GLOBAL_ROLES, Role
from trygg.core.testing import make_user

from ..codes import HomeKind
from ..models import CareReview, FamilyContact
from ..services import life
from .factories import caseworker, placed_child, village_home

pytestmark = pytest.mark.django_db

BASE = "/api/v1/care"
LISTS = ("homes", "requests", "placements", "reviews", "contacts", "aftercare", "restrictions", "incidents")


def today():
    return timezone.localdate()


def uuids(api, name, **params) -> set[str]:
    answer = api.get(f"{BASE}/{name}/", params)
    assert answer.status_code == 200, (name, answer.status_code)
    return {row["uuid"] for row in answer.json()["results"]}


@pytest.fixture
def kenya(world):
    """Two SOS families in the village (the SOS parent cares for the first), a foster family
    outside it; a child in each, with a restriction and an incident for each village child."""
    parent = world.user("KE", Role.SOS_PARENT)
    own = village_home(world, name="Family Wanjiru", carers=[parent])
    sibling = village_home(world, name="Family Kamau")
    foster = village_home(world, name="Foster family Njeri", site=None, kind=HomeKind.FOSTER_FAMILY)
    records = {"own": own, "sibling": sibling, "foster": foster}
    for key, home in records.copy().items():
        child, placement = placed_child(world, home=home, given_name=f"Child {key}")
        records[f"{key}_placement"] = placement
        records[f"{key}_request"] = placement.request
        records[f"{key}_restriction"] = life.add_contact_restriction(
            child,
            acting_user=caseworker(world),
            restricted_name="Recruiter",
            kind="no_contact",
            reason="Recruited the child.",
            valid_from=today(),
        )
        records[f"{key}_incident"] = life.report_incident(
            placement,
            acting_user=caseworker(world),
            occurred_on=today(),
            category="bullying",
            severity="low",
            description="Teased at school.",
        )
    return records


def village_director(world):
    user = make_user("director.village@example.org")
    Membership.objects.create(user=user, role=Role.CARE_PROVIDER, country=world.ke, site=world.sites["KE"])
    return user


def test_a_village_director_sees_the_village_not_a_foster_family_outside_it(world, api_login, kenya):
    api = api_login(village_director(world))
    assert uuids(api, "homes") == {str(kenya["own"].uuid), str(kenya["sibling"].uuid)}
    village = {str(kenya["own_placement"].uuid), str(kenya["sibling_placement"].uuid)}
    assert uuids(api, "placements") == village
    assert uuids(api, "restrictions") == {str(kenya[f"{k}_restriction"].uuid) for k in ("own", "sibling")}
    assert uuids(api, "incidents") == {str(kenya[f"{k}_incident"].uuid) for k in ("own", "sibling")}
    for record, route in (
        (kenya["foster"], "homes"),
        (kenya["foster_placement"], "placements"),
        (kenya["foster_restriction"], "restrictions"),
        (kenya["foster_incident"], "incidents"),
    ):
        assert api.get(f"{BASE}/{route}/{record.uuid}/").status_code == 404, route
    board = api.get(f"{BASE}/dashboard/").json()
    assert {row["home"] for row in board["homes"]} == {str(kenya["own"].uuid), str(kenya["sibling"].uuid)}
    assert board["children"] == 2


def test_an_sos_parent_sees_only_their_home(world, api_login, kenya):
    api = api_login(world.user("KE", Role.SOS_PARENT))
    assert uuids(api, "homes") == {str(kenya["own"].uuid)}
    assert uuids(api, "placements") == {str(kenya["own_placement"].uuid)}
    assert uuids(api, "restrictions") == {str(kenya["own_restriction"].uuid)}
    assert uuids(api, "incidents") == {str(kenya["own_incident"].uuid)}
    assert api.get(f"{BASE}/placements/{kenya['sibling_placement'].uuid}/").status_code == 404
    assert api.get(f"{BASE}/homes/{kenya['sibling'].uuid}/").status_code == 404
    assert api.get(f"{BASE}/incidents/{kenya['sibling_incident'].uuid}/").status_code == 404
    own = api.get(f"{BASE}/placements/{kenya['own_placement'].uuid}/").json()
    # The gatekeeping file stays with the team: no assessment on the placement, no request to open.
    assert not {"necessity_reasons", "childs_views", "panel_reasons", "options_tried"} & set(own)
    assert uuids(api, "requests") == set()
    assert api.get(f"{BASE}/requests/{kenya['own_request'].uuid}/").status_code == 404
    board = api.get(f"{BASE}/dashboard/").json()
    assert [row["home"] for row in board["homes"]] == [str(kenya["own"].uuid)] and board["children"] == 1


def test_an_sos_parent_records_family_contact_and_incidents_but_not_reviews(world, api_login, kenya):
    api = api_login(world.user("KE", Role.SOS_PARENT))
    own = str(kenya["own_placement"].uuid)
    review = {"placement": own, "reviewed_on": today().isoformat(), "progress": "Doing well."}
    refused = api.post(f"{BASE}/reviews/", review, format="json")
    assert refused.status_code == 403
    assert not CareReview.objects.exists()
    visit = {
        "kind": "visit",
        "status": "happened",
        "happened_on": today().isoformat(),
        "outcome": "went_well",
        "with_whom": "Mother",
    }
    assert api.post(f"{BASE}/contacts/", {**visit, "placement": own}, format="json").status_code == 201
    sibling = api.post(
        f"{BASE}/contacts/", {**visit, "placement": str(kenya["sibling_placement"].uuid)}, format="json"
    )
    assert sibling.status_code == 400 and "placement" in sibling.json()
    assert FamilyContact.objects.count() == 1
    incident = {
        "placement": own,
        "occurred_on": today().isoformat(),
        "category": "missing",
        "severity": "high",
        "description": "Did not come home from school.",
    }
    assert api.post(f"{BASE}/incidents/", incident, format="json").status_code == 201
    # No contact restrictions, moves or endings: those are the team's.
    restriction = {
        "child": str(kenya["own_placement"].child.uuid),
        "restricted_name": "Someone",
        "kind": "no_contact",
        "reason": "x",
        "valid_from": today().isoformat(),
    }
    assert api.post(f"{BASE}/restrictions/", restriction, format="json").status_code == 404
    end = {"version": kenya["own_placement"].version, "ended_on": today().isoformat(), "route": "other"}
    assert api.post(f"{BASE}/placements/{own}/end/", end, format="json").status_code == 403


def test_incidents_need_the_incident_permission(world, api_login, kenya):
    officer = api_login(world.user("KE", Role.TRACING_OFFICER))
    assert str(kenya["own_placement"].uuid) in uuids(officer, "placements")
    assert uuids(officer, "incidents") == set()
    assert officer.get(f"{BASE}/incidents/{kenya['own_incident'].uuid}/").status_code == 404
    dpo = api_login(world.user("KE", Role.DATA_PROTECTION_OFFICER))
    assert str(kenya["own_incident"].uuid) in uuids(dpo, "incidents")


def test_other_countries_get_404_on_every_care_record(world, api_login, kenya):
    routes = {
        "homes": ["own", "foster"],
        "requests": ["own_request"],
        "placements": ["own_placement", "foster_placement"],
        "restrictions": ["own_restriction"],
        "incidents": ["own_incident"],
    }
    actions = {
        "requests": ["assessment/", "decision/", "place/", "withdraw/", "proposals/"],
        "placements": ["move/", "end/", "care-plan/"],
        "restrictions": ["lift/"],
        "incidents": ["actions/", "complete-action/", "close/"],
    }
    for role in Role.values:
        if role in GLOBAL_ROLES:
            continue
        api = api_login(world.user("NP", role))
        for name in LISTS:
            assert uuids(api, name) == set(), (role, name)
        for route, keys in routes.items():
            for key in keys:
                url = f"{BASE}/{route}/{kenya[key].uuid}/"
                assert api.get(url).status_code == 404, (role, url)
                assert api.patch(url, {"version": 1}, format="json").status_code in (404, 405), (role, url)
                for step in actions.get(route, []):
                    method = api.get if step == "proposals/" else api.post
                    assert method(url + step, {"version": 1}, format="json").status_code == 404, (
                        role,
                        url + step,
                    )
        for params in ({"site": str(world.sites["KE"].uuid)}, {"country": "KE"}):
            assert api.get(f"{BASE}/dashboard/", params).status_code == 404, (role, params)


def test_anonymous_and_roleless_users(world, api_client, api_login, kenya):
    for name in (*LISTS, "dashboard"):
        assert api_client.get(f"{BASE}/{name}/").status_code in (401, 403), name
    assert api_client.get(f"{BASE}/placements/{kenya['own_placement'].uuid}/").status_code in (401, 403)
    api = api_login(make_user("nobody@example.org"))
    for name in LISTS:
        assert uuids(api, name) == set(), name
    assert api.get(f"{BASE}/dashboard/").status_code == 404
    assert api.get(f"{BASE}/placements/{kenya['own_placement'].uuid}/").status_code == 404
