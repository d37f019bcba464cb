"""The health probe and the error pages: they say what happened and nothing about anyone."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.people.tests.factories import PersonFactory

DEBUG_MARKERS = ("Traceback", "Request Method", "Django Version", "settings.py", "DEBUG")


def test_healthz_answers_ok_without_login_and_says_nothing_else(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert not response.cookies


def test_unknown_address_gets_the_friendly_404_without_echoing_it(client):
    response = client.get("/people/Am%C3%A9lie-Wanjiru/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    for leak in ("Amélie", "Am%C3%A9lie", "Wanjiru", *DEBUG_MARKERS):
        assert leak not in body


def test_other_countrys_record_gets_exactly_the_page_of_a_missing_one(world, login):
    person = PersonFactory(country=world.np, given_name="Amélie", family_name="Wanjiru")
    client = login(world.user("KE", Role.CASEWORKER))
    out_of_scope = client.get(reverse("people:person_detail", kwargs={"uuid": person.uuid}))
    missing = client.get(reverse("people:person_detail", kwargs={"uuid": uuid.uuid4()}))
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    body = out_of_scope.content.decode()
    assert "Page not found" in body
    for leak in ("Amélie", "Wanjiru", person.reference, str(person.uuid), "caseworker.ke@example.org"):
        assert leak not in body


@pytest.mark.urls("trygg.core.tests.error_urls")
def test_server_error_page_shows_no_detail(world):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    for leak in ("Amélie", "Wanjiru", "2012-03-04", "ValueError", *DEBUG_MARKERS):
        assert leak not in body


@pytest.mark.urls("trygg.core.tests.error_urls")
def test_forbidden_page_does_not_repeat_the_reason(world, login):
    client = login(world.user("KE", Role.CASEWORKER))
    response = client.get("/forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Not allowed" in body
    assert "Amélie" not in body
