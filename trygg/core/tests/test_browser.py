"""The whole path in a real browser: log in with a second factor, switch to Norwegian, find a child
by a name typed without its accent, open the record, and see that read on the audit page.

Runs against the live server in Debian's Chromium (see `browser_type_launch_args` in conftest.py).
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from trygg.accounts.roles import Role
from trygg.core.browser_testing import log_in, start_browser, user_with_authenticator
from trygg.geo.models import Country
from trygg.people import services as people

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback keeps the ISO countries (loaded by a migration) for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_read_in_the_browser_shows_on_the_audit_page(live_server, request):
    kenya = Country.objects.get(code="KE")
    # Playwright starts only now, after pytest-django restored the serialized countries: once it
    # runs, Django's connection objects no longer carry that data (see conftest.py).
    browser = start_browser(request)
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
