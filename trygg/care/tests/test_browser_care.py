"""Two siblings find a safe home together, in a real browser, through the pages only.

Achieng (9) and her brother Otieno (12) were rescued from a recruiter their uncle sold them to; a
caseworker has registered them and opened Achieng's case. The village has an SOS family with four
free places. The caseworker logs in with a second factor, requests a placement from the case page
for both children, and completes the necessity and suitability assessment: poverty alone is
refused with its explanation, the trafficking by a family member is accepted. A supervisor, in
another browser, records the panel's decision. The caseworker places the two siblings together in
the proposed SOS family, records a care plan review and a visit by their mother, and the village
dashboard shows two places fewer.

Runs against the live server in Debian's Chromium (see `browser_type_launch_args` in conftest.py).
"""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from trygg.accounts.roles import Role
from trygg.cases.codes import RiskLevel
from trygg.cases.services.case import open_case
from trygg.core import browser_testing
from trygg.core.browser_testing import start_browser, user_with_authenticator
from trygg.geo.models import Country, Programme, Site
from trygg.people import services as people
from trygg.people.models import Gender, Relationship

from ..codes import HomeKind
from ..services.homes import create_home

pytestmark = [
    pytest.mark.browser,
    # Serialized rollback keeps the ISO countries (loaded by a migration) for the tests after this one.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VILLAGE = "SOS Children's Village Kisumu"
HOME = "SOS family Twiga"


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


def the_siblings_and_their_case(kenya, caseworker):
    """Registered by the caseworker earlier, with the sister's case open."""
    today = timezone.localdate()

    def register(given_name, years, gender):
        return people.register_person(
            country=kenya,
            acting_user=caseworker,
            given_name=given_name,
            family_name="Odhiambo",
            gender=gender,
            date_of_birth=today.replace(year=today.year - years) - timedelta(days=60),
        )

    sister = register("Achieng", 9, Gender.FEMININE)
    brother = register("Otieno", 12, Gender.MASCULINE)
    people.add_relationship(
        person=sister, relative=brother, kind=Relationship.Kind.SIBLING, acting_user=caseworker
    )
    case = open_case(child=sister, country=kenya, risk_level=RiskLevel.HIGH, acting_user=caseworker)
    return sister, brother, case


def free_places(page):
    return page.locator('[data-total="free"]')


def see_the_dashboard(page, base_url: str, free: str, occupied: str) -> None:
    page.goto(base_url + reverse("care:placement_list"))
    page.get_by_role("link", name="Village dashboard").click()
    page.get_by_label("Village or provider").select_option(label=VILLAGE)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Village dashboard: {VILLAGE}")
    expect(free_places(page)).to_have_text(free)
    expect(page.locator('[data-total="occupied"]')).to_have_text(occupied)
    row = page.get_by_role("table", name="Places free by home").get_by_role("row", name=re.compile(HOME))
    expect(row.locator('[data-field="free"]')).to_have_text(free)


def request_placement(page, base_url: str, case) -> str:
    page.goto(base_url + reverse("cases:case_detail", kwargs={"uuid": case.uuid}))
    page.get_by_role("link", name="Request a placement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a placement")
    page.get_by_role("checkbox", name=re.compile("Otieno Odhiambo")).check()
    page.get_by_label("Village or provider asked").select_option(label=VILLAGE)
    page.get_by_role("button", name="Request the placement").click()
    expect_message(page, "made.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"Placement request KE-PR-\d{6}"))
    expect(field(page, "children")).to_contain_text("Achieng Odhiambo")
    expect(field(page, "children")).to_contain_text("Otieno Odhiambo")
    return page.url


def complete_the_assessment(page) -> None:
    page.get_by_role("link", name="Complete the assessment").click()
    reasons = page.get_by_role("group", name=re.compile("Why the child cannot stay"))
    # The explanation is on the form before anything is submitted.
    expect(reasons).to_contain_text("Poverty alone is never a reason to take a child into care")
    reasons.get_by_label("Poverty or material hardship").check()
    page.get_by_label("Explanation").fill(
        "The uncle sold both children to a recruiter; the mother could not stop him."
    )
    page.get_by_label("Care by relatives (kinship care)").check()
    page.get_by_label("What was tried, and why it was not enough").fill(
        "The grandmother was asked; she lives with the uncle."
    )
    page.get_by_label("The child's views").fill("Achieng wants to stay with her brother and go to school.")
    page.get_by_role("button", name="Complete the assessment").click()
    error = page.locator("#id_necessity_reasons_error")
    expect(error).to_contain_text("Poverty alone is never a reason to take a child into care")
    reasons = page.get_by_role("group", name=re.compile("Why the child cannot stay"))
    reasons.get_by_label("A family member took part in the trafficking").check()
    page.get_by_role("button", name="Complete the assessment").click()
    expect_message(page, "Assessment completed")
    expect(field(page, "status")).to_have_text("Assessment done: waiting for the panel")


def record_the_panel_decision(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Record the panel's decision").click()
    page.get_by_role("radio", name="Care is necessary and suitable").check()
    page.get_by_label("Panel members").fill("Joseph Mwangi, supervisor\nGrace Wambui, village director")
    page.get_by_label("Reasons for the decision").fill(
        "No safe family option now; the siblings stay together."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect_message(page, "Care found necessary and suitable")
    expect(field(page, "status")).to_have_text("Care found necessary and suitable")


def place_together(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Place the children").click()
    proposed = page.get_by_role("region", name="Proposed homes")
    expect(proposed.get_by_role("row", name=re.compile(HOME))).to_be_visible()
    page.get_by_role("radio", name="All the children together in one home").check()
    page.get_by_role("radio", name=re.compile(f"{HOME} .*proposed")).check()
    page.get_by_label("Type of placement").select_option(label="Long-term")
    page.get_by_label("Care plan goals").fill("Back to school in January\nA call with the mother every week")
    page.get_by_role("button", name="Place", exact=True).click()
    expect_message(page, "2 children placed.")
    placements = page.get_by_role("region", name="Placements")
    expect(placements.get_by_role("listitem")).to_have_count(2)
    expect(placements).to_contain_text(HOME)


def record_a_review(page) -> None:
    page.get_by_role("region", name="Placements").get_by_role("link", name="Achieng Odhiambo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Achieng Odhiambo")
    page.get_by_role("link", name="Record a review").click()
    expect(page.get_by_label("The child took part")).to_be_checked()
    page.get_by_label("The child's views").fill("She likes her SOS mother and wants to join the choir.")
    page.get_by_label("Progress on the care plan's goals").fill("Enrolled at the village school.")
    page.get_by_role("button", name="Record the review").click()
    expect_message(page, "Review recorded.")
    reviews = page.get_by_role("region", name="Reviews")
    expect(reviews).to_contain_text("Enrolled at the village school.")


def record_a_visit(page) -> None:
    page.get_by_role("link", name="Record family contact").click()
    page.get_by_label("Kind of contact").select_option(label="Visit")
    page.get_by_role("radio", name="Happened").check()
    page.get_by_label("With whom").fill("Mary Odhiambo, mother")
    page.get_by_label("Happened on").fill(timezone.localdate().isoformat())
    page.get_by_label("How it went").select_option(label="Went well")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "Family contact recorded.")
    contact = page.get_by_role("region", name="Family contact")
    expect(contact.get_by_role("row", name=re.compile("Mary Odhiambo, mother"))).to_contain_text("Went well")


def test_two_siblings_find_a_safe_home_together(live_server, request):
    ensure_countries()
    kenya = Country.objects.get(code="KE")
    Country.objects.filter(pk=kenya.pk).update(is_operating=True)
    programme = Programme.objects.create(
        country=kenya, name="SOS Kisumu", kind=Programme.Kind.CHILD_PROTECTION
    )
    village = Site.objects.create(
        country=kenya, programme=programme, name=VILLAGE, kind=Site.Kind.CHILDRENS_VILLAGE
    )
    caseworker, caseworker_device = user_with_authenticator(
        "wanjiru.kamau@example.org", "Wanjiru Kamau", Role.CASEWORKER, kenya
    )
    supervisor, supervisor_device = user_with_authenticator(
        "joseph.mwangi@example.org", "Joseph Mwangi", Role.SUPERVISOR, kenya
    )
    director, _device = user_with_authenticator(
        "grace.wambui@example.org", "Grace Wambui", Role.CARE_PROVIDER, kenya
    )
    create_home(
        acting_user=director,
        country=kenya,
        site=village,
        name=HOME,
        kind=HomeKind.SOS_FAMILY,
        capacity=4,
        carer_names="Mama Akinyi",
    )
    _sister, _brother, case = the_siblings_and_their_case(kenya, caseworker)
    # Playwright starts only now, after pytest-django restored the serialized data (see conftest.py).
    browser = start_browser(request)
    base_url = live_server.url

    worker_context, worker = log_in(browser, base_url, caseworker.email, caseworker_device)
    see_the_dashboard(worker, base_url, free="4", occupied="0")
    request_url = request_placement(worker, base_url, case)
    complete_the_assessment(worker)

    supervisor_context, boss = log_in(browser, base_url, supervisor.email, supervisor_device)
    record_the_panel_decision(boss, request_url)
    supervisor_context.close()

    place_together(worker, request_url)
    record_a_review(worker)
    record_a_visit(worker)
    see_the_dashboard(worker, base_url, free="2", occupied="2")
    worker_context.close()
