"""Case export (CSV), on the page and the API: what each reader gets, the cap, the audit event.

A caseworker without the trafficking permission sees that the trafficking section exists
("Restricted"), never its content; the type of sexual exploitation needs its own permission; a
case kept as a summary only after a transfer exports its summary; other countries never appear.
"""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import Membership
from trygg.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, RiskLevel
from trygg.cases.services import case as case_services
from trygg.cases.services import export as export_services
from trygg.cases.services import identification
from trygg.cases.services import transfer as transfers
from trygg.cases.services.export import COLUMNS, neutralise
from trygg.cases.tests.factories_case import CaseFactory
from trygg.cases.tests.factories_identification import kenyan_case
from trygg.cases.tests.factories_management import consent_to_sharing
from trygg.core.testing import make_user
from trygg.people.tests.factories import PersonFactory

EXPORT = "/cases/export.csv"
API = "/api/v1/cases/export/"
NAMES = [name for name, _label in COLUMNS]
TRAFFICKING = ["trafficking_status", "types_of_exploitation", "type_of_sex_exploitation"]
HIDDEN_IN_SUMMARY = [
    "risk_level",
    "urgent_protection_concern",
    "first_action_due",
    "assessment_due",
    "overdue",
    "assigned_worker",
    *TRAFFICKING,
]


def rows_of(response) -> dict[str, dict[str, str]]:
    """The exported rows by case reference, each a dict by column name (header checked)."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [str(label) for _name, label in COLUMNS]
    rows = [dict(zip(NAMES, line, strict=True)) for line in lines[1:]]
    return {row["reference"]: row for row in rows}


def without_trafficking_permission(monkeypatch, role=Role.CASEWORKER):
    monkeypatch.setitem(ROLE_PERMISSIONS, role, ROLE_PERMISSIONS[role] - {Perm.SENSITIVE_TRAFFICKING})


def exports():
    return AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def profiled(world, caseworker):
    """A Kenyan case whose trafficking profile names the exploitation, sexual included."""
    case = kenyan_case(world)
    identification.save_trafficking_profile(
        case,
        acting_user=caseworker,
        trafficking_status="PossibleVictimOfTrafficking",
        types_of_exploitation=["ForcedLabour", "SexualExploitation"],
    )
    identification.save_trafficking_profile(
        case,
        acting_user=world.user("KE", Role.SUPERVISOR),
        expected_version=1,
        type_of_sex_exploitation=["Prostitution"],
    )
    return case


# --- what each reader gets ----------------------------------------------------------------------


def test_without_the_trafficking_permission_the_columns_say_restricted_never_the_content(
    world, login, api_login, monkeypatch, profiled
):
    no_profile = kenyan_case(world)
    without_trafficking_permission(monkeypatch)
    user = world.user("KE", Role.CASEWORKER)
    for response in (login(user).get(EXPORT), api_login(user).get(API)):
        rows = rows_of(response)
        # The section exists on every case, with or without a profile: nothing tells them apart.
        for case in (profiled, no_profile):
            assert [rows[case.reference][name] for name in TRAFFICKING] == ["Restricted"] * 3
        text = response.content.decode()
        for content in ("PossibleVictimOfTrafficking", "ForcedLabour", "SexualExploitation", "Prostitution"):
            assert content not in text


def test_with_the_trafficking_permission_the_columns_hold_the_profile(world, login, profiled):
    no_profile = kenyan_case(world)
    rows = rows_of(login(world.user("KE", Role.CASEWORKER)).get(EXPORT))
    row = rows[profiled.reference]
    assert row["trafficking_status"] == "PossibleVictimOfTrafficking"
    assert row["types_of_exploitation"] == "ForcedLabour;SexualExploitation"
    assert [rows[no_profile.reference][name] for name in TRAFFICKING] == ["", "", ""]


def test_the_type_of_sexual_exploitation_needs_its_own_permission(world, login, api_login, profiled):
    caseworker = world.user("KE", Role.CASEWORKER)  # trafficking, not sexual exploitation
    supervisor = world.user("KE", Role.SUPERVISOR)  # both
    for response in (login(caseworker).get(EXPORT), api_login(caseworker).get(API)):
        assert rows_of(response)[profiled.reference]["type_of_sex_exploitation"] == "Restricted"
        assert "Prostitution" not in response.content.decode()
    assert rows_of(login(supervisor).get(EXPORT))[profiled.reference]["type_of_sex_exploitation"] == (
        "Prostitution"
    )


def test_the_childs_name_only_where_the_person_record_is_in_scope(world, login):
    site_worker = make_user("site.caseworker@example.org", full_name="Site caseworker")
    Membership.objects.create(
        user=site_worker, role=Role.CASEWORKER, country=world.ke, site=world.sites["KE"]
    )
    at_site = kenyan_case(world, child=PersonFactory(site=world.sites["KE"], given_name="Amani"))
    elsewhere = kenyan_case(world, child=PersonFactory(site=None, given_name="Baraka"))
    rows = rows_of(login(site_worker).get(EXPORT))
    assert rows[at_site.reference]["child_name"].startswith("Amani ")
    # The case is at the user's site, the child's record is not: the reference only.
    assert rows[elsewhere.reference]["child_name"] == ""
    assert rows[elsewhere.reference]["child_reference"] == elsewhere.child.reference


def test_a_case_kept_as_a_summary_exports_the_summary_only(world, login, caseworker):
    child = PersonFactory(country=world.ke, site=world.sites["KE"], given_name="Sita", family_name="Tamang")
    case = case_services.open_case(
        child=child,
        country=world.ke,
        site=world.sites["KE"],
        risk_level=RiskLevel.HIGH,
        urgent_protection_concern=True,
        acting_user=caseworker,
        assigned_worker=caseworker,
    )
    identification.save_trafficking_profile(
        case, acting_user=caseworker, types_of_exploitation=["ForcedBegging"]
    )
    consent_to_sharing(case)
    transfer = transfers.request_transfer(
        case, to_country=world.np, reason="The family lives in Nepal.", acting_user=caseworker
    )
    transfers.accept_transfer(transfer, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=1)
    case.refresh_from_db()
    assert case.summary_only

    rows = rows_of(login(caseworker).get(EXPORT))
    row = rows[case.reference]
    assert row["country"] == "KE" and row["site"] == world.sites["KE"].name
    assert row["status"] == CaseStatus.CLOSED_REFERRED and row["stage"]
    assert row["identified_at"].endswith("Z")
    assert row["child_reference"] == child.reference and row["child_name"] == "Sita Tamang"
    assert {name: row[name] for name in HIDDEN_IN_SUMMARY} == dict.fromkeys(HIDDEN_IN_SUMMARY, "")
    assert "ForcedBegging" not in str(rows)
    # Nepal's new case is Nepal's: not in Kenya's export.
    transfer.refresh_from_db()
    assert transfer.receiving_case.reference not in rows


def test_a_row_in_full(world, login, caseworker):
    identified = timezone.now() - timedelta(days=30)
    case = kenyan_case(
        world,
        risk_level=RiskLevel.HIGH,
        urgent_protection_concern=True,
        identified_at=identified,
        assigned_worker=caseworker,
    )
    row = rows_of(login(caseworker).get(EXPORT))[case.reference]
    assert row["risk_level"] == "high" and row["urgent_protection_concern"] == "yes"
    assert row["overdue"] == "yes"
    assert row["assigned_worker"] == caseworker.full_name
    assert row["identified_at"] == identified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert row["first_action_due"].endswith("Z") and row["assessment_due"].endswith("Z")
    assert row["child_name"] == case.child.full_name


# --- which cases ------------------------------------------------------------------------------------


def test_other_countries_never_appear(world, login, api_login, caseworker):
    kenyan = CaseFactory()
    nepali = CaseFactory(country=world.np)
    for response in (login(caseworker).get(EXPORT), api_login(caseworker).get(API)):
        assert set(rows_of(response)) == {kenyan.reference}
    # Asking for Nepal: not a choice on the page (back to the list), nothing from the API.
    assert login(caseworker).get(EXPORT, {"country": "NP"}).status_code == 302
    assert rows_of(api_login(caseworker).get(API, {"country": "NP"})) == {}
    assert rows_of(login(world.user("NP", Role.CASEWORKER)).get(EXPORT)).keys() == {nepali.reference}


def test_only_cases_where_the_user_may_export(world, login, api_login):
    """Reading cases somewhere (a tracing officer in Nepal) does not make them exportable."""
    user = make_user("two.hats@example.org", full_name="Two hats")
    Membership.objects.create(user=user, role=Role.CASEWORKER, country=world.ke)
    Membership.objects.create(user=user, role=Role.TRACING_OFFICER, country=world.np)
    kenyan = CaseFactory()
    CaseFactory(country=world.np)
    assert set(rows_of(login(user).get(EXPORT))) == {kenyan.reference}
    assert set(rows_of(api_login(user).get(API))) == {kenyan.reference}


def test_the_list_filters_apply(world, login, api_login, caseworker):
    high = CaseFactory(risk_level=RiskLevel.HIGH, child=PersonFactory(given_name="Wanjiku"))
    low = CaseFactory(risk_level=RiskLevel.LOW)
    late = CaseFactory(identified_at=timezone.now() - timedelta(days=30))
    page, api = login(caseworker), api_login(caseworker)
    for client, url in ((page, EXPORT), (api, API)):
        assert set(rows_of(client.get(url, {"risk_level": "high"}))) == {high.reference}
        assert set(rows_of(client.get(url, {"q": "wanjiku"}))) == {high.reference}
        assert set(rows_of(client.get(url, {"q": low.reference}))) == {low.reference}
        assert set(rows_of(client.get(url, {"overdue": "true"}))) == {late.reference}


def test_rows_come_newest_identified_first_across_chunks(world, login, caseworker, monkeypatch):
    monkeypatch.setattr(export_services, "CHUNK_SIZE", 2)
    now = timezone.now()
    cases = [CaseFactory(identified_at=now - timedelta(days=days)) for days in (3, 1, 2)]
    rows = rows_of(login(caseworker).get(EXPORT))
    assert list(rows) == [cases[1].reference, cases[2].reference, cases[0].reference]


# --- cap, injection, audit ----------------------------------------------------------------------


def test_more_cases_than_the_cap_are_refused_with_a_way_forward(
    world, login, api_login, settings, caseworker
):
    settings.CASE_EXPORT_MAX_ROWS = 2
    for _ in range(2):
        CaseFactory(risk_level=RiskLevel.LOW)
    CaseFactory(risk_level=RiskLevel.HIGH)
    client = login(caseworker)
    response = client.get(EXPORT, {"status": CaseStatus.ACTIVE})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_list") + f"?status={CaseStatus.ACTIVE}"
    page = client.get(response["Location"]).content.decode()
    assert "More than 2 cases match" in page and "Narrow the filters" in page
    response = api_login(caseworker).get(API)
    assert response.status_code == 400
    assert "More than 2 cases match" in response.json()["non_field_errors"][0]
    assert not exports().exists()
    # Narrowed, it goes through.
    assert len(rows_of(client.get(EXPORT, {"risk_level": "low"}))) == 2


def test_cells_a_spreadsheet_would_run_are_neutralised(world, login, caseworker):
    worker = make_user("formula@example.org", full_name="+1 (555) cmd|' /C calc'!A0")
    Membership.objects.create(user=worker, role=Role.CASEWORKER, country=world.ke)
    child = PersonFactory(given_name='=HYPERLINK("http://example.org/x","open")', family_name="Otieno")
    case = CaseFactory(child=child, assigned_worker=worker)
    row = rows_of(login(caseworker).get(EXPORT))[case.reference]
    assert row["child_name"] == "'" + child.full_name
    assert row["assigned_worker"] == "'+1 (555) cmd|' /C calc'!A0"
    assert [neutralise(value) for value in ("-2+3", "@SUM(A1)", "\tx", "\rx", "Amani", "")] == [
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "Amani",
        "",
    ]


def test_one_audit_event_with_the_cases_and_the_filter_names(world, login, caseworker):
    cases = {
        CaseFactory(risk_level=RiskLevel.HIGH, child=PersonFactory(given_name="Zawadi")) for _ in range(3)
    }
    CaseFactory(risk_level=RiskLevel.LOW)
    rows = rows_of(login(caseworker).get(EXPORT, {"risk_level": "high", "q": "zawadi", "stage": ""}))
    assert set(rows) == {case.reference for case in cases}
    event = exports().get()
    assert event.actor == caseworker and event.channel == "web"
    assert set(event.subjects.values_list("object_uuid", flat=True)) == {case.uuid for case in cases}
    assert event.detail["filters"] == ["q", "risk_level"] and event.detail["count"] == 3
    assert "zawadi" not in str(event.detail).lower()
    # "Who exported this child's case" finds it.
    some_case = next(iter(cases))
    assert AuditEvent.objects.concerning(some_case.uuid).filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_the_api_gives_the_same_file_and_is_audited_the_same(world, login, api_login, caseworker, profiled):
    CaseFactory()
    page = login(caseworker).get(EXPORT, {"risk_level": "medium"})
    api = api_login(caseworker).get(API, {"risk_level": "medium"})
    assert page.content.decode("utf-8-sig") == api.content.decode()
    assert not api.content.startswith(b"\xef\xbb\xbf")  # scripts get plain UTF-8
    assert api["Content-Disposition"] == page["Content-Disposition"]
    assert "no-store" in api["Cache-Control"]
    channels = sorted(exports().values_list("channel", flat=True))
    assert channels == ["api", "web"]
    # A client may ask for CSV by its Accept header, errors included.
    assert api_login(caseworker).get(API, HTTP_ACCEPT="text/csv").status_code == 200
    refused = api_login(caseworker).get(API, {"updated_since": "yesterday"}, HTTP_ACCEPT="text/csv")
    assert refused.status_code == 400 and refused.content.startswith(b"updated_since,")


def test_the_file_name_says_country_and_date_only(world, login, caseworker):
    CaseFactory(child=PersonFactory(given_name="Neema"))
    response = login(caseworker).get(EXPORT)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="cases-KE-{today}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8


# --- who may export -----------------------------------------------------------------------------


NO_EXPORT = [
    Role.TRACING_OFFICER,
    Role.THERAPIST,
    Role.DATA_PROTECTION_OFFICER,
    Role.FAMILY_STRENGTHENING_WORKER,
    Role.CARE_PROVIDER,
    Role.ANALYST,
    Role.ADVOCACY_OFFICER,
    Role.COUNTRY_ADMINISTRATOR,
]


@pytest.mark.parametrize("role", NO_EXPORT)
def test_a_role_without_the_export_permission_gets_not_found(world, login, api_login, role):
    CaseFactory()
    user = world.user("KE", role)
    assert login(user).get(EXPORT).status_code == 404
    assert api_login(user).get(API).status_code == 404
    assert not exports().exists()


def test_who_holds_the_export_permission():
    holders = {role for role, perms in ROLE_PERMISSIONS.items() if Perm.CASE_EXPORT in perms}
    assert holders == {Role.CASEWORKER, Role.SUPERVISOR}
    # Exporting never comes without reading.
    assert all(Perm.CASE_VIEW in ROLE_PERMISSIONS[role] for role in holders)


def test_anonymous_and_system_administrator(world, client, api_client, login):
    assert client.get(EXPORT).status_code == 302  # to the login page
    assert api_client.get(API).status_code in (401, 403)
    assert login(world.system_admin).get(EXPORT).status_code == 404


def test_the_list_offers_the_export_with_the_filters_shown(world, login, caseworker):
    url = reverse("cases:case_list")
    assert reverse("cases:case_export") == EXPORT
    html = login(caseworker).get(url, {"risk_level": "high", "status": "Active"}).content.decode()
    assert f'href="{EXPORT}?risk_level=high&amp;status=Active"' in html
    assert 'id="case-export"' in html
    html = login(world.user("KE", Role.TRACING_OFFICER)).get(url).content.decode()
    assert 'id="case-export"' not in html and EXPORT not in html


def test_the_lists_htmx_link_sends_the_filters_as_they_are_now(world, login, caseworker):
    """The link asks through htmx (with the form's current values); the answer sends the browser
    to the download itself, so nothing is exported or audited until then."""
    client = login(caseworker)
    response = client.get(EXPORT, {"risk_level": "low", "q": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{EXPORT}?risk_level=low&q="
    assert not response.content and not exports().exists()


def test_invalid_filters_go_back_to_the_list(world, login, caseworker):
    response = login(caseworker).get(EXPORT, {"risk_level": "extreme"})
    assert response.status_code == 302 and response["Location"].endswith("?risk_level=extreme")
    assert not exports().exists()


# --- queries ------------------------------------------------------------------------------------


def _queries_for_export(world, login, api_login, caseworker, total):
    """Queries of the page's and the API's export once Kenya holds `total` cases, half profiled."""
    supervisor = world.user("KE", Role.SUPERVISOR)
    for index in range(total - len(rows_of(login(supervisor).get(EXPORT)))):
        case = kenyan_case(world, assigned_worker=caseworker)
        if index % 2:
            identification.save_trafficking_profile(
                case, acting_user=supervisor, types_of_exploitation=["ChildLabour"]
            )
    page, api = login(supervisor), api_login(supervisor)
    counts = []
    for client, url in ((page, EXPORT), (api, API)):
        with CaptureQueriesContext(connection) as queries:
            rows = rows_of(client.get(url, {"status": CaseStatus.ACTIVE}))
        assert len(rows) == total
        counts.append(len(queries))
    return counts


def test_the_number_of_queries_does_not_grow_with_the_cases(world, login, api_login, caseworker):
    few = _queries_for_export(world, login, api_login, caseworker, 5)
    many = _queries_for_export(world, login, api_login, caseworker, 30)
    assert few == many
    assert max(many) <= 20


# --- in the browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_export_link_downloads_what_the_filters_show_now(live_server, request):
    """Filters changed after the page loaded (htmx swaps the results only) are the ones exported."""
    from playwright.sync_api import expect

    from trygg.cases.tests.test_browser_case import ensure_migration_data, log_in
    from trygg.core.browser_testing import start_browser, user_with_authenticator
    from trygg.geo.models import Country

    ensure_migration_data()
    kenya = Country.objects.get(code="KE")
    caseworker, device = user_with_authenticator(
        "amina.otieno@example.org", "Amina Otieno", Role.CASEWORKER, kenya
    )
    high = CaseFactory(country=kenya, risk_level=RiskLevel.HIGH)
    low = CaseFactory(country=kenya, risk_level=RiskLevel.LOW)
    browser = start_browser(request)
    context, page = log_in(browser, live_server.url, caseworker.email, device)
    page.goto(live_server.url + reverse("cases:case_list"))
    page.get_by_label("Risk level").select_option(label="High")
    results = page.locator("#case-results")
    expect(results.get_by_text(low.reference)).to_have_count(0)
    expect(results.get_by_text(high.reference)).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cases-KE-")
    with open(download.path(), encoding="utf-8-sig") as file:
        references = [line[0] for line in list(csv.reader(file))[1:]]
    assert references == [high.reference]
    context.close()
