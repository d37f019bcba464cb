"""Scope questions the people pages and API ask about choices: which countries, may the user act here.

Both answers come from `trygg.core.scoping`, the only place that reads memberships.
"""

from trygg.core.scoping import grants_for, has_perm_in_country
from trygg.geo.models import Country

from .models import HouseholdMember, Person


def countries_where(user, permission: str):
    """Countries where the user holds `permission` in some scope (country, programme or site).

    A global grant offers the countries where the organisation works; the service re-checks the
    site-level reach of the grant when the record is written.
    """
    grants = grants_for(user, permission)
    if any(grant.is_global for grant in grants):
        return Country.objects.operating()
    return Country.objects.filter(pk__in={grant.country_id for grant in grants})


def may(user, permission: str, record) -> bool:
    """May the user do `permission` on this record (a person or household with country and site)?"""
    site = getattr(record, "site", None)
    return has_perm_in_country(
        user,
        permission,
        record.country_id,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(site, "programme_id", None),
    )


def visible_members(user):
    """Household memberships the user can see, of persons the user can see too."""
    return (
        HouseholdMember.objects.for_user(user)
        .filter(person__in=Person.objects.for_user(user))
        .select_related("person")
        .order_by("role", "person__family_name", "person__given_name", "pk")
    )
