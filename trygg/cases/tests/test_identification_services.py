"""Screenings, the trafficking profile and the route, through their services."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.roles import ROLE_PERMISSIONS, Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import ScreeningOutcome
from trygg.cases.models import Case, CaseEvent, ScreeningAnswer, ScreeningRule, TraffickingProfile
from trygg.cases.services import identification as services
from trygg.cases.services.identification_admin import create_screening_rule, update_screening_rule
from trygg.cases.services.screening_rule import DEFAULT_COMBINATIONS
from trygg.cases.tests.factories_identification import (
    kenyan_case,
    remove_shipped_indicator_data,
    screen,
    small_list,
)
from trygg.core.services import ConflictError, OutOfScope
from trygg.geo.models import Country, Location
from trygg.people.tests.factories import PersonFactory

EXPLOITED = ["ec_strong_1", "ec_medium_1"]  # 1 strong + 1 medium: positive


@pytest.fixture
def indicators(db):
    return small_list()


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


def test_a_child_recruited_and_exploited_is_a_presumed_victim_without_any_means(
    world, indicators, caseworker
):
    case = kenyan_case(world)
    screening = screen(case, caseworker, yes=EXPLOITED, acts=["recruitment"])
    assert screening.outcome == ScreeningOutcome.PRESUMED_VICTIM
    assert screening.result["is_child"] is True
    assert screening.result["means"] == []
    exploitation = next(
        d for d in screening.result["dimensions"] if d["dimension"] == "exploitative_conditions"
    )
    assert [i["code"] for i in exploitation["indicators"]] == EXPLOITED
    assert exploitation["combination"]["strong"] == 1
    # Every active indicator of the list has an answer; the ones not given are "unknown".
    answers = ScreeningAnswer.objects.filter(screening=screening)
    assert answers.count() == indicators.indicators.count()
    assert answers.filter(answer="yes").count() == 2
    assert answers.filter(answer="unknown").count() == indicators.indicators.count() - 2
    assert screening.screened_by == caseworker


def test_an_adult_needs_a_means_as_well(world, indicators, caseworker):
    adult = PersonFactory(country=world.ke, date_of_birth=date(1990, 1, 1))
    case = kenyan_case(world, child=adult)
    assert screen(case, caseworker, yes=EXPLOITED).outcome == ScreeningOutcome.INDICATORS_PRESENT
    with_means = screen(case, caseworker, yes=[*EXPLOITED, "cd_strong_1", "cd_strong_2"])
    assert with_means.outcome == ScreeningOutcome.PRESUMED_VICTIM
    # First trafficked as a child: the child rule applies.
    services.save_trafficking_profile(case, acting_user=caseworker, age_when_first_trafficked=15)
    again = screen(case, caseworker, yes=EXPLOITED)
    assert again.outcome == ScreeningOutcome.PRESUMED_VICTIM
    assert again.result["child_basis"] == "first_trafficked_under_18"


def test_without_the_act_it_is_indicators_present(world, indicators, caseworker):
    case = kenyan_case(world)
    assert screen(case, caseworker, yes=EXPLOITED, acts=[]).outcome == ScreeningOutcome.INDICATORS_PRESENT
    assert screen(case, caseworker, yes=[], acts=["recruitment"]).outcome == ScreeningOutcome.NO_INDICATION


def test_the_rule_used_is_stored_and_a_country_override_applies(world, indicators, caseworker):
    admin = world.system_admin
    default = ScreeningRule.objects.get(country__isnull=True)  # loaded by the data migration
    assert default.combinations == DEFAULT_COMBINATIONS
    case = kenyan_case(world)
    first = screen(case, caseworker, yes=EXPLOITED)
    assert (first.rule, first.rule_version) == (default, 1)
    kenya = create_screening_rule(acting_user=admin, country=world.ke, combinations=[{"strong": 2}])
    second = screen(case, caseworker, yes=EXPLOITED)
    assert second.outcome == ScreeningOutcome.NO_INDICATION  # strong + medium no longer enough
    assert second.rule == kenya and second.rule_combinations[0]["strong"] == 2
    # Nepal keeps the default.
    assert services.rule_for(world.np.pk) == default
    # Changing the rule later does not rewrite screenings already recorded.
    update_screening_rule(kenya, acting_user=admin, expected_version=1, combinations=[{"strong": 1}])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome, second.rule_version) == (
        ScreeningOutcome.PRESUMED_VICTIM,
        ScreeningOutcome.NO_INDICATION,
        1,
    )


def test_correcting_a_screening_recomputes_its_result(world, indicators, caseworker):
    case = kenyan_case(world)
    screening = screen(case, caseworker, yes=["ec_strong_1"])
    assert screening.outcome == ScreeningOutcome.NO_INDICATION
    services.update_screening(
        screening,
        acting_user=caseworker,
        expected_version=1,
        answers=[{"indicator": "ec_weak_1", "answer": "yes", "note": "Seen at the market"}],
    )
    screening.refresh_from_db()
    assert screening.outcome == ScreeningOutcome.PRESUMED_VICTIM
    assert screening.version == 2
    assert screening.answers.get(indicator__code="ec_weak_1").note == "Seen at the market"
    with pytest.raises(ConflictError):
        services.update_screening(screening, acting_user=caseworker, expected_version=1, acts=[])


def test_screening_input_is_checked_and_errors_name_the_field(world, indicators, caseworker):
    case = kenyan_case(world)
    cases = {
        "answers": {"yes": ["no_such_indicator"]},
        "acts": {"acts": ["kidnap"]},
        "screened_at": {"screened_at": timezone.now() + timedelta(days=1)},
    }
    for field, kwargs in cases.items():
        with pytest.raises(ValidationError) as caught:
            screen(case, caseworker, **kwargs)
        assert field in caught.value.message_dict, field
    indicators.is_active = False
    indicators.save()
    with pytest.raises(ValidationError) as caught:
        screen(case, caseworker)
    assert "indicator_list" in caught.value.message_dict


def test_writes_are_audited_without_the_findings_and_the_timeline_line_is_sensitive(
    world, indicators, caseworker
):
    case = kenyan_case(world)
    screening = screen(case, caseworker, yes=EXPLOITED)
    event = AuditEvent.objects.get(object_uuid=screening.uuid)
    assert event.action == AuditEvent.Action.CREATE
    assert "presumed" not in str(event.detail)  # audit readers may lack the trafficking permission
    line = CaseEvent.objects.get(case=case, kind="screening_recorded")
    assert line.sensitivity == "sensitive.trafficking"
    assert line.object_uuid == screening.uuid


def test_only_users_with_the_trafficking_permission_may_screen(world, indicators, monkeypatch):
    case = kenyan_case(world)
    with pytest.raises(OutOfScope):
        screen(case, world.user("KE", Role.THERAPIST))  # may view the case, not change it
    with pytest.raises(OutOfScope):
        screen(case, world.user("NP", Role.CASEWORKER))
    # A role that may change cases but lacks the trafficking permission is refused too.
    monkeypatch.setitem(
        ROLE_PERMISSIONS,
        Role.TRACING_OFFICER,
        ROLE_PERMISSIONS[Role.TRACING_OFFICER] | {"case.change"},
    )
    with pytest.raises(OutOfScope):
        screen(case, world.user("KE", Role.TRACING_OFFICER))


@pytest.mark.parametrize(
    "role,trafficking,sexual",
    [
        (Role.CASEWORKER, True, False),
        (Role.SUPERVISOR, True, True),
        (Role.TRACING_OFFICER, False, False),
        (Role.THERAPIST, False, False),
        (Role.DATA_PROTECTION_OFFICER, False, False),
        (Role.ANALYST, False, False),
    ],
)
def test_who_may_see_trafficking_details(world, role, trafficking, sexual):
    case = kenyan_case(world)
    user = world.user("KE", role)
    assert services.user_may_see_trafficking(user, case) is trafficking
    assert services.user_may_see_trafficking(user, world.ke) is trafficking
    assert services.user_may_see_sexual_exploitation(user, case) is sexual
    assert services.user_may_see_trafficking(world.user("NP", role), case) is False


def test_the_profile_is_created_then_updated_with_its_version(world, caseworker):
    case = kenyan_case(world)
    profile = services.save_trafficking_profile(
        case,
        acting_user=caseworker,
        trafficking_status="PossibleVictimOfTrafficking",
        decided_by_org="NGO",
        types_of_exploitation=["ForcedCriminality", "ForcedBegging", "ForcedBegging"],
        recruitment_methods=["LuredFalsePromiseFood", "ThroughFriendsOrSocialEvents"],
        non_punishment=True,
    )
    assert profile.decided_by == caseworker and profile.decided_at is not None
    # Stored in code-list order, each once.
    assert profile.types_of_exploitation == ["ForcedBegging", "ForcedCriminality"]
    updated = services.save_trafficking_profile(
        case, acting_user=caseworker, expected_version=1, methods_of_control=["DebtBondage"]
    )
    assert updated.version == 2 and updated.types_of_exploitation == ["ForcedBegging", "ForcedCriminality"]
    with pytest.raises(ConflictError):
        services.save_trafficking_profile(case, acting_user=caseworker, expected_version=1, notes="late")
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "sensitivity"))
    assert ("trafficking_profile_recorded", "sensitive.trafficking") in kinds
    assert ("trafficking_profile_changed", "sensitive.trafficking") in kinds


def test_a_status_change_records_who_decided(world, caseworker):
    case = kenyan_case(world)
    supervisor = world.user("KE", Role.SUPERVISOR)
    services.save_trafficking_profile(case, acting_user=caseworker, notes="first contact")
    profile = services.save_trafficking_profile(
        case, acting_user=supervisor, expected_version=1, trafficking_status="ActualVictimOfTrafficking"
    )
    assert profile.decided_by == supervisor
    profile = services.save_trafficking_profile(
        case, acting_user=caseworker, expected_version=2, notes="later"
    )
    assert profile.decided_by == supervisor  # unchanged status: the decision stays


@pytest.mark.parametrize(
    "field,value",
    [
        ("types_of_exploitation", ["ForcedLabour", "Smuggling"]),
        ("forced_labour_industries", ["Z_Unknown"]),
        ("recruitment_methods", "AbductedFromStreet"),
        ("methods_of_control", ["debtbondage"]),
        ("trafficking_status", "Maybe"),
        ("relationship_to_trafficker", "Neighbour"),
        ("age_when_first_trafficked", 40),
        ("decided_at", timezone.now() + timedelta(days=2)),
        ("reference", "KE-1"),
    ],
)
def test_profile_errors_name_the_field(world, caseworker, field, value):
    case = kenyan_case(world)
    with pytest.raises(ValidationError) as caught:
        services.save_trafficking_profile(case, acting_user=caseworker, **{field: value})
    assert list(caught.value.message_dict) == [field]
    assert not TraffickingProfile.objects.filter(case=case).exists()


def test_only_a_supervisor_records_the_type_of_sexual_exploitation(world, caseworker):
    case = kenyan_case(world)
    with pytest.raises(ValidationError) as caught:
        services.save_trafficking_profile(
            case, acting_user=caseworker, type_of_sex_exploitation=["Pornography"]
        )
    assert "type_of_sex_exploitation" in caught.value.message_dict
    profile = services.save_trafficking_profile(
        case, acting_user=world.user("KE", Role.SUPERVISOR), type_of_sex_exploitation=["Pornography"]
    )
    assert profile.type_of_sex_exploitation == ["Pornography"]
    # The caseworker's later edits leave it as it is.
    services.save_trafficking_profile(case, acting_user=caseworker, expected_version=1, notes="seen")
    profile.refresh_from_db()
    assert profile.type_of_sex_exploitation == ["Pornography"]


def test_route_events_are_checked_and_shown_in_date_order(world, caseworker):
    case = kenyan_case(world)
    india = Country.objects.get(code="IN")
    nairobi = Location.objects.create(country=world.ke, level=1, code="KE-NBO", name="Nairobi")
    today = timezone.localdate()
    exploitation = services.add_trafficking_event(
        case,
        acting_user=caseworker,
        kind="Exploitation",
        event_country=india,
        place_text="Brick kiln near Delhi",
        started_on=today - timedelta(days=100),
    )
    recruitment = services.add_trafficking_event(
        case,
        acting_user=caseworker,
        kind="Recruitment",
        event_country=world.ke,
        place=nairobi,
        started_on=today - timedelta(days=200),
        ended_on=today - timedelta(days=199),
    )
    undated = services.add_trafficking_event(
        case, acting_user=caseworker, kind="Transit", event_country=india
    )
    assert list(services.route(case, caseworker)) == [recruitment, exploitation, undated]
    assert list(services.route(case, world.user("KE", Role.THERAPIST))) == []

    errors = {
        "ended_on": {"started_on": today - timedelta(days=3), "ended_on": today - timedelta(days=5)},
        "place": {"event_country": india, "place": nairobi},
        "kind": {"kind": "Holiday"},
        "started_on": {"started_on": today + timedelta(days=1)},
    }
    for field, change in errors.items():
        data = {"kind": "Transit", "event_country": world.ke} | change
        with pytest.raises(ValidationError) as caught:
            services.add_trafficking_event(case, acting_user=caseworker, **data)
        assert field in caught.value.message_dict, field

    services.update_trafficking_event(
        undated, acting_user=caseworker, expected_version=1, place_text="Border post"
    )
    with pytest.raises(ValidationError):
        services.update_trafficking_event(
            recruitment, acting_user=caseworker, expected_version=1, ended_on=today - timedelta(days=300)
        )
    services.remove_trafficking_event(exploitation, acting_user=caseworker, expected_version=1)
    assert list(services.route(case, caseworker)) == [recruitment, undated]


def test_cases_can_be_filtered_by_exploitation_type(world, caseworker):
    begging = kenyan_case(world)
    crime = kenyan_case(world)
    kenyan_case(world)
    services.save_trafficking_profile(
        begging, acting_user=caseworker, types_of_exploitation=["ForcedBegging"]
    )
    services.save_trafficking_profile(
        crime, acting_user=caseworker, types_of_exploitation=["ForcedCriminality", "ForcedLabour"]
    )
    cases = Case.objects.all()
    assert list(services.filter_cases_by_exploitation_type(cases, "ForcedBegging")) == [begging]
    assert list(services.filter_cases_by_exploitation_type(cases, "ForcedLabour")) == [crime]
    assert not services.filter_cases_by_exploitation_type(cases, "Forced").exists()


def test_no_default_rule_row_falls_back_to_the_built_in_default(world, indicators, caseworker):
    ScreeningRule.objects.all().delete()  # the data migration created one
    screening = screen(kenyan_case(world), caseworker, yes=EXPLOITED)
    assert screening.rule is None and screening.rule_combinations == DEFAULT_COMBINATIONS


def test_a_closed_case_is_reopened_before_anything_is_recorded(world, indicators, caseworker):
    case = kenyan_case(world, status="Closed")
    with pytest.raises(ValidationError):
        screen(case, caseworker, yes=EXPLOITED)
    with pytest.raises(ValidationError):
        services.save_trafficking_profile(case, acting_user=caseworker, notes="late")
    with pytest.raises(ValidationError):
        services.add_trafficking_event(case, acting_user=caseworker, kind="Transit", event_country=world.ke)


def test_the_loader_works_with_an_apps_registry_as_a_data_migration_passes_it(db):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from trygg.cases.indicator_data import load_default_indicators

    # The historical models the data migration sees, on tables emptied of what it loaded.
    apps = MigrationLoader(connection).project_state(("cases", "0001_initial")).apps
    remove_shipped_indicator_data()
    report = load_default_indicators(apps)
    assert (report.lists_created, report.indicators_created, report.rule_created) == (1, 65, True)
    assert load_default_indicators(apps).indicators_updated == 0
    assert ScreeningRule.objects.get(country__isnull=True).combinations == DEFAULT_COMBINATIONS
