"""The access choke point: `Model.objects.for_user(user, action)`."""

from django.db import models
from django.db.models import Q

from .scoping import Grant, grants_for


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's scopes.

    Models describe where their scope lives with `scope_subject` (the permission prefix) and
    `scope_country_field` / `scope_site_field` / `scope_programme_field` (lookups, or None).
    A model with a different shape overrides the classmethod `scope_q_for_grant`.
    """

    def alive(self):
        if any(f.name == "is_deleted" for f in self.model._meta.concrete_fields):
            return self.filter(is_deleted=False)
        return self

    def for_user(self, user, action: str = "view"):
        permission = f"{self.model.scope_subject}.{action}"
        grants = grants_for(user, permission)
        if not grants:
            return self.none()
        qs = self.alive()
        if any(g.is_global for g in grants):
            return qs
        condition = Q()
        for grant in grants:
            condition |= self.model.scope_q_for_grant(grant)
        return qs.filter(condition)

    def condition_for_user(self, user, action: str = "view", *, through: str) -> Q:
        """The `for_user` restriction as a condition on rows of another model that reach this
        one by `through` (a relation, e.g. "child"): `Case.objects.filter(
        Person.objects.condition_for_user(user, through="child"))` are cases whose child the
        user may see.

        A condition on the joined row, checked row by row, where `child__in=Person.objects.
        for_user(user)` would be a second set (every visible person of a country) to join.
        """
        permission = f"{self.model.scope_subject}.{action}"
        grants = grants_for(user, permission)
        if not grants:
            return Q(pk__in=[])
        condition = Q()
        if not any(g.is_global for g in grants):
            for grant in grants:
                condition |= self.model.scope_q_for_grant(grant)
        if any(f.name == "is_deleted" for f in self.model._meta.concrete_fields):
            condition &= Q(is_deleted=False)
        return _prefixed(condition, f"{through}__")


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition with every lookup reached through `prefix`."""
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    copy.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in condition.children
    ]
    return copy


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class ScopedModelMixin:
    """Default translation of a grant into a filter, for models with country (and site) fields."""

    scope_subject: str = ""
    scope_country_field: str | None = "country"
    scope_site_field: str | None = None
    scope_programme_field: str | None = None

    @classmethod
    def scope_q_for_grant(cls, grant: Grant) -> Q:
        if grant.site_id is not None:
            if cls.scope_site_field is None:
                return Q(pk__in=[])
            return Q(**{cls.scope_site_field: grant.site_id})
        if grant.programme_id is not None:
            if cls.scope_programme_field is None:
                return Q(pk__in=[])
            return Q(**{cls.scope_programme_field: grant.programme_id})
        return Q(**{cls.scope_country_field: grant.country_id})
