"""My account: roles, second-factor status, recovery codes, password and API tokens."""

import re

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from trygg.accounts import services
from trygg.accounts.models import ApiToken, Membership, UserSession
from trygg.accounts.roles import Role
from trygg.accounts.second_factor import DEMO_SKIP_SESSION_KEY
from trygg.audit.models import AuditEvent
from trygg.core.testing import TEST_PASSWORD

PROFILE = "/accounts/me/"


def test_profile_shows_roles_and_second_factor(world, login):
    user = world.user("KE", Role.CASEWORKER)
    Membership.objects.create(user=user, role=Role.TRACING_OFFICER, country=world.np, is_active=False)
    content = login(user).get(PROFILE).content.decode()
    assert "Caseworker" in content and "Tracing officer" in content and "ended" in content
    assert "Authenticator app: set up." in content
    assert "Make new recovery codes" in content
    assert "Create token" in content


def test_regenerate_recovery_codes_replaces_the_old_ones(world, login):
    user = world.user("KE", Role.CASEWORKER)
    client = login(user)
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response.url == reverse("accounts:recovery_codes")
    page = client.get(response.url).content.decode()
    first = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page)
    assert len(first) == 10
    client.post(reverse("accounts:recovery_codes_regenerate"))
    second = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", client.get(response.url).content.decode())
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in second}
    assert not stored & {code.replace("-", "") for code in first}
    assert (
        AuditEvent.objects.filter(
            actor=user,
            action=AuditEvent.Action.SECOND_FACTOR,
            detail={"method": "recovery_codes_regenerated"},
        ).count()
        == 2
    )


def test_tokens_from_the_page_are_shown_once_and_revocable(world, login):
    user = world.user("KE", Role.CASEWORKER)
    client = login(user)
    response = client.post(reverse("accounts:token_create"), {"name": "monthly report"})
    assert response.status_code == 200
    key = re.search(r'value="(tryg_[^"]+)"', response.content.decode()).group(1)
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash_key(key)
    profile = client.get(PROFILE).content.decode()
    assert "monthly report" in profile and key not in profile
    client.post(reverse("accounts:token_revoke", kwargs={"uuid": token.uuid}))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_page_refuses_tokens_without_a_real_second_factor(world, settings):
    settings.TRYGG_DEMO_SKIP_2FA = True
    user = world.user("KE", Role.CASEWORKER)
    user.is_demo_account = True
    user.save()
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEMO_SKIP_SESSION_KEY] = True
    session.save()
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert "Create token" not in page.content.decode()
    assert "You skipped the second factor" in page.content.decode()
    response = client.post(reverse("accounts:token_create"), {"name": "script"})
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=user).exists()


def test_other_users_token_cannot_be_revoked_from_the_page(world, login):
    owner = world.user("KE", Role.SUPERVISOR)
    token, _key = services.create_api_token(user=owner, name="theirs", acting_user=owner)
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    assert client.post(reverse("accounts:token_revoke", kwargs={"uuid": token.uuid})).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_change_own_password_keeps_this_session_and_ends_the_others(world, login):
    user = world.user("KE", Role.CASEWORKER)
    other_device = login(user, Client())
    client = login(user)
    url = reverse("accounts:password_change")
    wrong = client.post(url, {"current_password": "nope", "password1": "x", "password2": "x"})
    assert "current password is not correct" in wrong.content.decode()
    response = client.post(
        url,
        {
            "current_password": TEST_PASSWORD,
            "password1": "river stone candle 8",
            "password2": "river stone candle 8",
        },
    )
    assert response.status_code == 302
    assert client.get(PROFILE).status_code == 200
    assert UserSession.objects.filter(session_key=client.session.session_key).exists()
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    # The other browser was logged in with the old password: it is logged out.
    assert other_device.get(PROFILE).url.startswith(reverse("accounts:login"))
