"""Pages of trafficking identification: screening, reasons, profile, route, and who sees what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.models import Screening, TraffickingEvent, TraffickingProfile
from trygg.cases.services import identification as services
from trygg.cases.tests.factories_identification import kenyan_case, screen, small_list
from trygg.geo.models import Country
from trygg.people.tests.factories import PersonFactory

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
    """A Kenyan case with a screening, a profile and a route step, as a caseworker records them."""
    case = kenyan_case(world)
    screening = screen(case, caseworker, yes=EXPLOITED, notes="Works nights at the quarry")
    services.save_trafficking_profile(
        case,
        acting_user=caseworker,
        trafficking_status="PossibleVictimOfTrafficking",
        types_of_exploitation=["ForcedCriminality"],
        non_punishment=True,
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


def _screening_post(indicators, yes, acts=("recruitment",)):
    data = {"indicator_list": indicators.code, "acts": list(acts), "notes": ""}
    for indicator in indicators.indicators.all():
        data[f"answer__{indicator.code}"] = "yes" if indicator.code in yes else "unknown"
        data[f"note__{indicator.code}"] = ""
    return data


def test_a_caseworker_screens_a_child_and_sees_which_answers_led_to_the_result(
    world, indicators, caseworker, login
):
    case = kenyan_case(world)
    client = login(caseworker)
    url = reverse("cases:screening_create", kwargs={"uuid": case.uuid})
    # Without a choice the first list in use is offered (the shipped draft list); the caseworker
    # picks the test list.
    default = client.get(url).content.decode()
    assert "Hazardous work" in default and "exploitative_conditions strong indicator 1" not in default
    page = client.get(url, {"list": indicators.code})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Draft — to be reviewed by the organisation." in html
    assert "exploitative_conditions strong indicator 1" in html
    response = client.post(url, _screening_post(indicators, EXPLOITED))
    screening = Screening.objects.get(case=case)
    assert response.status_code == 302
    assert response.url == reverse("cases:screening_detail", kwargs={"uuid": screening.uuid})
    detail = client.get(response.url).content.decode()
    assert "Presumed victim of trafficking" in detail
    assert "Rule met: 1 strong + 1 medium or weak" in detail
    assert "exploitative_conditions medium indicator 1" in detail
    assert "The child was under 18 at the screening: the means are not required." in detail
    assert AuditEvent.objects.filter(object_uuid=screening.uuid, action="view").exists()


def test_the_checklist_is_shown_in_norwegian(world, indicators, caseworker, login):
    case = kenyan_case(world)
    client = login(caseworker)
    client.cookies["trygg_language"] = "nb"
    url = reverse("cases:screening_create", kwargs={"uuid": case.uuid})
    html = client.get(url, {"list": indicators.code}).content.decode()
    assert "ec strong indikator 1" in html


def test_a_caseworker_corrects_a_screening_and_a_stale_form_is_a_conflict(
    screened, indicators, caseworker, login
):
    _case, screening, _event = screened
    client = login(caseworker)
    url = reverse("cases:screening_edit", kwargs={"uuid": screening.uuid})
    assert client.get(url).status_code == 200
    data = _screening_post(indicators, [], acts=[]) | {"version": 1}
    assert client.post(url, data).status_code == 302
    screening.refresh_from_db()
    assert screening.outcome == "no_indication" and screening.version == 2
    stale = client.post(url, data)
    assert stale.status_code == 409
    assert "Nothing was saved." in stale.content.decode()


@pytest.mark.parametrize("role", NO_TRAFFICKING_PERMISSION)
def test_without_the_permission_the_sections_exist_but_show_nothing(screened, world, login, role):
    case, screening, event = screened
    client = login(world.user("KE", role))
    for url in (
        reverse("cases:trafficking_overview", kwargs={"uuid": case.uuid}),
        reverse("cases:screening_detail", kwargs={"uuid": screening.uuid}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "restricted" in html
        for secret in (
            "Presumed victim",
            "quarry",
            "exploitative_conditions",
            "Forced criminality",
            "Bus station",
        ):
            assert secret not in html, (url, secret)
    for url in (
        reverse("cases:screening_create", kwargs={"uuid": case.uuid}),
        reverse("cases:screening_edit", kwargs={"uuid": screening.uuid}),
        reverse("cases:trafficking_profile_edit", kwargs={"uuid": case.uuid}),
        reverse("cases:trafficking_event_add", kwargs={"uuid": case.uuid}),
        reverse("cases:trafficking_event_edit", kwargs={"uuid": event.uuid}),
        reverse("cases:trafficking_event_remove", kwargs={"uuid": event.uuid}),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize("role", NO_TRAFFICKING_PERMISSION)
def test_the_case_page_says_restricted_and_hides_the_timeline_lines(screened, world, login, role):
    case, _screening, _event = screened
    url = reverse("cases:case_detail", kwargs={"uuid": case.uuid})
    restricted = login(world.user("KE", role)).get(url).content.decode()
    assert "Trafficking screening: restricted" in restricted
    assert "Presumed victim" not in restricted
    assert "Trafficking screening recorded" not in restricted
    assert "Forced criminality" not in restricted


def test_the_case_page_panel_shows_the_outcome_reasons_profile_and_route(screened, world, login):
    case, screening, _event = screened
    html = (
        login(world.user("KE", Role.CASEWORKER))
        .get(reverse("cases:case_detail", kwargs={"uuid": case.uuid}))
        .content.decode()
    )
    assert "Presumed victim of trafficking" in html
    assert "Exploitative conditions of work: positive (1 strong + 1 medium or weak)" in html
    assert reverse("cases:screening_detail", kwargs={"uuid": screening.uuid}) in html
    assert "Forced criminality (local code)" in html
    assert "Bus station" in html
    assert "Trafficking screening recorded" in html  # its timeline line
    assert reverse("cases:screening_create", kwargs={"uuid": case.uuid}) in html


def test_the_type_of_sexual_exploitation_is_for_the_supervisor_only(screened, world, login):
    case, _screening, _event = screened
    overview = reverse("cases:trafficking_overview", kwargs={"uuid": case.uuid})
    edit = reverse("cases:trafficking_profile_edit", kwargs={"uuid": case.uuid})
    caseworker = login(world.user("KE", Role.CASEWORKER))
    assert "Pornography" not in caseworker.get(overview).content.decode()
    form = caseworker.get(edit).content.decode()
    assert "type_of_sex_exploitation" not in form and "Type of sexual exploitation: restricted." in form
    # A caseworker posting the field anyway changes nothing about it.
    response = caseworker.post(
        edit,
        {
            "version": 2,
            "types_of_exploitation": ["ForcedBegging"],
            "type_of_sex_exploitation": ["Prostitution"],
        },
    )
    assert response.status_code == 302
    profile = TraffickingProfile.objects.get(case=case)
    assert profile.type_of_sex_exploitation == ["Pornography"]
    assert profile.types_of_exploitation == ["ForcedBegging"]
    supervisor = login(world.user("KE", Role.SUPERVISOR))
    assert "Pornography" in supervisor.get(overview).content.decode()
    assert 'name="type_of_sex_exploitation"' in supervisor.get(edit).content.decode()


def test_profile_form_errors_and_conflicts(screened, world, login):
    case, _screening, _event = screened
    edit = reverse("cases:trafficking_profile_edit", kwargs={"uuid": case.uuid})
    client = login(world.user("KE", Role.CASEWORKER))
    bad = client.post(edit, {"version": 2, "types_of_exploitation": ["Smuggling"]})
    assert bad.status_code == 400
    assert "Smuggling" in bad.content.decode()
    stale = client.post(edit, {"version": 1, "notes": "late"})
    assert stale.status_code == 409
    assert TraffickingProfile.objects.get(case=case).notes == ""


def test_a_new_profile_is_recorded_from_the_page(world, indicators, caseworker, login):
    twelve = timezone.localdate().replace(day=1) - timedelta(days=12 * 366)
    case = kenyan_case(world, child=PersonFactory(country=world.ke, date_of_birth=twelve))
    client = login(caseworker)
    edit = reverse("cases:trafficking_profile_edit", kwargs={"uuid": case.uuid})
    response = client.post(
        edit,
        {
            "trafficking_status": "ActualVictimOfTrafficking",
            "decided_by_org": "Police",
            "recruitment_methods": ["SoldByFamily", "ThroughFamilyOrFamilyEvents"],
            "age_when_first_trafficked": 9,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("cases:trafficking_overview", kwargs={"uuid": case.uuid})
    profile = TraffickingProfile.objects.get(case=case)
    assert profile.decided_by == caseworker and profile.recruitment_methods == [
        "SoldByFamily",
        "ThroughFamilyOrFamilyEvents",
    ]


def test_route_steps_are_added_changed_and_removed_from_the_pages(screened, world, login):
    case, _screening, event = screened
    client = login(world.user("KE", Role.CASEWORKER))
    today = timezone.localdate()
    add = reverse("cases:trafficking_event_add", kwargs={"uuid": case.uuid})
    assert client.get(add).status_code == 200
    bad = client.post(
        add,
        {
            "kind": "Transit",
            "event_country": "IN",
            "started_on": today - timedelta(days=2),
            "ended_on": today - timedelta(days=5),
        },
    )
    assert bad.status_code == 400 and "before the start date" in bad.content.decode()
    ok = client.post(
        add, {"kind": "Exploitation", "event_country": "IN", "place_text": "Kiln", "started_on": today}
    )
    assert ok.status_code == 302
    edit = reverse("cases:trafficking_event_edit", kwargs={"uuid": event.uuid})
    assert client.get(edit).status_code == 200
    assert (
        client.post(
            edit, {"version": 1, "kind": "Recruitment", "event_country": "KE", "place_text": "Market"}
        ).status_code
        == 302
    )
    remove = reverse("cases:trafficking_event_remove", kwargs={"uuid": event.uuid})
    assert client.post(remove, {"version": 2}).status_code == 302
    overview = client.get(reverse("cases:trafficking_overview", kwargs={"uuid": case.uuid})).content.decode()
    assert "Kiln" in overview and "Market" not in overview
    assert TraffickingEvent.objects.get(pk=event.pk).is_deleted
    assert TraffickingEvent.objects.get(place_text="Kiln").event_country == Country.objects.get(code="IN")


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.SYSTEM_ADMINISTRATOR])
def test_another_countrys_users_get_404_on_every_page(screened, world, login, role):
    case, screening, event = screened
    client = login(world.user("NP", role))
    for name, uuid in (
        ("trafficking_overview", case.uuid),
        ("screening_create", case.uuid),
        ("screening_detail", screening.uuid),
        ("screening_edit", screening.uuid),
        ("trafficking_profile_edit", case.uuid),
        ("trafficking_event_add", case.uuid),
        ("trafficking_event_edit", event.uuid),
        ("trafficking_event_remove", event.uuid),
    ):
        url = reverse(f"cases:{name}", kwargs={"uuid": uuid})
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url


def test_the_overview_runs_a_constant_number_of_queries(
    world, indicators, caseworker, login, django_assert_max_num_queries
):
    small_case = kenyan_case(world)
    big_case = kenyan_case(world)
    for case, count in ((small_case, 3), (big_case, 30)):
        for _ in range(count):
            screen(case, caseworker, yes=EXPLOITED)
            services.add_trafficking_event(
                case, acting_user=caseworker, kind="Transit", event_country=world.ke
            )
    client = login(caseworker)
    for case in (small_case, big_case):
        with django_assert_max_num_queries(20):
            assert (
                client.get(reverse("cases:trafficking_overview", kwargs={"uuid": case.uuid})).status_code
                == 200
            )


def test_changing_the_status_on_the_page_dates_the_new_decision_today(world, indicators, caseworker, login):
    case = kenyan_case(world)
    earlier = timezone.now() - timedelta(days=40)
    services.save_trafficking_profile(
        case, acting_user=caseworker, trafficking_status="PossibleVictimOfTrafficking", decided_at=earlier
    )
    client = login(world.user("KE", Role.SUPERVISOR))
    edit = reverse("cases:trafficking_profile_edit", kwargs={"uuid": case.uuid})
    shown = timezone.localtime(earlier).strftime("%Y-%m-%dT%H:%M")
    assert shown in client.get(edit).content.decode()
    response = client.post(
        edit, {"version": 1, "trafficking_status": "ActualVictimOfTrafficking", "decided_at": shown}
    )
    assert response.status_code == 302
    profile = TraffickingProfile.objects.get(case=case)
    assert profile.decided_by == world.user("KE", Role.SUPERVISOR)
    assert profile.decided_at > timezone.now() - timedelta(minutes=5)
