"""A child's case from registration to closure in a real browser, through the pages only.

A caseworker logs in with a second factor, registers a child, opens a case, records consent,
screens the child against the indicator checklist and sees the result with the answers that led
to it, assesses, drafts and submits a case plan; a supervisor, in another browser, approves it;
the caseworker moves the case to implementation, records a follow-up and asks to close the case;
the supervisor approves the closure and the case reads Closed.

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
from trygg.cases.indicator_data import load_default_indicators
from trygg.cases.models import IndicatorList
from trygg.core import browser_testing
from trygg.core.browser_testing import start_browser, user_with_authenticator
from trygg.geo.models import Country, Programme, Site

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback keeps the ISO countries and the shipped indicator list (both loaded by
    # migrations) for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SITE_NAME = "Nairobi drop-in centre"


def ensure_migration_data() -> None:
    """The ISO countries and the shipped indicator list, reloaded if a flush emptied them.

    Serialized rollback restores them only while Django's connection objects are the ones
    pytest-django serialized on; once another browser test started Playwright they are not.
    """
    if not Country.objects.filter(code="KE").exists():
        importlib.import_module("trygg.geo.migrations.0002_load_iso_countries").load(apps, None)
    if not IndicatorList.objects.filter(is_active=True, is_deleted=False).exists():
        load_default_indicators()


def log_in(browser, base_url: str, email: str, device):
    """A new browser context (its own cookies) logged in with e-mail, password and TOTP code."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    browser_testing.log_in(page, base_url, email, device)
    return context, page


def field(page, name: str):
    """The value shown for `name` in the case page's summary."""
    return page.locator(f'dd[data-field="{name}"]')


def expect_message(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def move_case(page, stage: str) -> None:
    page.get_by_label("Move the case to").select_option(label=stage)
    page.get_by_role("button", name="Move the case", exact=True).click()
    expect_message(page, "The case moved to its new stage.")
    expect(field(page, "stage")).to_have_text(stage)


def answer(page, dimension: str, indicator: str, value: str) -> None:
    group = page.get_by_role("group", name=dimension, exact=True)
    row = group.get_by_role("group", name=re.compile("^" + re.escape(indicator)))
    row.get_by_label(value, exact=True).check()


def register_child(page) -> str:
    """The caseworker registers a 14-year-old and lands on the person page; returns its URL."""
    page.get_by_role("link", name="Persons").click()
    page.get_by_role("link", name="Register a person").click()
    page.get_by_label("Country").select_option(label="Kenya")
    page.get_by_label("Site").select_option(label=SITE_NAME)
    page.get_by_label("Given name").fill("Achieng")
    page.get_by_label("Family name").fill("Odhiambo")
    page.get_by_label("Estimated age").fill("14")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Achieng Odhiambo")
    expect_message(page, "registered.")
    return page.url


def open_case(page) -> str:
    """From the person page, open a high-risk case; returns the case page's URL."""
    cases = page.get_by_role("region", name="Child protection cases")
    expect(cases.get_by_text("No case you can see.")).to_be_visible()
    cases.get_by_role("link", name="Open a case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    expect(page.get_by_label("Child's reference")).not_to_be_empty()
    page.get_by_label("Risk level").select_option(label="High")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"Case KE-\d{4}-\d+"))
    expect(field(page, "stage")).to_have_text("Identification and registration")
    expect(field(page, "status")).to_have_text("Active")
    expect(field(page, "risk")).to_contain_text("High")
    return page.url


def record_consent(page) -> None:
    still_needed = page.get_by_role("region", name="What you can do").get_by_text(
        re.compile("^Record a consent to registration")
    )
    expect(still_needed).to_be_visible()
    consent = page.get_by_role("region", name="Consent and legal basis")
    expect(consent.get_by_role("note")).to_contain_text("cannot go beyond identification")
    consent.get_by_role("link", name="Record consent or assent").click()
    page.get_by_label("Given by").select_option(label="A parent or caregiver")
    page.get_by_label("Consent or assent").select_option(label="Consent")
    page.get_by_label("Does the person consent (or assent) to the interview?").check()
    page.get_by_label("Has the person been told the purpose of the interview?").check()
    page.get_by_label("Has the person been told the actual and potential use of the data gathered?").check()
    expect(page.get_by_label("Registration and case management")).to_be_checked()
    page.get_by_role("button", name="Record", exact=True).click()
    expect_message(page, "Consent recorded.")
    consent = page.get_by_role("region", name="Consent and legal basis")
    expect(consent.locator('[data-purpose="registration"]')).to_have_text(
        "Registration and case management: allowed"
    )
    expect(consent.get_by_role("note")).to_have_count(0)
    expect(still_needed).to_have_count(0)


def screen_child(page) -> None:
    """Act (recruitment) + exploitative conditions (1 strong + 1 medium): a presumed victim."""
    identification = page.get_by_role("region", name="Trafficking identification")
    identification.get_by_role("link", name="Screen for trafficking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trafficking screening")
    page.get_by_role("group", name="The act").get_by_label("Recruitment").check()
    exploitation = "Exploitative conditions of work"
    answer(page, exploitation, "Excessive working days or hours", "Yes")
    answer(page, exploitation, "Low or no salary", "Yes")
    answer(page, "Deceptive recruitment", "Deceived about conditions of work", "No")
    page.get_by_role("button", name="Record the screening").click()

    expect_message(page, "Screening recorded: Presumed victim of trafficking.")
    expect(page.locator("[data-outcome]")).to_have_text(re.compile("Presumed victim of trafficking"))
    reasons = page.get_by_role("region", name="Why: which answers led to the result")
    expect(reasons.get_by_text("The act is established: Recruitment")).to_be_visible()
    expect(
        reasons.get_by_text("Exploitation is indicated: Exploitative conditions of work is positive.")
    ).to_be_visible()
    positive = reasons.get_by_role("row", name=re.compile("^" + exploitation))
    expect(positive).to_contain_text("Positive")
    expect(positive).to_contain_text("Rule met: 1 strong + 1 medium or weak")
    expect(positive).to_contain_text("Excessive working days or hours")
    expect(positive).to_contain_text("Low or no salary")
    negative = reasons.get_by_role("row", name=re.compile("^Deceptive recruitment"))
    expect(negative).to_contain_text("Negative")
    # Every answer is listed, including the "no".
    answers = page.get_by_role("region", name="All answers")
    no_row = answers.get_by_role("row", name=re.compile("^Deceived about conditions of work"))
    expect(no_row.get_by_role("cell", name="No", exact=True)).to_be_visible()


def assess(page) -> None:
    assessment = page.get_by_role("region", name="Assessment", exact=True)
    assessment.get_by_role("link", name="Assess the child's situation").click()
    page.get_by_label(re.compile(r"^Safety\b")).select_option(label="Serious concern")
    page.get_by_label("Notes on safety").fill("The employer knows where the child sleeps.")
    page.get_by_label(re.compile(r"^Education\b")).select_option(label="Some concern")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Assessment saved.")
    page.get_by_role("link", name="Complete the assessment").click()
    page.get_by_role("button", name="Complete the assessment").click()
    expect_message(page, "Assessment completed.")
    expect(page.get_by_role("region", name="Assessment", exact=True)).to_contain_text("Completed on")


def plan_and_submit(page) -> None:
    plan = page.get_by_role("region", name="Case plan", exact=True)
    plan.get_by_role("link", name="Draft a case plan").click()
    page.get_by_label("Summary").fill("Keep the child safe and back in school.")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Case plan drafted.")

    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Domain").select_option(label="Education")
    page.get_by_label("Goal").fill("Back in school by the next term.")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Goal added.")

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label(re.compile(r"^Action\b")).fill("Enrol the child at the local primary school.")
    page.get_by_label("Responsible staff member").select_option(label="Wanjiru Kamau")
    page.get_by_label(re.compile(r"^Due\b")).fill(
        (timezone.localdate() + timezone.timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Action added.")
    expect(page.get_by_text("Back in school by the next term.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Enrol the child"))).to_contain_text("Wanjiru Kamau")

    page.get_by_role("button", name="Submit for approval").click()
    expect_message(page, "Case plan submitted for approval.")
    expect(page.get_by_role("note")).to_contain_text("another supervisor decides on it")


def approve_plan(page, base_url: str, reference: str) -> None:
    page.goto(base_url + reverse("cases:approvals"))
    page.get_by_role("link", name=f"Plan for {reference}").click()
    page.get_by_role("radio", name="Approve").check()
    page.get_by_label("Comment").fill("Agreed; check the enrolment at the follow-up.")
    page.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Case plan approved.")
    expect(page.get_by_text(re.compile("Status: Approved"))).to_be_visible()


def record_follow_up(page) -> None:
    follow_ups = page.get_by_role("region", name="Follow-ups")
    follow_ups.get_by_role("link", name="Record a follow-up").click()
    page.get_by_label("Date of the contact").fill(timezone.localdate().isoformat())
    page.get_by_label("Type of contact").select_option(label="Home visit")
    page.get_by_label("Findings").fill("Enrolled; attends every day.")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Follow-up recorded.")
    row = page.get_by_role("region", name="Follow-ups").get_by_role("row", name=re.compile("Home visit"))
    expect(row).to_contain_text("Enrolled; attends every day.")


def request_closure(page) -> None:
    page.get_by_text("Ask to close the case").click()
    page.get_by_label("Why close the case").select_option(label="Case plan goals achieved")
    page.get_by_label("Note for the supervisor").fill("Settled at school and at home.")
    page.get_by_role("button", name="Ask for closure").click()
    expect_message(page, "Closure requested; a supervisor will decide.")
    expect(field(page, "closure-request")).to_contain_text("Case plan goals achieved")


def approve_closure(page, base_url: str, reference: str) -> None:
    page.goto(base_url + reverse("cases:approvals"))
    page.get_by_role("link", name=f"Closure of {reference}").click()
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Decision recorded.")
    expect(field(page, "status")).to_have_text("Closed")
    expect(field(page, "closed")).to_contain_text("approved by Joseph Mwangi")


def test_a_case_from_registration_to_closure_in_the_browser(live_server, request):
    ensure_migration_data()
    kenya = Country.objects.get(code="KE")
    Country.objects.filter(pk=kenya.pk).update(is_operating=True)
    programme = Programme.objects.create(
        country=kenya, name="Child protection Nairobi", kind=Programme.Kind.CHILD_PROTECTION
    )
    Site.objects.create(country=kenya, programme=programme, name=SITE_NAME, kind=Site.Kind.OFFICE)
    caseworker, caseworker_device = user_with_authenticator(
        "wanjiru.kamau@example.org", "Wanjiru Kamau", Role.CASEWORKER, kenya
    )
    supervisor, supervisor_device = user_with_authenticator(
        "joseph.mwangi@example.org", "Joseph Mwangi", Role.SUPERVISOR, kenya
    )
    # Playwright starts only now, after pytest-django restored the serialized data (see conftest.py).
    browser = start_browser(request)
    base_url = live_server.url

    worker_context, worker = log_in(browser, base_url, caseworker.email, caseworker_device)
    register_child(worker)
    case_url = open_case(worker)
    reference = re.search(r"KE-\d{4}-\d+", worker.get_by_role("heading", level=1).inner_text()).group(0)

    record_consent(worker)
    screen_child(worker)

    worker.goto(case_url)
    identification = worker.get_by_role("region", name="Trafficking identification")
    expect(identification.locator("[data-outcome]")).to_have_text(re.compile("Presumed victim"))
    move_case(worker, "Assessment")
    assess(worker)
    move_case(worker, "Case planning")
    plan_and_submit(worker)

    supervisor_context, boss = log_in(browser, base_url, supervisor.email, supervisor_device)
    approve_plan(boss, base_url, reference)

    worker.goto(case_url)
    move_case(worker, "Implementation")
    record_follow_up(worker)
    request_closure(worker)

    approve_closure(boss, base_url, reference)
    supervisor_context.close()

    worker.goto(case_url)
    expect(field(worker, "status")).to_have_text("Closed")
    expect(worker.get_by_role("heading", level=1)).to_contain_text("Closed")
    expect(worker.get_by_role("heading", name="What you can do")).to_have_count(0)
    worker_context.close()
