"""The households, household-members and relationships API."""

import pytest

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.geo.models import Site
from trygg.geo.tests.factories import LocationFactory
from trygg.people import services
from trygg.people.models import Household, HouseholdMember, Relationship
from trygg.people.tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    RelationshipFactory,
)

HOUSEHOLDS = "/api/v1/households/"
MEMBERS = "/api/v1/household-members/"
RELATIONSHIPS = "/api/v1/relationships/"


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def household(world, caseworker):
    return services.register_household(country=world.ke, acting_user=caseworker, name="Otieno")


def at(base, obj, query=""):
    return f"{base}{obj.uuid}/{query}"


# --- households -------------------------------------------------------------------------------


def test_household_crud(world, api_login, caseworker):
    client = api_login(caseworker)
    place = LocationFactory(country=world.ke)
    created = client.post(
        HOUSEHOLDS,
        {
            "country": "KE",
            "name": "Achieng",
            "location": str(place.uuid),
            "site": str(world.sites["KE"].uuid),
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["reference"] == "KE-H-000001" and data["members"] == [] and data["version"] == 1
    household = Household.objects.get()
    assert client.patch(at(HOUSEHOLDS, household), {"name": "X"}, format="json").status_code == 400
    changed = client.patch(
        at(HOUSEHOLDS, household), {"name": "Achieng-Odhiambo", "version": 1}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert (
        client.patch(at(HOUSEHOLDS, household), {"name": "Late", "version": 1}, format="json").status_code
        == 409
    )
    assert client.delete(at(HOUSEHOLDS, household, "?version=2")).status_code == 404  # caseworker: no delete
    supervisor = api_login(world.user("KE", Role.SUPERVISOR))
    assert supervisor.delete(at(HOUSEHOLDS, household, "?version=2")).status_code == 204
    assert Household.objects.filter(pk=household.pk, is_deleted=True).exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"country": "NP", "name": "A"}, "country"),
        ({"country": "KE", "name": ""}, "name"),
        ({"country": "KE", "name": "A", "site": "SITE_NP"}, "site"),
    ],
)
def test_household_bad_input(world, api_login, caseworker, payload, field):
    if payload.get("site") == "SITE_NP":
        payload["site"] = str(world.sites["NP"].uuid)
    response = api_login(caseworker).post(HOUSEHOLDS, payload, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Household.objects.exists()


def test_household_lists_its_visible_members(world, api_login, caseworker, household):
    child = PersonFactory(country=world.ke)
    member = services.add_household_member(household, person=child, role="child", acting_user=caseworker)
    client = api_login(caseworker)
    data = client.get(at(HOUSEHOLDS, household)).json()
    assert data["members"] == [
        {
            "uuid": str(member.uuid),
            "person": str(child.uuid),
            "person_reference": child.reference,
            "role": "child",
            "joined_on": None,
        }
    ]
    assert client.get(HOUSEHOLDS, {"q": "otieno"}).json()["results"][0]["members"][0]["person"] == str(
        child.uuid
    )


def test_household_filters(world, api_login, caseworker):
    other_site = Site.objects.create(country=world.ke, name="Office", kind=Site.Kind.OFFICE)
    accented = HouseholdFactory(country=world.ke, name="Müller", site=other_site)
    HouseholdFactory(country=world.ke, name="Kamau")
    client = api_login(caseworker)

    def found(**params):
        return [row["uuid"] for row in client.get(HOUSEHOLDS, params).json()["results"]]

    assert found(q="muller") == [str(accented.uuid)]
    assert found(site=str(other_site.uuid)) == [str(accented.uuid)]
    assert len(found(country="KE")) == 2 and found(country="NP") == []


# --- household members ------------------------------------------------------------------------


def test_add_and_remove_a_member(world, api_login, caseworker, household):
    child = PersonFactory(country=world.ke)
    client = api_login(caseworker)
    response = client.post(
        MEMBERS,
        {
            "household": str(household.uuid),
            "person": str(child.uuid),
            "role": "child",
            "joined_on": "2024-01-02",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    member = HouseholdMember.objects.get()
    assert response.json()["uuid"] == str(member.uuid)
    again = client.post(
        MEMBERS, {"household": str(household.uuid), "person": str(child.uuid), "role": "child"}, format="json"
    )
    assert again.status_code == 400 and "person" in again.json()
    assert client.delete(at(MEMBERS, member, "?left_on=yesterday")).status_code == 400
    assert client.delete(at(MEMBERS, member, "?left_on=2025-02-03")).status_code == 204
    member.refresh_from_db()
    assert member.is_deleted and str(member.left_on) == "2025-02-03"
    assert client.get(MEMBERS).json()["results"] == []


@pytest.mark.parametrize("which", ["person", "household", "role"])
def test_member_bad_input(world, api_login, caseworker, household, which):
    payload = {
        "household": str(household.uuid),
        "person": str(PersonFactory(country=world.ke).uuid),
        "role": "child",
    }
    if which == "person":
        payload["person"] = str(PersonFactory(country=world.np).uuid)
    elif which == "household":
        payload["household"] = str(HouseholdFactory(country=world.np).uuid)
    else:
        payload["role"] = "pet"
    response = api_login(caseworker).post(MEMBERS, payload, format="json")
    assert response.status_code == 400 and which in response.json()
    assert not HouseholdMember.objects.exists()


def test_members_cannot_be_changed_in_place(world, api_login, caseworker):
    member = HouseholdMemberFactory()
    response = api_login(caseworker).patch(at(MEMBERS, member), {"role": "head"}, format="json")
    assert response.status_code == 405


# --- relationships ----------------------------------------------------------------------------


def test_relationship_crud(world, api_login, caseworker):
    child, mother = PersonFactory(country=world.ke), PersonFactory(country=world.ke)
    client = api_login(caseworker)
    created = client.post(
        RELATIONSHIPS,
        {"person": str(child.uuid), "relative": str(mother.uuid), "kind": "mother"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    rel = Relationship.objects.get()
    assert (rel.person, rel.relative, rel.kind) == (child, mother, "mother")
    assert client.get(RELATIONSHIPS, {"person": str(child.uuid)}).json()["count"] == 1
    assert client.get(RELATIONSHIPS, {"relative": str(child.uuid)}).json()["count"] == 0
    changed = client.patch(
        at(RELATIONSHIPS, rel), {"is_primary_caregiver": True, "version": 1}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["is_primary_caregiver"] is True
    moved = client.patch(
        at(RELATIONSHIPS, rel),
        {"relative": str(PersonFactory(country=world.ke).uuid), "version": 2},
        format="json",
    )
    assert moved.status_code == 400 and "relative" in moved.json()
    assert client.delete(at(RELATIONSHIPS, rel, "?version=1")).status_code == 409
    assert client.delete(at(RELATIONSHIPS, rel, "?version=2")).status_code == 204
    assert not Relationship.objects.alive().exists()


@pytest.mark.parametrize("which", ["self", "other_country", "kind"])
def test_relationship_bad_input(world, api_login, caseworker, which):
    child = PersonFactory(country=world.ke)
    relative = {"self": child, "other_country": PersonFactory(country=world.np)}.get(which) or PersonFactory(
        country=world.ke
    )
    payload = {
        "person": str(child.uuid),
        "relative": str(relative.uuid),
        "kind": "pet" if which == "kind" else "aunt_uncle",
    }
    response = api_login(caseworker).post(RELATIONSHIPS, payload, format="json")
    assert response.status_code == 400
    assert ("kind" if which == "kind" else "relative") in response.json()
    assert not Relationship.objects.exists()


def test_relationships_to_hidden_persons_are_not_listed(world, api_login):
    from trygg.accounts.models import Membership
    from trygg.core.testing import make_user

    site_a = world.sites["KE"]
    site_b = Site.objects.create(country=world.ke, name="Other", kind=Site.Kind.OFFICE)
    visible = RelationshipFactory(person=PersonFactory(country=world.ke, site=site_a))
    hidden = RelationshipFactory(
        person=PersonFactory(country=world.ke, site=site_a),
        relative=PersonFactory(country=world.ke, site=site_b),
    )
    user = make_user("sos.parent@example.org")
    Membership.objects.create(user=user, role=Role.CARE_PROVIDER, country=world.ke, site=site_a)
    # The default relative lands outside site A too: give it the site.
    visible.relative.site = site_a
    visible.relative.save()
    client = api_login(user)
    assert [row["uuid"] for row in client.get(RELATIONSHIPS).json()["results"]] == [str(visible.uuid)]
    assert client.get(at(RELATIONSHIPS, hidden)).status_code == 404


# --- scope and audit for every endpoint --------------------------------------------------------


@pytest.fixture
def kenyan_records(world):
    member = HouseholdMemberFactory(household=HouseholdFactory(country=world.ke))
    return {
        HOUSEHOLDS: member.household,
        MEMBERS: member,
        RELATIONSHIPS: RelationshipFactory(person=PersonFactory(country=world.ke)),
    }


@pytest.mark.parametrize("base", [HOUSEHOLDS, MEMBERS, RELATIONSHIPS])
def test_other_country_gets_404(world, api_login, kenyan_records, base):
    record = kenyan_records[base]
    client = api_login(world.user("NP", Role.SUPERVISOR))
    assert client.get(base).json()["results"] == []
    assert client.get(at(base, record)).status_code == 404
    assert client.patch(at(base, record), {"version": 1, "name": "X"}, format="json").status_code in {
        404,
        405,
    }
    assert client.delete(at(base, record, "?version=1")).status_code == 404
    record.refresh_from_db()
    assert record.version == 1 and not record.is_deleted


@pytest.mark.parametrize("base", [HOUSEHOLDS, MEMBERS, RELATIONSHIPS])
def test_analysts_see_nothing(world, api_login, kenyan_records, base):
    client = api_login(world.user("KE", Role.ANALYST))
    assert client.get(base).json()["results"] == []
    assert client.get(at(base, kenyan_records[base])).status_code == 404


@pytest.mark.parametrize("base", [HOUSEHOLDS, MEMBERS, RELATIONSHIPS])
def test_each_list_is_one_audit_event(world, api_login, caseworker, kenyan_records, base):
    response = api_login(caseworker).get(base)
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert event.detail["results"] == [row["uuid"] for row in response.json()["results"]] != []


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("base", [HOUSEHOLDS, MEMBERS, RELATIONSHIPS])
def test_list_queries_do_not_grow(world, api_login, caseworker, django_assert_max_num_queries, base, rows):
    for _ in range(rows):
        household = HouseholdFactory(country=world.ke, site=world.sites["KE"])
        HouseholdMemberFactory(household=household)
        HouseholdMemberFactory(household=household)
        RelationshipFactory(person=PersonFactory(country=world.ke))
    client = api_login(caseworker)
    with django_assert_max_num_queries(15):
        response = client.get(base)
    assert response.json()["count"] >= rows
