"""Which scopes a user's memberships grant for a permission.

This is the only place that turns memberships into a filter. Querysets call `grants_for` through
`ScopedQuerySet.for_user`; views and the API never filter by country themselves.
"""

from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Grant:
    """One membership's reach for one permission: global, a country, a programme or a site."""

    country_id: int | None
    programme_id: int | None
    site_id: int | None

    @property
    def is_global(self) -> bool:
        return self.country_id is None


def _load_grants(user) -> dict[str, list[Grant]]:
    from trygg.accounts.roles import permissions_for

    today = timezone.localdate()
    grants: dict[str, list[Grant]] = {}
    memberships = user.memberships.filter(is_active=True).only(
        "role", "country_id", "programme_id", "site_id", "valid_from", "valid_until"
    )
    for membership in memberships:
        if membership.valid_from and membership.valid_from > today:
            continue
        if membership.valid_until and membership.valid_until < today:
            continue
        grant = Grant(membership.country_id, membership.programme_id, membership.site_id)
        for perm in permissions_for(membership.role):
            grants.setdefault(perm, []).append(grant)
    return grants


def grants_for(user, permission: str) -> list[Grant]:
    """The grants the user holds for `permission`; empty for anonymous or inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = getattr(user, "_trygg_grants", None)
    if cache is None:
        cache = _load_grants(user)
        # Cached on the user object, which lives for one request.
        user._trygg_grants = cache
    return cache.get(permission, [])


def forget_grants(user) -> None:
    """Drop the cached grants after a membership change in the same request."""
    if hasattr(user, "_trygg_grants"):
        del user._trygg_grants


def has_perm_anywhere(user, permission: str) -> bool:
    return bool(grants_for(user, permission))


def has_perm_in_country(
    user, permission: str, country_id: int | None, site_id: int | None = None, programme_id: int | None = None
) -> bool:
    """True when a grant covers a record in this country (and site, where it has one)."""
    for grant in grants_for(user, permission):
        if grant.is_global:
            return True
        if grant.country_id != country_id:
            continue
        if grant.site_id is None and grant.programme_id is None:
            return True
        if grant.site_id is not None and grant.site_id == site_id:
            return True
        if grant.programme_id is not None and grant.programme_id == programme_id:
            return True
    return False


def country_ids_for(user, permission: str, *, whole_country_only: bool = True) -> set[int] | None:
    """Country ids where the user holds `permission`; None means every country (a global grant).

    The two reaches answer different questions:

    - `whole_country_only=True` (the default): only a grant for the whole country counts. Ask this
      before acting on a country as a whole: its configuration, all of its records (audit log,
      transfers), the memberships it may hand out. A grant for one programme or site does not
      reach the rest of the country, so that country is left out.
    - `whole_country_only=False`: a programme or site grant counts too, for the country it lies in.
      Ask this for "where may the user act at all", e.g. which countries to offer when registering
      a record; the service then checks the chosen site against the grant.
    """
    ids: set[int] = set()
    for grant in grants_for(user, permission):
        if grant.is_global:
            return None
        if not whole_country_only or (grant.site_id is None and grant.programme_id is None):
            ids.add(grant.country_id)
    return ids
