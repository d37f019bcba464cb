"""Helpers for the Playwright browser tests (pytest-playwright against the live server)."""

import re

from django.db import connections
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.accounts.models import Membership

from .testing import TEST_PASSWORD, make_user


def start_browser(request):
    """Start Playwright's browser only after the database is ready, and keep serialized rollback.

    Once Playwright runs, Django hands out new connection objects that lack the data pytest-django
    serialized for `serialized_rollback` (the ISO countries loaded by a migration). Copy it onto
    them, so that transactional tests after a browser test get the countries back.
    """
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    browser = request.getfixturevalue("browser")
    for alias, contents in serialized.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents
    return browser


def user_with_authenticator(email: str, full_name: str, role: str, country) -> tuple:
    """A user with one membership and a confirmed TOTP device: (user, device)."""
    user = make_user(email, full_name=full_name)
    Membership.objects.create(user=user, role=role, country=country)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def log_in(page, base_url: str, email: str, device: TOTPDevice) -> None:
    """Log in through the pages: e-mail, password, then the code from the authenticator app."""
    page.set_default_timeout(15_000)
    page.goto(base_url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(reverse("accounts:second_factor"))))
    page.get_by_label(re.compile("Code from your authenticator app")).fill(current_code(device))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base_url + reverse("core:home"))
