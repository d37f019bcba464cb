"""Scope questions the people pages and API ask: may the user act on this record, which members show.

The answers come from `trygg.core.scoping`, the only place that reads memberships. Which countries
to offer in a choice is `Country.objects.offered_to(user, permission, whole_country_only=False)`.
"""

from trygg.core.scoping import has_perm_in_country

from .models import HouseholdMember, Person


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
