"""Reads on persons and households."""

from django.db.models import Q

from trygg.core.querysets import ScopedQuerySet
from trygg.core.text import normalise


class PersonQuerySet(ScopedQuerySet):
    def search(self, query: str):
        """Accent- and case-insensitive search by any name or the reference."""
        terms = normalise(query).split()
        qs = self
        for term in terms:
            qs = qs.filter(Q(search_text__contains=term))
        return qs
