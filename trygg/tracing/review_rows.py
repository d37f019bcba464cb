"""The review page's rows: the two records side by side, field by field, with the engine's verdict.

Values are read from the records as they are now; the proposal's explanation (kept with it)
gives each field's level (agrees, partly agrees, disagrees, missing) and weight.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.people.models import Gender

from .records import FIELDS, names, parents_of, place_of

LABELS = {
    "given_name": gettext_lazy("Given name and other names"),
    "family_name": gettext_lazy("Family name"),
    "name_in_own_script": gettext_lazy("Name in own script"),
    "sex": gettext_lazy("Sex"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "age": gettext_lazy("Age"),
    "place": gettext_lazy("Place of origin"),
    "parents": gettext_lazy("Parents' names"),
}
LEVEL_LABELS = {
    "agrees": gettext_lazy("agrees"),
    "partly agrees": gettext_lazy("partly agrees"),
    "disagrees": gettext_lazy("disagrees"),
    "missing": gettext_lazy("missing"),
}


@dataclass
class Row:
    column: str
    label: str
    request_value: str
    child_value: str
    level: str
    level_label: str
    weight: float | None


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _sex(code: str) -> str:
    return "" if not code or code == Gender.NOT_SPECIFIED else str(Gender(code).label)


def _request_values(request) -> dict:
    age = ""
    if request.date_of_birth is None and request.approximate_age is not None:
        age = _("about %(age)s (given on %(day)s)") % {
            "age": request.approximate_age,
            "day": _date(request.age_as_of) or "—",
        }
    return {
        "given_name": ", ".join(v for v in [request.given_name, *names(request.other_names)] if v),
        "family_name": request.family_name,
        "name_in_own_script": request.name_in_own_script,
        "sex": _sex(request.sex),
        "date_of_birth": _date(request.date_of_birth),
        "age": age,
        "place": request.place_of_origin,
        "parents": ", ".join(v for v in (request.mother_name, request.father_name) if v),
    }


def _child_values(child, parents) -> dict:
    age = ""
    if child.date_of_birth is not None:
        age = str(child.age_on())
        if child.date_of_birth_is_estimate:
            age = _("about %(age)s (estimate)") % {"age": age}
    return {
        "given_name": ", ".join(v for v in [child.given_name, *names(child.other_names)] if v),
        "family_name": child.family_name,
        "name_in_own_script": child.name_in_own_script,
        "sex": _sex(child.gender),
        "date_of_birth": "" if child.date_of_birth_is_estimate else _date(child.date_of_birth),
        "age": age,
        "place": place_of(child),
        "parents": ", ".join(parents),
    }


def side_by_side(proposal) -> list[Row]:
    """One row per field the engine compares, in the engine's order."""
    verdicts = {item.get("column"): item for item in proposal.explanation or []}
    left = _request_values(proposal.request)
    right = _child_values(proposal.child, parents_of([proposal.child_id]).get(proposal.child_id, []))
    rows = []
    for column, _kind in FIELDS:
        verdict = verdicts.get(column, {})
        level = verdict.get("level", "missing")
        rows.append(
            Row(
                column=column,
                label=str(LABELS[column]),
                request_value=left[column] or "—",
                child_value=right[column] or "—",
                level=level,
                level_label=str(LEVEL_LABELS.get(level, level)),
                weight=verdict.get("weight"),
            )
        )
    return rows


def contributions(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(for the match, against it): the fields that moved the probability, strongest first."""
    scored = [row for row in rows if row.weight]
    for_match = sorted((r for r in scored if r.weight > 0), key=lambda r: -r.weight)
    against = sorted((r for r in scored if r.weight < 0), key=lambda r: r.weight)
    return for_match, against
