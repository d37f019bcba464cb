"""Life in care: contact with the family, contact restrictions, safeguarding incidents and their
follow-up, and aftercare for young people who left."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..codes import (
    ContactKind,
    ContactOutcome,
    ContactStatus,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    RestrictionKind,
)
from ..querysets import ContactRestrictionQuerySet
from .base import CareRecord
from .placements import Placement

__all__ = [
    "FamilyContact",
    "ContactRestriction",
    "SafeguardingIncident",
    "IncidentAction",
    "AftercareContact",
]


class FamilyContact(CareRecord):
    """A planned or actual visit, call or letter between a child in care and their family."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=ContactStatus.choices)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    happened_on = models.DateField(_("happened on"), null=True, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=300)
    outcome = models.CharField(_("how it went"), max_length=20, choices=ContactOutcome.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    home_path = "placement__home__"
    scope_subject = "placement"

    class Meta:
        ordering = ["-happened_on", "-planned_for", "-id"]
        verbose_name = _("family contact")
        verbose_name_plural = _("family contacts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="happened") | Q(happened_on__isnull=False),
                name="care_contact_happened_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(planned_for__isnull=False),
                name="care_contact_planned_has_date",
            ),
        ]

    def __str__(self):
        return f"contact {self.pk}"


class ContactRestriction(CareRecord):
    """Someone who must not contact the child (or only under supervision), and why: shown to the
    whole team as a safety warning wherever the child appears."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contact_restrictions")
    restricted_name = models.CharField(_("who"), max_length=300)
    restricted_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered person"),
    )
    relationship = models.CharField(_("relationship to the child"), max_length=200, blank=True)
    kind = models.CharField(_("restriction"), max_length=20, choices=RestrictionKind.choices)
    reason = models.TextField(_("reason"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(_("why it was lifted"), blank=True)

    objects = ContactRestrictionQuerySet.as_manager()

    scope_subject = "placement"

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("contact restriction")
        verbose_name_plural = _("contact restrictions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="care_restriction_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"restriction {self.pk}"

    @classmethod
    def _children_placed(cls, **placement_filter):
        return Placement.objects.filter(status="active", is_deleted=False, **placement_filter).values("child")

    @classmethod
    def scope_q_for_grant(cls, grant):
        # A restriction follows the child: a village sees those of the children living there.
        if grant.site_id is not None:
            return Q(child__in=cls._children_placed(site=grant.site_id))
        if grant.programme_id is not None:
            return Q(child__in=cls._children_placed(site__programme=grant.programme_id))
        return Q(country=grant.country_id)

    @classmethod
    def own_home_q(cls, home_ids) -> Q:
        return Q(child__in=cls._children_placed(home__in=home_ids))


class SafeguardingIncident(CareRecord):
    """Something that harmed or endangered a child in care (sensitive), and its follow-up."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="incidents")
    occurred_on = models.DateField(_("happened on"))
    category = models.CharField(_("what happened"), max_length=30, choices=IncidentCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=IncidentSeverity.choices)
    description = models.TextField(_("description"))
    immediate_action = models.TextField(_("what was done at once"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    home_path = "placement__home__"
    scope_subject = "careincident"

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("safeguarding incident")
        verbose_name_plural = _("safeguarding incidents")

    def __str__(self):
        return f"incident {self.pk}"


class IncidentAction(CareRecord):
    """One follow-up action on a safeguarding incident: who does what, by when, and when done."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(SafeguardingIncident, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField(_("action"))
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    home_path = "incident__placement__home__"
    scope_subject = "careincident"

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("incident follow-up action")
        verbose_name_plural = _("incident follow-up actions")

    def __str__(self):
        return f"incident action {self.pk}"


class AftercareContact(CareRecord):
    """A follow-up with a young person after they left care: how they are doing."""

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="aftercare_contacts")
    contacted_on = models.DateField(_("contacted on"))
    # AftercareSituation codes.
    situation = models.JSONField(_("situation"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    next_contact_due = models.DateField(_("next contact due"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("contacted by")
    )

    home_path = "placement__home__"
    scope_subject = "placement"

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("aftercare contact")
        verbose_name_plural = _("aftercare contacts")

    def __str__(self):
        return f"aftercare {self.pk}"
