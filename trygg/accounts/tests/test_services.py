"""Users, memberships, passwords and tokens: scope checks, validation, audit events."""

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError

from trygg.accounts import services
from trygg.accounts.models import ApiToken, Membership, User, UserSession
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.services import OutOfScope
from trygg.core.testing import TEST_PASSWORD
from trygg.geo.models import Site
from trygg.people.models import Person
from trygg.people.tests.factories import PersonFactory

from .factories import MembershipFactory, UserFactory

STRONG = "granite kettle lantern 7"


def _create(world, acting_user, **overrides):
    data = {
        "email": "New.Worker@Example.org",
        "full_name": "New Worker",
        "password": STRONG,
        "acting_user": acting_user,
        "country": world.ke,
        "role": Role.CASEWORKER,
    }
    return services.create_user(**(data | overrides))


def test_country_admin_creates_user_with_first_membership(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    user = _create(world, admin, site=world.sites["KE"])
    assert user.email == "new.worker@example.org"
    assert user.check_password(STRONG)
    membership = user.memberships.get()
    assert (membership.role, membership.country, membership.site) == (
        Role.CASEWORKER,
        world.ke,
        world.sites["KE"],
    )
    assert membership.created_by == admin
    # The new caseworker works in their site at once.
    person = PersonFactory(country=world.ke, site=world.sites["KE"])
    assert list(Person.objects.for_user(user)) == [person]
    events = AuditEvent.objects.filter(actor=admin, action=AuditEvent.Action.CREATE)
    assert {e.object_type for e in events} == {"accounts.user", "accounts.membership"}
    for event in events:
        text = f"{event.fields} {event.detail} {event.object_reference}"
        assert STRONG not in text and "worker@example.org" not in text


def test_country_admin_cannot_create_user_in_other_country(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(OutOfScope):
        _create(world, admin, country=world.np)
    assert not User.objects.filter(email="new.worker@example.org").exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.DATA_PROTECTION_OFFICER])
def test_non_administrators_cannot_create_users(world, role):
    with pytest.raises(OutOfScope):
        _create(world, world.user("KE", role))


def test_country_admin_can_never_grant_system_administrator(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(OutOfScope):
        _create(world, admin, role=Role.SYSTEM_ADMINISTRATOR, country=None)
    user = world.user("KE", Role.CASEWORKER)
    with pytest.raises(OutOfScope):
        services.add_membership(user, role=Role.SYSTEM_ADMINISTRATOR, country=None, acting_user=admin)
    assert (
        not Membership.objects.filter(role=Role.SYSTEM_ADMINISTRATOR)
        .exclude(user=world.system_admin)
        .exists()
    )


def test_system_administrator_can_create_another(world):
    user = _create(world, world.system_admin, role=Role.SYSTEM_ADMINISTRATOR, country=None)
    assert User.objects.for_user(user, "view").count() == User.objects.count()


def test_create_user_is_all_or_nothing(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(ValidationError) as excinfo:
        _create(world, admin, site=world.sites["NP"])
    assert "site" in excinfo.value.error_dict
    assert not User.objects.filter(email="new.worker@example.org").exists()


def test_duplicate_email_is_refused(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(ValidationError) as excinfo:
        _create(world, admin, email="CASEWORKER.ke@example.org")
    assert "email" in excinfo.value.error_dict


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short pass1", "too short"), ("qazwsxedcrfv", "too common")],
)
def test_weak_passwords_are_refused(world, password, reason):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    assert len("short pass1") == 11
    with pytest.raises(ValidationError) as excinfo:
        _create(world, admin, password=password)
    assert reason in " ".join(excinfo.value.message_dict["password"])
    assert not User.objects.filter(email="new.worker@example.org").exists()
    user = world.user("KE", Role.CASEWORKER)
    with pytest.raises(ValidationError):
        services.set_password(user, password=password, acting_user=user)
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.real_hashers
def test_passwords_are_hashed_with_argon2(world):
    user = _create(world, world.system_admin)
    assert user.password.startswith("argon2")
    services.set_password(user, password="another long passphrase 9", acting_user=user)
    assert User.objects.get(pk=user.pk).password.startswith("argon2")


def test_user_without_password_cannot_log_in_until_one_is_set(world):
    user = _create(world, world.system_admin, password=None)
    assert not user.has_usable_password()


def test_country_admin_cannot_add_membership_in_other_country(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    kenyan = world.user("KE", Role.CASEWORKER)
    with pytest.raises(OutOfScope):
        services.add_membership(kenyan, role=Role.CASEWORKER, country=world.np, acting_user=admin)
    # A user who works only in Nepal is not even in the Kenyan administrator's scope.
    nepali = world.user("NP", Role.CASEWORKER)
    with pytest.raises(OutOfScope):
        services.add_membership(nepali, role=Role.CASEWORKER, country=world.ke, acting_user=admin)
    assert kenyan.memberships.count() == 1 and nepali.memberships.count() == 1


def test_add_membership_checks_its_shape(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    user = world.user("KE", Role.CASEWORKER)
    with pytest.raises(ValidationError):
        services.add_membership(user, role=Role.CASEWORKER, country=world.ke, acting_user=admin)  # duplicate
    with pytest.raises(ValidationError):
        services.add_membership(
            user, role=Role.SUPERVISOR, country=world.ke, site=world.sites["NP"], acting_user=admin
        )
    other_programme_site = Site.objects.create(country=world.ke, name="Office", kind=Site.Kind.OFFICE)
    membership = services.add_membership(
        user, role=Role.SUPERVISOR, country=world.ke, site=other_programme_site, acting_user=admin
    )
    assert membership.site == other_programme_site
    assert AuditEvent.objects.filter(object_uuid=membership.uuid, action=AuditEvent.Action.CREATE).exists()


def test_end_membership_keeps_the_row_and_removes_the_access(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    user = world.user("KE", Role.CASEWORKER)
    PersonFactory(country=world.ke)
    membership = user.memberships.get()
    services.end_membership(membership, acting_user=admin)
    assert Membership.objects.filter(pk=membership.pk, is_active=False).exists()
    fresh = User.objects.get(pk=user.pk)
    assert not Person.objects.for_user(fresh).exists()
    event = AuditEvent.objects.get(object_uuid=membership.uuid, action=AuditEvent.Action.UPDATE)
    assert event.fields == ["is_active"]


def test_end_membership_is_scoped(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(OutOfScope):
        services.end_membership(world.user("NP", Role.CASEWORKER).memberships.get(), acting_user=admin)
    with pytest.raises(OutOfScope):
        services.end_membership(world.system_admin.memberships.get(), acting_user=admin)
    with pytest.raises(ValidationError):
        services.end_membership(admin.memberships.get(), acting_user=admin)
    assert Membership.objects.filter(is_active=False).count() == 0


def _session_for(client, user):
    client.force_login(user)
    return client.session.session_key


def test_deactivate_user_revokes_tokens_and_ends_sessions(world, client):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    user = world.user("KE", Role.CASEWORKER)
    session_key = _session_for(client, user)
    token, _key = services.create_api_token(user=user, name="script", acting_user=user)
    services.deactivate_user(user, acting_user=admin)
    user.refresh_from_db()
    assert not user.is_active and user.deactivated_at is not None
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not UserSession.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(object_uuid=user.uuid, action=AuditEvent.Action.UPDATE)
    assert event.detail == {"tokens_revoked": 1, "sessions_ended": 1}
    services.reactivate_user(user, acting_user=admin)
    user.refresh_from_db()
    assert user.is_active and user.deactivated_at is None
    # Reactivation does not bring tokens back.
    assert not ApiToken.objects.usable().filter(user=user).exists()


def test_country_admin_cannot_deactivate_user_who_also_works_elsewhere(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    user = world.user("KE", Role.CASEWORKER)
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.np)
    with pytest.raises(OutOfScope):
        services.deactivate_user(user, acting_user=admin)
    with pytest.raises(OutOfScope):
        services.set_password(user, password="a brand new passphrase", acting_user=admin)
    user.refresh_from_db()
    assert user.is_active and user.check_password(TEST_PASSWORD)
    services.deactivate_user(user, acting_user=world.system_admin)
    assert not User.objects.get(pk=user.pk).is_active


def test_deactivation_is_scoped_and_not_for_oneself(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(OutOfScope):
        services.deactivate_user(world.user("NP", Role.CASEWORKER), acting_user=admin)
    with pytest.raises(OutOfScope):
        services.deactivate_user(world.system_admin, acting_user=admin)
    with pytest.raises(OutOfScope):
        services.deactivate_user(
            world.user("KE", Role.ANALYST), acting_user=world.user("KE", Role.SUPERVISOR)
        )
    with pytest.raises(ValidationError):
        services.deactivate_user(admin, acting_user=admin)
    assert User.objects.filter(is_active=False).count() == 0


def test_admin_sets_password_and_ends_sessions(world, client):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    user = world.user("KE", Role.CASEWORKER)
    session_key = _session_for(client, user)
    services.set_password(user, password="a brand new passphrase", acting_user=admin)
    assert User.objects.get(pk=user.pk).check_password("a brand new passphrase")
    assert not Session.objects.filter(session_key=session_key).exists()
    event = AuditEvent.objects.get(object_uuid=user.uuid, action=AuditEvent.Action.UPDATE)
    assert event.fields == ["password"]
    assert "a brand new passphrase" not in str(event.detail)


def test_tokens_are_personal(world):
    user = world.user("KE", Role.CASEWORKER)
    other = world.user("KE", Role.SUPERVISOR)
    with pytest.raises(OutOfScope):
        services.create_api_token(user=user, name="script", acting_user=world.system_admin)
    token, key = services.create_api_token(user=user, name="  script  ", acting_user=user)
    assert token.name == "script"
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    with pytest.raises(OutOfScope):
        services.revoke_api_token(token, acting_user=other)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    with pytest.raises(ValidationError):
        services.create_api_token(user=user, name="   ", acting_user=user)
    services.revoke_api_token(token, acting_user=user)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    details = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN, object_uuid=token.uuid).values_list(
            "detail", flat=True
        )
    )
    assert sorted(d["event"] for d in details) == ["created", "revoked"]
    assert all(key not in str(d) for d in details)


def test_membership_factory_builds_scoped_users(world):
    membership = MembershipFactory(country=world.ke, role=Role.COUNTRY_ADMINISTRATOR)
    assert UserFactory().check_password(TEST_PASSWORD)
    assert world.user("KE", Role.CASEWORKER) in User.objects.for_user(membership.user, "change")
    assert world.user("NP", Role.CASEWORKER) not in User.objects.for_user(membership.user, "change")
