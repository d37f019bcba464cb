"""What matching finds and what people decide about it: proposals, shares, batch runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedQuerySet

from ..codes import BatchPhase, BatchStatus, ProposalStatus
from .request import TracingRequest

__all__ = ["MatchProposal", "Share", "BatchRun", "SHAREABLE_FIELDS"]


def _either_side(prefix: str, grant) -> Q:
    """A record seen from both countries of a proposal: the request's and the child's."""
    if grant.site_id is not None:
        return Q(**{f"{prefix}request__site": grant.site_id}) | Q(**{f"{prefix}child__site": grant.site_id})
    if grant.programme_id is not None:
        return Q(**{f"{prefix}request__site__programme": grant.programme_id}) | Q(
            **{f"{prefix}child__site__programme": grant.programme_id}
        )
    return Q(**{f"{prefix}request_country": grant.country_id}) | Q(
        **{f"{prefix}child_country": grant.country_id}
    )


class MatchProposal(DomainModel):
    """A registered child the engine found for a tracing request, with the probability and the
    field-by-field explanation, waiting for (or after) a tracing officer's review.

    Seen from both countries: the child's country reviews it in full; the requesting country sees
    only that a possible match exists in that country and its score, plus what was shared with it.
    One row per (request, child) ever: a rejected pair is never proposed again.
    """

    request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="proposals")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="tracing_proposals")
    request_country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    child_country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField(_("match probability"))
    # [{"column", "kind", "level", "weight"}]: names and levels only, never the values compared.
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    scored_at = models.DateTimeField(_("scored"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason"), blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_subject = "tracing"

    class Meta:
        ordering = ["-probability", "-id"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        constraints = [
            # A pair is proposed once: re-matching updates a waiting proposal and never revives a
            # rejected one.
            models.UniqueConstraint(fields=["request", "child"], name="tracing_proposal_once_per_pair"),
            models.CheckConstraint(
                condition=Q(probability__gte=0, probability__lte=1), name="tracing_proposal_probability"
            ),
            # A rejection always says why (the reason is what keeps the pair from coming back).
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.REJECTED) | ~Q(decision_reason=""),
                name="tracing_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["child_country", "status", "-probability"]),
            models.Index(fields=["request_country", "status"]),
            models.Index(fields=["child", "status"]),
        ]

    def __str__(self):
        return f"proposal {self.pk}"

    @classmethod
    def scope_q_for_grant(cls, grant):
        return _either_side("", grant)

    @property
    def country_id(self):
        """The country whose audit trail a proposal's events go to by default: the child's."""
        return self.child_country_id


# What the child's country may share with the requesting country, by name (labels in the forms).
SHAREABLE_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "sex",
    "date_of_birth",
    "place_of_origin",
    "current_location",
    "contact",
)


class Share(DomainModel):
    """What the child's country chose to share with the requesting country about a proposal's
    child: which fields (their values as they were when shared), who consented, who shared."""

    proposal = models.ForeignKey(MatchProposal, on_delete=models.PROTECT, related_name="shares")
    fields = models.JSONField(_("fields shared"), default=list)
    values = models.JSONField(default=dict, blank=True)
    consented_by = models.CharField(
        _("consent to share given by"),
        max_length=200,
        help_text=_(
            "Who agreed that these details go to the family's country, e.g. the child and a caregiver."
        ),
    )
    note = models.TextField(_("note to the requesting country"), blank=True)
    shared_at = models.DateTimeField(_("shared"))

    objects = ScopedQuerySet.as_manager()

    scope_subject = "tracing"

    class Meta:
        ordering = ["-shared_at", "-id"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")

    def __str__(self):
        return f"share {self.pk}"

    @classmethod
    def scope_q_for_grant(cls, grant):
        return _either_side("proposal__", grant)

    @property
    def country_id(self):
        return self.proposal.child_country_id


class BatchRun(DomainModel):
    """A re-check of everything after a bulk import: index the country's children, then match
    every open request again, chunk by chunk; the page polls `done` against `total`."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=BatchPhase.choices, default=BatchPhase.INDEXING
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    proposals = models.PositiveIntegerField(_("new proposals"), default=0)
    # The last id handled in the current phase: a chunk starts after it.
    cursor = models.BigIntegerField(default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_subject = "tracing"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("batch run")
        verbose_name_plural = _("batch runs")

    def __str__(self):
        return f"batch run {self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)
