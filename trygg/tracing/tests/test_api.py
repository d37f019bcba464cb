"""The tracing API: file, consent, match, review, the steps after a match, batch runs, settings."""

import pytest
from django.utils import timezone

from trygg.accounts.roles import Role

from ..codes import RequestStatus
from ..models import MatchProposal, MonitoringVisit, TracingRequest
from .factories import file, match, officer, register_child, supervisor, verified

pytestmark = pytest.mark.django_db

BASE = "/api/v1/tracing"


def test_file_a_request_record_consent_and_match(world, api_login, django_capture_on_commit_callbacks):
    child = register_child(world)
    api = api_login(officer(world))
    body = {
        "country": "KE",
        "requester_name": "Mary Odhiambo",
        "requester_relationship": "mother",
        "given_name": "Achieng",
        "family_name": "Odhiambo",
        "sex": "Feminine",
        "approximate_age": 12,
        "languages": ["luo"],
    }
    created = api.post(f"{BASE}/requests/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (
        data["reference"].startswith("KE-T-")
        and data["status"] == "open"
        and data["consent_to_trace"] is False
    )
    url = f"{BASE}/requests/{data['uuid']}/"
    assert api.post(url + "match/").status_code == 400  # no consent yet

    with django_capture_on_commit_callbacks(execute=True):
        consented = api.post(
            url + "consent/", {"version": data["version"], "given_by": "the mother"}, format="json"
        )
    assert consented.status_code == 200 and consented.json()["consent_to_trace"] is True
    # Matching ran after the commit (a task, in-process here).
    assert api.get(url).json()["status"] == "match_proposed"
    matches = api.get(f"{BASE}/matches/", {"request": data["uuid"]}).json()["results"]
    assert [m["child"] for m in matches] == [str(child.uuid)]


def test_update_needs_the_version_and_refuses_a_stale_one(world, api_login):
    request = file(world)
    api = api_login(officer(world))
    url = f"{BASE}/requests/{request.uuid}/"
    assert api.patch(url, {"family_name": "Odiambo"}, format="json").status_code == 400
    ok = api.patch(url, {"family_name": "Odiambo", "version": request.version}, format="json")
    assert ok.status_code == 200 and ok.json()["family_name"] == "Odiambo"
    assert api.patch(url, {"family_name": "X", "version": request.version}, format="json").status_code == 409
    assert (
        api.patch(url, {"country": "NP", "version": ok.json()["version"]}, format="json").status_code == 400
    )


def test_confirm_reject_and_share_through_the_api(world, api_login):
    register_child(world)
    twin = register_child(world, other_names="Achi")
    request = file(world)
    match(request)
    api = api_login(officer(world))
    rows = api.get(f"{BASE}/matches/").json()["results"]
    assert len(rows) == 2 and all(row["child_visible"] for row in rows)
    other = next(r for r in rows if r["child"] == str(twin.uuid))
    keep = next(r for r in rows if r["child"] != str(twin.uuid))
    no_reason = api.post(
        f"{BASE}/matches/{other['uuid']}/reject/", {"version": other["version"]}, format="json"
    )
    assert no_reason.status_code == 400
    rejected = api.post(
        f"{BASE}/matches/{other['uuid']}/reject/",
        {"version": other["version"], "reason": "Twin"},
        format="json",
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    shared = api.post(
        f"{BASE}/matches/{keep['uuid']}/share/",
        {"fields": ["given_name", "contact"], "consented_by": "the child"},
        format="json",
    )
    assert shared.status_code == 200 and shared.json()["shared"]["given_name"] == "Achieng"
    assert (
        api.post(
            f"{BASE}/matches/{keep['uuid']}/share/", {"fields": ["uuid"], "consented_by": "x"}, format="json"
        ).status_code
        == 400
    )
    confirmed = api.post(
        f"{BASE}/matches/{keep['uuid']}/confirm/", {"version": keep["version"]}, format="json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert api.get(f"{BASE}/requests/{request.uuid}/").json()["status"] == "match_confirmed"


def test_after_the_match_through_the_api(world, api_login):
    request, _child, _proposal = verified(world)
    worker = api_login(officer(world))
    created = worker.post(
        f"{BASE}/best-interests/",
        {
            "request": str(request.uuid),
            "panel_members": "A\nB",
            "childs_views": "Wants to go home.",
            "decision": "reunify",
            "reasons": "Safe.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    determination = created.json()
    own = worker.post(
        f"{BASE}/best-interests/{determination['uuid']}/approve/",
        {"version": determination["version"]},
        format="json",
    )
    assert own.status_code == 403

    from rest_framework.test import APIClient

    from trygg.core.testing import verified_login

    boss = APIClient()
    verified_login(boss, supervisor(world))
    approved = boss.post(
        f"{BASE}/best-interests/{determination['uuid']}/approve/",
        {"version": determination["version"]},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    reunified = worker.post(
        f"{BASE}/reunifications/",
        {
            "request": str(request.uuid),
            "reunified_on": timezone.localdate().isoformat(),
            "place": "Kisumu",
            "accompanied_by": "Brian",
        },
        format="json",
    )
    assert reunified.status_code == 201, reunified.json()
    visits = worker.get(f"{BASE}/monitoring-visits/", {"request": str(request.uuid)}).json()["results"]
    assert [v["months_after"] for v in visits] == [1, 3, 6, 12]
    first = visits[0]
    recorded = worker.patch(
        f"{BASE}/monitoring-visits/{first['uuid']}/",
        {"version": first["version"], "visited_on": timezone.localdate().isoformat(), "outcome": "settled"},
        format="json",
    )
    assert recorded.status_code == 200 and recorded.json()["outcome"] == "settled"
    assert MonitoringVisit.objects.filter(visited_on__isnull=False).count() == 1
    assert TracingRequest.objects.get().status == RequestStatus.REUNIFIED


def test_verification_through_the_api(world, api_login):
    from .factories import confirmed

    request, _child, _proposal = confirmed(world)
    api = api_login(officer(world))
    empty = api.post(
        f"{BASE}/verifications/",
        {
            "request": str(request.uuid),
            "outcome": "confirmed",
            "verified_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert empty.status_code == 400
    ok = api.post(
        f"{BASE}/verifications/",
        {
            "request": str(request.uuid),
            "outcome": "confirmed",
            "verified_on": timezone.localdate().isoformat(),
            "interviews": "Both name the same school.",
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["verified_by"] == officer(world).full_name


def test_a_caseworker_files_but_does_not_review(world, api_login):
    register_child(world)
    api = api_login(world.user("KE", Role.CASEWORKER))
    created = api.post(
        f"{BASE}/requests/",
        {
            "country": "KE",
            "requester_name": "M",
            "requester_relationship": "father",
            "given_name": "Achieng",
            "family_name": "Odhiambo",
            "approximate_age": 12,
            "consent_to_trace": True,
            "consent_given_by": "the father",
        },
        format="json",
    )
    assert created.status_code == 201
    match(TracingRequest.objects.get(uuid=created.json()["uuid"]))
    proposal = MatchProposal.objects.get()
    assert (
        api.post(f"{BASE}/matches/{proposal.uuid}/confirm/", {"version": 1}, format="json").status_code == 403
    )
    assert (
        api.patch(f"{BASE}/requests/{created.json()['uuid']}/", {"version": 1}, format="json").status_code
        == 404
    )
    assert (
        api_login(world.user("KE", Role.ANALYST)).post(f"{BASE}/requests/", {}, format="json").status_code
        == 404
    )


def test_batch_runs_and_settings_through_the_api(world, api_login, django_capture_on_commit_callbacks):
    api = api_login(officer(world))
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(f"{BASE}/batch-runs/", {"country": "KE"}, format="json")
    assert created.status_code == 201
    assert api.get(f"{BASE}/batch-runs/{created.json()['uuid']}/").json()["status"] == "done"
    assert api.post(f"{BASE}/batch-runs/", {"country": "NP"}, format="json").status_code == 400

    admin = api_login(world.user("KE", Role.COUNTRY_ADMINISTRATOR))
    assert admin.get(f"{BASE}/settings/KE/").json()["monitoring_months"] == [1, 3, 6, 12]
    changed = admin.put(
        f"{BASE}/settings/KE/",
        {"match_threshold": 0.6, "duplicate_threshold": 0.85, "monitoring_months": [1, 6]},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["monitoring_months"] == [1, 6]
    assert admin.get(f"{BASE}/settings/NP/").status_code == 404
    assert [row["country"] for row in admin.get(f"{BASE}/settings/").json()] == ["KE"]


@pytest.mark.parametrize("endpoint", ["requests", "matches", "monitoring-visits"])
def test_lists_cost_the_same_whatever_their_length(world, api_login, django_assert_max_num_queries, endpoint):
    api = api_login(officer(world))
    register_child(world)
    match(file(world))
    url = f"{BASE}/{endpoint}/"
    api.get(url)
    with django_assert_max_num_queries(20) as few:
        api.get(url)
    for n in range(4):
        register_child(world, other_names=f"Nick{n}")
    for _ in range(3):
        match(file(world))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(url)
    assert response.status_code == 200


def test_the_schema_lists_the_tracing_endpoints(world, api_login):
    paths = api_login(officer(world)).get("/api/v1/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/tracing/requests/",
        "/api/v1/tracing/requests/{uuid}/consent/",
        "/api/v1/tracing/matches/{uuid}/confirm/",
        "/api/v1/tracing/best-interests/{uuid}/approve/",
        "/api/v1/tracing/monitoring-visits/{uuid}/",
        "/api/v1/tracing/batch-runs/",
        "/api/v1/tracing/settings/{code}/",
    ):
        assert path in paths, path
