"""The access choke point: memberships turn into scopes, and nothing else does."""

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.core.testing import make_user
from trygg.people.models import Person
from trygg.people.tests.factories import PersonFactory


def test_caseworker_sees_only_own_country(world):
    kenyan = PersonFactory(country=world.ke)
    nepali = PersonFactory(country=world.np)
    visible = set(Person.objects.for_user(world.user("KE", Role.CASEWORKER)))
    assert visible == {kenyan}
    assert nepali not in visible


def test_analyst_sees_no_person_records(world):
    PersonFactory(country=world.ke)
    assert not Person.objects.for_user(world.user("KE", Role.ANALYST)).exists()


def test_site_membership_narrows_to_site(world):
    at_site = PersonFactory(country=world.ke, site=world.sites["KE"])
    PersonFactory(country=world.ke, site=None)
    user = make_user("sos.parent@example.org")
    Membership.objects.create(user=user, role=Role.CARE_PROVIDER, country=world.ke, site=world.sites["KE"])
    assert list(Person.objects.for_user(user)) == [at_site]


def test_deleted_and_inactive_memberships_grant_nothing(world):
    PersonFactory(country=world.ke)
    user = make_user("former@example.org")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke, is_active=False)
    assert not Person.objects.for_user(user).exists()


def test_soft_deleted_records_are_hidden(world):
    person = PersonFactory(country=world.ke, is_deleted=True)
    assert person not in Person.objects.for_user(world.user("KE", Role.SUPERVISOR))


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    PersonFactory(country=world.ke)
    assert not Person.objects.for_user(AnonymousUser()).exists()


def test_a_view_cannot_put_an_unscoped_queryset_before_the_scoped_one():
    import pytest
    from django.core.exceptions import ImproperlyConfigured
    from django.views.generic.detail import SingleObjectMixin

    from trygg.core.views import ScopedViewMixin

    with pytest.raises(ImproperlyConfigured):

        class Leaky(SingleObjectMixin, ScopedViewMixin):
            model = Person

    class Safe(ScopedViewMixin, SingleObjectMixin):
        model = Person

    assert Safe.get_queryset is ScopedViewMixin.get_queryset


def test_a_site_grant_reaches_its_country_only_when_asked_for_any_reach(world):
    from trygg.geo.models import Country

    user = make_user("site.caseworker@example.org")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke, site=world.sites["KE"])
    # Registering a person: the country is offered, the site is checked when the record is written.
    assert list(Country.objects.offered_to(user, "person.add", whole_country_only=False)) == [world.ke]
    # Acting on Kenya as a whole: a grant for one site does not reach it.
    assert not Country.objects.where_user_may(user, "person.add").exists()
    assert not Country.objects.offered_to(user, "person.add").exists()
    # A whole-country grant answers both questions the same way.
    caseworker = world.user("KE", Role.CASEWORKER)
    assert list(Country.objects.where_user_may(caseworker, "person.add")) == [world.ke]
    assert list(Country.objects.where_user_may(caseworker, "person.add", whole_country_only=False)) == [
        world.ke
    ]
