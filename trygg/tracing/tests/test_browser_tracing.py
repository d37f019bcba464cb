"""A family finds their child, in a real browser, through the pages only.

A caseworker has registered Achieng Odhiambo, about 12. Her mother comes to the office: a tracing
officer logs in with a second factor and files a tracing request, spelling the names the way the
mother says them ("Odiambo", "Achi") and giving an approximate age. The request finds the child at
once; the officer reviews the match field by field, confirms it, records the verification and the
panel's best-interests decision; a supervisor, in another browser, approves the decision; the
officer records the reunification and the first monitoring visit after return.

Runs against the live server in Debian's Chromium (see `browser_type_launch_args` in conftest.py).
"""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from trygg.accounts.roles import Role
from trygg.core import browser_testing
from trygg.core.browser_testing import start_browser, user_with_authenticator
from trygg.geo.models import Country
from trygg.people import services as people
from trygg.people.models import Gender

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback keeps the ISO countries (loaded by a migration) for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def ensure_countries() -> None:
    """The ISO countries, reloaded if a flush emptied them (see the case browser test)."""
    if not Country.objects.filter(code="KE").exists():
        importlib.import_module("trygg.geo.migrations.0002_load_iso_countries").load(apps, None)


def log_in(browser, base_url: str, email: str, device):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    browser_testing.log_in(page, base_url, email, device)
    return context, page


def expect_message(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def field(page, name: str):
    return page.locator(f'dd[data-field="{name}"]')


def register_the_child(kenya, caseworker):
    """Registered by a caseworker earlier; the tracing hook indexes the child for matching."""
    today = timezone.localdate()
    return people.register_person(
        country=kenya,
        acting_user=caseworker,
        given_name="Achieng",
        family_name="Odhiambo",
        gender=Gender.FEMININE,
        date_of_birth=today.replace(year=today.year - 12) - timezone.timedelta(days=60),
    )


def file_request(page) -> None:
    page.get_by_role("link", name="Family tracing").click()
    page.get_by_role("link", name="File a tracing request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("File a tracing request")
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_label("Name of the person asking").fill("Mary Odhiambo")
    page.get_by_label("Relationship to the child").select_option(label="Mother")
    page.get_by_label("Given name").fill("Achieng")
    page.get_by_label("Family name").fill("Odiambo")
    page.get_by_label("Other names and nicknames").fill("Achi")
    page.get_by_label(re.compile(r"^Sex\b")).select_option(label="Female")
    page.get_by_label("Approximate age").fill("12")
    page.get_by_label("Where last seen").fill("Kisumu bus station")
    page.get_by_label("The family consents to the search").check()
    page.get_by_label("Consent given by").fill("Mary Odhiambo, the mother")
    page.get_by_role("button", name="File the request").click()
    expect_message(page, "filed.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"Tracing request KE-T-\d{6}"))
    expect(field(page, "status")).to_have_text("Match proposed")


def review_and_confirm(page, child_reference: str) -> None:
    matches = page.get_by_role("region", name="Possible matches")
    matches.get_by_role("link", name=re.compile(re.escape(child_reference))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Possible match for KE-T-")
    side_by_side = page.get_by_role("region", name="The two records side by side")
    family = side_by_side.get_by_role("row", name=re.compile("^Family name"))
    expect(family).to_contain_text("Odiambo")
    expect(family).to_contain_text("Odhiambo")
    expect(family).to_contain_text("agrees")
    expect(side_by_side.get_by_role("row", name=re.compile("^Given name"))).to_contain_text("Achieng, Achi")
    expect(page.get_by_role("region", name="What contributed to the probability")).to_contain_text(
        "For the match:"
    )
    decide = page.get_by_role("region", name="Confirm or reject the match")
    decide.get_by_role("radio", name="Confirm: this is the child").check()
    decide.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Match confirmed. Verify the relationship next.")
    expect(field(page, "proposal-status")).to_have_text("Confirmed")
    page.get_by_role("link", name=re.compile("Open tracing request KE-T-")).click()
    expect(field(page, "status")).to_have_text("Match confirmed")


def verify(page) -> None:
    page.get_by_role("link", name="Record a verification").click()
    page.get_by_label("Outcome").select_option(label="Relationship confirmed")
    page.get_by_label("Interviews").fill(
        "Mother and child interviewed apart: same village, same school, same baby photo."
    )
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Verification recorded.")
    expect(field(page, "verification-outcome")).to_have_text("Relationship confirmed")


def submit_determination(page) -> str:
    page.get_by_role("link", name="Record the best-interests determination").click()
    page.get_by_label("Panel members").fill("Brian Kiprop, tracing officer\nFaith Chebet, psychologist")
    page.get_by_label("The child's views").fill("She wants to go home to her mother and her school.")
    page.get_by_role("radio", name="Reunify with the family").check()
    page.get_by_label("Reasons").fill("The mother is able and willing; the home visit found it safe.")
    page.get_by_role("button", name="Submit for approval").click()
    expect_message(page, "Best-interests determination submitted for approval.")
    expect(page.get_by_role("note")).to_contain_text("a supervisor other than you approves it")
    return page.url


def approve(page, url: str) -> None:
    page.goto(url)
    decide = page.get_by_role("region", name="Approve or return the determination")
    decide.get_by_role("radio", name="Approve", exact=True).check()
    decide.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Best-interests determination approved.")
    expect(field(page, "determination-status")).to_have_text("Approved")


def reunify(page) -> None:
    page.get_by_role("link", name="Record the reunification").click()
    page.get_by_label("Place").fill("Kisumu, the mother's home")
    page.get_by_label("Accompanied by").fill("Brian Kiprop, tracing officer")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Reunification recorded; monitoring visits scheduled.")
    expect(field(page, "status")).to_have_text("Reunified")
    monitoring = page.get_by_role("region", name="Monitoring after return")
    expect(monitoring.get_by_role("row")).to_have_count(5)  # the header and 1, 3, 6, 12 months


def record_first_visit(page) -> None:
    monitoring = page.get_by_role("region", name="Monitoring after return")
    first = monitoring.get_by_role("row", name=re.compile("^1 month after return"))
    first.get_by_role("link", name=re.compile("Record the visit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring visit 1 month after return")
    page.get_by_label("What the visit found").select_option(label="Settled and safe")
    page.get_by_label("Notes").fill("Back at school; sleeps at home; the mother has work.")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Monitoring visit recorded.")
    row = page.get_by_role("region", name="Monitoring after return").get_by_role(
        "row", name=re.compile("^1 month after return")
    )
    expect(row).to_contain_text("Settled and safe")
    expect(row).to_contain_text("Back at school")


def test_a_family_finds_their_child_and_the_child_goes_home(live_server, request):
    ensure_countries()
    kenya = Country.objects.get(code="KE")
    Country.objects.filter(pk=kenya.pk).update(is_operating=True)
    caseworker, _device = user_with_authenticator(
        "wanjiru.kamau@example.org", "Wanjiru Kamau", Role.CASEWORKER, kenya
    )
    officer, officer_device = user_with_authenticator(
        "brian.kiprop@example.org", "Brian Kiprop", Role.TRACING_OFFICER, kenya
    )
    supervisor, supervisor_device = user_with_authenticator(
        "otieno.odhiambo@example.org", "Otieno Odhiambo", Role.SUPERVISOR, kenya
    )
    child = register_the_child(kenya, caseworker)
    # Playwright starts only now, after pytest-django restored the serialized data (see conftest.py).
    browser = start_browser(request)
    base_url = live_server.url

    officer_context, page = log_in(browser, base_url, officer.email, officer_device)
    file_request(page)
    review_and_confirm(page, child.reference)
    request_url = page.url
    verify(page)
    determination_url = submit_determination(page)

    supervisor_context, boss = log_in(browser, base_url, supervisor.email, supervisor_device)
    approve(boss, determination_url)
    supervisor_context.close()

    page.goto(request_url)
    reunify(page)
    record_first_visit(page)
    assert page.url == base_url + reverse(
        "tracing:request_detail", args=[request_url.rstrip("/").split("/")[-1]]
    )
    officer_context.close()
