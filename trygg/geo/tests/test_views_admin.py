"""The administration home page and the countries page."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.geo.models import Country


def test_system_administrator_sees_every_section(world, login):
    response = login(world.system_admin).get(reverse("geo:admin_index"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("geo:country_list", "geo:programme_list", "geo:site_list", "geo:location_import"):
        assert reverse(name) in body
    assert reverse("geo:location_list", kwargs={"country": "KE"}) in body


def test_country_administrator_sees_their_country_but_not_countries(world, login):
    response = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR)).get(reverse("geo:admin_index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("geo:country_list") not in body
    assert reverse("geo:site_list") in body
    assert reverse("geo:location_list", kwargs={"country": "KE"}) in body
    assert reverse("geo:location_list", kwargs={"country": "NP"}) not in body


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST, Role.THERAPIST])
def test_other_roles_cannot_open_the_administration(world, login, role):
    assert login(world.user("KE", role)).get(reverse("geo:admin_index")).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("geo:admin_index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_country_list_searches_translated_names(world, login):
    client = login(world.user("KE", Role.CASEWORKER))
    english = client.get(reverse("geo:country_list"), {"q": "norw"})
    assert "Norway" in english.content.decode()
    norwegian = client.get(reverse("geo:country_list"), {"q": "norge"}, HTTP_ACCEPT_LANGUAGE="nb")
    body = norwegian.content.decode()
    assert "Norge" in body
    assert 'data-country="NO"' in body
    assert 'data-country="KE"' not in body


def test_country_list_filters_operating_countries(world, login):
    response = login(world.user("KE", Role.CASEWORKER)).get(reverse("geo:country_list"), {"operating": "yes"})
    body = response.content.decode()
    assert 'data-country="KE"' in body
    assert 'data-country="NP"' in body
    assert 'data-country="NO"' not in body


def test_country_list_runs_few_queries(world, login, django_assert_max_num_queries):
    client = login(world.user("KE", Role.CASEWORKER))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("geo:country_list"), {"page": 3})
    assert response.status_code == 200


def test_system_administrator_toggles_operating(world, login):
    client = login(world.system_admin)
    listing = client.get(reverse("geo:country_list"), {"q": "uganda"}).content.decode()
    assert reverse("geo:country_operating", kwargs={"code": "UG"}) in listing
    response = client.post(
        reverse("geo:country_operating", kwargs={"code": "UG"}),
        {"operating": "1", "next": "/geo/countries/?q=u"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/geo/countries/?q=u"
    assert Country.objects.get(code="UG").is_operating
    assert AuditEvent.objects.filter(action="update", country_id=Country.objects.get(code="UG").pk).exists()


def test_toggle_with_htmx_returns_the_row(world, login):
    client = login(world.system_admin)
    response = client.post(
        reverse("geo:country_operating", kwargs={"code": "KE"}), {"operating": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<tr id="country-KE"')
    assert 'data-operating="no"' in body
    assert not Country.objects.get(code="KE").is_operating


def test_toggle_refuses_an_unclear_request(world, login):
    response = login(world.system_admin).post(reverse("geo:country_operating", kwargs={"code": "KE"}), {})
    assert response.status_code == 400
    assert Country.objects.get(code="KE").is_operating


@pytest.mark.parametrize("role", [Role.COUNTRY_ADMINISTRATOR, Role.CASEWORKER])
def test_only_system_administrator_may_toggle(world, login, role):
    client = login(world.user("KE", role))
    listing = client.get(reverse("geo:country_list")).content.decode()
    assert "/operating/" not in listing
    response = client.post(reverse("geo:country_operating", kwargs={"code": "KE"}), {"operating": "0"})
    assert response.status_code == 404
    assert Country.objects.get(code="KE").is_operating
    assert client.get(reverse("geo:country_operating", kwargs={"code": "KE"})).status_code == 405
