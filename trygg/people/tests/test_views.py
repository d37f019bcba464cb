"""Person pages: search, record, register, edit, delete; relationships from the person page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.testing import make_user
from trygg.geo.models import Site
from trygg.geo.tests.factories import LocationFactory
from trygg.people import services
from trygg.people.models import Gender, Person, Relationship
from trygg.people.tests.factories import HouseholdMemberFactory, PersonFactory, RelationshipFactory

LIST = reverse("people:person_list")


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


def detail_url(person, name="people:person_detail"):
    return reverse(name, kwargs={"uuid": person.uuid})


def search_events():
    return AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH)


# --- search -----------------------------------------------------------------------------------


def test_search_page_has_a_labelled_live_search_that_works_without_javascript(world, login, caseworker):
    response = login(caseworker).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_q">' in html
    assert f'<form method="get" action="{LIST}"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'type="submit"' in html


@pytest.mark.parametrize("stored, typed", [("Ågot", "Agot"), ("Agot", "Ågot"), ("Ågot", "ÅGOT")])
def test_search_ignores_accents_and_case(world, login, caseworker, stored, typed):
    match = PersonFactory(country=world.ke, given_name=stored, family_name="Hansen")
    PersonFactory(country=world.ke, given_name="Wanjiku", family_name="Kamau")
    response = login(caseworker).get(LIST, {"q": typed})
    assert list(response.context["object_list"]) == [match]
    assert match.reference in response.content.decode()


def test_search_by_reference(world, login):
    wanted = PersonFactory(country=world.np)
    PersonFactory(country=world.np)
    response = login(world.user("NP", Role.CASEWORKER)).get(LIST, {"q": wanted.reference})
    assert list(response.context["object_list"]) == [wanted]


def test_search_shows_only_the_users_country(world, login, caseworker):
    kenyan = PersonFactory(country=world.ke, given_name="Amina")
    PersonFactory(country=world.np, given_name="Amina")
    response = login(caseworker).get(LIST, {"q": "amina"})
    assert list(response.context["object_list"]) == [kenyan]


def test_a_row_shows_reference_name_age_estimate_sex_and_site(world, login, caseworker):
    born = services.estimated_date_of_birth(9)
    PersonFactory(
        country=world.ke,
        site=world.sites["KE"],
        given_name="Baraka",
        family_name="Otieno",
        gender=Gender.MASCULINE,
        date_of_birth=born,
        date_of_birth_is_estimate=True,
    )
    html = login(caseworker).get(LIST).content.decode()
    assert "Baraka Otieno" in html
    assert '9 <span class="estimate">(estimate)</span>' in html
    assert "Male" in html
    assert escape(world.sites["KE"].name) in html


def test_filters(world, login, caseworker):
    other_site = Site.objects.create(country=world.ke, name="Kisumu office", kind=Site.Kind.OFFICE)
    today = timezone.localdate()
    girl = PersonFactory(
        country=world.ke,
        site=world.sites["KE"],
        gender=Gender.FEMININE,
        date_of_birth=today.replace(year=2018),
    )
    woman = PersonFactory(
        country=world.ke, site=other_site, gender=Gender.FEMININE, date_of_birth=datetime.date(1990, 1, 1)
    )
    boy = PersonFactory(
        country=world.ke,
        site=world.sites["KE"],
        gender=Gender.MASCULINE,
        date_of_birth=datetime.date(2017, 1, 1),
    )
    client = login(caseworker)

    def found(**params):
        return set(client.get(LIST, params).context["object_list"])

    assert found(gender=Gender.FEMININE) == {girl, woman}
    assert found(age_group="child") == {girl, boy}
    assert found(age_group="adult") == {woman}
    assert found(site=str(other_site.uuid)) == {woman}
    assert found(country="KE") == {girl, woman, boy}
    # The other country is not among the choices: a filter on it is refused, not answered.
    response = client.get(LIST, {"country": "NP"})
    assert list(response.context["object_list"]) == []
    assert "country" in response.context["filter"].errors


def test_each_search_writes_one_audit_event_with_uuids_not_words(world, login, caseworker):
    match = PersonFactory(country=world.ke, given_name="Zawadi")
    PersonFactory(country=world.ke, given_name="Other")
    login(caseworker).get(LIST, {"q": "zawadi"})
    event = search_events().get()
    assert event.actor == caseworker
    assert event.detail["results"] == [str(match.uuid)]
    assert event.detail["query"] is True
    assert "zawadi" not in str(event.detail).lower()


def test_htmx_request_gets_only_the_results(world, login, caseworker):
    PersonFactory(country=world.ke, given_name="Neema")
    response = login(caseworker).get(LIST, {"q": "neema"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Neema" in html
    # The result count is refreshed out of band, outside the swapped region, for screen readers.
    assert (
        '<p class="result-count" id="result-count" role="status" hx-swap-oob="true">1 person found.</p>'
        in html
    )
    assert "HX-Request" in response["Vary"]
    assert search_events().count() == 1


def test_pagination_is_fifty_rows(world, login, caseworker):
    for _ in range(51):
        PersonFactory(country=world.ke)
    client = login(caseworker)
    first = client.get(LIST)
    assert len(first.context["object_list"]) == 50
    assert "page=2" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["object_list"]) == 1
    assert [len(e.detail["results"]) for e in search_events().order_by("id")] == [50, 1]


@pytest.mark.parametrize("rows", [3, 30])
def test_search_page_queries_do_not_grow_with_rows(
    world, login, caseworker, django_assert_max_num_queries, rows
):
    for index in range(rows):
        PersonFactory(country=world.ke, site=world.sites["KE"] if index % 2 else None)
    client = login(caseworker)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(16):
        response = client.get(LIST, {"q": "", "gender": Gender.FEMININE})
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADVOCACY_OFFICER, Role.COUNTRY_ADMINISTRATOR])
def test_roles_without_person_access_get_404(world, login, role):
    person = PersonFactory(country=world.ke)
    client = login(world.user("KE", role))
    assert client.get(LIST).status_code == 404
    assert client.get(detail_url(person)).status_code == 404
    assert client.get(reverse("people:person_suggestions"), {"q": person.reference}).status_code == 404
    assert not AuditEvent.objects.filter(action__in=["view", "search"]).exists()


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- the record -------------------------------------------------------------------------------


@pytest.fixture
def family(world):
    place = LocationFactory(country=world.ke, name="Kibera", level=2)
    child = PersonFactory(
        country=world.ke,
        site=world.sites["KE"],
        given_name="Imani",
        family_name="Achieng",
        other_names="Imi",
        name_in_own_script="Imani",
        languages=["sw", "luo"],
        place_of_origin=place,
        place_of_origin_detail="near the market",
        date_of_birth=services.estimated_date_of_birth(12),
        date_of_birth_is_estimate=True,
    )
    child.nationalities.set([world.ke, world.np])
    mother = RelationshipFactory(person=child, kind=Relationship.Kind.MOTHER).relative
    sibling_rel = RelationshipFactory(relative=child, kind=Relationship.Kind.SIBLING)
    return {"child": child, "mother": mother, "sibling": sibling_rel.person, "place": place}


def test_person_page_shows_the_record(world, login, caseworker, family):
    child = family["child"]
    response = login(caseworker).get(detail_url(child))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Imani", "Achieng", "Imi", child.reference, "Swahili", "Luo", "Kenya", "Nepal", "Kibera"):
        assert text in html, text
    assert "near the market" in html
    assert '<dd data-field="age">12 <span class="estimate">(estimate)</span>' in html
    # Relationships in both directions, with links to the other person.
    assert detail_url(family["mother"]) in html and "Mother of this person" in html
    sibling = family["sibling"]
    assert detail_url(sibling) in html and f"This person is sibling of {sibling.reference}" in html


def test_person_page_shows_names_in_norwegian(world, login, caseworker, family):
    client = login(caseworker)
    html = client.get(detail_url(family["child"]), headers={"Accept-Language": "nb"}).content.decode()
    assert "swahili" in html.lower()
    assert "Kenya" in html


def test_every_view_of_the_person_page_is_audited(world, login, caseworker, family):
    child = family["child"]
    client = login(caseworker)
    client.get(detail_url(child))
    client.get(detail_url(child))
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_uuid=child.uuid)
    assert views.count() == 2
    assert {event.actor for event in views} == {caseworker}
    assert views.first().channel == "web"


def test_continuum_marks_the_current_step(world, login, caseworker):
    person = PersonFactory(country=world.ke)
    client = login(caseworker)
    html = client.get(detail_url(person)).content.decode()
    assert '<li aria-current="step" data-stage="registered">' in html
    household_member = HouseholdMemberFactory(person=person)
    html = client.get(detail_url(person)).content.decode()
    assert '<li aria-current="step" data-stage="prevention">' in html
    assert household_member.household.reference in html
    assert html.count('aria-current="step"') == 1


def test_relatives_outside_the_users_scope_are_not_shown(world, login):
    site_a = world.sites["KE"]
    site_b = Site.objects.create(country=world.ke, name="Other village", kind=Site.Kind.CHILDRENS_VILLAGE)
    child = PersonFactory(country=world.ke, site=site_a)
    hidden = RelationshipFactory(
        person=child, relative=PersonFactory(country=world.ke, site=site_b, given_name="Hidden")
    )
    user = make_user("sos.parent@example.org")
    Membership.objects.create(user=user, role=Role.CARE_PROVIDER, country=world.ke, site=site_a)
    html = login(user).get(detail_url(child)).content.decode()
    assert hidden.relative.reference not in html and "Hidden" not in html


@pytest.mark.parametrize(
    "name", ["people:person_detail", "people:person_edit", "people:person_delete", "people:relationship_add"]
)
def test_other_country_gets_404_on_every_person_page(world, login, name):
    kenyan = PersonFactory(country=world.ke)
    client = login(world.user("NP", Role.SUPERVISOR))
    assert client.get(detail_url(kenyan, name)).status_code == 404
    assert client.post(detail_url(kenyan, name), {"version": 1, "given_name": "X"}).status_code in {404, 405}
    kenyan.refresh_from_db()
    assert kenyan.version == 1 and not kenyan.is_deleted
    assert not AuditEvent.objects.filter(object_uuid=kenyan.uuid).exists()


def test_deleted_person_is_not_found(world, login, caseworker):
    person = PersonFactory(country=world.ke, is_deleted=True)
    assert login(caseworker).get(detail_url(person)).status_code == 404


# --- register and edit ------------------------------------------------------------------------


def person_form_data(**overrides):
    data = {
        "country": "KE",
        "given_name": "Amani",
        "family_name": "Mwangi",
        "gender": Gender.FEMININE,
        "date_of_birth": "2015-03-04",
        "languages": "sw, en",
        "nationalities": ["KE"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_register_offers_only_countries_where_the_user_may_add(world, login, caseworker):
    form = login(caseworker).get(reverse("people:person_create")).context["form"]
    assert [c.code for c in form.fields["country"].queryset] == ["KE"]
    assert list(form.fields["site"].queryset) == [world.sites["KE"]]


def test_register_a_person(world, login, caseworker):
    site = world.sites["KE"]
    place = LocationFactory(country=world.ke, name="Mombasa")
    response = login(caseworker).post(
        reverse("people:person_create"),
        person_form_data(site=str(site.uuid), place_of_origin=str(place.uuid), nationalities=["KE", "UG"]),
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(person)
    assert person.reference == "KE-P-000001"
    assert (person.site, person.place_of_origin, person.languages) == (site, place, ["sw", "en"])
    assert {c.code for c in person.nationalities.all()} == {"KE", "UG"}
    assert person.created_by == caseworker
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_uuid=person.uuid).exists()


def test_register_with_an_estimated_age(world, login, caseworker):
    response = login(caseworker).post(
        reverse("people:person_create"), person_form_data(date_of_birth="", estimated_age="7")
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.date_of_birth_is_estimate
    assert (person.date_of_birth.month, person.date_of_birth.day) == (7, 1)
    assert person.age == 7


def test_date_of_birth_and_estimated_age_together_are_refused(world, login, caseworker):
    response = login(caseworker).post(reverse("people:person_create"), person_form_data(estimated_age="7"))
    assert response.status_code == 400
    assert "estimated_age" in response.context["form"].errors
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date_of_birth": "2015-02-30"}, "date_of_birth"),
        ({"date_of_birth": "yesterday"}, "date_of_birth"),
        ({"languages": "sw, klingon"}, "languages"),
        ({"languages": "zz"}, "languages"),
        ({"country": "NP"}, "country"),
        ({"gender": "Robot"}, "gender"),
        ({"given_name": ""}, "given_name"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
    ],
)
def test_bad_input_gives_a_field_error_and_saves_nothing(world, login, caseworker, overrides, field):
    response = login(caseworker).post(reverse("people:person_create"), person_form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Person.objects.exists()


def test_unknown_language_codes_are_named(world, login, caseworker):
    response = login(caseworker).post(reverse("people:person_create"), person_form_data(languages="sw, qqq"))
    assert "qqq" in response.context["form"].errors["languages"][0]


def test_a_site_of_another_country_is_not_a_choice(world, login):
    user = make_user("both@example.org")
    for country in (world.ke, world.np):
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=country)
    response = login(user).post(
        reverse("people:person_create"), person_form_data(site=str(world.sites["NP"].uuid))
    )
    assert response.status_code == 400
    assert "site" in response.context["form"].errors
    assert not Person.objects.exists()


def test_roles_that_cannot_add_get_404_on_register(world, login):
    assert login(world.user("KE", Role.CARE_PROVIDER)).get(reverse("people:person_create")).status_code == 404


@pytest.fixture
def person(world, caseworker):
    return services.register_person(
        country=world.ke, acting_user=caseworker, given_name="Amani", family_name="Mwangi", languages=["sw"]
    )


def edit_data(person, **overrides):
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "gender": person.gender,
        "languages": ", ".join(person.languages),
        "version": person.version,
    }
    data.update(overrides)
    return data


def test_edit_form_shows_current_values_and_version(world, login, caseworker, person):
    response = login(caseworker).get(detail_url(person, "people:person_edit"))
    html = response.content.decode()
    assert 'name="version" value="1"' in html
    assert 'value="Mwangi"' in html and 'value="sw"' in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_uuid=person.uuid).exists()


def test_edit_saves_through_the_service(world, login, caseworker, person):
    response = login(caseworker).post(
        detail_url(person, "people:person_edit"), edit_data(person, family_name="Wambui", estimated_age="11")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.version, person.age, person.date_of_birth_is_estimate) == (
        "Wambui",
        2,
        11,
        True,
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_uuid=person.uuid)
    assert "family_name" in event.fields and "date_of_birth" in event.fields


def test_concurrent_edit_answers_409_with_a_clear_message_and_saves_nothing(world, login, caseworker, person):
    colleague = world.user("KE", Role.SUPERVISOR)
    services.update_person(person, acting_user=colleague, expected_version=1, family_name="Changed")
    response = login(caseworker).post(
        detail_url(person, "people:person_edit"), edit_data(person, family_name="Mine", version=1)
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed by someone else" in html
    assert "Nothing was saved." in html
    assert 'value="Mine"' in html  # what the user typed is kept
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Changed", 2)


def test_edit_moving_the_person_outside_the_users_scope_is_refused(world, login):
    site_a = world.sites["KE"]
    site_b = Site.objects.create(country=world.ke, name="Other village", kind=Site.Kind.CHILDRENS_VILLAGE)
    user = make_user("site.worker@example.org")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke, site=site_a)
    # A country-wide analyst role lets the user see (and so pick) every Kenyan site.
    Membership.objects.create(user=user, role=Role.ANALYST, country=world.ke)
    person = services.register_person(country=world.ke, acting_user=user, given_name="Amani", site=site_a)
    response = login(user).post(
        detail_url(person, "people:person_edit"), edit_data(person, site=str(site_b.uuid), family_name="X")
    )
    assert response.status_code == 400
    assert "site" in response.context["form"].errors
    person.refresh_from_db()
    assert (person.site, person.family_name, person.version) == (site_a, "", 1)


def test_care_provider_may_edit_but_not_register_or_delete(world, login, person):
    client = login(world.user("KE", Role.CARE_PROVIDER))
    assert client.get(detail_url(person, "people:person_edit")).status_code == 200
    html = client.get(detail_url(person)).content.decode()
    assert detail_url(person, "people:person_edit") in html
    assert detail_url(person, "people:person_delete") not in html


# --- delete -----------------------------------------------------------------------------------


def test_supervisor_deletes_after_confirmation(world, login, person):
    client = login(world.user("KE", Role.SUPERVISOR))
    confirm = client.get(detail_url(person, "people:person_delete"))
    assert confirm.status_code == 200 and 'name="version" value="1"' in confirm.content.decode()
    Person.objects.get(pk=person.pk)  # nothing happened on GET
    response = client.post(detail_url(person, "people:person_delete"), {"version": 1})
    assert response.status_code == 302 and response["Location"] == LIST
    assert Person.objects.filter(pk=person.pk, is_deleted=True).exists()
    assert client.get(detail_url(person)).status_code == 404


def test_delete_of_a_changed_record_is_a_conflict(world, login, person, caseworker):
    services.update_person(person, acting_user=caseworker, expected_version=1, family_name="New")
    response = login(world.user("KE", Role.SUPERVISOR)).post(
        detail_url(person, "people:person_delete"), {"version": 1}
    )
    assert response.status_code == 409
    assert not Person.objects.get(pk=person.pk).is_deleted


def test_caseworker_cannot_delete(world, login, caseworker, person):
    client = login(caseworker)
    assert client.get(detail_url(person, "people:person_delete")).status_code == 404
    assert client.post(detail_url(person, "people:person_delete"), {"version": 1}).status_code == 404
    assert not Person.objects.get(pk=person.pk).is_deleted


# --- relationships ----------------------------------------------------------------------------


def test_add_a_relative_by_reference(world, login, caseworker, person):
    mother = PersonFactory(country=world.ke, given_name="Mama")
    response = login(caseworker).post(
        detail_url(person, "people:relationship_add"),
        {"relative": mother.reference.lower(), "kind": "mother", "is_primary_caregiver": "on"},
    )
    assert response.status_code == 302 and response["Location"] == detail_url(person)
    rel = Relationship.objects.get()
    assert (rel.person, rel.relative, rel.kind, rel.is_primary_caregiver) == (person, mother, "mother", True)


@pytest.mark.parametrize("which", ["self", "other_country", "unknown"])
def test_bad_relatives_are_refused(world, login, caseworker, person, which):
    reference = {
        "self": person.reference,
        "other_country": PersonFactory(country=world.np).reference,
        "unknown": "KE-P-999999",
    }[which]
    response = login(caseworker).post(
        detail_url(person, "people:relationship_add"), {"relative": reference, "kind": "mother"}
    )
    assert response.status_code == 400
    assert "relative" in response.context["form"].errors
    assert not Relationship.objects.exists()


def test_remove_a_relationship(world, login, caseworker, person):
    rel = services.add_relationship(
        person=person, relative=PersonFactory(country=world.ke), kind="father", acting_user=caseworker
    )
    url = reverse("people:relationship_remove", kwargs={"uuid": rel.uuid})
    client = login(caseworker)
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": 1, "back": str(rel.relative.uuid)})
    assert response.status_code == 302 and response["Location"] == detail_url(rel.relative)
    assert not Relationship.objects.alive().exists()
    assert login(world.user("NP", Role.CASEWORKER)).post(url, {"version": 2}).status_code == 404


def test_person_suggestions_list_only_visible_persons(world, login, caseworker):
    kenyan = PersonFactory(country=world.ke, given_name="Jabari")
    nepali = PersonFactory(country=world.np, given_name="Jabari")
    response = login(caseworker).get(reverse("people:person_suggestions"), {"relative": "jab"})
    html = response.content.decode()
    assert kenyan.reference in html and nepali.reference not in html
    assert search_events().get().detail["results"] == [str(kenyan.uuid)]


def test_place_options_are_the_users_places(world, login, caseworker):
    LocationFactory(country=world.ke, name="Nakuru")
    LocationFactory(country=world.np, name="Nakuru Nepal")
    client = login(caseworker)
    html = client.get(
        reverse("people:place_options"), {"country": "KE", "place_search": "naku"}
    ).content.decode()
    assert "Nakuru" in html and "Nepal" not in html
    html = client.get(reverse("people:place_options"), {"country": "NP"}).content.decode()
    assert "Nakuru" not in html
