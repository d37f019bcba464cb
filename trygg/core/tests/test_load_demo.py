"""`manage.py load_demo`: what `make demo` shows a newcomer, loaded once, safely, and never in production."""

from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import GLOBAL_ROLES, Role
from trygg.audit.models import AuditEvent
from trygg.core.management.demo_data import ACCOUNTS, DEMO_PASSWORD
from trygg.geo.models import Country, Location, Site
from trygg.people.models import Household, Person, Relationship


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Membership, Person, Household, Relationship, Site, Location, AuditEvent)
    }


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def test_demo_loads_once_and_prints_the_accounts(db):
    first = load()
    loaded = counts()
    second = load()

    assert counts() == loaded
    assert "already loaded" in second
    for output in (first, second):
        assert "trygg-demo-2026" in output
        for account in ACCOUNTS:
            assert account.email in output
    assert set(Country.objects.filter(is_operating=True).values_list("code", flat=True)) >= {"KE", "NP", "IN"}


def test_demo_accounts_cover_every_role_in_kenya_and_can_log_in(db):
    load()
    kenyan_roles = set(Membership.objects.filter(country__code="KE").values_list("role", flat=True))
    assert kenyan_roles == set(Role.values) - GLOBAL_ROLES
    assert Membership.objects.filter(role=Role.SYSTEM_ADMINISTRATOR, country=None).exists()
    assert {"caseworker", "country_administrator"} <= set(
        Membership.objects.filter(country__code="NP").values_list("role", flat=True)
    )
    for account in ACCOUNTS:
        user = demo_user(account.email)
        assert user.is_demo_account
        assert user.check_password(DEMO_PASSWORD)
        validate_password(DEMO_PASSWORD, user)


def test_demo_people_look_like_casework_and_respect_scopes(db):
    load()
    for code in ("KE", "NP", "IN"):
        persons = Person.objects.filter(country__code=code)
        assert 25 <= persons.count() <= 40
        assert persons.filter(date_of_birth_is_estimate=True).exists()
        assert Household.objects.filter(country__code=code).count() >= 5
        assert Relationship.objects.filter(country__code=code).exists()
        assert Location.objects.filter(country__code=code, level=1).exists()
        assert Location.objects.filter(country__code=code, level=2, parent__isnull=False).exists()
        assert Site.objects.filter(country__code=code, kind=Site.Kind.CHILDRENS_VILLAGE).exists()
    assert (
        Person.objects.filter(country__code="NP", name_in_own_script__regex=r"[\u0900-\u097F]").count() > 20
    )

    caseworker = demo_user("caseworker.ke@demo.example.org")
    found = Person.objects.for_user(caseworker).search("amelie")
    assert [p.full_name for p in found] == ["Amélie Mukendi"]
    assert not Person.objects.for_user(caseworker).filter(country__code="NP").exists()

    village = Site.objects.get(country__code="KE", kind=Site.Kind.CHILDRENS_VILLAGE)
    director = demo_user("care-provider.ke@demo.example.org")
    visible = Person.objects.for_user(director)
    assert visible.exists()
    assert set(visible.values_list("site", flat=True)) == {village.pk}
    # An SOS parent reaches their home's children through care, not the person registry.
    assert not Person.objects.for_user(demo_user("sos-parent.ke@demo.example.org")).exists()

    # Registered through the services, so the audit trail shows who registered them.
    assert AuditEvent.objects.filter(actor=caseworker, action=AuditEvent.Action.CREATE).count() >= 30


def test_demo_data_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="embedded mode only"):
        load()
    assert not User.objects.exists()
