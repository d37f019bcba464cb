"""Services for countries, locations, programmes and sites: scope, validation, versions, audit."""

import pytest
from django.core.exceptions import ValidationError

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.services import ConflictError, OutOfScope
from trygg.geo import services
from trygg.geo.models import Country, Location, Programme, Site
from trygg.geo.tests.factories import LocationFactory, ProgrammeFactory, SiteFactory


def events(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, action=action)


# Countries ------------------------------------------------------------------------------------


def test_system_administrator_marks_a_country_as_operating(world):
    uganda = Country.objects.get(code="UG")
    services.set_country_operating(uganda, operating=True, acting_user=world.system_admin)
    assert Country.objects.get(code="UG").is_operating
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, country_id=uganda.pk)
    assert event.fields == ["is_operating"]
    assert event.detail == {"code": "UG", "is_operating": True}


def test_setting_the_same_value_writes_no_event(world):
    services.set_country_operating(world.ke, operating=True, acting_user=world.system_admin)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, country_id=world.ke.pk).exists()


@pytest.mark.parametrize("role", [Role.COUNTRY_ADMINISTRATOR, Role.CASEWORKER])
def test_only_a_system_administrator_may_change_a_country(world, role):
    user = world.user("KE", role)
    assert not Country.objects.for_user(user, "change").exists()
    with pytest.raises(OutOfScope):
        services.set_country_operating(world.ke, operating=False, acting_user=user)
    assert Country.objects.get(code="KE").is_operating


# Locations ------------------------------------------------------------------------------------


def test_country_administrator_adds_a_location_hierarchy(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    region = services.create_location(
        country=world.ke, acting_user=admin, level=1, code="KE-30", name="Nairobi"
    )
    district = services.create_location(
        country=world.ke, acting_user=admin, level=2, code="KE-30-1", name=" Westlands ", parent=region
    )
    assert district.name == "Westlands"
    assert district.parent == region
    assert events(district, AuditEvent.Action.CREATE).count() == 2


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"level": 2, "code": "X", "name": "X"}, "parent"),
        ({"level": 3, "code": "X", "name": "X", "parent": "region"}, "level"),
        ({"level": 1, "code": "", "name": "X"}, "code"),
        ({"level": 1, "code": "X", "name": " "}, "name"),
        ({"level": 1, "code": "KE-30", "name": "Again"}, "code"),
        ({"level": 2, "code": "X", "name": "X", "parent": "nepal"}, "parent"),
    ],
    ids=["no-parent", "level-skips", "no-code", "no-name", "duplicate-code", "parent-abroad"],
)
def test_location_errors_name_the_field(world, kwargs, field):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    parents = {
        "region": LocationFactory(country=world.ke, level=1, code="KE-30"),
        "nepal": LocationFactory(country=world.np, level=1, code="NP-3"),
    }
    if "parent" in kwargs:
        kwargs["parent"] = parents[kwargs["parent"]]
    count = Location.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.create_location(country=world.ke, acting_user=admin, **kwargs)
    assert field in excinfo.value.message_dict
    assert Location.objects.count() == count


def test_caseworker_and_other_country_cannot_add_locations(world):
    for user in (world.user("KE", Role.CASEWORKER), world.user("NP", Role.COUNTRY_ADMINISTRATOR)):
        with pytest.raises(OutOfScope):
            services.create_location(country=world.ke, acting_user=user, level=1, code="KE-1", name="A")
    assert not Location.objects.exists()


def test_location_update_checks_the_version(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    location = LocationFactory(country=world.ke, level=1, code="KE-30", name="Nairobi")
    services.update_location(location, acting_user=admin, expected_version=1, name="Nairobi City")
    stale = Location.objects.get(pk=location.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        services.update_location(stale, acting_user=admin, expected_version=1, name="Lost update")
    location.refresh_from_db()
    assert (location.name, location.version) == ("Nairobi City", 2)
    assert events(location, AuditEvent.Action.UPDATE).get().fields == ["name"]


def test_a_location_with_children_keeps_its_level(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    region = LocationFactory(country=world.ke, level=1, code="KE-30")
    district = LocationFactory(country=world.ke, level=2, code="KE-30-1", parent=region)
    LocationFactory(country=world.ke, level=3, code="KE-30-1-1", parent=district)
    other_region = LocationFactory(country=world.ke, level=1, code="KE-31")
    with pytest.raises(ValidationError) as excinfo:
        services.update_location(district, acting_user=admin, expected_version=1, parent=None, level=1)
    assert "level" in excinfo.value.message_dict
    moved = services.update_location(district, acting_user=admin, expected_version=1, parent=other_region)
    assert moved.parent == other_region


# Programmes and sites ------------------------------------------------------------------------


def test_country_administrator_creates_programme_and_site_in_own_country(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    place = LocationFactory(country=world.ke)
    programme = services.create_programme(
        country=world.ke, acting_user=admin, name="Alternative care", kind=Programme.Kind.ALTERNATIVE_CARE
    )
    site = services.create_site(
        country=world.ke,
        acting_user=admin,
        name="SOS Children's Village Mombasa",
        kind=Site.Kind.CHILDRENS_VILLAGE,
        programme=programme,
        location=place,
    )
    assert (site.country, site.programme, site.location) == (world.ke, programme, place)
    assert site.created_by == admin
    assert events(site, AuditEvent.Action.CREATE).get().fields == ["kind", "location", "name", "programme"]


def test_country_administrator_cannot_create_in_another_country(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(OutOfScope):
        services.create_programme(country=world.np, acting_user=admin, name="P", kind=Programme.Kind.YOUTH)
    with pytest.raises(OutOfScope):
        services.create_site(country=world.np, acting_user=admin, name="S", kind=Site.Kind.OFFICE)


def test_site_programme_and_location_must_be_in_the_sites_country(world):
    with pytest.raises(ValidationError) as excinfo:
        services.create_site(
            country=world.ke,
            acting_user=world.system_admin,
            name="Mixed",
            kind=Site.Kind.OFFICE,
            programme=world.programmes["NP"],
            location=LocationFactory(country=world.np),
        )
    assert set(excinfo.value.message_dict) == {"programme", "location"}
    site = world.sites["KE"]
    with pytest.raises(ValidationError) as excinfo:
        services.update_site(
            site, acting_user=world.system_admin, expected_version=1, programme=world.programmes["NP"]
        )
    assert "programme" in excinfo.value.message_dict


def test_site_update_is_versioned_and_audited(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    site = world.sites["KE"]
    services.update_site(site, acting_user=admin, expected_version=1, name="Village Nairobi")
    with pytest.raises(ConflictError):
        services.update_site(
            Site.objects.get(pk=site.pk), acting_user=admin, expected_version=1, name="Other"
        )
    site.refresh_from_db()
    assert (site.name, site.version) == ("Village Nairobi", 2)
    assert events(site, AuditEvent.Action.UPDATE).get().fields == ["name"]


def test_country_cannot_be_changed_through_update(world):
    with pytest.raises(ValidationError):
        services.update_site(
            world.sites["KE"], acting_user=world.system_admin, expected_version=1, country=world.np
        )


def test_site_soft_delete_hides_it(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    site = SiteFactory(country=world.ke)
    services.delete_site(site, acting_user=admin, expected_version=1)
    assert site not in Site.objects.for_user(admin)
    assert Site.objects.filter(pk=site.pk, is_deleted=True).exists()
    assert events(site, AuditEvent.Action.DELETE).exists()


def test_programme_with_sites_cannot_be_deleted(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(ValidationError):
        services.delete_programme(world.programmes["KE"], acting_user=admin, expected_version=1)
    empty = ProgrammeFactory(country=world.ke)
    services.delete_programme(empty, acting_user=admin, expected_version=1)
    assert empty not in Programme.objects.for_user(admin)


def test_other_country_administrator_cannot_change_or_delete(world):
    nepal_admin = world.user("NP", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(OutOfScope):
        services.update_site(world.sites["KE"], acting_user=nepal_admin, expected_version=1, name="X")
    with pytest.raises(OutOfScope):
        services.delete_site(world.sites["KE"], acting_user=nepal_admin, expected_version=1)
    with pytest.raises(OutOfScope):
        services.update_programme(
            world.programmes["KE"], acting_user=nepal_admin, expected_version=1, name="X"
        )
    assert Site.objects.get(pk=world.sites["KE"].pk).name == "SOS Children's Village KE"
