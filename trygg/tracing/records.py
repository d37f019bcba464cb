"""What the matching engine (`trygg.matching`) sees of a tracing request and of a registered child.

Both sides become records with the same columns, so that the engine compares like with like:
given names (with the other names and nicknames as alternatives), family name, the name in its
own script, sex, a date of birth or an approximate age, place of origin, and the parents' names.
Blocking keys are computed from the same records without the parents (a child's parents are
relationships that change on their own; the keys must not go stale when they do).

The engine is imported when first needed, so that the app loads without it.
"""

import re
from datetime import date
from functools import lru_cache

from django.utils import timezone

from trygg.people.models import Gender, Person

# (column, kind): the engine's fields, in the order the review page shows them.
FIELDS = (
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("name_in_own_script", "full_name"),
    ("sex", "sex"),
    ("date_of_birth", "date_of_birth"),
    ("age", "age"),
    ("place", "place"),
    ("parents", "person_name"),
)
COLUMNS = tuple(column for column, _kind in FIELDS)
# Columns left out of the blocking keys (see the module docstring).
NOT_FOR_BLOCKING = ("parents",)
SEX = {
    Gender.FEMININE: "F",
    Gender.TRANSGENDER_FEMININE: "F",
    Gender.MASCULINE: "M",
    Gender.TRANSGENDER_MASCULINE: "M",
}
PARENT_KINDS = ("mother", "father")


@lru_cache(maxsize=2)
def _engine_for(day: date):
    from trygg.matching import Engine, Field

    # Each pair scored on its own (not shared among rivals): when five registered children look
    # like the one a family describes, a tracing officer reviews all five.
    return Engine([Field(column, kind) for column, kind in FIELDS], reference_date=day, exclusive=False)


def engine():
    """The engine with its default parameters, ages counted from today."""
    return _engine_for(timezone.localdate())


def names(text: str) -> list[str]:
    """Alternatives written in one field, separated by commas, semicolons or slashes."""
    return [part.strip() for part in re.split(r"[,;/]+", text or "") if part.strip()]


def _alternatives(first: str, others: str) -> list[str]:
    found = []
    for name in [first, *names(others)]:
        if name and name not in found:
            found.append(name)
    return found


def request_record(request) -> dict:
    """The tracing request's child as the engine sees it ("left" side of every comparison)."""
    record = {
        "id": f"r{request.pk}",
        "given_name": _alternatives(request.given_name, request.other_names),
        "family_name": request.family_name,
        "name_in_own_script": request.name_in_own_script,
        "sex": SEX.get(request.sex, ""),
        "date_of_birth": request.date_of_birth.isoformat() if request.date_of_birth else "",
        "age": "",
        "place": request.place_of_origin,
        "parents": [name for name in (request.mother_name, request.father_name) if name],
    }
    if request.date_of_birth is None:
        age = request.age_on()
        record["age"] = str(age) if age is not None else ""
    return record


def place_of(person) -> str:
    place = person.place_of_origin.name if person.place_of_origin_id else ""
    return ", ".join(part for part in (place, person.place_of_origin_detail) if part)


def child_record(person, parents=()) -> dict:
    """A registered person as the engine sees it (see `child_record_from_values`)."""
    return child_record_from_values(
        person.pk,
        given_name=person.given_name,
        family_name=person.family_name,
        other_names=person.other_names,
        name_in_own_script=person.name_in_own_script,
        gender=person.gender,
        date_of_birth=person.date_of_birth,
        date_of_birth_is_estimate=person.date_of_birth_is_estimate,
        place=place_of(person),
        parents=parents,
    )


def child_record_from_values(
    pk,
    *,
    given_name="",
    family_name="",
    other_names="",
    name_in_own_script="",
    gender="",
    date_of_birth=None,
    date_of_birth_is_estimate=False,
    place="",
    parents=(),
    today: date | None = None,
) -> dict:
    """A person's record from plain values (bulk indexing and migrations read rows, not models).

    An estimated date of birth goes in as an age: "about 12" should not disagree with a
    family's exact date because of an invented 1 July.
    """
    record = {
        "id": f"p{pk}",
        "given_name": _alternatives(given_name, other_names),
        "family_name": family_name or "",
        "name_in_own_script": name_in_own_script or "",
        "sex": SEX.get(gender, ""),
        "date_of_birth": "",
        "age": "",
        "place": place or "",
        "parents": list(parents),
    }
    if date_of_birth is not None:
        if date_of_birth_is_estimate:
            day = today or timezone.localdate()
            age = (
                day.year
                - date_of_birth.year
                - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
            )
            record["age"] = str(age)
        else:
            record["date_of_birth"] = date_of_birth.isoformat()
    return record


def blocking_record(record: dict) -> dict:
    return {key: value for key, value in record.items() if key not in NOT_FOR_BLOCKING}


def blocking_keys(record: dict) -> list[str]:
    """The engine's keys for a record, each short enough for the key column."""
    return sorted({key[:64] for key in engine().blocking_keys(blocking_record(record)) if key})


def parents_of(person_ids) -> dict[int, list[str]]:
    """The names of each person's mother and father, as relationships record them (one query)."""
    from trygg.people.models import Relationship

    found: dict[int, list[str]] = {}
    rows = (
        Relationship.objects.alive()
        .filter(person_id__in=list(person_ids), kind__in=PARENT_KINDS, relative__is_deleted=False)
        .values_list("person_id", "relative__given_name", "relative__family_name")
        .order_by("kind", "pk")
    )
    for person_id, given, family in rows:
        found.setdefault(person_id, []).append(" ".join(part for part in (given, family) if part))
    return found


# What a child's record and a proposal need of a person (the rest stays unread).
CHILD_COLUMNS = (
    "uuid",
    "reference",
    "country_id",
    "site_id",
    "is_deleted",
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "gender",
    "date_of_birth",
    "date_of_birth_is_estimate",
    "place_of_origin_detail",
    "place_of_origin__name",
)


def children_by_id(person_ids) -> dict[int, Person]:
    """The persons with what their records need, by id (one query)."""
    return (
        Person.objects.filter(pk__in=list(person_ids))
        .select_related("place_of_origin")
        .only(*CHILD_COLUMNS)
        .in_bulk()
    )


def explanation(comparison) -> list[dict]:
    """What a proposal keeps of a comparison: per field its level and weight, never the values."""
    return [
        {"column": f.column, "kind": f.kind, "level": f.level, "weight": round(float(f.weight), 2)}
        for f in comparison.fields
    ]
