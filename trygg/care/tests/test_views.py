"""Care pages: gatekeeping from the case page to the placement, homes and the village dashboard,
who sees what, choices limited to what the user may see, and the cost of the lists.

Life in a placement (reviews, contact, restrictions, moves, leaving care, incidents) is in
test_views_life.py.
"""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent

from ..codes import NecessityReason, OptionTried, RequestStatus
from ..models import CareHome, Placement, PlacementRequest
from ..services.gatekeeping import POVERTY_ALONE_MESSAGE
from .factories import (
    approved_request,
    assessed,
    caseworker,
    director,
    open_case_for,
    placed_child,
    register_child,
    requested,
    siblings,
    sos_parent,
    supervisor,
    village_home,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()

ASSESSMENT_FORM = {
    "necessity_reasons": [NecessityReason.FAMILY_INVOLVED_IN_TRAFFICKING],
    "necessity_explanation": "The uncle sold the children to a recruiter; the mother could not protect them.",
    "options_tried": [OptionTried.KINSHIP_CARE],
    "options_explanation": "The grandmother was asked; she lives with the uncle.",
    "childs_views": "Wants to stay with her brother and go to school.",
    "suitability": "An SOS family near the school.",
}


def text(response) -> str:
    return response.content.decode()


def other(login, user):
    """A second client, logged in as another user."""
    return login(user, the_client=Client())


# --- the case page and the request ------------------------------------------------------------------


def test_the_case_page_offers_a_placement_request_to_those_who_may_ask(world, login):
    child = register_child(world)
    case = open_case_for(world, child)
    url = reverse("cases:case_detail", kwargs={"uuid": case.uuid})
    create = reverse("care:request_create") + f"?case={case.uuid}"
    assert create in text(login(caseworker(world)).get(url))
    # A tracing officer reads cases and placements but does not ask for care.
    assert create not in text(other(login, world.user("KE", Role.TRACING_OFFICER)).get(url))


def test_a_caseworker_requests_care_for_a_child_and_her_brother(world, login):
    sister, brother = siblings(world)
    case = open_case_for(world, sister)
    client = login(caseworker(world))
    url = reverse("care:request_create") + f"?case={case.uuid}"
    page = text(client.get(url))
    assert "Otieno Odhiambo" in page  # the brother, offered because of the sibling relationship
    response = client.post(url, {"siblings": [str(brother.uuid)], "site": str(world.sites["KE"].uuid)})
    request = PlacementRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("care:request_detail", args=[request.uuid])
    assert set(request.children.all()) == {sister, brother} and request.status == RequestStatus.ASSESSING
    detail = client.get(response.url)
    assert "Otieno Odhiambo" in text(detail) and "Complete the assessment" in text(detail)
    assert AuditEvent.objects.filter(object_uuid=request.uuid, action="view").exists()


def test_a_request_from_a_case_of_another_country_is_not_found(world, login):
    case = open_case_for(world, register_child(world))
    client = login(caseworker(world, "NP"))
    assert client.get(reverse("care:request_create") + f"?case={case.uuid}").status_code == 404
    assert client.get(reverse("care:request_create") + "?case=not-a-uuid").status_code == 404
    assert client.get(reverse("care:request_create")).status_code == 404


def test_another_countrys_child_is_never_added_by_reference(world, login):
    child = register_child(world)
    nepali = register_child(world, "NP", given_name="Sita", family_name="Rai")
    case = open_case_for(world, child)
    client = login(caseworker(world))
    response = client.post(
        reverse("care:request_create") + f"?case={case.uuid}", {"other_children": nepali.reference}
    )
    assert response.status_code == 400 and not PlacementRequest.objects.exists()
    assert nepali.reference in text(response) and "is in your scope in this country" in text(response)


# --- gatekeeping ---------------------------------------------------------------------------------------


def test_the_assessment_form_explains_before_and_refuses_poverty_alone(world, login):
    request = requested(world, siblings(world))
    client = login(caseworker(world))
    url = reverse("care:request_assessment", args=[request.uuid])
    explanation = str(POVERTY_ALONE_MESSAGE)
    form = text(client.get(url))
    # Shown as the reasons' help text: the user knows before submitting.
    help_text = re.search(r'<div class="helptext" id="id_necessity_reasons_helptext">(.*?)</div>', form, re.S)
    assert "UN Guidelines" in explanation and html.unescape(help_text.group(1)).strip() == explanation

    response = client.post(
        url, {**ASSESSMENT_FORM, "necessity_reasons": [NecessityReason.POVERTY], "version": request.version}
    )
    assert response.status_code == 400
    errors = re.search(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', text(response), re.S).group(1)
    assert "Poverty alone is never a reason" in errors
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSESSING and not request.necessity_reasons


def test_the_assessment_then_the_panel_approve_care(world, login):
    request = requested(world, siblings(world))
    client = login(caseworker(world))
    response = client.post(
        reverse("care:request_assessment", args=[request.uuid]),
        {**ASSESSMENT_FORM, "version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_PANEL
    # The panel's decision is for a supervisor or the village director, not the caseworker.
    decision = reverse("care:request_decision", args=[request.uuid])
    assert client.get(decision).status_code == 404
    boss = other(login, supervisor(world))
    assert boss.get(decision).status_code == 200
    response = boss.post(
        decision,
        {
            "decision": "care_necessary",
            "panel_members": "Grace Wambui, supervisor\nPeter Mwangi, village director",
            "panel_reasons": "No safe family option.",
            "version": request.version,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    page = text(boss.get(reverse("care:request_detail", args=[request.uuid])))
    assert "Care is necessary and suitable" in page and "Peter Mwangi, village director" in page


def test_a_stale_assessment_is_a_conflict(world, login):
    request = requested(world, siblings(world))
    assessed_version = request.version
    assessed(world, request)
    response = login(caseworker(world)).post(
        reverse("care:request_assessment", args=[request.uuid]),
        {**ASSESSMENT_FORM, "version": assessed_version},
    )
    assert response.status_code == 409


def test_sos_parents_never_see_placement_requests(world, login):
    request = requested(world, siblings(world))
    client = login(sos_parent(world))
    assert client.get(reverse("care:request_detail", args=[request.uuid])).status_code == 404
    assert client.get(reverse("care:request_list")).status_code == 404


# --- placing the children -------------------------------------------------------------------------------


def test_the_place_page_proposes_homes_for_the_whole_group_and_places_them_together(world, login):
    children = siblings(world)
    request = approved_request(world, children)
    small = village_home(world, capacity=1, name="SOS family Small")
    big = village_home(world, capacity=4, name="SOS family Twiga")
    nepali = village_home(world, "NP", capacity=6, name="SOS family Nepal")
    client = login(caseworker(world))
    url = reverse("care:request_place", args=[request.uuid])
    page = text(client.get(url))
    proposed = page.split('id="proposed-heading"')[1].split("</section>")[0]
    assert "SOS family Twiga" in proposed and "SOS family Small" not in proposed
    assert "SOS family Nepal" not in page and str(nepali.uuid) not in page
    # A caseworker may not override capacity: the field is not offered.
    assert "over_capacity_reason" not in page

    response = client.post(
        url,
        {
            "arrangement": "together",
            "home": str(big.uuid),
            "placement_type": "long_term",
            "started_on": TODAY,
            "care_plan_goals": "Back to school\nWeekly call with the mother",
        },
    )
    assert response.status_code == 302, text(response)
    placements = Placement.objects.filter(request=request)
    assert {p.child for p in placements} == set(children) and {p.home for p in placements} == {big}
    assert not small.placements.exists()


def test_placing_siblings_apart_needs_the_reason(world, login):
    children = siblings(world)
    request = approved_request(world, children)
    first, second = village_home(world, name="SOS family A"), village_home(world, name="SOS family B")
    client = login(caseworker(world))
    url = reverse("care:request_place", args=[request.uuid])
    data = {
        "arrangement": "separately",
        "home_0": str(first.uuid),
        "home_1": str(second.uuid),
        "placement_type": "long_term",
        "started_on": TODAY,
    }
    response = client.post(url, data)
    assert response.status_code == 400 and not Placement.objects.exists()
    assert "separation_reason" in text(response)
    response = client.post(url, {**data, "separation_reason": "The boy needs a home for teenagers."})
    assert response.status_code == 302
    assert {p.home for p in Placement.objects.all()} == {first, second}
    assert all(p.separation_reason for p in Placement.objects.all())


def test_only_a_supervisor_gets_the_capacity_override_and_it_is_audited(world, login):
    children = siblings(world)
    request = approved_request(world, children)
    full = village_home(world, capacity=1, name="SOS family Full")
    url = reverse("care:request_place", args=[request.uuid])
    boss = login(supervisor(world))
    page = text(boss.get(url))
    assert 'name="over_capacity_reason"' in page
    data = {
        "arrangement": "together",
        "home": str(full.uuid),
        "placement_type": "long_term",
        "started_on": TODAY,
    }
    refused = boss.post(url, data)
    assert refused.status_code == 400 and not Placement.objects.exists()
    response = boss.post(url, {**data, "over_capacity_reason": "Night rescue; the other homes are far away."})
    assert response.status_code == 302
    assert Placement.objects.filter(home=full).count() == 2
    assert AuditEvent.objects.filter(detail__capacity_override=True).exists()


def test_a_request_with_every_child_placed_sends_the_place_page_back(world, login):
    child, placement = placed_child(world)
    response = login(caseworker(world)).get(reverse("care:request_place", args=[placement.request.uuid]))
    assert response.status_code == 302 and response.url == reverse(
        "care:request_detail", args=[placement.request.uuid]
    )


# --- homes and the dashboard ------------------------------------------------------------------------


def test_the_village_director_registers_and_changes_a_home(world, login):
    client = login(director(world))
    form = text(client.get(reverse("care:home_create")))
    assert html.escape(world.sites["KE"].name) in form and html.escape(world.sites["NP"].name) not in form
    assert sos_parent(world).full_name in form and sos_parent(world, "NP").full_name not in form
    response = client.post(
        reverse("care:home_create"),
        {
            "country": "KE",
            "site": str(world.sites["KE"].uuid),
            "name": "SOS family Twiga",
            "kind": "sos_family",
            "capacity": "5",
            "age_min": "0",
            "age_max": "17",
            "carer_names": "Mama Grace",
            "carers": [str(sos_parent(world).uuid)],
        },
    )
    home = CareHome.objects.get()
    assert response.status_code == 302 and response.url == reverse("care:home_detail", args=[home.uuid])
    assert home.reference.startswith("KE-CH-") and list(home.carers.all()) == [sos_parent(world)]
    edit = reverse("care:home_edit", args=[home.uuid])
    response = client.post(
        edit,
        {
            "site": str(world.sites["KE"].uuid),
            "name": "SOS family Twiga",
            "kind": "sos_family",
            "capacity": "6",
            "age_min": "0",
            "age_max": "17",
            "carer_names": "Mama Grace",
            "is_active": "on",
            "version": home.version,
        },
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.capacity == 6
    assert other(login, caseworker(world)).get(edit).status_code == 404
    assert (
        other(login, director(world, "NP")).get(reverse("care:home_detail", args=[home.uuid])).status_code
        == 404
    )


def test_a_home_page_shows_its_places_carers_and_children(world, login):
    parent = sos_parent(world)
    home = village_home(world, capacity=3, carers=[parent], name="SOS family Twiga")
    child, _placement = placed_child(world, home=home)
    page = text(login(parent).get(reverse("care:home_detail", args=[home.uuid])))
    assert "SOS family Twiga" in page and child.full_name in page and parent.full_name in page
    assert re.search(r'data-field="free">\s*2\b', page)
    # An SOS parent of another home does not see this one.
    from trygg.core.testing import make_user

    stranger = make_user("other.parent@example.org", full_name="Other parent")
    stranger.memberships.create(role=Role.SOS_PARENT, country=world.ke)
    assert other(login, stranger).get(reverse("care:home_detail", args=[home.uuid])).status_code == 404


def test_the_dashboard_counts_free_places_and_answers_404_for_another_countrys_village(world, login):
    home = village_home(world, capacity=4)
    placed_child(world, home=home)
    client = login(director(world))
    page = text(client.get(reverse("care:dashboard"), {"site": str(world.sites["KE"].uuid)}))
    assert re.search(r'data-total="free">3<', page) and re.search(r'data-total="occupied">1<', page)
    assert client.get(reverse("care:dashboard"), {"site": str(world.sites["NP"].uuid)}).status_code == 404
    assert client.get(reverse("care:dashboard"), {"site": "not-a-uuid"}).status_code == 404
    assert other(login, world.user("KE", Role.ANALYST)).get(reverse("care:dashboard")).status_code == 404


def test_care_settings_for_the_country_administrator_only(world, login):
    client = login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    url = reverse("care:settings_edit", args=["KE"])
    assert client.get(url).status_code == 200
    data = {
        "emergency_assessment_hours": "48",
        "review_interval_days": "90",
        "stability_moves": "3",
        "stability_window_days": "365",
        "aftercare_interval_days": "60",
    }
    assert client.post(url, data).status_code == 302
    assert "48" in text(client.get(reverse("care:settings")))
    too_rare = client.post(url, {**data, "review_interval_days": "120"})
    assert too_rare.status_code == 400 and "three months" in text(too_rare)
    assert client.get(reverse("care:settings_edit", args=["NP"])).status_code == 404
    assert other(login, caseworker(world)).get(url).status_code == 404


# --- navigation, language, cost ------------------------------------------------------------------------


def test_the_care_link_shows_for_carers_and_caseworkers_only(world, login):
    link = f'href="{reverse("care:placement_list")}"'
    assert link in text(login(sos_parent(world)).get(reverse("core:home")))
    assert link in text(other(login, caseworker(world)).get(reverse("core:home")))
    assert link not in text(other(login, world.user("KE", Role.ANALYST)).get(reverse("core:home")))


def test_the_placement_list_is_shown_in_norwegian(world, login):
    placed_child(world)
    client = login(caseworker(world))
    client.cookies["trygg_language"] = "nb"
    page = text(client.get(reverse("care:placement_list")))
    assert 'lang="nb"' in page
    assert "Barn i omsorg" in page and "Neste gjennomgang" in page


@pytest.mark.parametrize(
    "url_name,grow",
    [
        ("care:placement_list", "placements"),
        ("care:request_list", "requests"),
        ("care:home_list", "homes"),
    ],
)
def test_list_pages_cost_the_same_whatever_their_length(
    world, login, django_assert_max_num_queries, url_name, grow
):
    def add(n):
        for i in range(n):
            if grow == "homes":
                village_home(world, name=f"SOS family {i}")
            elif grow == "requests":
                requested(world, [register_child(world, given_name=f"Child{i}")])
            else:
                placed_child(world, given_name=f"Child{i}")

    add(1)
    client = login(caseworker(world) if grow != "homes" else director(world))
    url = reverse(url_name)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_lists_show_only_the_users_country(world, login):
    _child, placement = placed_child(world)
    nepali_child, _nepali = placed_child(world, "NP", given_name="Sita")
    page = text(login(caseworker(world)).get(reverse("care:placement_list")))
    assert placement.child.full_name in page and nepali_child.full_name not in page
    assert str(placement.uuid) in page
