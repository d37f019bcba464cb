"""Reads on persons and households."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from trygg.core.querysets import ScopedQuerySet
from trygg.core.text import normalise

from . import phonetic

ADULT_AGE = 18


def search_text(qs, query: str, *, sound_alike: bool = False):
    """Every word of the query must appear in `search_text` (lower-case ASCII of names and reference).

    `search_text` is maintained by the services, so accents and case never matter, on SQLite and
    PostgreSQL alike: "Ågot" finds "Agot" and "agot" finds "Ågot".

    With `sound_alike` (persons only: it needs `search_phonetic`), a word also matches a name word
    that sounds alike ("Mohamed" finds "Muhammad"); see people/phonetic.py for what that covers.
    A reference or any word with digits is matched as text only.
    """
    for term in normalise(query or "").split():
        condition = Q(search_text__contains=term)
        code = phonetic.query_code(term) if sound_alike else ""
        if code:
            # " MHMT " is one whole code; from PREFIX_FROM letters " SRST" also finds longer codes.
            pattern = f" {code}" if len(code) >= phonetic.PREFIX_FROM else f" {code} "
            condition |= Q(search_phonetic__contains=pattern)
        qs = qs.filter(condition)
    return qs


def adult_cutoff(today: date | None = None) -> date:
    """The latest date of birth of someone who is an adult today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


class PersonQuerySet(ScopedQuerySet):
    def search(self, query: str, sound_alike: bool = True):
        """Accent- and case-insensitive search by any name or the reference; by default also
        names that sound alike (`sound_alike=False` for exact spelling only)."""
        return search_text(self, query, sound_alike=sound_alike)

    def children(self, today: date | None = None):
        return self.filter(date_of_birth__gt=adult_cutoff(today))

    def adults(self, today: date | None = None):
        return self.filter(date_of_birth__lte=adult_cutoff(today))

    def for_listing(self):
        """What a list row shows (country, site), in a constant number of queries."""
        return self.select_related("country", "site").order_by("family_name", "given_name", "pk")

    def for_api(self):
        return self.select_related("country", "site", "place_of_origin").prefetch_related("nationalities")
