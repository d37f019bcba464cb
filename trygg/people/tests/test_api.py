"""The persons API: scope, audit, filters, validation, versions, soft delete."""

import datetime
import json

import pytest
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.models import ReferenceCounter
from trygg.core.testing import make_user
from trygg.geo.tests.factories import LocationFactory
from trygg.people import services
from trygg.people.models import Gender, Person
from trygg.people.tests.factories import PersonFactory

PERSONS = "/api/v1/persons/"


def detail(person):
    return f"{PERSONS}{person.uuid}/"


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def person(world, caseworker):
    return services.register_person(
        country=world.ke, acting_user=caseworker, given_name="Amani", family_name="Mwangi", languages=["sw"]
    )


def new_person(**overrides):
    data = {
        "country": "KE",
        "given_name": "Amani",
        "family_name": "Mwangi",
        "gender": Gender.FEMININE,
        "date_of_birth": "2015-03-04",
        "languages": ["sw", "en"],
        "nationalities": ["KE"],
    }
    data.update(overrides)
    return data


# --- reading ----------------------------------------------------------------------------------


def test_list_shows_only_the_users_country_and_is_one_audit_event(world, api_login, caseworker):
    kenyan = PersonFactory(country=world.ke)
    PersonFactory(country=world.np)
    response = api_login(caseworker).get(PERSONS)
    assert response.status_code == 200
    assert [row["uuid"] for row in response.json()["results"]] == [str(kenyan.uuid)]
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert event.detail["results"] == [str(kenyan.uuid)] and event.channel == "api"


def test_the_representation(world, api_login, caseworker):
    place = LocationFactory(country=world.ke, name="Kibera")
    born = services.estimated_date_of_birth(8)
    person = services.register_person(
        country=world.ke,
        acting_user=caseworker,
        site=world.sites["KE"],
        given_name="Imani",
        date_of_birth=born,
        date_of_birth_is_estimate=True,
        languages=["sw"],
        nationalities=[world.ke],
        place_of_origin=place,
    )
    data = api_login(caseworker).get(detail(person)).json()
    assert set(data) == {
        "uuid", "reference", "country", "site", "given_name", "family_name", "other_names",
        "name_in_own_script", "gender", "date_of_birth", "date_of_birth_is_estimate", "age",
        "nationalities", "languages", "place_of_origin", "place_of_origin_detail", "version",
        "created_at", "updated_at",
    }  # fmt: skip
    assert data["country"] == "KE" and data["site"] == str(world.sites["KE"].uuid)
    assert data["age"] == 8 and data["date_of_birth_is_estimate"] is True
    assert data["nationalities"] == ["KE"] and data["languages"] == ["sw"]
    assert data["place_of_origin"] == str(place.uuid) and data["version"] == 1


def test_retrieve_is_an_audited_read(world, api_login, caseworker, person):
    api_login(caseworker).get(detail(person))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_uuid=person.uuid)
    assert event.actor == caseworker and event.channel == "api"


def test_filters(world, api_login, caseworker):
    accented = PersonFactory(
        country=world.ke, given_name="Ågot", gender=Gender.FEMININE, site=world.sites["KE"]
    )
    plain = PersonFactory(country=world.ke, given_name="Baraka", gender=Gender.MASCULINE)
    client = api_login(caseworker)

    def found(**params):
        return {row["reference"] for row in client.get(PERSONS, params).json()["results"]}

    assert found(q="agot") == {accented.reference}
    assert found(q=plain.reference) == {plain.reference}
    assert found(country="ke") == {accented.reference, plain.reference}
    assert found(country="NP") == set()
    assert found(site=str(world.sites["KE"].uuid)) == {accented.reference}
    assert found(gender=Gender.MASCULINE) == {plain.reference}
    Person.objects.filter(pk=plain.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert found(updated_since=since) == {accented.reference}
    assert client.get(PERSONS, {"gender": "Robot"}).status_code == 400
    assert "updated_since" in client.get(PERSONS, {"updated_since": "last week"}).json()


def test_search_words_are_not_stored(world, api_login, caseworker):
    PersonFactory(country=world.ke, given_name="Zawadi")
    api_login(caseworker).get(PERSONS, {"q": "Zawadi"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert event.detail["query"] is True and "zawadi" not in json.dumps(event.detail).lower()


def test_page_size_is_capped(world, api_login, caseworker):
    Person.objects.bulk_create(
        Person(country=world.ke, given_name=f"P{i}", reference=f"KE-P-{i:06d}") for i in range(205)
    )
    data = api_login(caseworker).get(PERSONS, {"page_size": 10000}).json()
    assert data["count"] == 205
    assert len(data["results"]) == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_do_not_grow(world, api_login, caseworker, django_assert_max_num_queries, rows):
    place = LocationFactory(country=world.ke)
    for index in range(rows):
        p = PersonFactory(
            country=world.ke, site=world.sites["KE"] if index % 2 else None, place_of_origin=place
        )
        p.nationalities.set([world.ke, world.np])
    client = api_login(caseworker)
    with django_assert_max_num_queries(15):
        response = client.get(PERSONS)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADVOCACY_OFFICER, Role.COUNTRY_ADMINISTRATOR])
def test_roles_without_person_access_see_nothing(world, api_login, person, role):
    client = api_login(world.user("KE", role))
    assert client.get(PERSONS).json()["results"] == []
    assert client.get(detail(person)).status_code == 404
    assert client.post(PERSONS, new_person(), format="json").status_code == 404
    assert Person.objects.count() == 1


def test_anonymous_is_refused(world, api_client, person):
    assert api_client.get(PERSONS).status_code in {401, 403}
    assert api_client.get(detail(person)).status_code in {401, 403}


def test_other_country_gets_404_for_read_change_and_delete(world, api_login, person):
    client = api_login(world.user("NP", Role.SUPERVISOR))
    assert client.get(detail(person)).status_code == 404
    assert client.patch(detail(person), {"family_name": "X", "version": 1}, format="json").status_code == 404
    assert client.put(detail(person), new_person(version=1), format="json").status_code == 404
    assert client.delete(f"{detail(person)}?version=1").status_code == 404
    person.refresh_from_db()
    assert (person.family_name, person.version, person.is_deleted) == ("Mwangi", 1, False)
    assert not AuditEvent.objects.filter(object_uuid=person.uuid).exclude(action="create").exists()


# --- writing ----------------------------------------------------------------------------------


def test_create_through_the_service(world, api_login, caseworker):
    place = LocationFactory(country=world.ke)
    response = api_login(caseworker).post(
        PERSONS,
        new_person(site=str(world.sites["KE"].uuid), place_of_origin=str(place.uuid), languages=["SW", "en"]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    person = Person.objects.get()
    assert data["uuid"] == str(person.uuid) and data["reference"] == "KE-P-000001"
    assert person.languages == ["sw", "en"] and person.created_by == caseworker
    assert list(person.nationalities.values_list("code", flat=True)) == ["KE"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_uuid=person.uuid).exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date_of_birth": "2015-02-30"}, "date_of_birth"),
        ({"date_of_birth": "04/03/2015"}, "date_of_birth"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"gender": "Robot"}, "gender"),
        ({"languages": ["sw", "xx"]}, "languages"),
        ({"languages": "sw"}, "languages"),
        ({"country": "XX"}, "country"),
        ({"country": "NP"}, "country"),
        ({"nationalities": ["KE", "ZZ"]}, "nationalities"),
        ({"given_name": ""}, "given_name"),
        ({"site": "0b2c5a6e-0000-4000-8000-000000000000"}, "site"),
        ({"place_of_origin": "not-a-uuid"}, "place_of_origin"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_writes_nothing(world, api_login, caseworker, overrides, field):
    response = api_login(caseworker).post(PERSONS, new_person(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


def test_a_site_of_another_country_is_refused(world, api_login):
    user = make_user("both@example.org")
    for country in (world.ke, world.np):
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=country)
    response = api_login(user).post(PERSONS, new_person(site=str(world.sites["NP"].uuid)), format="json")
    assert response.status_code == 400 and "site" in response.json()
    assert not Person.objects.exists()


def test_an_oversize_payload_is_refused_and_writes_nothing(world, api_login, caseworker):
    body = json.dumps(new_person(other_names="x" * (2 * 1024 * 1024 + 10)))
    response = api_login(caseworker).generic("POST", PERSONS, body, content_type="application/json")
    assert response.status_code == 413
    assert not Person.objects.exists()
    assert not ReferenceCounter.objects.filter(last_value__gt=0).exists()


def test_update_needs_the_version(world, api_login, caseworker, person):
    response = api_login(caseworker).patch(detail(person), {"family_name": "Wambui"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    person.refresh_from_db()
    assert person.family_name == "Mwangi"


def test_update_with_the_version(world, api_login, caseworker, person):
    response = api_login(caseworker).patch(
        detail(person), {"family_name": "Wambui", "nationalities": ["KE", "TZ"], "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2 and sorted(response.json()["nationalities"]) == ["KE", "TZ"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_uuid=person.uuid)
    assert set(event.fields) == {"family_name", "nationalities"}


def test_a_stale_version_is_409_and_changes_nothing(world, api_login, caseworker, person):
    services.update_person(person, acting_user=caseworker, expected_version=1, family_name="First")
    response = api_login(caseworker).patch(
        detail(person), {"family_name": "Second", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2 and "changed by someone else" in response.json()["detail"]
    person.refresh_from_db()
    assert person.family_name == "First"


def test_put_sends_the_whole_record_back(world, api_login, caseworker, person):
    client = api_login(caseworker)
    current = client.get(detail(person)).json()
    current["other_names"] = "Ami"
    response = client.put(detail(person), current, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["other_names"] == "Ami"


def test_the_country_cannot_be_changed(world, api_login, person):
    user = make_user("both@example.org")
    for country in (world.ke, world.np):
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=country)
    response = api_login(user).patch(detail(person), {"country": "NP", "version": 1}, format="json")
    assert response.status_code == 400 and "country" in response.json()
    assert Person.objects.get(pk=person.pk).country == world.ke


def test_moving_out_of_scope_is_refused(world, api_login):
    from trygg.geo.models import Site

    site_a = world.sites["KE"]
    site_b = Site.objects.create(country=world.ke, name="Other", kind=Site.Kind.OFFICE)
    user = make_user("site.worker@example.org")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke, site=site_a)
    Membership.objects.create(user=user, role=Role.ANALYST, country=world.ke)
    person = services.register_person(country=world.ke, acting_user=user, given_name="A", site=site_a)
    response = api_login(user).patch(detail(person), {"site": str(site_b.uuid), "version": 1}, format="json")
    assert response.status_code == 400 and "site" in response.json()
    assert Person.objects.get(pk=person.pk).site == site_a


def test_delete_is_a_soft_delete_for_supervisors_with_the_version(world, api_login, caseworker, person):
    assert api_login(caseworker).delete(f"{detail(person)}?version=1").status_code == 404
    client = api_login(world.user("KE", Role.SUPERVISOR))
    missing = client.delete(detail(person))
    assert missing.status_code == 400 and "version" in missing.json()
    assert client.delete(f"{detail(person)}?version=7").status_code == 409
    assert client.delete(f"{detail(person)}?version=1").status_code == 204
    assert Person.objects.filter(pk=person.pk, is_deleted=True).exists()
    assert client.get(detail(person)).status_code == 404
