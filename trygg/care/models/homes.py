"""Where children live: homes (SOS families, foster and kinship families, partner facilities,
supported independent living) and each country's care settings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..codes import HomeKind
from ..querysets import CareHomeQuerySet
from .base import CareRecord

DEFAULT_EMERGENCY_ASSESSMENT_HOURS = 72
DEFAULT_REVIEW_INTERVAL_DAYS = 90
# "At least every three months" (UN Guidelines §67): no country may set a longer interval.
MAX_REVIEW_INTERVAL_DAYS = 92
DEFAULT_STABILITY_MOVES = 3
DEFAULT_STABILITY_WINDOW_DAYS = 365
DEFAULT_AFTERCARE_INTERVAL_DAYS = 90


class CareHome(CareRecord):
    """A home where children in care live, with its carers, capacity and age range.

    SOS families belong to an SOS Children's Village (a site); foster and kinship families may
    have no site. Occupancy is never stored: it is counted from the active placements.
    """

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="care_homes")
    site = models.ForeignKey(
        "geo.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_homes",
        verbose_name=_("village or provider"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=HomeKind.choices)
    capacity = models.PositiveSmallIntegerField(_("places"))
    age_min = models.PositiveSmallIntegerField(_("youngest age taken"), default=0)
    age_max = models.PositiveSmallIntegerField(_("oldest age taken"), default=17)
    carers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="care_homes",
        verbose_name=_("carers with a Trygg account"),
        help_text=_("SOS parents and other carers who see this home's children in Trygg."),
    )
    carer_names = models.TextField(
        _("carers"), blank=True, help_text=_("The SOS parent(s) or foster carers, one per line.")
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("takes children"), default=True)

    objects = CareHomeQuerySet.as_manager()

    scope_subject = "carehome"
    home_path = ""

    class Meta:
        ordering = ["country", "site", "name"]
        verbose_name = _("home")
        verbose_name_plural = _("homes")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="care_home_has_places"),
            models.CheckConstraint(condition=Q(age_min__lte=models.F("age_max")), name="care_home_age_range"),
        ]

    def __str__(self):
        return self.name

    def takes_age(self, age: int | None) -> bool:
        return age is None or self.age_min <= age <= self.age_max


class CareSettings(models.Model):
    """A country's care settings: the emergency assessment deadline, the review interval, when
    moves make a placement unstable, and how often young people who left care are contacted."""

    country = models.OneToOneField("geo.Country", on_delete=models.PROTECT, related_name="+")
    emergency_assessment_hours = models.PositiveIntegerField(
        _("complete an emergency placement's assessment within (hours)"),
        default=DEFAULT_EMERGENCY_ASSESSMENT_HOURS,
    )
    review_interval_days = models.PositiveIntegerField(
        _("review each placement at least every (days)"), default=DEFAULT_REVIEW_INTERVAL_DAYS
    )
    stability_moves = models.PositiveSmallIntegerField(
        _("flag a child after this many moves"), default=DEFAULT_STABILITY_MOVES
    )
    stability_window_days = models.PositiveIntegerField(
        _("counting moves over (days)"), default=DEFAULT_STABILITY_WINDOW_DAYS
    )
    aftercare_interval_days = models.PositiveIntegerField(
        _("contact young people who left care every (days)"), default=DEFAULT_AFTERCARE_INTERVAL_DAYS
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_subject = "careconfig"

    class Meta:
        verbose_name = _("care settings")
        verbose_name_plural = _("care settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_days__gte=1, review_interval_days__lte=MAX_REVIEW_INTERVAL_DAYS),
                name="care_review_at_least_every_three_months",
            ),
            models.CheckConstraint(
                condition=Q(emergency_assessment_hours__gte=1), name="care_emergency_hours"
            ),
            models.CheckConstraint(condition=Q(stability_moves__gte=1), name="care_stability_moves"),
        ]

    def __str__(self):
        return f"care settings {self.country_id}"
