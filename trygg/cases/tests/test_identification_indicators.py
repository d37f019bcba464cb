"""The shipped draft indicator list, its loader, and editing indicators as data."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import ScreeningDimension
from trygg.cases.indicator_data import load_default_indicators, shipped_indicators
from trygg.cases.models import Indicator, IndicatorList, ScreeningRule
from trygg.cases.services import identification_admin as admin_services
from trygg.cases.tests.factories_identification import remove_shipped_indicator_data
from trygg.core.services import ConflictError, OutOfScope


def test_the_draft_list_loads_with_every_indicator_translated(db):
    # The data migration has loaded the shipped list already; loading again creates nothing.
    report = load_default_indicators()
    assert (report.lists_created, report.indicators_created, report.rule_created) == (0, 0, False)
    child_labour = IndicatorList.objects.get(code="child_labour")
    assert child_labour.is_draft
    assert "Draft" in child_labour.description
    indicators = Indicator.objects.filter(indicator_list=child_labour)
    assert indicators.count() == 65
    assert set(indicators.values_list("dimension", flat=True)) == set(ScreeningDimension.values)
    assert all(indicator.translations.get("nb") for indicator in indicators)
    # The same text appears in several dimensions; codes keep them apart.
    assert indicators.filter(text="Debt bondage").count() == 2
    assert ScreeningRule.objects.get(country__isnull=True).combinations[0] == {"strong": 2}


def test_texts_follow_the_active_language_with_english_as_fallback(db):
    load_default_indicators()
    indicator = Indicator.objects.get(code="ec_hazardous_work")
    with translation.override("nb"):
        assert indicator.display_text == "Farlig arbeid"
        assert IndicatorList.objects.get(code="child_labour").display_name.startswith("ILO/EU")
    with translation.override("en"):
        assert indicator.display_text == "Hazardous work"
    indicator.translations = {}
    with translation.override("nb"):
        assert indicator.display_text == "Hazardous work"


def test_loading_again_changes_nothing_and_keeps_an_administrators_edits(world):
    load_default_indicators()
    before = {i.code: (i.strength, i.text, i.version) for i in Indicator.objects.all()}
    again = load_default_indicators()
    assert again.as_dict() == {
        "lists_created": 0,
        "lists_updated": 0,
        "indicators_created": 0,
        "indicators_updated": 0,
        "kept_admin_edits": 0,
        "rule_created": False,
    }
    assert {i.code: (i.strength, i.text, i.version) for i in Indicator.objects.all()} == before

    # The administrator corrects a strength; someone tampers with another indicator directly.
    corrected = Indicator.objects.get(code="ec_hazardous_work")
    admin_services.update_indicator(
        corrected, acting_user=world.system_admin, expected_version=1, strength="strong"
    )
    Indicator.objects.filter(code="ec_low_no_salary").update(text="Changed outside the pages")
    child_labour = IndicatorList.objects.get(code="child_labour")
    admin_services.update_indicator_list(
        child_labour, acting_user=world.system_admin, expected_version=1, is_draft=False
    )
    report = load_default_indicators()
    assert (report.kept_admin_edits, report.indicators_updated, report.lists_updated) == (2, 1, 0)
    corrected.refresh_from_db()
    assert corrected.strength == "strong" and corrected.edited_by_admin
    assert Indicator.objects.get(code="ec_low_no_salary").text == "Low or no salary"
    assert IndicatorList.objects.get(code="child_labour").is_draft is False


def test_the_command_loads_and_says_the_list_is_a_draft(db, capsys):
    remove_shipped_indicator_data()  # as before the data migration, e.g. after a manual clean-up
    call_command("load_indicators")
    call_command("load_indicators")
    out = capsys.readouterr().out
    assert "65 created" in out and "0 created, 0 updated" in out and "draft" in out
    assert out.count("Default screening rule created.") == 1
    assert Indicator.objects.count() == 65
    assert ScreeningRule.objects.get(country__isnull=True).combinations[0] == {"strong": 2}
    assert AuditEvent.objects.filter(detail__has_key="load_indicators").count() == 2


def test_the_shipped_file_has_the_draft_inventory():
    shipped = shipped_indicators("ilo-child-labour-indicators.draft.tsv", "child_labour")
    per_dimension = {}
    for row in shipped:
        per_dimension[row["dimension"]] = per_dimension.get(row["dimension"], 0) + 1
    assert per_dimension == {
        "deceptive_recruitment": 10,
        "coercive_recruitment": 10,
        "recruitment_abuse_of_vulnerability": 15,
        "exploitative_conditions": 8,
        "coercion_at_destination": 15,
        "abuse_of_vulnerability_at_destination": 7,
    }
    assert len({row["code"] for row in shipped}) == 65
    assert shipped[0]["text"] == "Deceived about the nature of the job, location or employer"
    assert shipped[0]["strength"] == "strong"


def test_only_the_system_administrator_edits_indicators(world):
    load_default_indicators()
    indicator = Indicator.objects.get(code="ec_hazardous_work")
    for role in (Role.CASEWORKER, Role.SUPERVISOR, Role.COUNTRY_ADMINISTRATOR):
        with pytest.raises(OutOfScope):
            admin_services.update_indicator(
                indicator, acting_user=world.user("KE", role), expected_version=1, strength="weak"
            )
        with pytest.raises(OutOfScope):
            admin_services.create_indicator_list(acting_user=world.user("KE", role), code="x", name="X")
    admin = world.system_admin
    sexual = admin_services.create_indicator_list(
        acting_user=admin,
        code="child_sexual_exploitation",
        name="Indicators of child sexual exploitation",
        name_translations={"nb": "Indikatorer for seksuell utnytting av barn"},
        is_draft=True,
    )
    added = admin_services.add_indicator(
        sexual,
        acting_user=admin,
        code="ec_forced_clients",
        dimension="exploitative_conditions",
        strength="strong",
        text="Forced to serve clients",
        translations={"nb": "Tvunget til å betjene kunder"},
    )
    assert added.order == 1 and added.edited_by_admin
    assert AuditEvent.objects.filter(object_uuid=added.uuid, action="create").exists()
    with pytest.raises(ConflictError):
        admin_services.update_indicator(added, acting_user=admin, expected_version=7, text="Other")


@pytest.mark.parametrize(
    "data,field",
    [
        ({"dimension": "smuggling"}, "dimension"),
        ({"strength": "very strong"}, "strength"),
        ({"text": "  "}, "text"),
        ({"translations": {"xx": "?"}}, "translations"),
        ({"translations": "nb: tekst"}, "translations"),
        ({"code": "renamed"}, "code"),
    ],
)
def test_indicator_errors_name_the_field(world, data, field):
    load_default_indicators()
    indicator = Indicator.objects.get(code="ec_hazardous_work")
    with pytest.raises(ValidationError) as caught:
        admin_services.update_indicator(indicator, acting_user=world.system_admin, expected_version=1, **data)
    assert field in caught.value.message_dict


def test_screening_rules_are_checked(world):
    with pytest.raises(ValidationError) as caught:
        admin_services.create_screening_rule(acting_user=world.system_admin, combinations=[{"strong": 0}])
    assert "combinations" in caught.value.message_dict
    with pytest.raises(OutOfScope):
        admin_services.create_screening_rule(
            acting_user=world.user("KE", Role.SUPERVISOR), country=world.ke, combinations=[{"strong": 2}]
        )
    admin_services.create_screening_rule(
        acting_user=world.system_admin, country=world.ke, combinations=[{"strong": 2}]
    )
    with pytest.raises(ValidationError) as caught:
        admin_services.create_screening_rule(
            acting_user=world.system_admin, country=world.ke, combinations=[{"strong": 3}]
        )
    assert "country" in caught.value.message_dict
