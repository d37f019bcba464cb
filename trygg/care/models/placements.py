"""Gatekeeping and placements: the request with its necessity and suitability assessment, the
placement in a home, and the reviews that follow."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..codes import LeavingRoute, PanelDecision, PlacementStatus, PlacementType, RequestStatus
from ..querysets import PlacementQuerySet, PlacementRequestQuerySet
from .base import CareRecord
from .homes import CareHome


class PlacementRequest(CareRecord):
    """A request, on a child's case, to place a child (or a group of siblings) in care, with the
    necessity and suitability assessment and the panel's decision (gatekeeping)."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(
        "geo.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("village or provider asked"),
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placement_requests")
    children = models.ManyToManyField(
        "people.Person",
        related_name="placement_requests",
        verbose_name=_("children"),
        help_text=_("The child of the case and any brothers and sisters to be placed with them."),
    )
    is_emergency = models.BooleanField(
        _("emergency"),
        default=False,
        help_text=_("The child may be placed at once; the assessment must follow within the deadline."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.ASSESSING
    )
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    # Emergency requests only: the moment by which the assessment must be complete.
    assessment_due = models.DateTimeField(_("assessment due"), null=True, blank=True)
    # The necessity and suitability assessment.
    necessity_reasons = models.JSONField(
        _("why the child cannot stay with or return to the family"), default=list
    )
    necessity_explanation = models.TextField(_("explanation"), blank=True)
    options_tried = models.JSONField(_("family-based options tried or weighed first"), default=list)
    options_explanation = models.TextField(_("what was tried, and why it was not enough"), blank=True)
    childs_views = models.TextField(_("the child's views"), blank=True)
    suitability = models.TextField(
        _("what kind of care suits the child"),
        blank=True,
        help_text=_("Age, siblings, language, school, the child's wishes, closeness to the family."),
    )
    assessment_completed_at = models.DateTimeField(_("assessment completed"), null=True, blank=True)
    assessment_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The panel's decision.
    panel_members = models.TextField(
        _("panel members"), blank=True, help_text=_("Names and roles, one per line.")
    )
    panel_decision = models.CharField(
        _("panel decision"), max_length=20, choices=PanelDecision.choices, blank=True
    )
    panel_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )
    withdrawn_reason = models.TextField(_("why the request was withdrawn"), blank=True)

    objects = PlacementRequestQuerySet.as_manager()

    scope_subject = "placement"

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_emergency=False) | Q(assessment_due__isnull=False),
                name="care_emergency_request_has_deadline",
            ),
        ]

    def __str__(self):
        return self.reference

    @classmethod
    def own_home_q(cls, home_ids) -> Q:
        # The assessment holds the family's story: carers see the placement, not the request.
        return Q(pk__in=[])


class Placement(CareRecord):
    """A child living in a home: from when, of what type, with the care plan's goals, the next
    review date and, once it ended, how the child left."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    # The home's village or provider, kept on the placement so that scope is one column.
    site = models.ForeignKey("geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(PlacementRequest, on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="placements")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="placements")
    home = models.ForeignKey(
        CareHome, on_delete=models.PROTECT, related_name="placements", verbose_name=_("home")
    )
    placement_type = models.CharField(_("type"), max_length=20, choices=PlacementType.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.ACTIVE
    )
    started_on = models.DateField(_("start"))
    care_plan_goals = models.TextField(_("care plan goals"), blank=True, help_text=_("One goal per line."))
    next_review_due = models.DateField(_("next review due"))
    # A move: the placement this one followed, and why the child moved.
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
        verbose_name=_("moved from"),
    )
    move_reason = models.TextField(_("why the child moved"), blank=True)
    # Siblings of the same request placed in another home: the recorded best-interest reason.
    separation_reason = models.TextField(_("why the siblings are not placed together"), blank=True)
    # Placing beyond the home's places needs an explicit, audited override.
    over_capacity_reason = models.TextField(_("why the home takes a child beyond its places"), blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    leaving_route = models.CharField(
        _("how the child left"), max_length=20, choices=LeavingRoute.choices, blank=True
    )
    leaving_notes = models.TextField(_("leaving notes"), blank=True)
    # Leaving for the family: handed over to tracing and reunification.
    handed_to_tracing_at = models.DateTimeField(_("handed over to tracing"), null=True, blank=True)
    next_aftercare_due = models.DateField(_("next aftercare contact due"), null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    scope_subject = "placement"

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            # A child lives in one home at a time.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="active", is_deleted=False),
                name="care_one_active_placement_per_child",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | Q(status="ended", ended_on__isnull=False),
                name="care_ended_placement_has_end",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="care_placement_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["home", "status"], name="care_placement_home_status"),
            models.Index(fields=["country", "status", "next_review_due"], name="care_placement_review_due"),
        ]

    def __str__(self):
        return f"placement {self.pk}"


class CareReview(CareRecord):
    """A review of a placement's care plan, with the child taking part; it sets the next review."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    child_took_part = models.BooleanField(_("the child took part"), default=True)
    why_child_absent = models.TextField(_("why the child did not take part"), blank=True)
    childs_views = models.TextField(_("the child's views"), blank=True)
    progress = models.TextField(_("progress on the care plan's goals"))
    decisions = models.TextField(_("decisions and changes to the plan"), blank=True)
    next_review_due = models.DateField(_("next review due"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )

    home_path = "placement__home__"
    scope_subject = "placement"

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("care plan review")
        verbose_name_plural = _("care plan reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(child_took_part=True) | ~Q(why_child_absent=""),
                name="care_review_child_part_or_reason",
            ),
        ]

    def __str__(self):
        return f"review {self.pk}"
