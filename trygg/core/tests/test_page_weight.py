"""Pages stay light for country offices on poor connections, and load nothing from elsewhere.

Weight on a cold cache is what the browser downloads: the HTML as the app sends it (pages are
not compressed by the app) plus every stylesheet, script and image the page names, brotli-compressed
the way WhiteNoise serves them after `collectstatic`.
"""

import re
from html.parser import HTMLParser

import brotli
import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.people.tests.factories import HouseholdFactory, PersonFactory

MAX_COLD_CACHE_BYTES = 150 * 1024
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


class AssetParser(HTMLParser):
    """Collects the URLs a browser fetches on its own to show the page (not the links a user follows)."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        wanted = {
            "script": ["src"],
            "img": ["src", "srcset"],
            "source": ["src", "srcset"],
            "iframe": ["src"],
            "video": ["src", "poster"],
            "audio": ["src"],
            "embed": ["src"],
            "object": ["data"],
            "input": ["src"],
        }.get(tag, [])
        if tag == "link" and set((attributes.get("rel") or "").lower().split()) & {
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "manifest",
            "apple-touch-icon",
        }:
            wanted = ["href"]
        for name in wanted:
            value = attributes.get(name)
            if value:
                self.assets += [part.split()[0] for part in value.split(",") if part.strip()]


def assets_of(html: str) -> list[str]:
    parser = AssetParser()
    parser.feed(html)
    return parser.assets


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return b"".join(response.streaming_content) if response.streaming else response.content


def cold_cache_weight(client, page_url: str) -> tuple[int, dict[str, int]]:
    response = client.get(page_url)
    assert response.status_code == 200, f"{page_url} answered {response.status_code}"
    sizes = {page_url: len(response.content)}
    for asset in assets_of(response.content.decode()):
        sizes[asset] = len(brotli.compress(fetch(client, asset)))
    return sum(sizes.values()), sizes


@pytest.fixture
def caseworker_client(world, login):
    for number in range(20):
        PersonFactory(country=world.ke, given_name=f"Child {number}")
    HouseholdFactory(country=world.ke)
    return login(world.user("KE", Role.CASEWORKER))


def test_login_page_is_light_on_a_cold_cache(client, db):
    total, sizes = cold_cache_weight(client, reverse("accounts:login"))
    assert any(url.endswith(".css") for url in sizes), "the login page should be styled"
    assert total < MAX_COLD_CACHE_BYTES, sizes


def test_home_page_is_light_on_a_cold_cache(caseworker_client):
    total, sizes = cold_cache_weight(caseworker_client, reverse("core:home"))
    assert total < MAX_COLD_CACHE_BYTES, sizes


def test_person_search_page_is_light_on_a_cold_cache(caseworker_client):
    total, sizes = cold_cache_weight(caseworker_client, reverse("people:person_list"))
    assert total < MAX_COLD_CACHE_BYTES, sizes


def page_urls(world) -> list[str]:
    person = PersonFactory(country=world.ke)
    household = HouseholdFactory(country=world.ke)
    return [
        reverse("core:home"),
        reverse("people:person_list"),
        reverse("people:person_detail", kwargs={"uuid": person.uuid}),
        reverse("people:household_list"),
        reverse("people:household_detail", kwargs={"uuid": household.uuid}),
        reverse("api:docs"),
    ]


def external_references(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    found = []
    for asset in assets_of(response.content.decode()):
        if EXTERNAL.match(asset):
            found.append(f"{url} -> {asset}")
        elif asset.endswith(".css"):
            for match in CSS_URL.finditer(fetch(client, asset).decode()):
                target = match.group(1) or match.group(2)
                if EXTERNAL.match(target):
                    found.append(f"{asset} -> {target}")
    return found


def test_no_page_loads_anything_from_another_site(client, world, login):
    found = external_references(client, reverse("accounts:login"))
    client = login(world.user("KE", Role.CASEWORKER))
    for url in page_urls(world):
        found += external_references(client, url)
    dpo = login(world.user("KE", Role.DATA_PROTECTION_OFFICER))
    found += external_references(dpo, reverse("audit:index"))
    assert found == []
