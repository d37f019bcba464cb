"""What every API endpoint shares: the schema and its documentation, authentication, throttling."""

import re

import pytest
from django.core.management import call_command
from rest_framework.throttling import SimpleRateThrottle

from trygg.accounts.roles import Role


def test_schema_and_docs_need_a_login(client):
    for url in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"):
        response = client.get(url)
        assert response.status_code in (401, 403), url


def test_schema_and_docs_for_a_logged_in_user(world, login):
    client = login(world.user("KE", Role.CASEWORKER))
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/persons/",
        "/api/v1/households/",
        "/api/v1/relationships/",
        "/api/v1/sites/",
        "/api/v1/locations/",
        "/api/v1/audit-events/",
    ):
        assert path in paths, path
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # The browsable documentation loads its assets from this server, never from a CDN.
    external = re.findall(r"""(?:src|href)=["'](?:https?:)?//[^"']+""", html)
    assert not external, external


def test_the_whole_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/persons/{uuid}/" in target.read_text()


def test_healthz_says_ok_and_nothing_else(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"})


def test_api_calls_are_throttled_per_user(world, api_login, low_rates):
    client = api_login(world.user("KE", Role.CASEWORKER))
    statuses = [client.get("/api/v1/persons/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_anonymous_api_calls_are_refused_before_any_work(api_client):
    # Nothing in the API is public, so anonymous calls stop at authentication (401), before a
    # queryset is built; brute force on passwords is django-axes' job on the login page.
    assert api_client.get("/api/v1/persons/").status_code == 401
