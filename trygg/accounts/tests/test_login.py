"""Logging in: password, lockout, sessions (idle and absolute limits), logout, production rules."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.middleware import LOGIN_AT_SESSION_KEY
from trygg.accounts.models import UserSession
from trygg.accounts.roles import Role
from trygg.accounts.second_factor import DEMO_SKIP_SESSION_KEY
from trygg.audit.models import AuditEvent
from trygg.core.testing import TEST_PASSWORD

from .factories import current_code, totp_device

LOGIN = "/accounts/login/"
HOME = "/"


def password_login(client, user, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.email, "password": password, **extra})


def test_login_page_asks_for_email_and_password(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content and 'type="email"' in content
    assert "E-mail address" in content
    assert 'name="password"' in content


def test_expired_session_message(client):
    assert "Your session ended" not in client.get(LOGIN).content.decode()
    assert "Your session ended" in client.get(LOGIN + "?expired=1").content.decode()


def test_demo_banner_only_in_the_embedded_demo(client, settings):
    settings.TRYGG_DEMO_SKIP_2FA = True
    settings.PRODUCTION = False
    banner = "Demo accounts may skip the second factor in this demo"
    content = client.get(LOGIN).content.decode()
    assert banner in content and "Production always requires a second factor" in content
    settings.TRYGG_DEMO_SKIP_2FA = False
    settings.PRODUCTION = True
    assert banner not in client.get(LOGIN).content.decode()


def test_password_leads_to_the_second_factor_not_the_home_page(world, client):
    user = world.user("KE", Role.CASEWORKER)
    totp_device(user)
    response = password_login(client, user)
    assert response.status_code == 302
    assert response.url == reverse("accounts:second_factor")
    # Logged in with the password only: every page sends the user to the second factor.
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == reverse("accounts:second_factor")
    assert AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.LOGIN).count() == 1
    assert UserSession.objects.filter(user=user, session_key=client.session.session_key).exists()


def test_email_is_case_insensitive(world, client):
    user = world.user("KE", Role.CASEWORKER)
    response = client.post(LOGIN, {"username": user.email.upper(), "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_wrong_password_gives_one_message_for_every_case(world, client):
    user = world.user("KE", Role.CASEWORKER)
    wrong = password_login(client, user, password="not the password at all")
    unknown = client.post(LOGIN, {"username": "nobody@example.org", "password": "whatever it is"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "The e-mail address or password is not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_user_cannot_log_in(world, client):
    user = world.user("KE", Role.CASEWORKER)
    user.is_active = False
    user.save()
    response = password_login(client, user)
    assert response.status_code == 200
    assert "The e-mail address or password is not correct." in response.content.decode()


def test_next_survives_the_second_factor_but_only_on_this_site(world, client):
    user = world.user("KE", Role.CASEWORKER)
    device = totp_device(user)
    response = password_login(client, user, next="/accounts/me/")
    assert response.url == reverse("accounts:second_factor") + "?next=%2Faccounts%2Fme%2F"
    response = client.post(response.url, {"code": current_code(device), "next": "/accounts/me/"})
    assert response.url == "/accounts/me/"

    other = world.user("KE", Role.SUPERVISOR)
    device = totp_device(other)
    response = password_login(client, other, next="https://evil.example/")
    assert response.url == reverse("accounts:second_factor")
    response = client.post(response.url, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == HOME


def test_five_wrong_passwords_lock_the_account(world, client):
    user = world.user("KE", Role.CASEWORKER)
    statuses = [password_login(client, user, password=f"wrong password {i}").status_code for i in range(5)]
    assert statuses[:4] == [200] * 4
    assert statuses[4] == 403
    response = password_login(client, user)
    assert response.status_code == 403
    assert "too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT, actor=user).count() >= 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, actor=user).count() >= 5
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor=user).exists()


def test_lockout_page_says_the_same_for_every_account(world, client):
    known = world.user("KE", Role.CASEWORKER)
    pages = []
    for email in (known.email, "nobody@example.org"):
        for i in range(5):
            response = client.post(LOGIN, {"username": email, "password": f"wrong password {i}"})
        assert response.status_code == 403
        content = response.content.decode()
        assert email not in content
        pages.append(content[content.index("<main") :])
    strip = [page.split("</main>")[0] for page in pages]
    assert strip[0] == strip[1]


def test_logout_is_post_only_and_ends_the_session(world, login):
    user = world.user("KE", Role.CASEWORKER)
    client = login(user)
    session_key = client.session.session_key
    assert UserSession.objects.filter(session_key=session_key).exists()
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get(HOME).status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not UserSession.objects.filter(session_key=session_key).exists()
    assert client.get(HOME).url.startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.LOGOUT).exists()


def test_idle_timeout_is_thirty_minutes_renewed_by_activity(settings, world, login):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    client = login(world.user("KE", Role.CASEWORKER))
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(HOME).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)


def test_session_past_its_expiry_is_not_accepted(world, login):
    client = login(world.user("KE", Role.CASEWORKER))
    assert client.get(HOME).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_absolute_limit_of_twelve_hours(world, login):
    client = login(world.user("KE", Role.CASEWORKER))
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = time.time() - 11 * 3600
    session.save()
    assert client.get(HOME).status_code == 200
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = time.time() - 13 * 3600
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?expired=1"
    response = client.get(HOME)
    assert response.url.startswith(reverse("accounts:login") + "?next=")


def test_deactivation_logs_the_user_out_on_their_next_request(world, login, client):
    from django.test import Client

    from trygg.accounts import services

    user = world.user("KE", Role.CASEWORKER)
    their_client = login(user, Client())
    assert their_client.get(HOME).status_code == 200
    services.deactivate_user(user, acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    response = their_client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert their_client.get("/api/v1/tokens/").status_code in (401, 403)


def test_production_never_lets_a_demo_account_in_without_a_code(world, client, settings):
    settings.PRODUCTION = True
    settings.TRYGG_DEMO_SKIP_2FA = False
    user = world.user("KE", Role.CASEWORKER)
    user.is_demo_account = True
    user.save()
    response = password_login(client, user)
    assert response.status_code == 302
    # No device yet: the second-factor page sends them to set one up, with no skip offered.
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_setup"))
    assert "Skip the second factor" not in response.content.decode()
    response = client.post(reverse("accounts:second_factor_demo_skip"))
    assert response.status_code == 403
    assert DEMO_SKIP_SESSION_KEY not in client.session
    # Even a session that carries the demo flag (say from before a switch to production) is refused.
    session = client.session
    session[DEMO_SKIP_SESSION_KEY] = True
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url == reverse("accounts:second_factor")
    assert client.get("/accounts/me/").status_code == 302
    assert client.get("/api/v1/tokens/").status_code in (401, 403)
    assert client.post("/api/v1/tokens/", {"name": "x"}).status_code in (401, 403)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SECOND_FACTOR, actor=user).exists()
