"""Reads on persons and households."""

from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from trygg.core.querysets import ScopedQuerySet
from trygg.core.text import normalise

from . import phonetic

ADULT_AGE = 18


def search_text(qs, query: str):
    """Every word of the query must appear in `search_text` (lower-case ASCII of names and reference).

    `search_text` is maintained by the services, so accents and case never matter, on SQLite and
    PostgreSQL alike: "Ågot" finds "Agot" and "agot" finds "Ågot". Households, and references.
    """
    for term in normalise(query or "").split():
        qs = qs.filter(search_text__contains=term)
    return qs


class NameMatch:
    """The persons every word of a name search finds, as SQL returning one `person_id` column.

    A word with digits (a reference) is looked for in `search_text`; a name word by the start of
    any name word or, with `sound_alike`, by its sound-alike code ("Mohamed" finds "Muhammad";
    people/phonetic.py says what that covers). `country_ids` (None: all) keeps the lookup to
    those countries' keys.

    Each word is one or two ranges of the `PersonNameKey` index (key, country, person), read from
    the index alone; several words are the INTERSECT of their sets. Its cost follows the persons
    the words find, never the persons stored. Written as SQL because the ORM would put the two
    ranges of a word in one OR (which PostgreSQL reads through the table, twenty times slower)
    and several words as nested lookups per person.
    """

    def __init__(self, query: str, *, sound_alike: bool = True, country_ids=None):
        from .models import Person, PersonNameKey

        self.sound_alike = sound_alike
        self.words, self.references = [], []
        for term in normalise(query or "").split():
            if any(ch.isdigit() for ch in term):
                self.references.append(term)
            else:
                self.words.extend(w for w in phonetic.words(term) if w not in self.words)
        keys, persons = PersonNameKey._meta, Person._meta
        in_countries, country_params = "", []
        if country_ids is not None:
            ids = sorted(country_ids) or [0]
            in_countries = f" AND {_column(keys, 'country')} IN ({', '.join(['%s'] * len(ids))})"
            country_params = ids
        operands, params = [], []
        for word in self.words:
            parts = []
            for key, whole in phonetic.query_keys(word):
                if key.startswith(phonetic.CODE_KEY) and not sound_alike:
                    continue
                match = "= %s" if whole else f">= %s AND {_column(keys, 'key')} < %s"
                parts.append(
                    f"SELECT {_column(keys, 'person')} AS person_id FROM {keys.db_table} "
                    f"WHERE {_column(keys, 'key')} {match}{in_countries}"
                )
                params.extend([key] if whole else [key, key + phonetic.KEY_END])
                params.extend(country_params)
            operands.append(" UNION ALL ".join(parts))
        for term in self.references:
            person_countries = in_countries.replace(_column(keys, "country"), _column(persons, "country"))
            operands.append(
                f"SELECT {_column(persons, 'id')} AS person_id FROM {persons.db_table} "
                f"WHERE {_column(persons, 'search_text')} LIKE %s ESCAPE '\\'{person_countries}"
            )
            params.extend([f"%{_like_escaped(term)}%", *country_params])
        self.params = params
        if not operands:
            self.sql = ""
        elif len(operands) == 1:
            # No DISTINCT: `IN` ignores repeats, and PostgreSQL guesses 200 rows for any DISTINCT
            # of a subquery, which would make it read every case of a common name.
            self.sql = operands[0]
        else:
            self.sql = " INTERSECT ".join(
                f"SELECT person_id FROM ({operand}) AS found_{n}" for n, operand in enumerate(operands)
            )

    def __bool__(self) -> bool:
        return bool(self.sql)

    def as_subquery(self) -> RawSQL:
        """For `pk__in=` / `child_id__in=`: the persons found, computed by the database."""
        return RawSQL(self.sql, self.params)  # noqa: S611 - table and column names from _meta; values are parameters

    def as_condition(self, person_field: str) -> Q:
        """The same persons as a condition on another model's rows (`person_field` names the
        person, e.g. "child_id"), checked row by row through the (person, key) index.

        For a common name: walking a list in its own order and checking each row finds a page
        in a few hundred checks, where computing every person found first would read them all.
        """
        from .models import Person, PersonNameKey

        condition = Q()
        for word in self.words:
            match = Q()
            for key, whole in phonetic.query_keys(word):
                if key.startswith(phonetic.CODE_KEY) and not self.sound_alike:
                    continue
                match |= Q(key=key) if whole else Q(key__gte=key, key__lt=key + phonetic.KEY_END)
            condition &= Q(Exists(PersonNameKey.objects.filter(match, person_id=OuterRef(person_field))))
        for term in self.references:
            persons = Person.objects.filter(pk=OuterRef(person_field), search_text__contains=term)
            condition &= Q(Exists(persons))
        return condition

    def first(self, limit: int) -> list[int] | None:
        """The ids of the persons found when at most `limit` keys match (a person may match by
        the word and by its sound, so sometimes fewer persons); None when more do.

        Read as a stream that stops after `limit` keys: a common name costs no more than a rare one.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT person_id FROM ({self.sql}) AS found LIMIT %s", [*self.params, limit + 1])
            rows = cursor.fetchall()
        if len(rows) > limit:
            return None
        return list(dict.fromkeys(row[0] for row in rows))


def _column(meta, field: str) -> str:
    return connection.ops.quote_name(meta.get_field(field).column)


def _like_escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def adult_cutoff(today: date | None = None) -> date:
    """The latest date of birth of someone who is an adult today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


class PersonQuerySet(ScopedQuerySet):
    def search(self, query: str, sound_alike: bool = True):
        """Accent- and case-insensitive search by the start of any name or by the reference; by
        default also names that sound alike (`sound_alike=False` for exact spelling only)."""
        found = NameMatch(query, sound_alike=sound_alike)
        return self.filter(pk__in=found.as_subquery()) if found else self

    def children(self, today: date | None = None):
        return self.filter(date_of_birth__gt=adult_cutoff(today))

    def adults(self, today: date | None = None):
        return self.filter(date_of_birth__lte=adult_cutoff(today))

    def for_listing(self):
        """What a list row shows (country, site), in a constant number of queries."""
        return self.select_related("country", "site").order_by("family_name", "given_name", "pk")

    def for_api(self):
        return self.select_related("country", "site", "place_of_origin").prefetch_related("nationalities")
