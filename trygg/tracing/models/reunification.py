"""After a confirmed match: verification, the best-interests determination, the reunification and
the monitoring visits after return (or the referral to care when return is not in the child's
best interest)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedQuerySet

from ..codes import BestInterestsDecision, DeterminationStatus, VerificationOutcome, VisitOutcome
from ..querysets import MonitoringVisitQuerySet
from .matching import MatchProposal
from .request import TracingRequest

__all__ = ["Verification", "BestInterestsDetermination", "Reunification", "MonitoringVisit"]


class TracingPart(DomainModel):
    """Abstract base for the steps after a match: seen from the request's country and, once a
    match is confirmed, from the country where the child is registered."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    scope_subject = "tracing"

    class Meta:
        abstract = True

    @classmethod
    def scope_q_for_grant(cls, grant):
        if grant.site_id is not None:
            return Q(request__site=grant.site_id) | Q(request__matched_child__site=grant.site_id)
        if grant.programme_id is not None:
            return Q(request__site__programme=grant.programme_id) | Q(
                request__matched_child__site__programme=grant.programme_id
            )
        return Q(request__country=grant.country_id) | Q(request__matched_country=grant.country_id)

    @property
    def country_id(self):
        return self.request.country_id


class Verification(TracingPart):
    """Checking that the child and the family are who they say: interviews, documents, outcome."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="verifications")
    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="verifications")
    interviews = models.TextField(
        _("interviews"), blank=True, help_text=_("Who was interviewed, and what each said about the other.")
    )
    documents = models.TextField(
        _("documents"),
        blank=True,
        help_text=_("Birth certificates, photographs, letters, other documents seen."),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=VerificationOutcome.choices)
    verified_on = models.DateField(_("verified on"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("verified by")
    )

    class Meta:
        ordering = ["-verified_on", "-id"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")

    def __str__(self):
        return f"verification {self.pk}"


class BestInterestsDetermination(TracingPart):
    """A panel's decision on whether return to the family is in the child's best interest, with the
    child's own views; approved by someone other than the person who submitted it."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="determinations")
    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="determinations")
    panel_members = models.TextField(_("panel members"), help_text=_("Names and roles, one per line."))
    childs_views = models.TextField(_("the child's views"))
    decision = models.CharField(_("decision"), max_length=30, choices=BestInterestsDecision.choices)
    reasons = models.TextField(_("reasons"))
    # When return is not in the child's best interest: the referral to alternative care.
    care_referral_to = models.CharField(_("referred to (care)"), max_length=200, blank=True)
    care_referral_notes = models.TextField(_("notes for the care provider"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeterminationStatus.choices, default=DeterminationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
    decision_comment = models.TextField(_("approver's comment"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")
        constraints = [
            # One determination in force (or waiting for approval) per request.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["submitted", "approved"], is_deleted=False),
                name="tracing_one_determination_in_force",
            ),
            # The four-eyes rule, held by the database too.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("submitted_by")),
                name="tracing_determination_not_approved_by_submitter",
            ),
        ]

    def __str__(self):
        return f"best-interests determination {self.pk}"


class Reunification(TracingPart):
    """The day the child went home: where, and who accompanied the child."""

    request = models.OneToOneField(TracingRequest, on_delete=models.PROTECT, related_name="reunification")
    reunified_on = models.DateField(_("date of reunification"))
    place = models.CharField(_("place"), max_length=300)
    accompanied_by = models.TextField(
        _("accompanied by"), help_text=_("Who went with the child, one per line.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-reunified_on", "-id"]
        verbose_name = _("reunification")
        verbose_name_plural = _("reunifications")

    def __str__(self):
        return f"reunification {self.pk}"


class MonitoringVisit(TracingPart):
    """One visit after return, scheduled a number of months after the reunification."""

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="monitoring_visits")
    reunification = models.ForeignKey(Reunification, on_delete=models.PROTECT, related_name="visits")
    months_after = models.PositiveSmallIntegerField(_("months after return"))
    due_on = models.DateField(_("due"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("visited by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=VisitOutcome.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = MonitoringVisitQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        constraints = [
            models.UniqueConstraint(
                fields=["reunification", "months_after"], name="tracing_visit_once_per_month_mark"
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(visited_on__isnull=True, is_deleted=False),
                name="tracing_visit_due",
            ),
        ]

    def __str__(self):
        return f"monitoring visit {self.pk}"

    @property
    def is_done(self) -> bool:
        return self.visited_on is not None
