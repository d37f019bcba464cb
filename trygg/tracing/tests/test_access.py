"""Across countries: a request in Kenya matches a child registered in Nepal.

Kenya (the requesting country) sees only that a possible match exists in Nepal and its score:
no names, no reference, no UUID of the child, until Nepal shares chosen details. Nepal (where the
child is registered) sees and reviews everything. A third country sees nothing (404).
"""

import pytest
from django.test import Client
from django.urls import reverse

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.core.testing import make_user

from ..services import review
from .factories import file, match, officer, register_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def across(world):
    """(request in Kenya, child in Nepal, proposal)."""
    child = register_child(world, "NP", family_name="Odiambo", other_names="Akoth")
    request = file(world, "KE")
    proposal = match(request)[0]
    assert proposal.child == child
    return request, child, proposal


@pytest.fixture
def indian_officer(world):
    from trygg.geo.models import Country

    user = make_user("tracing.in@example.org")
    Membership.objects.create(user=user, role=Role.TRACING_OFFICER, country=Country.objects.get(code="IN"))
    return user


def _secret(child) -> list[str]:
    """What the requesting country must not read about the child."""
    return [child.reference, str(child.uuid), "Odiambo", "Akoth"]


def test_the_requesting_country_sees_only_the_country_and_the_score(world, login, across):
    request, child, proposal = across
    client = login(officer(world, "KE"))
    page = client.get(reverse("tracing:request_detail", args=[request.uuid])).content.decode()
    assert "Nepal" in page and f"{round(proposal.probability * 100)} %" in page
    assert "Possible match (details held by that country)" in page
    match_page = client.get(reverse("tracing:match_detail", args=[proposal.uuid])).content.decode()
    assert "A child registered in Nepal may be the one" in match_page
    assert "side by side" not in match_page
    listing = client.get(reverse("tracing:match_list")).content.decode()
    assert "A child registered in Nepal" in listing
    for text in _secret(child):
        assert text not in page and text not in match_page and text not in listing
    assert client.get(reverse("people:person_detail", args=[child.uuid])).status_code == 404


def test_the_childs_country_reviews_the_full_proposal(world, login, across):
    request, child, proposal = across
    client = login(officer(world, "NP"))
    page = client.get(reverse("tracing:match_detail", args=[proposal.uuid])).content.decode()
    assert "The two records side by side" in page and child.reference in page and "Odiambo" in page
    assert "Confirm or reject the match" in page and "Share details with the requesting country" in page
    # The request itself stays Kenya's until the match is confirmed.
    assert client.get(reverse("tracing:request_detail", args=[request.uuid])).status_code == 404
    review.confirm_proposal(proposal, acting_user=officer(world, "NP"), expected_version=proposal.version)
    page = client.get(reverse("tracing:request_detail", args=[request.uuid])).content.decode()
    assert "Record a verification" in page
    # Kenya filed it: Nepal works on the steps after the match, not on the request itself.
    assert reverse("tracing:request_edit", args=[request.uuid]) not in page


def test_the_requesting_country_cannot_decide_or_share(world, login, api_login, across):
    _request, _child, proposal = across
    client = login(officer(world, "KE"))
    for name, data in (
        ("tracing:match_decide", {"version": proposal.version, "decision": "confirm"}),
        ("tracing:match_share", {"fields_shared": ["given_name"], "consented_by": "x"}),
    ):
        assert client.get(reverse(name, args=[proposal.uuid])).status_code == 404
        assert client.post(reverse(name, args=[proposal.uuid]), data).status_code == 404
    api = api_login(officer(world, "KE"))
    response = api.post(f"/api/v1/tracing/matches/{proposal.uuid}/confirm/", {"version": proposal.version})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_what_the_childs_country_shares_is_what_the_requesting_country_sees(world, login, across):
    _request, child, proposal = across
    nepal = login(officer(world, "NP"))
    response = nepal.post(
        reverse("tracing:match_share", args=[proposal.uuid]),
        {"fields_shared": ["family_name", "current_location"], "consented_by": "The child, aged 12"},
    )
    assert response.status_code == 302
    kenya = login(officer(world, "KE"), the_client=Client())
    page = kenya.get(reverse("tracing:match_detail", args=[proposal.uuid])).content.decode()
    assert "Odiambo" in page and "Nepal" in page
    assert child.reference not in page and str(child.uuid) not in page and "Akoth" not in page


def test_a_third_country_gets_404_everywhere(world, login, api_login, across, indian_officer):
    request, child, proposal = across
    client = login(indian_officer)
    for url in (
        reverse("tracing:request_detail", args=[request.uuid]),
        reverse("tracing:match_detail", args=[proposal.uuid]),
        reverse("tracing:match_decide", args=[proposal.uuid]),
        reverse("people:person_detail", args=[child.uuid]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Match for" not in client.get(reverse("tracing:match_list")).content.decode()
    api = api_login(indian_officer)
    assert api.get(f"/api/v1/tracing/matches/{proposal.uuid}/").status_code == 404
    assert api.get(f"/api/v1/tracing/requests/{request.uuid}/").status_code == 404
    assert api.get("/api/v1/tracing/matches/").json()["results"] == []


def test_the_api_hides_the_childs_side_from_the_requesting_country(world, api_login, across):
    _request, child, proposal = across
    kenya = api_login(officer(world, "KE")).get(f"/api/v1/tracing/matches/{proposal.uuid}/").json()
    assert kenya["child_country"] == "NP" and kenya["probability"] == pytest.approx(proposal.probability)
    assert kenya["child_visible"] is False
    assert kenya["child"] is None and kenya["child_reference"] is None and kenya["child_name"] is None
    assert kenya["explanation"] is None and kenya["shared"] == {}
    assert all(text not in str(kenya) for text in _secret(child))

    nepal = api_login(officer(world, "NP")).get(f"/api/v1/tracing/matches/{proposal.uuid}/").json()
    assert nepal["child_visible"] is True and nepal["child"] == str(child.uuid)
    assert nepal["child_reference"] == child.reference and nepal["explanation"]


def test_a_caseworker_of_the_childs_country_sees_the_child_but_cannot_review(world, login, across):
    _request, child, proposal = across
    client = login(world.user("NP", Role.CASEWORKER))
    page = client.get(reverse("tracing:match_detail", args=[proposal.uuid])).content.decode()
    assert child.reference in page and "Confirm or reject the match" not in page


@pytest.mark.parametrize(
    "role", [Role.ANALYST, Role.ADVOCACY_OFFICER, Role.COUNTRY_ADMINISTRATOR, Role.THERAPIST]
)
def test_roles_without_tracing_see_nothing_of_it(world, login, across, role):
    request, _child, proposal = across
    client = login(world.user("KE", role))
    assert client.get(reverse("tracing:request_list")).status_code == 404
    assert client.get(reverse("tracing:request_detail", args=[request.uuid])).status_code == 404
    assert client.get(reverse("tracing:match_detail", args=[proposal.uuid])).status_code == 404


def test_least_privilege_in_the_roles():
    from trygg.accounts.roles import permissions_for

    assert {"tracing.view", "tracing.add", "tracing.change", "tracing.review"} <= permissions_for(
        Role.TRACING_OFFICER
    )
    assert "tracing.approve" not in permissions_for(Role.TRACING_OFFICER)
    assert {"tracing.view", "tracing.approve"} <= permissions_for(Role.SUPERVISOR)
    assert "tracing.review" not in permissions_for(Role.SUPERVISOR)
    assert {"tracing.view", "tracing.add"} <= permissions_for(Role.CASEWORKER)
    assert not {"tracing.change", "tracing.review", "tracing.approve"} & permissions_for(Role.CASEWORKER)
    assert "tracingconfig.change" in permissions_for(Role.COUNTRY_ADMINISTRATOR)
    assert "tracing.view" not in permissions_for(Role.COUNTRY_ADMINISTRATOR)
