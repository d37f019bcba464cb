"""Reads on tracing requests and monitoring visits."""

from datetime import timedelta

from django.utils import timezone

from trygg.core.querysets import ScopedQuerySet
from trygg.core.text import normalise

from .codes import SEARCHING


class TracingRequestQuerySet(ScopedQuerySet):
    def searching(self):
        """Requests still looking for their child (open, or with a match proposed)."""
        return self.filter(status__in=SEARCHING)

    def matchable(self):
        """Requests that matching may run for: still searching, with consent to trace."""
        return self.alive().searching().filter(consent_to_trace=True)

    def search(self, query: str):
        """Every word must appear in the names sought or the reference (accents and case ignored)."""
        qs = self
        for term in normalise(query or "").split():
            qs = qs.filter(search_text__contains=term)
        return qs

    def for_listing(self):
        return self.select_related("country", "site").order_by("-created_at", "-pk")


class MonitoringVisitQuerySet(ScopedQuerySet):
    def pending(self):
        """Visits not made yet, of requests that are not closed."""
        return (
            self.alive()
            .filter(visited_on__isnull=True, request__is_deleted=False)
            .exclude(request__status="closed")
        )

    def overdue(self, today=None):
        """Due before today and not made (a visit due today is due, not overdue)."""
        return self.pending().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days: int, today=None):
        """Due at the latest `days` days from today, overdue ones included."""
        return self.pending().filter(due_on__lte=(today or timezone.localdate()) + timedelta(days=days))
