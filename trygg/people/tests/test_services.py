"""The people services: references, search text, versions, scope re-checks, nothing half-written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.models import ReferenceCounter
from trygg.core.services import ConflictError, OutOfScope
from trygg.core.testing import make_user
from trygg.geo.models import Country, Site
from trygg.people import services
from trygg.people.models import Household, HouseholdMember, Person, Relationship
from trygg.people.tests.factories import HouseholdFactory, PersonFactory


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


def register(user, country, **data):
    data.setdefault("given_name", "Amani")
    return services.register_person(country=country, acting_user=user, **data)


def events(action=None, obj=None):
    qs = AuditEvent.objects.all()
    if action:
        qs = qs.filter(action=action)
    if obj is not None:
        qs = qs.filter(object_uuid=obj.uuid)
    return qs


def test_references_are_unique_and_numbered_per_country(world):
    ke_user, np_user = world.user("KE", Role.CASEWORKER), world.user("NP", Role.CASEWORKER)
    first = register(ke_user, world.ke)
    second = register(ke_user, world.ke)
    nepali = register(np_user, world.np)
    assert (first.reference, second.reference) == ("KE-P-000001", "KE-P-000002")
    assert nepali.reference == "NP-P-000001"
    household = services.register_household(country=world.ke, acting_user=ke_user, name="Otieno")
    assert household.reference == "KE-H-000001"


def test_register_writes_an_audit_event_naming_fields_not_values(caseworker, world):
    person = register(caseworker, world.ke, family_name="Wanjiru", languages=["sw"])
    event = events(AuditEvent.Action.CREATE, person).get()
    assert event.actor == caseworker
    assert event.country_id == world.ke.pk
    assert "family_name" in event.fields
    assert "Wanjiru" not in str(event.detail) and "Amani" not in str(event.detail)


@pytest.mark.parametrize(
    "stored, typed",
    [("Ågot Ørn", "agot"), ("Agot", "ÅGOT"), ("José Müller", "jose muller"), ("Zoë", "ZOE")],
)
def test_search_ignores_accents_and_case(caseworker, world, stored, typed):
    given, *family = stored.split()
    person = register(caseworker, world.ke, given_name=given, family_name=" ".join(family))
    register(caseworker, world.ke, given_name="Someone", family_name="Else")
    assert list(Person.objects.for_user(caseworker).search(typed)) == [person]


def test_search_by_reference_other_names_and_own_script(caseworker, world):
    sita = register(caseworker, world.ke, given_name="Sita", name_in_own_script="सीता", other_names="Situ")
    other = register(caseworker, world.ke, given_name="Other")
    visible = Person.objects.for_user(caseworker)
    assert list(visible.search(sita.reference.lower())) == [sita]
    assert list(visible.search("sitU")) == [sita]
    assert list(visible.search("सीता")) == [sita]
    assert list(visible.search(other.reference)) == [other]


def test_update_refreshes_the_search_text(caseworker, world):
    person = register(caseworker, world.ke, given_name="Amani")
    services.update_person(person, acting_user=caseworker, expected_version=1, given_name="Ñusta")
    visible = Person.objects.for_user(caseworker)
    assert list(visible.search("nusta")) == [person]
    assert not visible.search("amani").exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(caseworker, world):
    person = register(caseworker, world.ke, given_name="Amani")
    services.update_person(person, acting_user=caseworker, expected_version=1, family_name="First")
    stale = Person.objects.get(pk=person.pk)
    stale.version = 1  # the second writer opened the form before the first one saved
    with pytest.raises(ConflictError) as caught:
        services.update_person(
            stale, acting_user=caseworker, expected_version=1, family_name="Second", nationalities=[world.np]
        )
    assert caught.value.current_version == 2
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("First", 2)
    assert not person.nationalities.exists()
    assert events(AuditEvent.Action.UPDATE, person).count() == 1


def test_moving_a_person_out_of_the_users_scope_is_rolled_back(world):
    site_a = world.sites["KE"]
    site_b = Site.objects.create(country=world.ke, name="Other village", kind=Site.Kind.CHILDRENS_VILLAGE)
    user = make_user("site.worker@example.org")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke, site=site_a)
    person = register(user, world.ke, site=site_a)
    with pytest.raises(OutOfScope):
        services.update_person(person, acting_user=user, expected_version=1, site=site_b, family_name="Moved")
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.site_id, fresh.family_name, fresh.version) == (site_a.pk, "", 1)
    assert not events(AuditEvent.Action.UPDATE, person).exists()


def test_registering_outside_the_users_scope_writes_nothing(caseworker, world):
    with pytest.raises(OutOfScope):
        register(caseworker, world.np)
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"languages": ["sw", "xx"]}, "languages"),
        ({"gender": "Unknown"}, "gender"),
        ({"given_name": "  "}, "given_name"),
        ({"date_of_birth": datetime.date(2999, 1, 1)}, "date_of_birth"),
    ],
)
def test_invalid_registration_writes_nothing(caseworker, world, bad, field):
    with pytest.raises(ValidationError) as caught:
        register(caseworker, world.ke, nationalities=[world.ke], **bad)
    assert field in caught.value.message_dict
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()
    assert not ReferenceCounter.objects.filter(series="KE-P", last_value__gt=0).exists()


def test_a_site_of_another_country_is_refused(world):
    user = make_user("both@example.org")
    for country in (world.ke, world.np):
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=country)
    with pytest.raises(ValidationError) as caught:
        register(user, world.ke, site=world.sites["NP"])
    assert "site" in caught.value.message_dict
    person = register(user, world.ke)
    with pytest.raises(ValidationError):
        services.update_person(
            person, acting_user=user, expected_version=1, site=world.sites["NP"], nationalities=[world.np]
        )
    person.refresh_from_db()
    assert person.site_id is None and person.version == 1
    assert not person.nationalities.exists()


def test_update_refuses_fields_it_does_not_own(caseworker, world):
    person = register(caseworker, world.ke)
    with pytest.raises(ValidationError) as caught:
        services.update_person(person, acting_user=caseworker, expected_version=1, country=world.np)
    assert "country" in caught.value.message_dict


def test_estimated_date_of_birth_gives_the_stated_age_today():
    for today in (datetime.date(2026, 3, 1), datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)):
        born = services.estimated_date_of_birth(10, today=today)
        assert (born.month, born.day) == (7, 1)
        person = Person(date_of_birth=born)
        assert person.age_on(today) == 10


def test_soft_delete_hides_the_person_and_needs_the_delete_permission(caseworker, world):
    person = register(caseworker, world.ke)
    with pytest.raises(OutOfScope):
        services.delete_person(person, acting_user=caseworker, expected_version=1)
    supervisor = world.user("KE", Role.SUPERVISOR)
    services.delete_person(person, acting_user=supervisor, expected_version=1)
    assert not Person.objects.for_user(supervisor).exists()
    assert Person.objects.filter(pk=person.pk, is_deleted=True).exists()
    assert events(AuditEvent.Action.DELETE, person).get().actor == supervisor


def test_a_person_cannot_be_their_own_relative(caseworker, world):
    person = register(caseworker, world.ke)
    with pytest.raises(ValidationError) as caught:
        services.add_relationship(person=person, relative=person, kind="mother", acting_user=caseworker)
    assert "relative" in caught.value.message_dict
    assert not Relationship.objects.exists()


def test_relationship_add_update_remove(caseworker, world):
    child, mother = register(caseworker, world.ke), register(caseworker, world.ke, given_name="Mama")
    rel = services.add_relationship(person=child, relative=mother, kind="mother", acting_user=caseworker)
    event = events(AuditEvent.Action.CREATE, rel).get()
    assert event.detail == {"person": str(child.uuid), "relative": str(mother.uuid)}
    services.update_relationship(rel, acting_user=caseworker, expected_version=1, is_primary_caregiver=True)
    with pytest.raises(ConflictError):
        services.update_relationship(rel, acting_user=caseworker, expected_version=1, notes="late")
    with pytest.raises(ValidationError):
        services.update_relationship(rel, acting_user=caseworker, expected_version=2, kind="pet")
    services.remove_relationship(rel, acting_user=caseworker, expected_version=2)
    assert not Relationship.objects.for_user(caseworker).exists()


def test_relationships_need_both_persons_in_scope(caseworker, world):
    child = register(caseworker, world.ke)
    nepali = PersonFactory(country=world.np)
    with pytest.raises(OutOfScope):
        services.add_relationship(person=child, relative=nepali, kind="father", acting_user=caseworker)
    assert not Relationship.objects.exists()


def test_household_members(caseworker, world):
    household = services.register_household(country=world.ke, acting_user=caseworker, name="Otieno")
    child = register(caseworker, world.ke)
    member = services.add_household_member(household, person=child, role="child", acting_user=caseworker)
    with pytest.raises(ValidationError) as caught:
        services.add_household_member(household, person=child, role="child", acting_user=caseworker)
    assert "person" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.add_household_member(
            household, person=register(caseworker, world.ke), role="pet", acting_user=caseworker
        )
    services.remove_household_member(member, acting_user=caseworker, left_on=timezone.localdate())
    member.refresh_from_db()
    assert member.is_deleted and member.left_on == timezone.localdate()
    # Once removed, the person may join again.
    services.add_household_member(household, person=child, role="child", acting_user=caseworker)
    assert HouseholdMember.objects.alive().filter(household=household).count() == 1


def test_household_member_must_be_in_the_households_country(world):
    user = make_user("both@example.org")
    for country in (world.ke, world.np):
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=country)
    household = HouseholdFactory(country=world.ke)
    with pytest.raises(ValidationError):
        services.add_household_member(
            household, person=PersonFactory(country=world.np), role="child", acting_user=user
        )
    assert not HouseholdMember.objects.exists()


def test_household_update_conflict_and_delete(caseworker, world):
    household = services.register_household(country=world.ke, acting_user=caseworker, name="Otieno")
    services.update_household(household, acting_user=caseworker, expected_version=1, name="Otieno-Achieng")
    assert list(Household.objects.filter(search_text__contains="achieng")) == [household]
    with pytest.raises(ConflictError):
        services.update_household(household, acting_user=caseworker, expected_version=1, name="Late")
    with pytest.raises(OutOfScope):
        services.delete_household(household, acting_user=caseworker, expected_version=2)
    services.delete_household(household, acting_user=world.user("KE", Role.SUPERVISOR), expected_version=2)
    assert not Household.objects.for_user(caseworker).exists()


def test_only_countries_with_the_add_permission_are_offered(world):
    def offered(user, permission):
        return Country.objects.offered_to(user, permission, whole_country_only=False)

    assert list(offered(world.user("KE", Role.CASEWORKER), "person.add")) == [world.ke]
    assert not offered(world.user("KE", Role.ANALYST), "person.add").exists()
    assert not offered(world.user("KE", Role.CARE_PROVIDER), "person.add").exists()
    assert set(offered(world.system_admin, "site.add")) == set(Country.objects.operating())
