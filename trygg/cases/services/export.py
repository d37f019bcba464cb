"""Case export: the case list as CSV, showing no more than the case pages and API show.

The caller scopes and filters the cases (`Case.objects.for_user(user, "export")` and the list's
filters); this module turns them into rows and writes one audit EXPORT event with the UUIDs of
every case exported and the names (never the values) of the filters used.

What a row shows follows the same rules as the pages and the API:
- a case the user's country keeps as a summary only after a transfer (`visible_in_full`) fills
  the summary's columns only (reference, country, site, stage, status, identified, child);
- the child's name only where the user may read the child's person record;
- the trafficking columns only where the user holds `sensitive.trafficking` for the case; elsewhere
  they say "Restricted" whether or not a profile exists, as the case page's panel does (the
  section exists, its content is not shown, not even whether it is empty);
- the type of sexual exploitation needs `sensitive.sexual_exploitation` there as well.

Values are stable codes (HTCDS where it has one), as the API gives them, dates in ISO 8601 UTC and
yes/no for flags; the header row is in the reader's language. Cells a spreadsheet would read as a
formula get a leading apostrophe: names are typed by users.

A constant number of queries: one for the selection (UUIDs only, which also enforces the row cap),
then two per chunk of `CHUNK_SIZE` cases (the cases with what a row needs, and their profiles).
"""

import csv
import datetime
import io
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.accounts.roles import Perm
from trygg.audit.services import record_export

from ..models import Case, TraffickingProfile
from .identification import user_may_see_sexual_exploitation, user_may_see_trafficking
from .transfer import visible_in_full

EXPORT_PERMISSION = Perm.CASE_EXPORT
EXPORT_ACTION = "export"  # for_user(user, EXPORT_ACTION) asks for EXPORT_PERMISSION
CHUNK_SIZE = 500
ORDERING = ("-identified_at", "-pk")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "yes", "no"
LIST_SEPARATOR = ";"

COLUMNS = (
    ("reference", gettext_lazy("Reference")),
    ("country", gettext_lazy("Country code")),
    ("site", gettext_lazy("Site")),
    ("stage", gettext_lazy("Stage")),
    ("status", gettext_lazy("Status")),
    ("risk_level", gettext_lazy("Risk level")),
    ("urgent_protection_concern", gettext_lazy("Urgent protection concern")),
    ("identified_at", gettext_lazy("Identified (UTC)")),
    ("first_action_due", gettext_lazy("First action due (UTC)")),
    ("assessment_due", gettext_lazy("Assessment due (UTC)")),
    ("overdue", gettext_lazy("Overdue")),
    ("assigned_worker", gettext_lazy("Assigned caseworker")),
    ("child_reference", gettext_lazy("Child's reference")),
    ("child_name", gettext_lazy("Child's name")),
    ("trafficking_status", gettext_lazy("Trafficking status")),
    ("types_of_exploitation", gettext_lazy("Types of exploitation")),
    ("type_of_sex_exploitation", gettext_lazy("Type of sexual exploitation")),
)
# The columns a summary keeps (see services.transfer.SUMMARY_FIELDS); the child's name follows
# the person record's own scope, as on the pages.
SUMMARY_COLUMNS = frozenset(
    {"reference", "country", "site", "stage", "status", "identified_at", "child_reference", "child_name"}
)
COUNTRY_INDEX = [name for name, _label in COLUMNS].index("country")
TRAFFICKING_COLUMNS = ("trafficking_status", "types_of_exploitation", "type_of_sex_exploitation")


class ExportTooLarge(ValidationError):
    """More cases match than one export may hold."""


@dataclass
class CaseExport:
    """A finished export: the CSV text, how many cases it holds and the countries they are from."""

    content: str
    count: int
    country_codes: frozenset[str]


def header() -> list[str]:
    return [str(label) for _name, label in COLUMNS]


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula is shown as text instead."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _utc(value) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _flag(value: bool) -> str:
    return YES if value else NO


def _codes(values) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values or [])


def _trafficking_cells(case, user, profile) -> dict[str, str]:
    if not user_may_see_trafficking(user, case):
        restricted = _("Restricted")
        return dict.fromkeys(TRAFFICKING_COLUMNS, restricted)
    if profile is None:
        return dict.fromkeys(TRAFFICKING_COLUMNS, "")
    sexual = (
        _codes(profile.type_of_sex_exploitation)
        if user_may_see_sexual_exploitation(user, case)
        else _("Restricted")
    )
    return {
        "trafficking_status": profile.trafficking_status,
        "types_of_exploitation": _codes(profile.types_of_exploitation),
        "type_of_sex_exploitation": sexual,
    }


def _row(case, user, profile) -> list[str]:
    worker = case.assigned_worker
    cells = {
        "reference": case.reference,
        "country": case.country.code,
        "site": case.site.name if case.site_id else "",
        "stage": case.stage,
        "status": case.status,
        "risk_level": case.risk_level,
        "urgent_protection_concern": _flag(case.urgent_protection_concern),
        "identified_at": _utc(case.identified_at),
        "first_action_due": _utc(case.first_action_due),
        "assessment_due": _utc(case.assessment_due),
        "overdue": _flag(case.is_overdue()),
        "assigned_worker": worker.full_name if worker is not None else "",
        "child_reference": case.child.reference,
        "child_name": case.child.full_name if case.child_visible else "",
    }
    if visible_in_full(case, user):
        cells.update(_trafficking_cells(case, user, profile))
    else:
        cells = {name: value for name, value in cells.items() if name in SUMMARY_COLUMNS}
    return [neutralise(str(cells.get(name, ""))) for name, _label in COLUMNS]


def _chunk_rows(pks: list[int], user) -> Iterator[tuple[uuid.UUID, list[str]]]:
    """(uuid, row) of these cases, in this order: two queries whatever their number."""
    # The caller's queryset chose these cases within the user's scope; asking `for_user` again
    # keeps this query from ever reaching further, whoever calls it.
    cases = (
        Case.objects.for_user(user, "view")
        .filter(pk__in=pks)
        .select_related("country", "site", "child", "assigned_worker")
        .with_assessment_done()
        .with_child_visibility(user)
    )
    by_pk = {case.pk: case for case in cases}
    # Profiles only of the cases whose trafficking details the user may see in full.
    readable = [
        pk
        for pk, case in by_pk.items()
        if visible_in_full(case, user) and user_may_see_trafficking(user, case)
    ]
    profiles = {}
    if readable:
        profiles = {
            profile.case_id: profile
            for profile in TraffickingProfile.objects.for_user(user).filter(case_id__in=readable)
        }
    for pk in pks:
        case = by_pk.get(pk)
        if case is not None:
            yield case.uuid, _row(case, user, profiles.get(pk))


def _selection(queryset, limit: int) -> list[tuple[int, uuid.UUID]]:
    """(pk, uuid) of the cases to export, in list order; one more than `limit` to tell it is over."""
    return list(queryset.order_by(*ORDERING).values_list("pk", "uuid")[: limit + 1])


def _case_rows(selection, user) -> Iterator[tuple[uuid.UUID, list[str]]]:
    for start in range(0, len(selection), CHUNK_SIZE):
        yield from _chunk_rows([pk for pk, _uuid in selection[start : start + CHUNK_SIZE]], user)


def filter_names(filterset) -> list[str]:
    """The names of the filters given a value (for the audit event: names only, never values)."""
    data = filterset.form.cleaned_data
    return sorted(name for name in filterset.filters if data.get(name) not in (None, "", [], ()))


def too_large_message(limit: int) -> str:
    return _(
        "More than %(limit)s cases match: an export holds at most %(limit)s. Narrow the filters "
        "(country, site, stage, status, ...) and export again."
    ) % {"limit": limit}


def export_cases(queryset, *, acting_user, filters: Iterable[str] = ()) -> CaseExport:
    """The cases of `queryset` as CSV, with one audit EXPORT event; refused above the row cap.

    The only way to export cases: the cap and the audit event always come with the rows.

    `queryset` is already scoped (`Case.objects.for_user(acting_user, "export")`) and filtered;
    `filters` are the names of the filters used (recorded, never their values).
    """
    limit = settings.CASE_EXPORT_MAX_ROWS
    selection = _selection(queryset, limit)
    if len(selection) > limit:
        raise ExportTooLarge(too_large_message(limit), code="too_many_rows")
    exported = list(_case_rows(selection, acting_user))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(row for _uuid, row in exported)
    record_export(
        Case,
        actor=acting_user,
        exported_uuids=[case_uuid for case_uuid, _row in exported],
        filters=filters,
    )
    return CaseExport(
        content=buffer.getvalue(),
        count=len(exported),
        country_codes=frozenset(row[COUNTRY_INDEX] for _uuid, row in exported),
    )


def export_filename(country_codes: Iterable[str], today: datetime.date) -> str:
    """e.g. cases-KE-2026-11-28.csv: the countries (up to three) and the date, nothing about a child."""
    codes = sorted({code for code in country_codes if code})
    countries = "".join(f"{code}-" for code in codes) if len(codes) <= 3 else ""
    return f"cases-{countries}{today.isoformat()}.csv"
