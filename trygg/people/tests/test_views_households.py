"""Household pages: search, record, register, edit, members."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.geo.tests.factories import LocationFactory
from trygg.people import services
from trygg.people.models import Household, HouseholdMember
from trygg.people.tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

LIST = reverse("people:household_list")


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def household(world, caseworker):
    return services.register_household(country=world.ke, acting_user=caseworker, name="Otieno")


def url(name, obj):
    return reverse(name, kwargs={"uuid": obj.uuid})


def test_household_search_ignores_accents_and_finds_references(world, login, caseworker):
    accented = HouseholdFactory(country=world.ke, name="Ñguyen")
    other = HouseholdFactory(country=world.ke, name="Kamau")
    HouseholdFactory(country=world.np, name="Nguyen")
    client = login(caseworker)
    assert list(client.get(LIST, {"q": "nguyen"}).context["object_list"]) == [accented]
    assert list(client.get(LIST, {"q": other.reference}).context["object_list"]) == [other]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).first()  # newest first
    assert event.detail["results"] == [str(other.uuid)] and event.detail["model"] == "people.household"


def test_household_list_counts_members_and_answers_htmx_with_results(world, login, caseworker):
    member = HouseholdMemberFactory(household=HouseholdFactory(country=world.ke, name="Wafula"))
    response = login(caseworker).get(LIST, {"q": "wafula"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and member.household.reference in html
    assert response.context["object_list"][0].member_count == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_household_list_queries_do_not_grow(world, login, caseworker, django_assert_max_num_queries, rows):
    for _ in range(rows):
        HouseholdMemberFactory(household=HouseholdFactory(country=world.ke, site=world.sites["KE"]))
    client = login(caseworker)
    client.get(LIST)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == rows


def test_household_list_is_not_for_analysts(world, login):
    assert login(world.user("KE", Role.ANALYST)).get(LIST).status_code == 404


def test_household_page_shows_members_with_links_and_is_audited(world, login, caseworker, household):
    child = PersonFactory(country=world.ke, given_name="Pendo")
    services.add_household_member(household, person=child, role="child", acting_user=caseworker)
    response = login(caseworker).get(url("people:household_detail", household))
    html = response.content.decode()
    assert "Pendo" in html and url("people:person_detail", child) in html and "Child" in html
    assert url("people:household_member_add", household) in html
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_uuid=household.uuid).exists()
    listed = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).get()
    assert listed.detail["results"] == [str(child.uuid)]


def test_register_a_household(world, login, caseworker):
    place = LocationFactory(country=world.ke, name="Kisumu")
    response = login(caseworker).post(
        reverse("people:household_create"),
        {
            "country": "KE",
            "name": "Achieng",
            "site": str(world.sites["KE"].uuid),
            "location": str(place.uuid),
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == url("people:household_detail", household)
    assert (household.reference, household.location, household.site) == (
        "KE-H-000001",
        place,
        world.sites["KE"],
    )


def test_register_a_household_refuses_bad_input(world, login, caseworker):
    nepali_place = LocationFactory(country=world.np, name="Pokhara")
    response = login(caseworker).post(
        reverse("people:household_create"), {"country": "KE", "name": "", "location": str(nepali_place.uuid)}
    )
    assert response.status_code == 400
    assert {"name", "location"} <= set(response.context["form"].errors)
    assert not Household.objects.exists()


def test_edit_household_and_conflict(world, login, caseworker, household):
    client = login(caseworker)
    edit = url("people:household_edit", household)
    assert 'name="version" value="1"' in client.get(edit).content.decode()
    assert client.post(edit, {"name": "Otieno-Odhiambo", "version": 1}).status_code == 302
    response = client.post(edit, {"name": "Late", "version": 1})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    household.refresh_from_db()
    assert (household.name, household.version) == ("Otieno-Odhiambo", 2)


def test_add_a_member_by_reference(world, login, caseworker, household):
    child = PersonFactory(country=world.ke)
    response = login(caseworker).post(
        url("people:household_member_add", household),
        {"person": child.reference, "role": "child", "joined_on": "2024-05-01"},
    )
    assert response.status_code == 302
    member = HouseholdMember.objects.get()
    assert (member.person, member.role, str(member.joined_on)) == (child, "child", "2024-05-01")


@pytest.mark.parametrize("which", ["other_country", "unknown", "twice"])
def test_add_member_refuses_persons_that_cannot_be_added(world, login, caseworker, household, which):
    existing = PersonFactory(country=world.ke)
    services.add_household_member(household, person=existing, role="head", acting_user=caseworker)
    reference = {
        "other_country": PersonFactory(country=world.np).reference,
        "unknown": "KE-P-424242",
        "twice": existing.reference,
    }[which]
    response = login(caseworker).post(
        url("people:household_member_add", household), {"person": reference, "role": "child"}
    )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    assert HouseholdMember.objects.count() == 1


def test_remove_a_member(world, login, caseworker, household):
    member = services.add_household_member(
        household, person=PersonFactory(country=world.ke), role="child", acting_user=caseworker
    )
    client = login(caseworker)
    remove = url("people:household_member_remove", member)
    assert client.get(remove).status_code == 200
    response = client.post(remove, {"left_on": "2025-01-31"})
    assert response.status_code == 302 and response["Location"] == url("people:household_detail", household)
    member.refresh_from_db()
    assert member.is_deleted and str(member.left_on) == "2025-01-31"


@pytest.mark.parametrize(
    "name", ["people:household_detail", "people:household_edit", "people:household_member_add"]
)
def test_other_country_gets_404_on_every_household_page(world, login, household, name):
    client = login(world.user("NP", Role.SUPERVISOR))
    assert client.get(url(name, household)).status_code == 404
    response = client.post(url(name, household), {"name": "X", "version": 1, "role": "child"})
    assert response.status_code in {404, 405}
    household.refresh_from_db()
    assert household.version == 1 and household.name == "Otieno"


def test_other_country_gets_404_on_member_removal(world, login, caseworker, household):
    member = services.add_household_member(
        household, person=PersonFactory(country=world.ke), role="child", acting_user=caseworker
    )
    client = login(world.user("NP", Role.CASEWORKER))
    assert client.get(url("people:household_member_remove", member)).status_code == 404
    assert client.post(url("people:household_member_remove", member), {}).status_code == 404
    assert not HouseholdMember.objects.get(pk=member.pk).is_deleted


def test_therapist_reads_but_cannot_change_households(world, login, household):
    client = login(world.user("KE", Role.THERAPIST))
    html = client.get(url("people:household_detail", household)).content.decode()
    assert url("people:household_edit", household) not in html
    assert client.get(url("people:household_edit", household)).status_code == 404
    assert client.get(reverse("people:household_create")).status_code == 404
