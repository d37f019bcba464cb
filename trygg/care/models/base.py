"""What every care record shares: its scope (country, and the village's site where it has one)
and the own-home reach of SOS parents (see `care.querysets`)."""

from django.db.models import Q

from trygg.core.models import DomainModel

from ..querysets import CareQuerySet


class CareRecord(DomainModel):
    """Abstract base for care records scoped by country and site, reached by a home."""

    # Lookup from the record to its CareHome ("" for the home itself).
    home_path = "home__"

    objects = CareQuerySet.as_manager()

    scope_site_field = "site"
    scope_programme_field = "site__programme"

    class Meta:
        abstract = True

    @classmethod
    def own_home_q(cls, home_ids) -> Q:
        """Rows that belong to one of the homes `home_ids` (a subquery of CareHome ids)."""
        return Q(**{f"{cls.home_path}pk__in" if cls.home_path else "pk__in": home_ids})
