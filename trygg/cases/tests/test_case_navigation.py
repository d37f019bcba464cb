"""The cases pages a user reaches from the main navigation and the administration page."""

import re

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role

APPROVALS = reverse("cases:approvals")
TRANSFERS = reverse("cases:transfers")
INDICATORS = reverse("cases:indicator_list_index")
DEADLINES = reverse("cases:deadlines_index")


def nav_links(html: str) -> set[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return set(re.findall(r'href="([^"]+)"', nav))


@pytest.mark.parametrize(
    "role,expected,absent",
    [
        (Role.SUPERVISOR, {APPROVALS, TRANSFERS}, {INDICATORS}),
        (Role.CASEWORKER, set(), {APPROVALS, TRANSFERS, INDICATORS}),
        (Role.THERAPIST, set(), {APPROVALS, TRANSFERS, INDICATORS}),
        (Role.COUNTRY_ADMINISTRATOR, set(), {APPROVALS, TRANSFERS, INDICATORS}),
    ],
)
def test_the_navigation_offers_what_the_role_may_open(world, login, role, expected, absent):
    links = nav_links(login(world.user("KE", role)).get(reverse("core:home")).content.decode())
    assert expected <= links and not absent & links


def test_the_system_administrator_reaches_the_indicator_lists(world, login):
    client = login(world.system_admin)
    assert INDICATORS in nav_links(client.get(reverse("geo:admin_index")).content.decode())
    assert client.get(INDICATORS).status_code == 200


def test_only_the_page_shown_is_current_in_the_navigation(world, login):
    html = login(world.user("KE", Role.SUPERVISOR)).get(APPROVALS).content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page"', html)
    assert current == [APPROVALS]  # not "Cases" as well, though /cases/ is a prefix of it


@pytest.mark.parametrize("role", [Role.COUNTRY_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR])
def test_administrators_find_the_response_deadlines_on_the_administration_page(world, login, role):
    user = world.system_admin if role == Role.SYSTEM_ADMINISTRATOR else world.user("KE", role)
    client = login(user)
    html = client.get(reverse("geo:admin_index")).content.decode()
    assert f'href="{DEADLINES}"' in html and "Case response deadlines" in html
    assert client.get(DEADLINES).status_code in (200, 302)
