"""Importing a country's location hierarchy from CSV: all or nothing, and idempotent.

The file has a header row and the columns `level,code,name,parent_code` (in any order; other
columns are ignored). Rows are matched to existing locations by (country, code): a new code is
created, a known code is updated when its name, level or parent differ, and otherwise counted as
unchanged, so importing the same file twice changes nothing the second time. A parent may come
later in the file than its children. Every problem is reported with its row and column, and if
there is any, nothing is written.
"""

import csv
import io
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country

from ..models import Country, Location, LocationImport
from .places import check_can_add

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
COLUMNS = ("level", "code", "name", "parent_code")
MAX_LEVEL = 9
COLUMN_ORDER = {column: i for i, column in enumerate(COLUMNS)}
_CODE_MAX = Location._meta.get_field("code").max_length
_NAME_MAX = Location._meta.get_field("name").max_length


@dataclass(frozen=True)
class LocationRow:
    """One data row of the file; `number` is its row in a spreadsheet (the header is row 1)."""

    number: int
    level: int
    code: str
    name: str
    parent_code: str


@dataclass
class ParsedFile:
    """The rows that are valid on their own, the problems found, and every code the file names."""

    rows: list[LocationRow]
    errors: list[dict]
    codes: set[str]


class _AlreadyFinished(Exception):
    """Another run of the same import finished it first."""


class ImportRefused(Exception):
    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(f"{len(errors)} problems")


def _error(row: int | None, column: str, message) -> dict:
    return {"row": row, "column": column, "message": str(message)}


@transaction.atomic
def start_location_import(
    *, country: Country, content: str, acting_user, file_name: str = ""
) -> LocationImport:
    """Store an uploaded file and queue its import; the task runs once this transaction commits."""
    check_can_add(acting_user, "location.add", country)
    if len(content.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise ValidationError(
            {
                "content": _("The file is larger than %(size)s MB.")
                % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
            }
        )
    location_import = LocationImport.objects.create(
        country=country,
        content=content,
        file_name=(file_name or "")[:200],
        created_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=location_import,
        fields=["content"],
        detail={"bytes": len(content.encode("utf-8"))},
    )
    import_id = location_import.pk
    transaction.on_commit(lambda: _enqueue(import_id))
    return location_import


def _enqueue(import_id: int) -> None:
    from ..tasks import run_location_import

    try:
        run_location_import.delay(import_id)
    except Exception:
        # The broker is unreachable (or, in the embedded mode, the task itself broke): say so on
        # the import instead of leaving it waiting for ever.
        logger.exception("Location import %s could not be run", import_id)
        location_import = LocationImport.objects.filter(pk=import_id).first()
        if location_import is not None and not location_import.is_finished:
            _finish_failed(
                location_import,
                [
                    _error(
                        None, "", _("The import could not be started. Nothing was imported; try again later.")
                    )
                ],
                acting_user=location_import.created_by,
            )


def parse_location_csv(text: str) -> ParsedFile:
    """Read the file and check each row on its own (no database access)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        message = _("The file is empty. It needs the header row level,code,name,parent_code.")
        return ParsedFile([], [_error(1, "", message)], set())
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    errors: list[dict] = []
    rows: list[LocationRow] = []
    seen: dict[str, int] = {}
    number = 1
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            message = _(
                "The header row has no column %(column)s. The first row must name the columns "
                "level, code, name and parent_code."
            )
            return ParsedFile([], [_error(1, c, message % {"column": c}) for c in missing], set())
        index = {column: header.index(column) for column in COLUMNS}
        for number, record in enumerate(reader, start=2):  # noqa: B007 - reported on csv.Error
            if not any(cell.strip() for cell in record):
                continue
            values = {c: (record[i].strip() if i < len(record) else "") for c, i in index.items()}
            row_errors = _check_row(number, values, seen)
            errors.extend(row_errors)
            if not row_errors:
                rows.append(
                    LocationRow(
                        number=number,
                        level=int(values["level"]),
                        code=values["code"],
                        name=values["name"],
                        parent_code=values["parent_code"],
                    )
                )
            if values["code"] and values["code"] not in seen:
                seen[values["code"]] = number
    except csv.Error:
        errors.append(_error(number + 1, "", _("This row cannot be read as CSV (check the quotes).")))
    if not rows and not errors:
        errors.append(_error(2, "", _("The file has a header row but no locations.")))
    return ParsedFile(rows, errors, set(seen))


def _check_row(number: int, values: dict, seen: dict) -> list[dict]:
    errors = []
    level = int(values["level"]) if values["level"].isascii() and values["level"].isdigit() else None
    if level is None or not 1 <= level <= MAX_LEVEL:
        errors.append(
            _error(
                number,
                "level",
                _("The level must be a whole number from 1 to %(max)s, not “%(value)s”.")
                % {"max": MAX_LEVEL, "value": values["level"][:20]},
            )
        )
    code = values["code"]
    if not code:
        errors.append(_error(number, "code", _("A code is required.")))
    elif len(code) > _CODE_MAX:
        errors.append(
            _error(number, "code", _("A code has at most %(max)s characters.") % {"max": _CODE_MAX})
        )
    elif code in seen:
        errors.append(
            _error(
                number,
                "code",
                _("The code %(code)s is already used in row %(row)s.") % {"code": code, "row": seen[code]},
            )
        )
    if not values["name"]:
        errors.append(_error(number, "name", _("A name is required.")))
    elif len(values["name"]) > _NAME_MAX:
        errors.append(
            _error(number, "name", _("A name has at most %(max)s characters.") % {"max": _NAME_MAX})
        )
    parent_code = values["parent_code"]
    if level == 1 and parent_code:
        errors.append(
            _error(number, "parent_code", _("A level 1 location has no parent; leave parent_code empty."))
        )
    elif level is not None and level > 1 and not parent_code:
        errors.append(
            _error(
                number,
                "parent_code",
                _(
                    "A level %(level)s location needs the code of its parent, a level %(parent_level)s "
                    "location."
                )
                % {"level": level, "parent_level": level - 1},
            )
        )
    elif parent_code and parent_code == code:
        errors.append(_error(number, "parent_code", _("A location cannot be its own parent.")))
    return errors


def _check_hierarchy(parsed: ParsedFile, existing: dict[str, Location], country: Country) -> list[dict]:
    """Problems that need the whole file and the database: unknown parents, levels that do not fit."""
    errors = []
    rows = parsed.rows
    in_file = {row.code: row for row in rows}
    alive = {code: loc for code, loc in existing.items() if not loc.is_deleted}
    for row in rows:
        if not row.parent_code:
            continue
        if row.parent_code in in_file:
            parent_level = in_file[row.parent_code].level
        elif row.parent_code in parsed.codes:
            continue  # the parent's own row has a problem, reported there
        elif row.parent_code in alive:
            parent_level = alive[row.parent_code].level
        else:
            errors.append(
                _error(
                    row.number,
                    "parent_code",
                    _("No location has the code %(code)s, neither in this file nor already in %(country)s.")
                    % {"code": row.parent_code, "country": country},
                )
            )
            continue
        if row.level != parent_level + 1:
            errors.append(
                _error(
                    row.number,
                    "level",
                    _(
                        "Level %(level)s does not fit under %(parent)s, which is at level %(parent_level)s: "
                        "this location should be at level %(expected)s."
                    )
                    % {
                        "level": row.level,
                        "parent": row.parent_code,
                        "parent_level": parent_level,
                        "expected": parent_level + 1,
                    },
                )
            )
    # A location that changes level must bring its sub-locations along in the same file.
    children: dict[int, list[str]] = defaultdict(list)
    for loc in alive.values():
        if loc.parent_id is not None:
            children[loc.parent_id].append(loc.code)
    for row in rows:
        loc = existing.get(row.code)
        if loc is None or loc.level == row.level:
            continue
        left_behind = [code for code in children.get(loc.pk, []) if code not in in_file]
        if left_behind:
            errors.append(
                _error(
                    row.number,
                    "level",
                    _(
                        "%(code)s has sub-locations that are not in this file (for example %(child)s), so "
                        "its level cannot change from %(old)s to %(new)s."
                    )
                    % {"code": row.code, "child": left_behind[0], "old": loc.level, "new": row.level},
                )
            )
    return errors


def _write(rows: list[LocationRow], existing: dict[str, Location], country: Country, acting_user) -> dict:
    """Create and update level by level, so that every parent has its id before its children."""
    now = timezone.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_code = {code: loc for code, loc in existing.items() if not loc.is_deleted}
    by_level: dict[int, list[LocationRow]] = defaultdict(list)
    for row in rows:
        by_level[row.level].append(row)
    for level in sorted(by_level):
        to_create, to_update = [], []
        for row in by_level[level]:
            parent_id = by_code[row.parent_code].pk if row.parent_code else None
            loc = existing.get(row.code)
            if loc is None:
                loc = Location(
                    country=country,
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    parent_id=parent_id,
                    created_by=acting_user,
                    updated_by=acting_user,
                )
                to_create.append(loc)
            elif (loc.name, loc.level, loc.parent_id, loc.is_deleted) != (
                row.name,
                row.level,
                parent_id,
                False,
            ):
                loc.name, loc.level, loc.parent_id = row.name, row.level, parent_id
                loc.is_deleted, loc.deleted_at = False, None
                loc.version += 1
                loc.updated_by, loc.updated_at = acting_user, now
                to_update.append(loc)
            else:
                counts["unchanged"] += 1
            by_code[row.code] = loc
        if to_create:
            Location.objects.bulk_create(to_create, batch_size=500)
            if any(loc.pk is None for loc in to_create):
                ids = dict(
                    Location.objects.filter(
                        country=country, code__in=[loc.code for loc in to_create]
                    ).values_list("code", "pk")
                )
                for loc in to_create:
                    loc.pk = loc.id = ids[loc.code]
        if to_update:
            Location.objects.bulk_update(
                to_update,
                [
                    "name",
                    "level",
                    "parent",
                    "is_deleted",
                    "deleted_at",
                    "version",
                    "updated_by",
                    "updated_at",
                ],
                batch_size=500,
            )
        counts["created"] += len(to_create)
        counts["updated"] += len(to_update)
    return counts


def import_locations(location_import: LocationImport, *, acting_user) -> LocationImport:
    """Run one import: everything in one transaction, or nothing and a list of the problems.

    Safe to call again for the same import (a task delivered twice): a finished import is left
    as it is.
    """
    claimed = LocationImport.objects.filter(
        pk=location_import.pk, status__in=[LocationImport.Status.PENDING, LocationImport.Status.RUNNING]
    ).update(status=LocationImport.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        location_import.refresh_from_db()
        return location_import
    try:
        with transaction.atomic():
            _run(location_import, acting_user)
    except _AlreadyFinished:
        pass
    except ImportRefused as exc:
        _finish_failed(location_import, exc.errors, acting_user=acting_user)
    except DatabaseError as exc:
        # The message may quote codes from the file; the import's id and the error type suffice.
        logger.warning(
            "Location import %s failed in the database: %s", location_import.uuid, type(exc).__name__
        )
        _finish_failed(
            location_import,
            [_error(None, "", _("The database refused the locations. Nothing was imported; try again."))],
            acting_user=acting_user,
        )
    except Exception:
        _finish_failed(
            location_import,
            [_error(None, "", _("The import failed unexpectedly. Nothing was imported."))],
            acting_user=acting_user,
        )
        raise
    location_import.refresh_from_db()
    return location_import


def _run(location_import: LocationImport, acting_user) -> None:
    # The same import delivered twice at once: the second waits here (PostgreSQL) and then finds
    # it finished.
    status = (
        LocationImport.objects.select_for_update()
        .filter(pk=location_import.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != LocationImport.Status.RUNNING:
        raise _AlreadyFinished
    country = location_import.country
    if acting_user is None or not (
        has_perm_in_country(acting_user, "location.add", country.pk)
        and has_perm_in_country(acting_user, "location.change", country.pk)
    ):
        raise ImportRefused([_error(None, "", _("You cannot import locations for this country."))])
    parsed = parse_location_csv(location_import.content)
    rows = parsed.rows
    # Lock the country's locations (PostgreSQL) so that an edit made meanwhile waits and then
    # gets a version conflict instead of being overwritten.
    existing = {loc.code: loc for loc in Location.objects.select_for_update().filter(country=country)}
    errors = parsed.errors + (_check_hierarchy(parsed, existing, country) if rows else [])
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: (e["row"] or 0, COLUMN_ORDER.get(e["column"], 9))))
    counts = _write(rows, existing, country, acting_user)
    LocationImport.objects.filter(pk=location_import.pk).update(
        status=LocationImport.Status.DONE,
        created_count=counts["created"],
        updated_count=counts["updated"],
        unchanged_count=counts["unchanged"],
        errors=[],
        finished_at=timezone.now(),
    )
    record_event(
        AuditEvent.Action.IMPORT,
        actor=acting_user,
        obj=location_import,
        detail={"status": LocationImport.Status.DONE, "rows": len(rows), **counts},
    )


def _finish_failed(location_import: LocationImport, errors: list[dict], *, acting_user) -> None:
    """Record the failure, unless another run of the same import finished it meanwhile."""
    unfinished = [LocationImport.Status.PENDING, LocationImport.Status.RUNNING]
    with transaction.atomic():
        updated = LocationImport.objects.filter(pk=location_import.pk, status__in=unfinished).update(
            status=LocationImport.Status.FAILED,
            created_count=0,
            updated_count=0,
            unchanged_count=0,
            errors=errors,
            finished_at=timezone.now(),
        )
        if not updated:
            return
        record_event(
            AuditEvent.Action.IMPORT,
            actor=acting_user,
            obj=location_import,
            detail={"status": LocationImport.Status.FAILED, "errors": len(errors)},
        )
