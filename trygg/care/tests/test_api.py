"""The care API: homes, gatekeeping from request to placement, life in care, incidents, and the
dashboard's figures. The services' rules answer 400 with their explanation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trygg.audit.models import AuditEvent

from ..codes import NecessityReason, OptionTried, PanelDecision, RequestStatus
from ..dashboard import village_dashboard
from ..models import CareReview, Placement
from ..services import life, placements
from ..services.gatekeeping import POVERTY_ALONE_MESSAGE
from .factories import (
    ASSESSMENT,
    approved_request,
    caseworker,
    director,
    open_case_for,
    placed_child,
    siblings,
    supervisor,
    village_home,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/care"


def today():
    return timezone.localdate()


def assert_no_internal_ids(data):
    """Records travel by UUID: no "id" or "pk" keys anywhere in an answer."""
    if isinstance(data, dict):
        assert not {"id", "pk"} & set(data), data
        for value in data.values():
            assert_no_internal_ids(value)
    elif isinstance(data, list):
        for value in data:
            assert_no_internal_ids(value)


def test_homes_show_places_and_refuse_fewer_places_than_children(world, api_login):
    home = village_home(world, capacity=3)
    placed_child(world, home=home)
    api = api_login(director(world))
    rows = api.get(f"{BASE}/homes/").json()["results"]
    assert [(r["uuid"], r["capacity"], r["occupied"], r["free"]) for r in rows] == [(str(home.uuid), 3, 1, 2)]
    assert rows[0]["country"] == "KE" and rows[0]["site"] == str(world.sites["KE"].uuid)
    assert_no_internal_ids(rows)

    url = f"{BASE}/homes/{home.uuid}/"
    too_few = api.patch(url, {"capacity": 0, "version": home.version}, format="json")
    assert too_few.status_code == 400
    ok = api.patch(url, {"capacity": 5, "version": home.version}, format="json")
    assert ok.status_code == 200 and (ok.json()["capacity"], ok.json()["free"]) == (5, 4)
    assert api.patch(url, {"capacity": 6, "version": home.version}, format="json").status_code == 409


def test_add_a_home_through_the_api(world, api_login):
    api = api_login(director(world))
    body = {
        "country": "KE",
        "site": str(world.sites["KE"].uuid),
        "name": "Family Akinyi",
        "kind": "sos_family",
        "capacity": 6,
        "age_min": 0,
        "age_max": 14,
        "carers": [str(world.user("KE", "sos_parent").uuid)],
    }
    created = api.post(f"{BASE}/homes/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["reference"].startswith("KE-CH-") and (data["occupied"], data["free"]) == (0, 6)
    assert data["carers"] == [str(world.user("KE", "sos_parent").uuid)]
    # A caseworker may not add homes: the same 404 as everything out of reach.
    assert api_login(caseworker(world)).post(f"{BASE}/homes/", body, format="json").status_code == 404


def _request_siblings(world, api):
    children = siblings(world, ages=(9, 12))
    case = open_case_for(world, children[0])
    body = {
        "case": str(case.uuid),
        "children": [str(c.uuid) for c in children],
        "site": str(world.sites["KE"].uuid),
    }
    created = api.post(f"{BASE}/requests/", body, format="json")
    assert created.status_code == 201, created.json()
    return children, created.json()


def test_gatekeeping_from_request_to_placing_siblings_together(world, api_login):
    api = api_login(caseworker(world))
    children, request = _request_siblings(world, api)
    assert request["reference"].startswith("KE-PR-") and request["status"] == RequestStatus.ASSESSING
    assert sorted(request["children"]) == sorted(str(c.uuid) for c in children)
    url = f"{BASE}/requests/{request['uuid']}/"

    # Poverty alone is refused, with the explanation.
    poverty = {
        **ASSESSMENT,
        "necessity_reasons": [NecessityReason.POVERTY],
        "version": request["version"],
    }
    refused = api.post(url + "assessment/", poverty, format="json")
    assert refused.status_code == 400
    assert refused.json()["necessity_reasons"] == [str(POVERTY_ALONE_MESSAGE)]
    assessed = api.post(url + "assessment/", {**ASSESSMENT, "version": request["version"]}, format="json")
    assert assessed.status_code == 200, assessed.json()
    assert assessed.json()["status"] == RequestStatus.AWAITING_PANEL
    assert assessed.json()["options_tried"] == [OptionTried.KINSHIP_CARE]

    decision = {
        "decision": PanelDecision.CARE_NECESSARY,
        "panel_members": "Grace Wambui, supervisor",
        "panel_reasons": "No safe family option.",
        "version": assessed.json()["version"],
    }
    # The caseworker may see the request but the panel's decision is not theirs.
    assert api.post(url + "decision/", decision, format="json").status_code == 403
    approved = api_login(supervisor(world)).post(url + "decision/", decision, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == RequestStatus.APPROVED

    api = api_login(caseworker(world))
    big = village_home(world, name="Family Big", capacity=3)
    small = village_home(world, name="Family Small", capacity=1)
    proposals = api.get(url + "proposals/").json()
    assert [p["home"] for p in proposals] == [str(big.uuid)]  # only one has room for both

    place = {"placement_type": "long_term", "started_on": today().isoformat()}
    apart = [
        {"child": str(children[0].uuid), "home": str(big.uuid)},
        {"child": str(children[1].uuid), "home": str(small.uuid)},
    ]
    separated = api.post(url + "place/", {**place, "homes": apart}, format="json")
    assert separated.status_code == 400 and "separation_reason" in separated.json()
    together = api.post(url + "place/", {**place, "home": str(big.uuid)}, format="json")
    assert together.status_code == 201, together.json()
    rows = together.json()
    assert {r["child"] for r in rows} == {str(c.uuid) for c in children}
    assert {r["home"] for r in rows} == {str(big.uuid)}
    assert rows[0]["next_review_due"] == (today() + timedelta(days=90)).isoformat()
    assert_no_internal_ids(rows)
    assert api.get(url).json()["placements"] and len(api.get(url).json()["placements"]) == 2


def test_capacity_is_never_exceeded_without_an_audited_override(world, api_login):
    children = siblings(world, ages=(8, 10))
    request = approved_request(world, children)
    home = village_home(world, capacity=1)
    url = f"{BASE}/requests/{request.uuid}/place/"
    body = {"placement_type": "long_term", "started_on": today().isoformat(), "home": str(home.uuid)}
    full = api_login(caseworker(world)).post(url, body, format="json")
    assert full.status_code == 400 and "home" in full.json()
    assert not Placement.objects.filter(home=home).exists()
    # A supervisor may override, with a reason; the audit event says so.
    override = api_login(supervisor(world)).post(
        url, {**body, "over_capacity_reason": "The siblings must stay together tonight."}, format="json"
    )
    assert override.status_code == 201, override.json()
    assert AuditEvent.objects.filter(
        object_type="care.placement", detail__capacity_override=True, actor=supervisor(world)
    ).exists()


def test_reviews_contacts_and_restrictions(world, api_login):
    child, placement = placed_child(world)
    api = api_login(caseworker(world))
    review = api.post(
        f"{BASE}/reviews/",
        {
            "placement": str(placement.uuid),
            "reviewed_on": today().isoformat(),
            "progress": "Goes to school every day.",
            "childs_views": "Likes the SOS family.",
        },
        format="json",
    )
    assert review.status_code == 201, review.json()
    assert review.json()["child"] == str(child.uuid)
    detail = api.get(f"{BASE}/placements/{placement.uuid}/").json()
    assert detail["next_review_due"] == (today() + timedelta(days=90)).isoformat()
    absent = api.post(
        f"{BASE}/reviews/",
        {
            "placement": str(placement.uuid),
            "reviewed_on": today().isoformat(),
            "progress": "x",
            "child_took_part": False,
        },
        format="json",
    )
    assert absent.status_code == 400 and "why_child_absent" in absent.json()

    restriction = api.post(
        f"{BASE}/restrictions/",
        {
            "child": str(child.uuid),
            "restricted_name": "Joseph Mwangi",
            "relationship": "uncle",
            "kind": "no_contact",
            "reason": "Sold the child to a recruiter.",
            "valid_from": today().isoformat(),
        },
        format="json",
    )
    assert restriction.status_code == 201, restriction.json()
    assert restriction.json()["in_force"] is True
    visit = {
        "placement": str(placement.uuid),
        "kind": "visit",
        "status": "happened",
        "happened_on": today().isoformat(),
        "outcome": "went_well",
        "with_whom": "Uncle Joseph Mwangi",
    }
    refused = api.post(f"{BASE}/contacts/", visit, format="json")
    assert refused.status_code == 400 and "Sold the child to a recruiter." in str(refused.json())
    mother = api.post(f"{BASE}/contacts/", {**visit, "with_whom": "Mary, the mother"}, format="json")
    assert mother.status_code == 201, mother.json()

    lift_url = f"{BASE}/restrictions/{restriction.json()['uuid']}/lift/"
    assert api.post(lift_url, {"version": 1}, format="json").status_code == 400  # no reason
    lifted = api.post(
        lift_url, {"version": 1, "reason": "The uncle was convicted and is in prison."}, format="json"
    )
    assert lifted.status_code == 200 and lifted.json()["in_force"] is False


def test_planned_contact_then_happened_needs_the_version(world, api_login):
    _child, placement = placed_child(world)
    api = api_login(caseworker(world))
    planned = api.post(
        f"{BASE}/contacts/",
        {
            "placement": str(placement.uuid),
            "kind": "call",
            "status": "planned",
            "planned_for": today().isoformat(),
            "with_whom": "Grandmother",
        },
        format="json",
    ).json()
    url = f"{BASE}/contacts/{planned['uuid']}/"
    happened = {"status": "happened", "happened_on": today().isoformat(), "outcome": "mixed"}
    assert api.patch(url, happened, format="json").status_code == 400
    done = api.patch(url, {**happened, "version": planned["version"]}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "happened"
    assert api.patch(url, {**happened, "version": planned["version"]}, format="json").status_code == 409


def test_move_end_and_aftercare(world, api_login):
    _child, placement = placed_child(world, age=16)
    other = village_home(world, name="Family Other")
    api = api_login(caseworker(world))
    moved = api.post(
        f"{BASE}/placements/{placement.uuid}/move/",
        {
            "version": placement.version,
            "to_home": str(other.uuid),
            "moved_on": today().isoformat(),
            "reason": "Closer to school.",
        },
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    new = moved.json()
    assert new["previous"] == str(placement.uuid) and new["home"] == str(other.uuid)
    assert api.get(f"{BASE}/placements/{placement.uuid}/").json()["leaving_route"] == "moved"
    end_url = f"{BASE}/placements/{new['uuid']}/end/"
    assert (
        api.post(
            end_url,
            {"version": new["version"], "ended_on": today().isoformat(), "route": "moved"},
            format="json",
        ).status_code
        == 400
    )
    ended = api.post(
        end_url,
        {"version": new["version"], "ended_on": today().isoformat(), "route": "reintegration"},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["handed_to_tracing_at"] is not None
    aftercare = api.post(
        f"{BASE}/aftercare/",
        {"placement": new["uuid"], "contacted_on": today().isoformat(), "situation": ["in_education"]},
        format="json",
    )
    assert aftercare.status_code == 201, aftercare.json()
    assert api.get(f"{BASE}/aftercare/", {"placement": new["uuid"]}).json()["count"] == 1


def test_incident_follow_up_and_closing(world, api_login):
    _child, placement = placed_child(world)
    api = api_login(caseworker(world))
    incident = api.post(
        f"{BASE}/incidents/",
        {
            "placement": str(placement.uuid),
            "occurred_on": today().isoformat(),
            "category": "trafficker_contact",
            "severity": "high",
            "description": "A man waited at the school gate and asked for her.",
        },
        format="json",
    )
    assert incident.status_code == 201, incident.json()
    url = f"{BASE}/incidents/{incident.json()['uuid']}/"
    # Following up is the supervisor's (careincident.change).
    action = {
        "action": "Tell the police and the school.",
        "responsible": "Grace",
        "due_on": today().isoformat(),
    }
    assert api.post(url + "actions/", action, format="json").status_code == 404
    api = api_login(supervisor(world))
    with_action = api.post(url + "actions/", action, format="json")
    assert with_action.status_code == 201
    row = with_action.json()["actions"][0]
    close = {"version": with_action.json()["version"], "closing_note": "Police informed."}
    assert api.post(url + "close/", close, format="json").status_code == 400  # an action is open
    done = api.post(
        url + "complete-action/",
        {"action": row["uuid"], "version": row["version"], "done_on": today().isoformat()},
        format="json",
    )
    assert done.status_code == 200 and done.json()["actions"][0]["done_on"] == today().isoformat()
    closed = api.post(url + "close/", close, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_reads_are_audited_with_the_child(world, api_login):
    child, placement = placed_child(world)
    api = api_login(caseworker(world))
    assert api.get(f"{BASE}/placements/{placement.uuid}/").status_code == 200
    read = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_uuid=placement.uuid).get()
    assert read.actor == caseworker(world)
    assert AuditEvent.objects.concerning(child.uuid).filter(pk=read.pk).exists()
    assert api.get(f"{BASE}/placements/").status_code == 200
    listed = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH, detail__model="care.placement").get()
    assert listed.detail["results"] == [str(placement.uuid)]
    assert AuditEvent.objects.concerning(child.uuid).filter(pk=listed.pk).exists()


def test_the_dashboard_gives_the_same_figures(world, api_login):
    home = village_home(world, capacity=3, age_max=11)
    placed_child(world, home=home, age=4)
    _child, overdue = placed_child(world, home=home, age=8, started_on=today() - timedelta(days=120))
    api = api_login(director(world))
    site = world.sites["KE"]
    answer = api.get(f"{BASE}/dashboard/", {"site": str(site.uuid)})
    assert answer.status_code == 200
    data = answer.json()
    assert data == village_dashboard(director(world), site=site).as_dict()
    assert data["totals"] == {"homes": 1, "capacity": 3, "occupied": 2, "free": 1}
    assert data["reviews_overdue"] == {"count": 1, "placements": [str(overdue.uuid)]}
    assert {row["band"]: row["children"] for row in data["children_by_age"]}["0_5"] == 1
    # Codes and numbers only: no names of homes or children.
    assert home.name not in answer.content.decode()
    before = data["totals"]["free"]
    placed_child(world, home=home, age=6, given_name="Zawadi")
    assert api.get(f"{BASE}/dashboard/", {"site": str(site.uuid)}).json()["totals"]["free"] == before - 1


LISTS = ("homes", "requests", "placements", "restrictions", "reviews", "contacts", "incidents", "aftercare")


def _list_queries(api, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"{BASE}/{name}/").status_code == 200, name
    return len(queries)


def _life_of(world, placement):
    """A review, a contact, a restriction and an incident for the placement."""
    user = caseworker(world)
    placements.record_review(placement, acting_user=user, reviewed_on=today(), progress="Fine.")
    life.record_family_contact(
        placement, acting_user=user, kind="call", status="planned", planned_for=today(), with_whom="Mother"
    )
    life.add_contact_restriction(
        placement.child,
        acting_user=user,
        restricted_name="Recruiter",
        kind="no_contact",
        reason="Recruited the child.",
        valid_from=today(),
    )
    life.report_incident(
        placement,
        acting_user=user,
        occurred_on=today(),
        category="bullying",
        severity="low",
        description="Teased.",
    )


def test_list_endpoints_run_a_constant_number_of_queries(world, api_login):
    home = village_home(world, capacity=10)
    _child, first = placed_child(world, home=home, age=5)
    _life_of(world, first)
    api = api_login(supervisor(world))
    one = {name: _list_queries(api, name) for name in LISTS}
    for i in range(3):
        _child, placement = placed_child(world, home=home, age=6 + i, given_name=f"Child{i}")
        _life_of(world, placement)
    many = {name: _list_queries(api, name) for name in LISTS}
    assert many == one
    assert max(one.values()) <= 16, one


def test_review_count_unchanged_by_a_refused_review(world, api_login):
    """A service refusal leaves nothing behind: a review before the placement started is refused."""
    _child, placement = placed_child(world)
    before = CareReview.objects.count()
    api = api_login(caseworker(world))
    early = api.post(
        f"{BASE}/reviews/",
        {
            "placement": str(placement.uuid),
            "reviewed_on": (placement.started_on - timedelta(days=1)).isoformat(),
            "progress": "x",
        },
        format="json",
    )
    assert early.status_code == 400 and "reviewed_on" in early.json()
    assert CareReview.objects.count() == before
