"""Importing locations from CSV: all or nothing, idempotent, and every problem named by row and column."""

from unittest import mock

import pytest
from django.db import IntegrityError

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.geo.models import Location, LocationImport
from trygg.geo.services import import_locations, parse_location_csv
from trygg.geo.tests.factories import LocationFactory, LocationImportFactory

HEADER = "level,code,name,parent_code\n"
# Children before their parents on purpose: the file need not be sorted.
NAIROBI = (
    HEADER + "2,KE-30-01,Westlands,KE-30\n"
    "3,KE-30-01-01,Parklands,KE-30-01\n"
    "1,KE-30,Nairobi,\n"
    "2,KE-30-02,Kibra,KE-30\n"
)


def run(world, text, user=None, country=None):
    user = user or world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    location_import = LocationImportFactory(country=country or world.ke, created_by=user, content=text)
    return import_locations(location_import, acting_user=user)


def tree(country):
    return {
        code: (level, parent)
        for code, level, parent in Location.objects.filter(country=country).values_list(
            "code", "level", "parent__code"
        )
    }


def test_import_builds_the_hierarchy_whatever_the_row_order(world):
    result = run(world, NAIROBI)
    assert result.status == LocationImport.Status.DONE
    assert (result.created_count, result.updated_count, result.unchanged_count) == (4, 0, 0)
    assert result.errors == []
    assert result.finished_at is not None
    assert tree(world.ke) == {
        "KE-30": (1, None),
        "KE-30-01": (2, "KE-30"),
        "KE-30-02": (2, "KE-30"),
        "KE-30-01-01": (3, "KE-30-01"),
    }
    assert Location.objects.get(code="KE-30-01").created_by == world.user("KE", Role.COUNTRY_ADMINISTRATOR)


def test_importing_the_same_file_again_changes_nothing(world):
    run(world, NAIROBI)
    before = list(Location.objects.order_by("code").values("code", "name", "level", "parent", "version"))
    again = run(world, NAIROBI)
    assert again.status == LocationImport.Status.DONE
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    after = list(Location.objects.order_by("code").values("code", "name", "level", "parent", "version"))
    assert after == before


def test_a_changed_name_and_parent_update_the_existing_locations(world):
    run(world, NAIROBI)
    changed = NAIROBI.replace("Kibra", "Kibera").replace(
        "3,KE-30-01-01,Parklands,KE-30-01", "3,KE-30-01-01,Parklands,KE-30-02"
    )
    result = run(world, changed)
    assert (result.created_count, result.updated_count, result.unchanged_count) == (0, 2, 2)
    kibera = Location.objects.get(code="KE-30-02")
    assert kibera.name == "Kibera"
    assert kibera.version == 2
    assert Location.objects.get(code="KE-30-01-01").parent == kibera


def test_parents_already_in_the_database_are_found(world):
    LocationFactory(country=world.ke, level=1, code="KE-47", name="Nairobi County")
    result = run(world, HEADER + "2,KE-47-9,Embakasi,KE-47\n")
    assert result.status == LocationImport.Status.DONE
    assert tree(world.ke)["KE-47-9"] == (2, "KE-47")


def test_byte_order_mark_and_crlf_are_accepted(world):
    text = "\ufeff" + NAIROBI.replace("\n", "\r\n")
    result = run(world, text)
    assert result.status == LocationImport.Status.DONE
    assert result.created_count == 4


def test_columns_may_come_in_any_order_with_extra_columns(world):
    text = "Name,parent_code,Code,Level,notes\nNairobi,,KE-30,1,capital\nWestlands,KE-30,KE-30-01,2,\n"
    result = run(world, text)
    assert result.status == LocationImport.Status.DONE
    assert tree(world.ke) == {"KE-30": (1, None), "KE-30-01": (2, "KE-30")}


def test_unknown_parent_fails_the_whole_file(world):
    text = NAIROBI + "2,KE-99-01,Nowhere,KE-99\n"
    result = run(world, text)
    assert result.status == LocationImport.Status.FAILED
    assert result.errors == [
        {
            "row": 6,
            "column": "parent_code",
            "message": "No location has the code KE-99, neither in this file nor already in Kenya.",
        }
    ]
    assert (result.created_count, result.updated_count, result.unchanged_count) == (0, 0, 0)
    assert not Location.objects.filter(country=world.ke).exists()


def test_bad_level_fails_the_whole_file_and_names_row_and_column(world):
    text = NAIROBI + "3,KE-30-03,Embakasi,KE-30\n" + "x,KE-30-04,Langata,KE-30\n"
    result = run(world, text)
    assert result.status == LocationImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in result.errors] == [(6, "level"), (7, "level")]
    assert "should be at level 2" in result.errors[0]["message"]
    assert "“x”" in result.errors[1]["message"]
    assert not Location.objects.filter(country=world.ke).exists()


def test_a_failed_import_leaves_existing_locations_untouched(world):
    run(world, NAIROBI)
    before = list(Location.objects.order_by("code").values("code", "name", "version"))
    result = run(world, NAIROBI.replace("Kibra", "Kibera") + "2,KE-31-01,Ruaraka,KE-31\n")
    assert result.status == LocationImport.Status.FAILED
    assert list(Location.objects.order_by("code").values("code", "name", "version")) == before


@pytest.mark.parametrize(
    "text,expected",
    [
        ("code,name\n1,A\n", [(1, "level"), (1, "parent_code")]),
        ("", [(1, "")]),
        (HEADER, [(2, "")]),
        (HEADER + "1,,Nameless,\n", [(2, "code")]),
        (HEADER + "1,KE-1,,\n", [(2, "name")]),
        (HEADER + "1,KE-1,Nairobi,\n1,KE-1,Mombasa,\n", [(3, "code")]),
        (HEADER + "1,KE-1,Nairobi,KE-0\n", [(2, "parent_code")]),
        (HEADER + "2,KE-1,Nairobi,\n", [(2, "parent_code")]),
        (HEADER + "2,KE-1,Nairobi,KE-1\n", [(2, "parent_code")]),
        (HEADER + "0,KE-1,Nairobi,\n", [(2, "level")]),
        (HEADER + "1," + "C" * 51 + ",Nairobi,\n", [(2, "code")]),
        (HEADER + '1,KE-1,"Nairobi\n', [(2, "")]),
    ],
    ids=[
        "missing-columns",
        "empty",
        "header-only",
        "no-code",
        "no-name",
        "duplicate-code",
        "parent-at-level-1",
        "no-parent-below-level-1",
        "own-parent",
        "level-zero",
        "code-too-long",
        "broken-quotes",
    ],
)
def test_problems_are_named_by_row_and_column(world, text, expected):
    result = run(world, text)
    assert result.status == LocationImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in result.errors] == expected
    assert all(e["message"] for e in result.errors)
    assert not Location.objects.filter(country=world.ke).exists()


def test_a_child_of_a_broken_row_is_not_reported_twice(world):
    text = HEADER + "1,KE-30,,\n2,KE-30-01,Westlands,KE-30\n"
    result = run(world, text)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "name")]


def test_level_of_a_location_with_children_outside_the_file_cannot_change(world):
    run(world, NAIROBI)
    # Westlands becomes a region, but its child Parklands is not in the file.
    result = run(world, HEADER + "1,KE-30-01,Westlands,\n")
    assert result.status == LocationImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "level")]
    assert "KE-30-01-01" in result.errors[0]["message"]


def test_level_may_change_when_the_children_move_along(world):
    run(world, NAIROBI)
    result = run(world, HEADER + "1,KE-30-01,Westlands,\n2,KE-30-01-01,Parklands,KE-30-01\n")
    assert result.status == LocationImport.Status.DONE
    assert tree(world.ke)["KE-30-01"] == (1, None)
    assert tree(world.ke)["KE-30-01-01"] == (2, "KE-30-01")


def test_codes_are_per_country(world):
    run(world, NAIROBI)
    nepal_admin = world.user("NP", Role.COUNTRY_ADMINISTRATOR)
    result = run(world, HEADER + "1,KE-30,Bagmati,\n", user=nepal_admin, country=world.np)
    assert result.status == LocationImport.Status.DONE
    assert result.created_count == 1
    assert Location.objects.get(country=world.ke, code="KE-30").name == "Nairobi"


def test_import_is_audited_with_its_counts(world):
    result = run(world, NAIROBI)
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_uuid=result.uuid)
    assert event.actor == world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    assert event.country_id == world.ke.pk
    assert event.detail == {"status": "done", "rows": 4, "created": 4, "updated": 0, "unchanged": 0}


def test_failed_import_is_audited_without_file_content(world):
    result = run(world, HEADER + "2,KE-1,Secret Village,KE-0\n")
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_uuid=result.uuid)
    assert event.detail == {"status": "failed", "errors": 1}
    assert "Secret" not in str(event.detail)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST])
def test_only_administrators_of_the_country_can_import(world, role):
    result = run(world, NAIROBI, user=world.user("KE", role))
    assert result.status == LocationImport.Status.FAILED
    assert result.errors[0]["row"] is None
    assert not Location.objects.exists()


def test_another_countrys_administrator_cannot_import(world):
    result = run(world, NAIROBI, user=world.user("NP", Role.COUNTRY_ADMINISTRATOR))
    assert result.status == LocationImport.Status.FAILED
    assert not Location.objects.exists()


def test_system_administrator_can_import_anywhere(world):
    result = run(world, NAIROBI, user=world.system_admin)
    assert result.status == LocationImport.Status.DONE


def test_a_finished_import_is_not_run_again(world):
    result = run(world, NAIROBI)
    Location.objects.filter(code="KE-30").update(name="Renamed meanwhile")
    again = import_locations(result, acting_user=result.created_by)
    assert again.status == LocationImport.Status.DONE
    assert again.created_count == 4
    assert Location.objects.get(code="KE-30").name == "Renamed meanwhile"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_uuid=result.uuid).count() == 1


def test_a_database_error_rolls_everything_back(world):
    run(world, HEADER + "1,KE-30,Nairobi,\n")
    with mock.patch.object(Location.objects, "bulk_update", side_effect=IntegrityError("boom")):
        result = run(world, NAIROBI.replace("Nairobi", "Nairobi City"))
    assert result.status == LocationImport.Status.FAILED
    assert result.errors[0]["row"] is None
    assert set(Location.objects.values_list("code", flat=True)) == {"KE-30"}
    assert Location.objects.get(code="KE-30").name == "Nairobi"


def test_parse_reports_rows_as_a_spreadsheet_numbers_them(world):
    parsed = parse_location_csv(HEADER + "\n1,KE-1,Nairobi,\n,,,\n2,KE-1-1,Westlands,KE-1\n")
    assert [row.number for row in parsed.rows] == [3, 5]
    assert parsed.errors == []


def test_a_late_failure_does_not_overwrite_a_finished_import(world):
    # Two deliveries of the same task: the one that loses the race must not mark the import failed.
    from trygg.geo.services.location_import import _finish_failed

    result = run(world, NAIROBI)
    _finish_failed(result, [{"row": None, "column": "", "message": "late"}], acting_user=result.created_by)
    result.refresh_from_db()
    assert (result.status, result.created_count, result.errors) == ("done", 4, [])
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_uuid=result.uuid).count() == 1
