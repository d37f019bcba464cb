"""The whole path in a real browser: log in with a second factor, switch to Norwegian, find a child
by a name typed without its accent, open the record, and see that read on the audit page.

Runs against the live server in Debian's Chromium (see `browser_type_launch_args` in conftest.py).
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.core.testing import TEST_PASSWORD, make_user
from trygg.geo.models import Country
from trygg.people import services as people

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback keeps the ISO countries (loaded by a migration) for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def user_with_authenticator(email: str, full_name: str, role: str, country) -> tuple:
    user = make_user(email, full_name=full_name)
    Membership.objects.create(user=user, role=role, country=country)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user, device


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def log_in(page, base_url: str, email: str, device: TOTPDevice) -> None:
    page.set_default_timeout(15_000)
    page.goto(base_url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(reverse("accounts:second_factor"))))
    page.get_by_label(re.compile("Code from your authenticator app")).fill(current_code(device))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base_url + reverse("core:home"))


def test_a_read_in_the_browser_shows_on_the_audit_page(live_server, request):
    kenya = Country.objects.get(code="KE")
    # Playwright starts only now, after pytest-django restored the serialized countries: once it
    # runs, Django's connection objects no longer carry that data (see conftest.py).
    browser = request.getfixturevalue("browser")
    caseworker, caseworker_device = user_with_authenticator(
        "wanjiru.kamau@example.org", "Wanjiru Kamau", Role.CASEWORKER, kenya
    )
    dpo, dpo_device = user_with_authenticator(
        "joseph.mwangi@example.org", "Joseph Mwangi", Role.DATA_PROTECTION_OFFICER, kenya
    )
    child = people.register_person(
        country=kenya, acting_user=caseworker, given_name="Amélie", family_name="Mukendi"
    )
    people.register_person(country=kenya, acting_user=caseworker, given_name="Brian", family_name="Otieno")

    # The caseworker logs in, switches to Norwegian and finds the child without typing the accent.
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, caseworker.email, caseworker_device)
    page.get_by_label("Language").select_option("nb")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    page.goto(live_server.url + reverse("people:person_list"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    with translation.override("nb"):
        persons_in_norwegian = translation.gettext("Persons")
    assert persons_in_norwegian != "Persons", "compile the catalogues first: make compilemessages"
    expect(page.get_by_role("heading", level=1)).to_have_text(persons_in_norwegian)
    page.get_by_role("searchbox").fill("amelie")
    page.get_by_role("searchbox").press("Enter")
    results = page.locator("#person-results")
    row = results.get_by_role("row", name=re.compile("Amélie Mukendi"))
    expect(row).to_be_visible()
    expect(results.get_by_text("Otieno")).to_have_count(0)
    row.get_by_role("link", name=child.reference).click()
    page.wait_for_url(live_server.url + reverse("people:person_detail", kwargs={"uuid": child.uuid}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amélie Mukendi")
    expect(page.get_by_text(child.reference).first).to_be_visible()
    context.close()

    # The data protection officer, in another browser, sees who read the record.
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, dpo.email, dpo_device)
    page.goto(live_server.url + reverse("audit:record_access", kwargs={"uuid": child.uuid}))
    expect(page.get_by_text(child.reference).first).to_be_visible()
    expect(page.get_by_text("Wanjiru Kamau").first).to_be_visible()
    context.close()
