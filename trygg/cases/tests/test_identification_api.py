"""API of trafficking identification: screenings, profiles, route events, indicators and rules."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.indicator_data import load_default_indicators
from trygg.cases.models import Indicator, Screening, TraffickingProfile
from trygg.cases.services import identification as services
from trygg.cases.tests.factories_identification import kenyan_case, screen, small_list

EXPLOITED = ["ec_strong_1", "ec_medium_1"]
NO_TRAFFICKING_PERMISSION = [Role.THERAPIST, Role.TRACING_OFFICER, Role.DATA_PROTECTION_OFFICER]


@pytest.fixture
def indicators(db):
    return small_list()


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def screened(world, indicators, caseworker):
    case = kenyan_case(world)
    screening = screen(case, caseworker, yes=EXPLOITED, notes="Works nights at the quarry")
    services.save_trafficking_profile(
        case, acting_user=caseworker, types_of_exploitation=["ForcedCriminality"], non_punishment=True
    )
    services.save_trafficking_profile(
        case,
        acting_user=world.user("KE", Role.SUPERVISOR),
        expected_version=1,
        type_of_sex_exploitation=["Pornography"],
    )
    event = services.add_trafficking_event(
        case, acting_user=caseworker, kind="Recruitment", event_country=world.ke, place_text="Bus station"
    )
    return case, screening, event


def _answers(*codes):
    return [{"indicator": code, "answer": "yes", "note": ""} for code in codes]


def test_a_caseworker_records_a_screening_and_gets_its_reasons(world, indicators, caseworker, api_login):
    case = kenyan_case(world)
    client = api_login(caseworker)
    response = client.post(
        "/api/v1/screenings/",
        {
            "case": str(case.uuid),
            "indicator_list": indicators.code,
            "acts": ["transportation"],
            "answers": [*_answers(*EXPLOITED), {"indicator": "cd_weak_1", "answer": "no", "note": "Asked"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "presumed_victim" and body["restricted"] is False
    exploitation = next(
        d for d in body["result"]["dimensions"] if d["dimension"] == "exploitative_conditions"
    )
    assert exploitation["positive"] is True
    assert exploitation["combination"] == {"strong": 1, "medium": 0, "weak": 0, "medium_or_weak": 1}
    assert [i["code"] for i in exploitation["indicators"]] == EXPLOITED
    assert body["result"]["means"] == [] and body["result"]["is_child"] is True
    assert len(body["answers"]) == indicators.indicators.count()
    assert {
        "indicator": "cd_weak_1",
        "dimension": "coercion_at_destination",
        "strength": "weak",
    }.items() <= next(a for a in body["answers"] if a["indicator"] == "cd_weak_1").items()

    corrected = client.patch(
        f"/api/v1/screenings/{body['uuid']}/", {"version": 1, "acts": [], "answers": []}, format="json"
    )
    assert corrected.status_code == 200
    assert corrected.json()["outcome"] == "indicators_present" and corrected.json()["version"] == 2
    stale = client.patch(f"/api/v1/screenings/{body['uuid']}/", {"version": 1, "notes": "x"}, format="json")
    assert stale.status_code == 409


@pytest.mark.parametrize(
    "change,field",
    [
        ({"answers": _answers("no_such_indicator")}, "answers"),
        ({"acts": ["kidnap"]}, "acts"),
        ({"indicator_list": "missing"}, "indicator_list"),
        ({"case": "00000000-0000-0000-0000-000000000000"}, "case"),
        ({"screened_at": (timezone.now() + timedelta(days=1)).isoformat()}, "screened_at"),
    ],
)
def test_screening_errors_name_the_field(world, indicators, caseworker, api_login, change, field):
    case = kenyan_case(world)
    data = {"case": str(case.uuid), "indicator_list": indicators.code} | change
    response = api_login(caseworker).post("/api/v1/screenings/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Screening.objects.exists()


@pytest.mark.parametrize("role", NO_TRAFFICKING_PERMISSION)
def test_without_the_permission_records_are_listed_as_restricted(screened, world, api_login, role):
    case, screening, event = screened
    client = api_login(world.user("KE", role))
    for url in (
        f"/api/v1/screenings/?case={case.uuid}",
        f"/api/v1/trafficking-events/?case={case.uuid}",
        f"/api/v1/trafficking-profiles/?case={case.uuid}",
    ):
        rows = client.get(url).json()["results"]
        assert len(rows) == 1, url
        row = rows[0]
        assert row["restricted"] is True and row["case"] == str(case.uuid)
        assert all(value is None for name, value in row.items() if name not in ("uuid", "case", "restricted"))
    for url in (
        f"/api/v1/screenings/{screening.uuid}/",
        f"/api/v1/trafficking-events/{event.uuid}/",
        f"/api/v1/trafficking-profiles/{case.uuid}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        for secret in (
            "presumed",
            "quarry",
            "ForcedCriminality",
            "Pornography",
            "Bus station",
            "exploitative",
        ):
            assert secret not in text, (url, secret)
    # Writing is not found for them.
    assert (
        client.patch(f"/api/v1/screenings/{screening.uuid}/", {"version": 1}, format="json").status_code
        == 404
    )
    assert (
        client.patch(f"/api/v1/trafficking-profiles/{case.uuid}/", {"notes": "x"}, format="json").status_code
        == 404
    )
    assert client.post("/api/v1/screenings/", {"case": str(case.uuid)}, format="json").status_code == 404


def test_a_caseworker_sees_the_content_but_not_the_type_of_sexual_exploitation(screened, world, api_login):
    case, _screening, _event = screened
    caseworker = api_login(world.user("KE", Role.CASEWORKER))
    profile = caseworker.get(f"/api/v1/trafficking-profiles/{case.uuid}/").json()
    assert profile["restricted"] is False and profile["recorded"] is True
    assert profile["types_of_exploitation"] == ["ForcedCriminality"] and profile["non_punishment"] is True
    assert profile["type_of_sex_exploitation"] is None
    assert profile["restricted_fields"] == ["type_of_sex_exploitation"]
    # Sending the profile back as read changes nothing hidden; sending a value is refused.
    back = caseworker.put(f"/api/v1/trafficking-profiles/{case.uuid}/", profile, format="json")
    assert back.status_code == 200, back.json()
    refused = caseworker.patch(
        f"/api/v1/trafficking-profiles/{case.uuid}/",
        {"version": back.json()["version"], "type_of_sex_exploitation": ["Prostitution"]},
        format="json",
    )
    assert refused.status_code == 400 and "type_of_sex_exploitation" in refused.json()
    assert TraffickingProfile.objects.get(case=case).type_of_sex_exploitation == ["Pornography"]
    supervisor = api_login(world.user("KE", Role.SUPERVISOR))
    seen = supervisor.get(f"/api/v1/trafficking-profiles/{case.uuid}/").json()
    assert seen["type_of_sex_exploitation"] == ["Pornography"] and seen["restricted_fields"] == []


def test_a_profile_is_recorded_by_put_and_then_needs_its_version(world, caseworker, api_login):
    case = kenyan_case(world)
    client = api_login(caseworker)
    url = f"/api/v1/trafficking-profiles/{case.uuid}/"
    empty = client.get(url).json()
    assert (empty["recorded"], empty["uuid"], empty["version"]) == (False, None, None)
    created = client.put(
        url,
        {"trafficking_status": "PossibleVictimOfTrafficking", "recruitment_methods": ["AbductedFromStreet"]},
        format="json",
    )
    assert created.status_code == 200, created.json()
    assert created.json()["version"] == 1 and created.json()["decided_by"] == str(caseworker.uuid)
    assert client.patch(url, {"notes": "x"}, format="json").status_code == 400
    bad = client.patch(url, {"version": 1, "methods_of_control": ["Magic"]}, format="json")
    assert bad.status_code == 400 and "methods_of_control" in bad.json()
    assert client.patch(url, {"version": 1, "notes": "first"}, format="json").status_code == 200
    assert client.patch(url, {"version": 1, "notes": "second"}, format="json").status_code == 409


def test_route_events_through_the_api(world, caseworker, api_login):
    case = kenyan_case(world)
    client = api_login(caseworker)
    today = timezone.localdate()
    later = client.post(
        "/api/v1/trafficking-events/",
        {"case": str(case.uuid), "kind": "Exploitation", "country": "IN", "started_on": str(today)},
        format="json",
    )
    assert later.status_code == 201, later.json()
    earlier = client.post(
        "/api/v1/trafficking-events/",
        {
            "case": str(case.uuid),
            "kind": "Recruitment",
            "country": "NP",
            "place_text": "Village",
            "started_on": str(today - timedelta(days=30)),
        },
        format="json",
    )
    assert earlier.status_code == 201
    rows = client.get(f"/api/v1/trafficking-events/?case={case.uuid}").json()["results"]
    assert [row["kind"] for row in rows] == ["Recruitment", "Exploitation"]
    bad = client.patch(
        f"/api/v1/trafficking-events/{later.json()['uuid']}/",
        {"version": 1, "ended_on": str(today - timedelta(days=3))},
        format="json",
    )
    assert bad.status_code == 400 and "ended_on" in bad.json()
    missing = client.post(
        "/api/v1/trafficking-events/", {"case": str(case.uuid), "kind": "Transit"}, format="json"
    )
    assert missing.status_code == 400 and "country" in missing.json()
    assert client.delete(f"/api/v1/trafficking-events/{earlier.json()['uuid']}/").status_code == 400
    assert client.delete(f"/api/v1/trafficking-events/{earlier.json()['uuid']}/?version=1").status_code == 204
    assert len(client.get(f"/api/v1/trafficking-events/?case={case.uuid}").json()["results"]) == 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEM_ADMINISTRATOR])
def test_another_countrys_users_get_404_on_every_endpoint(screened, world, api_login, role):
    case, screening, event = screened
    client = api_login(world.user("NP", role))
    for url in (
        f"/api/v1/screenings/{screening.uuid}/",
        f"/api/v1/trafficking-events/{event.uuid}/",
        f"/api/v1/trafficking-profiles/{case.uuid}/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {"version": 1, "notes": "x"}, format="json").status_code == 404, url
    assert client.delete(f"/api/v1/trafficking-events/{event.uuid}/?version=1").status_code == 404
    for url in ("/api/v1/screenings/", "/api/v1/trafficking-events/", "/api/v1/trafficking-profiles/"):
        assert client.get(f"{url}?case={case.uuid}").json()["results"] == [], url
    created = client.post(
        "/api/v1/screenings/", {"case": str(case.uuid), "indicator_list": "test_list"}, format="json"
    )
    assert created.status_code in (400, 404)
    assert Screening.objects.count() == 1


def test_reads_are_audited(screened, world, api_login):
    case, screening, _event = screened
    client = api_login(world.user("KE", Role.CASEWORKER))
    client.get(f"/api/v1/screenings/{screening.uuid}/")
    client.get(f"/api/v1/screenings/?case={case.uuid}")
    assert AuditEvent.objects.filter(object_uuid=screening.uuid, action="view").exists()
    assert AuditEvent.objects.filter(action="search", detail__results=[str(screening.uuid)]).exists()


def test_list_endpoints_run_a_constant_number_of_queries(
    world, indicators, caseworker, api_login, django_assert_max_num_queries
):
    # The same bound with 3 rows and with 30 rows, for a reader who sees the content and one who
    # sees only that the records exist.
    recorded = 0
    for total in (3, 30):
        while recorded < total:
            case = kenyan_case(world)
            screen(case, caseworker, yes=EXPLOITED[: recorded % 3])
            services.add_trafficking_event(
                case, acting_user=caseworker, kind="Transit", event_country=world.ke
            )
            services.save_trafficking_profile(case, acting_user=caseworker, notes="n")
            recorded += 1
        for role in (Role.CASEWORKER, Role.THERAPIST):
            client = api_login(world.user("KE", role))
            for url in (
                "/api/v1/screenings/",
                "/api/v1/trafficking-events/",
                "/api/v1/trafficking-profiles/",
            ):
                with django_assert_max_num_queries(16):
                    response = client.get(f"{url}?page_size=100")
                assert len(response.json()["results"]) == total, url


def test_indicators_are_read_by_case_workers_and_written_by_the_system_administrator(
    world, api_login, django_assert_max_num_queries
):
    load_default_indicators()
    indicator = Indicator.objects.get(code="ec_hazardous_work")
    caseworker = api_login(world.user("KE", Role.CASEWORKER))
    with django_assert_max_num_queries(10):
        listed = caseworker.get("/api/v1/indicators/?list=child_labour&page_size=100")
    assert listed.json()["count"] == 65
    lists = caseworker.get("/api/v1/indicator-lists/").json()["results"]
    assert lists[0]["is_draft"] is True and lists[0]["indicator_count"] == 65
    assert caseworker.get("/api/v1/screening-rules/").json()["results"][0]["country"] is None
    for role in (Role.CASEWORKER, Role.SUPERVISOR, Role.COUNTRY_ADMINISTRATOR):
        client = api_login(world.user("KE", role))
        assert (
            client.patch(
                f"/api/v1/indicators/{indicator.uuid}/", {"version": 1, "strength": "weak"}, format="json"
            ).status_code
            == 404
        )
        assert (
            client.post("/api/v1/indicator-lists/", {"code": "x", "name": "X"}, format="json").status_code
            == 404
        )
    admin = api_login(world.system_admin)
    changed = admin.patch(
        f"/api/v1/indicators/{indicator.uuid}/",
        {"version": 1, "strength": "strong", "translations": {"nb": "Farlig arbeid for barn"}},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["edited_by_admin"] is True and changed.json()["strength"] == "strong"
    new_list = admin.post(
        "/api/v1/indicator-lists/",
        {"code": "child_sexual_exploitation", "name": "Sexual exploitation of children", "is_draft": True},
        format="json",
    )
    assert new_list.status_code == 201
    added = admin.post(
        "/api/v1/indicators/",
        {
            "list": "child_sexual_exploitation",
            "code": "ec_forced_clients",
            "dimension": "exploitative_conditions",
            "strength": "strong",
            "text": "Forced to serve clients",
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    bad = admin.post(
        "/api/v1/indicators/",
        {
            "list": "child_sexual_exploitation",
            "code": "x",
            "dimension": "smuggling",
            "strength": "strong",
            "text": "X",
        },
        format="json",
    )
    assert bad.status_code == 400 and "dimension" in bad.json()
    rule = admin.post(
        "/api/v1/screening-rules/",
        {"country": "KE", "combinations": [{"strong": 2}], "note": "Stricter"},
        format="json",
    )
    assert rule.status_code == 201, rule.json()
    bad_rule = admin.patch(
        f"/api/v1/screening-rules/{rule.json()['uuid']}/", {"version": 1, "combinations": [{}]}, format="json"
    )
    assert bad_rule.status_code == 400 and "combinations" in bad_rule.json()


def test_this_part_adds_no_schema_warnings(tmp_path, capsys):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    err = capsys.readouterr().err
    mine = ("identification", "Screening", "Trafficking", "Indicator", "Dimension", "Exploitation", "Means")
    assert not [line for line in err.splitlines() if any(word in line for word in mine)]
    schema = target.read_text()
    for path in (
        "/api/v1/screenings/{uuid}/",
        "/api/v1/trafficking-profiles/{uuid}/",
        "/api/v1/trafficking-events/{uuid}/",
        "/api/v1/indicator-lists/{uuid}/",
        "/api/v1/indicators/{uuid}/",
        "/api/v1/screening-rules/{uuid}/",
    ):
        assert path in schema


def test_searching_cases_by_exploitation_type_needs_the_trafficking_permission(world, caseworker, api_login):
    begging = kenyan_case(world)
    other = kenyan_case(world)
    services.save_trafficking_profile(
        begging, acting_user=caseworker, types_of_exploitation=["ForcedBegging"]
    )
    url = "/api/v1/cases/?exploitation_type=ForcedBegging"
    found = api_login(caseworker).get(url).json()["results"]
    assert [row["uuid"] for row in found] == [str(begging.uuid)]
    # Without the permission the filter does not exist, so the answer says nothing about the profile.
    for role in NO_TRAFFICKING_PERMISSION:
        response = api_login(world.user("KE", role)).get(url)
        uuids = {row["uuid"] for row in response.json()["results"]}
        assert uuids == {str(begging.uuid), str(other.uuid)}, role
        assert "ForcedBegging" not in response.content.decode()
