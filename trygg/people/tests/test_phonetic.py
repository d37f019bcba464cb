"""Sound-alike name search: the codes, the search a caseworker types, and keeping the codes fresh."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.people import phonetic, services
from trygg.people.models import Person, PersonNameKey
from trygg.people.tests.factories import PersonFactory


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


def register(user, country, given_name, family_name="", **data):
    return services.register_person(
        country=country, acting_user=user, given_name=given_name, family_name=family_name, **data
    )


def found(user, query, **kwargs) -> set[str]:
    people = Person.objects.for_user(user).search(query, **kwargs)
    return {p.full_name for p in people}


@pytest.mark.parametrize(
    "spellings",
    [
        ["Mohammed", "Mohamed", "Muhammad", "Mohamad", "Muhammed"],
        ["Shrestha", "Shresta", "Srestha"],
        ["Lakshmi", "Laxmi"],
        ["Otieno", "Otiyeno"],
        ["Mwangi", "Muangi"],
        ["Chaudhary", "Chaudhari", "Choudhary", "Chowdhury"],
        ["Aisha", "Ayesha", "Aysha"],
        ["Odhiambo", "Odiambo"],
        ["Hussein", "Hussain", "Hossain"],
        ["Ibrahim", "Ebrahim", "Ibraheem"],
        ["Djibril", "Jibril"],
        ["Amélie", "Amelie"],
    ],
)
def test_spellings_of_one_name_share_a_code(spellings):
    assert len({phonetic.code(name) for name in spellings}) == 1, {n: phonetic.code(n) for n in spellings}


@pytest.mark.parametrize(
    "one, other", [("Achieng", "Atieno"), ("Wanjiru", "Wanjiku"), ("Gurung", "Karki"), ("Sita", "Gita")]
)
def test_different_names_keep_different_codes(one, other):
    assert phonetic.code(one) != phonetic.code(other)


def test_keys_hold_each_word_and_each_code_once():
    keys = phonetic.keys("Mohammed", "Muhammad Shrestha", "", "Jean-Pierre")
    assert len(keys) == len(set(keys))
    assert keys.count("p:" + phonetic.code("Mohamed")) == 1
    assert {"t:mohammed", "t:muhammad", "t:shrestha", "t:jeanpierre", "t:jean", "t:pierre"} <= set(keys)
    assert "p:" + phonetic.code("Shresta") in keys
    assert {"p:" + phonetic.code("Pierre"), "p:" + phonetic.code("Jeanpierre")} <= set(keys)
    assert phonetic.keys("", "123") == []


def test_a_query_word_looks_for_its_start_and_its_code():
    # "shrest": the word as a prefix, its code (four letters or more) as a prefix too.
    assert phonetic.query_keys("shrest") == [("t:shrest", False), ("p:" + phonetic.code("shrest"), False)]
    # A short code is looked up whole: "Ali" must not find every code starting with "AL".
    assert phonetic.query_keys("ali") == [("t:ali", False), ("p:" + phonetic.code("ali"), True)]


def test_a_query_word_with_digits_is_no_name():
    assert phonetic.query_code("KE-P-000123") == ""
    assert phonetic.query_code("Shresta") == phonetic.code("Shrestha")


def test_mohamed_finds_every_spelling_of_mohammed_and_nobody_else(world, caseworker):
    for name in ("Mohammed", "Muhammad", "Mohamad"):
        register(caseworker, world.ke, name, "Abdi")
    register(caseworker, world.ke, "Mahmoud", "Abdi")
    register(caseworker, world.ke, "Amina", "Abdi")
    assert found(caseworker, "Mohamed") == {"Mohammed Abdi", "Muhammad Abdi", "Mohamad Abdi"}


def test_shresta_finds_shrestha_and_a_typed_prefix_finds_the_long_name(world, caseworker):
    register(caseworker, world.ke, "Sunita", "Shrestha")
    register(caseworker, world.ke, "Sunita", "Gurung")
    assert found(caseworker, "shresta") == {"Sunita Shrestha"}
    assert found(caseworker, "Srest") == {"Sunita Shrestha"}


def test_every_word_must_match_by_spelling_or_sound(world, caseworker):
    register(caseworker, world.ke, "Muhammad", "Shrestha")
    register(caseworker, world.ke, "Muhammad", "Gurung")
    register(caseworker, world.ke, "Laxmi", "Shrestha")
    assert found(caseworker, "Mohamed Shresta") == {"Muhammad Shrestha"}
    assert found(caseworker, "lakshmi shre") == {"Laxmi Shrestha"}


def test_accents_are_found_by_spelling_even_without_sound_alike(world, caseworker):
    register(caseworker, world.ke, "Amélie", "Müller")
    register(caseworker, world.ke, "Amani", "Miller")
    assert found(caseworker, "amelie muller", sound_alike=False) == {"Amélie Müller"}
    assert found(caseworker, "AMELIE") == {"Amélie Müller"}


def test_sound_alike_can_be_turned_off(world, caseworker):
    register(caseworker, world.ke, "Mohammed")
    assert found(caseworker, "Mohamed") == {"Mohammed"}
    assert found(caseworker, "Mohamed", sound_alike=False) == set()


def test_a_name_in_its_own_script_is_found_by_its_sound(world, caseworker):
    register(caseworker, world.ke, "Unknown", name_in_own_script="सीता")
    register(caseworker, world.ke, "Gita")
    assert found(caseworker, "Seeta") == {"Unknown"}


def test_achieng_does_not_find_atieno(world, caseworker):
    register(caseworker, world.ke, "Atieno", "Odhiambo")
    register(caseworker, world.ke, "Achieng", "Odiambo")
    assert found(caseworker, "Achieng") == {"Achieng Odiambo"}
    assert found(caseworker, "Odhiambo") == {"Atieno Odhiambo", "Achieng Odiambo"}


def test_a_reference_is_matched_as_text_only(world, caseworker):
    wanted = register(caseworker, world.ke, "Baraka")
    register(caseworker, world.ke, "Baraka")
    assert list(Person.objects.for_user(caseworker).search(wanted.reference)) == [wanted]


def test_sound_alike_search_stays_in_the_users_country(world, caseworker):
    register(caseworker, world.ke, "Mohammed")
    register(world.user("NP", Role.CASEWORKER), world.np, "Muhammad")
    assert found(caseworker, "Mohamed") == {"Mohammed"}


def test_renaming_refreshes_the_sound_alike_codes(world, caseworker):
    person = register(caseworker, world.ke, "Mohammed")
    services.update_person(person, acting_user=caseworker, expected_version=1, given_name="Otieno")
    assert found(caseworker, "Otiyeno") == {"Otieno"}
    assert found(caseworker, "Mohamed") == set()


def test_the_person_search_page_finds_names_that_sound_alike(world, login, caseworker):
    wanted = PersonFactory(country=world.ke, given_name="Chowdhury", family_name="Rahman")
    PersonFactory(country=world.ke, given_name="Wanjiku", family_name="Kamau")
    response = login(caseworker).get(reverse("people:person_list"), {"q": "Chaudhary"})
    assert list(response.context["object_list"]) == [wanted]


def test_the_migration_fills_keys_for_persons_registered_before_it(world):
    person = PersonFactory(country=world.ke, given_name="Muhammad", family_name="Shrestha")
    PersonNameKey.objects.filter(person=person).delete()
    assert not Person.objects.search("Mohamed").exists()
    migration = importlib.import_module("trygg.people.migrations.0004_name_keys")
    migration.fill(django_apps, None)
    assert set(person.name_keys.values_list("key", flat=True)) == set(phonetic.keys("Muhammad", "Shrestha"))
    assert list(Person.objects.search("Mohamed")) == [person]


def test_postgresql_serves_name_search_from_a_byte_ordered_btree(db):
    if connection.vendor != "postgresql":
        # SQLite compares text by byte already.
        assert connection.vendor == "sqlite"
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_name_key_lookup'")
        (definition,) = cursor.fetchone()
        assert "btree" in definition and "(key, country_id, person_id)" in definition
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'people_personnamekey' AND column_name = 'key'"
        )
        # Byte order: a prefix is one range of the index whatever the database's locale.
        assert cursor.fetchone() == ("C",)
