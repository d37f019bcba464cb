"""The second factor: enrolment with a QR code, TOTP codes and recovery codes that work once,
and the demo's skip button."""

import re

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.roles import Role
from trygg.accounts.second_factor import DEMO_SKIP_SESSION_KEY, RECOVERY_CODE_COUNT
from trygg.audit.models import AuditEvent
from trygg.core.testing import TEST_PASSWORD

from .factories import current_code, totp_device

SECOND_FACTOR = "/accounts/second-factor/"
SETUP = "/accounts/second-factor/setup/"
SKIP = "/accounts/second-factor/skip/"
HOME = "/"


def password_only(user, client=None):
    client = client or Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def second_factor_events(user):
    return list(
        AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.SECOND_FACTOR)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def enrol(client, user):
    """Walk the set-up page; returns the recovery codes the user was shown."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == reverse("accounts:recovery_codes")
    page = client.get(response.url).content.decode()
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)


def test_without_a_device_the_user_is_sent_to_set_up(world):
    user = world.user("KE", Role.CASEWORKER)
    client = password_only(user)
    response = client.get(SECOND_FACTOR + "?next=/accounts/me/")
    assert response.status_code == 302
    assert response.url == SETUP + "?next=%2Faccounts%2Fme%2F"


def test_setup_shows_an_inline_qr_code_and_the_secret(world):
    user = world.user("KE", Role.CASEWORKER)
    client = password_only(user)
    response = client.get(SETUP)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content and "<path" in content and "<img" not in content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in content
    # Reloading shows the same secret rather than piling up devices.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    # The set-up code alone does not open any page.
    assert client.get(HOME).url == reverse("accounts:second_factor")


def test_enrolment_confirms_the_device_and_shows_recovery_codes_once(world):
    user = world.user("KE", Role.CASEWORKER)
    client = password_only(user)
    codes = enrol(client, user)
    assert len(codes) == RECOVERY_CODE_COUNT == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StaticToken.objects.filter(device__user=user).count() == 10
    # Shown once only.
    assert "<code>" not in client.get(reverse("accounts:recovery_codes")).content.decode()
    # The session passed the second factor.
    assert client.get(HOME).status_code == 200
    assert second_factor_events(user) == [{"method": "enrolled"}]
    for code in codes:
        assert code.replace("-", "") not in str(second_factor_events(user))


def test_wrong_setup_code_is_refused(world):
    user = world.user("KE", Role.CASEWORKER)
    client = password_only(user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_password_alone_cannot_enrol_a_second_device(world):
    user = world.user("KE", Role.CASEWORKER)
    totp_device(user)
    client = password_only(user)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url == reverse("accounts:second_factor")
    response = client.post(SETUP, {"code": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_totp_code_logs_in(world):
    user = world.user("KE", Role.CASEWORKER)
    device = totp_device(user)
    client = password_only(user)
    page = client.get(SECOND_FACTOR)
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(SECOND_FACTOR, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200
    assert second_factor_events(user) == [{"method": "totp"}]


def test_a_totp_code_works_only_once(world):
    user = world.user("KE", Role.CASEWORKER)
    device = totp_device(user)
    code = current_code(device)
    first = password_only(user)
    assert first.post(SECOND_FACTOR, {"code": code}).status_code == 302
    second = password_only(user)
    response = second.post(SECOND_FACTOR, {"code": code})
    assert response.status_code == 200
    assert "not valid, or it has been used already" in response.content.decode()
    assert second.get(HOME).url == reverse("accounts:second_factor")
    assert second_factor_events(user)[-1] == {"method": "totp", "result": "rejected"}


def test_a_recovery_code_works_only_once(world):
    user = world.user("KE", Role.CASEWORKER)
    codes = enrol(password_only(user), user)
    first = password_only(user)
    response = first.post(SECOND_FACTOR, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert first.get(HOME).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    second = password_only(user)
    response = second.post(SECOND_FACTOR, {"code": codes[0]})
    assert response.status_code == 200
    assert second.get(HOME).url == reverse("accounts:second_factor")
    assert {"method": "recovery"} in second_factor_events(user)


def test_many_wrong_codes_are_throttled(world):
    user = world.user("KE", Role.CASEWORKER)
    device = totp_device(user)
    client = password_only(user)
    for _ in range(3):
        client.post(SECOND_FACTOR, {"code": "000000"})
    response = client.post(SECOND_FACTOR, {"code": current_code(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(HOME).url == reverse("accounts:second_factor")


def test_demo_account_may_skip_in_the_demo(world, settings):
    settings.TRYGG_DEMO_SKIP_2FA = True
    settings.PRODUCTION = False
    user = world.user("KE", Role.CASEWORKER)
    user.is_demo_account = True
    user.save()
    client = password_only(user)
    page = client.get(SETUP).content.decode()
    assert "Skip the second factor (demo)" in page and "Production always requires it" in page
    response = client.post(SKIP, {"next": "/accounts/me/"})
    assert response.status_code == 302 and response.url == "/accounts/me/"
    assert client.session[DEMO_SKIP_SESSION_KEY] is True
    assert client.get(HOME).status_code == 200
    assert second_factor_events(user) == [{"method": "demo_skip"}]
    assert client.get(SKIP).status_code == 405


def test_ordinary_account_cannot_skip_even_in_the_demo(world, settings):
    settings.TRYGG_DEMO_SKIP_2FA = True
    user = world.user("KE", Role.CASEWORKER)
    totp_device(user)
    client = password_only(user)
    assert "Skip the second factor" not in client.get(SECOND_FACTOR).content.decode()
    assert client.post(SKIP).status_code == 403
    assert DEMO_SKIP_SESSION_KEY not in client.session
    assert client.get(HOME).url == reverse("accounts:second_factor")


def test_pages_under_accounts_also_need_the_second_factor(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    totp_device(admin)
    client = password_only(admin)
    for url in ("/accounts/users/", "/accounts/me/", f"/accounts/users/{admin.uuid}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:second_factor") + "?next=")


def test_anonymous_visitors_go_to_the_login_page(client):
    for url in (SECOND_FACTOR, SETUP, "/accounts/me/", "/accounts/users/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert client.post(SKIP).status_code == 302
