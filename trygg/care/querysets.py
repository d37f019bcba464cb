"""Reads on care records, and the one rule that narrows an SOS parent to their own homes.

Care records are scoped like every record (country, programme, site). An SOS parent or other
carer holds the "own home" form of a permission (`placement.view_own_home`): within their
membership's scope it reaches only the homes where they are listed as a carer. A village director
holds the plain permission for the village's site; a caseworker or supervisor for the country.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from trygg.core.querysets import ScopedQuerySet
from trygg.core.scoping import grants_for

OWN_HOME = "_own_home"


class CareQuerySet(ScopedQuerySet):
    """`for_user` that adds the own-home reach; the model says what "in my homes" means
    (`own_home_q`, given a subquery of the carer's home ids)."""

    def for_user(self, user, action: str = "view"):
        model = self.model
        wide = grants_for(user, f"{model.scope_subject}.{action}")
        own = grants_for(user, f"{model.scope_subject}.{action}{OWN_HOME}")
        if not wide and not own:
            return self.none()
        qs = self.alive()
        if any(g.is_global for g in wide):
            return qs
        condition = Q()
        for grant in wide:
            condition |= model.scope_q_for_grant(grant)
        if own:
            from .models import CareHome

            # A subquery on the home, not a join with the carers: a join would repeat rows.
            mine = CareHome.objects.filter(carers=user.pk, is_deleted=False).values("pk")
            for grant in own:
                condition |= model.scope_q_for_grant(grant) & model.own_home_q(mine)
        return qs.filter(condition)


class CareHomeQuerySet(CareQuerySet):
    def active(self):
        return self.alive().filter(is_active=True)


class PlacementQuerySet(CareQuerySet):
    def active(self):
        return self.alive().filter(status="active")

    def reviews_overdue(self, today=None):
        """Active placements whose next review date has passed (due today is due, not overdue)."""
        return self.active().filter(next_review_due__lt=today or timezone.localdate())

    def reviews_due_within(self, days: int, today=None):
        """Active placements with a review due at the latest `days` days from today (overdue
        ones included)."""
        return self.active().filter(
            next_review_due__lte=(today or timezone.localdate()) + timedelta(days=days)
        )


class PlacementRequestQuerySet(CareQuerySet):
    def open(self):
        return self.alive().filter(status__in=["assessing", "awaiting_panel"])

    def assessment_overdue(self, now=None):
        """Emergency requests whose assessment deadline passed before the assessment was done."""
        return (
            self.alive()
            .filter(assessment_due__lt=now or timezone.now(), assessment_completed_at__isnull=True)
            .exclude(status="withdrawn")
        )


class ContactRestrictionQuerySet(CareQuerySet):
    def in_force(self, today=None):
        """Restrictions that hold today: started, not ended, not lifted."""
        today = today or timezone.localdate()
        return self.alive().filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            valid_from__lte=today,
            lifted_at__isnull=True,
        )
