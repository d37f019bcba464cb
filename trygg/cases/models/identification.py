"""Trafficking identification: indicator lists, screenings, the trafficking profile and route.

Every model here lists itself in __all__ so that `trygg.cases.models` exports it.

Indicator lists, indicators and screening rules are organisation-wide data that a system
administrator edits and translates (permission subject "indicator"). Screenings, the profile and
the route are parts of a case: they are in scope when their case is, and their content is shown
only to users who also hold `sensitive.trafficking` (see services/identification.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedModelMixin, ScopedQuerySet

from ..codes import (
    ControlMethod,
    DecisionMakingOrg,
    ExploitationType,
    ForcedLabourIndustry,
    IndicatorStrength,
    RecruitmentMethod,
    RelationshipToTrafficker,
    ScreeningAnswerValue,
    ScreeningDimension,
    ScreeningOutcome,
    SexExploitationType,
    TraffickingEventType,
    TraffickingStatus,
)
from .case import Case, CasePart

__all__ = [
    "Indicator",
    "IndicatorList",
    "Screening",
    "ScreeningAnswer",
    "ScreeningRule",
    "TraffickingEvent",
    "TraffickingProfile",
]


def translated(english: str, translations: dict | None, language: str | None = None) -> str:
    """The text in `language` (default: the active one), falling back to English."""
    language = (language or get_language() or "en").split("-")[0].lower()
    if language != "en" and translations:
        text = (translations.get(language) or "").strip()
        if text:
            return text
    return english


class OrganisationWideQuerySet(ScopedQuerySet):
    """Reference data of the whole organisation: any grant of `indicator.<action>` reaches all of it."""


class IndicatorList(DomainModel):
    """A list of screening indicators (e.g. ILO/EC indicators of child trafficking for labour)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_translations = models.JSONField(_("translated names"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_translations = models.JSONField(_("translated descriptions"), default=dict, blank=True)
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the list comes from, its licence and review status.")
    )
    is_draft = models.BooleanField(
        _("draft"),
        default=True,
        help_text=_("A draft list is shown as such on every screening until the organisation reviews it."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    # Set by every administrator edit: the default-data loader never overwrites such a list again.
    edited_by_admin = models.BooleanField(default=False)

    objects = OrganisationWideQuerySet.as_manager()

    scope_subject = "indicator"
    scope_country_field = None

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("indicator list")
        verbose_name_plural = _("indicator lists")

    def __str__(self):
        return self.code

    @classmethod
    def scope_q_for_grant(cls, grant):
        return Q()

    @property
    def display_name(self) -> str:
        return translated(self.name, self.name_translations)

    @property
    def display_description(self) -> str:
        return translated(self.description, self.description_translations)


class Indicator(DomainModel):
    """One indicator of a list: its dimension, its strength and its text in each language."""

    indicator_list = models.ForeignKey(
        IndicatorList, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("list")
    )
    code = models.SlugField(
        _("code"), max_length=80, help_text=_("A stable identifier: screenings refer to it.")
    )
    dimension = models.CharField(_("dimension"), max_length=50, choices=ScreeningDimension.choices)
    strength = models.CharField(_("strength"), max_length=10, choices=IndicatorStrength.choices)
    text = models.CharField(_("text (English)"), max_length=500)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    edited_by_admin = models.BooleanField(default=False)

    objects = OrganisationWideQuerySet.as_manager()

    scope_subject = "indicator"
    scope_country_field = None

    class Meta:
        ordering = ["indicator_list", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["indicator_list", "code"], name="indicator_code_unique_in_list")
        ]

    def __str__(self):
        return self.code

    @classmethod
    def scope_q_for_grant(cls, grant):
        return Q()

    @property
    def display_text(self) -> str:
        return translated(self.text, self.translations)


class ScreeningRuleQuerySet(ScopedQuerySet):
    pass


class ScreeningRule(DomainModel):
    """Which counts of strong, medium and weak indicators make a dimension positive.

    One row without a country is the organisation's default; a country may override it.
    `combinations` is a list of minimum counts, e.g. [{"strong": 2}, {"strong": 1,
    "medium_or_weak": 1}]: a dimension is positive when any one combination is met.
    """

    country = models.OneToOneField(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty for the organisation's default rule."),
    )
    combinations = models.JSONField(_("combinations"))
    note = models.TextField(_("note"), blank=True, help_text=_("Why the rule is what it is, and its source."))

    objects = ScreeningRuleQuerySet.as_manager()

    scope_subject = "indicator"

    class Meta:
        ordering = [F("country__name").asc(nulls_first=True), "pk"]
        verbose_name = _("screening rule")
        verbose_name_plural = _("screening rules")
        constraints = [
            models.UniqueConstraint(
                fields=["is_deleted"], condition=Q(country__isnull=True), name="one_default_screening_rule"
            )
        ]

    def __str__(self):
        return f"rule {self.country_id or 'default'} v{self.version}"

    @classmethod
    def scope_q_for_grant(cls, grant):
        # Everyone who may read rules sees the default and their countries' overrides.
        return Q(country__isnull=True) | Q(country=grant.country_id)


class Screening(CasePart):
    """A trafficking screening of the child against one indicator list, and what it found."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    indicator_list = models.ForeignKey(
        IndicatorList, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("indicator list")
    )
    screened_at = models.DateTimeField(_("screened"))
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("screened by"),
    )
    acts = models.JSONField(_("the act"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=ScreeningOutcome.choices)
    # Per dimension: positive or not, the indicators that counted and the combination met; the
    # act, the exploitation and means found, and why the child was treated as a child.
    result = models.JSONField(default=dict, blank=True)
    rule = models.ForeignKey(ScreeningRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rule_version = models.PositiveIntegerField(null=True, blank=True)
    rule_combinations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-screened_at", "-pk"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        indexes = [models.Index(fields=["case", "-screened_at"])]

    def __str__(self):
        return f"screening {self.uuid}"


class ScreeningAnswer(ScopedModelMixin, models.Model):
    """The answer to one indicator in a screening (yes, no, unknown) with an optional note."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        _("answer"), max_length=10, choices=ScreeningAnswerValue.choices, default=ScreeningAnswerValue.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_subject = "case"
    scope_country_field = "screening__case__country"
    scope_site_field = "screening__case__site"
    scope_programme_field = "screening__case__site__programme"

    class Meta:
        ordering = ["screening", "indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "indicator"], name="answer_once_per_indicator")
        ]

    def __str__(self):
        return f"{self.screening_id} {self.indicator_id} {self.answer}"


# The profile's multi-select fields and the code list each one's values come from.
PROFILE_MULTI_CHOICES = {
    "types_of_exploitation": ExploitationType,
    "type_of_sex_exploitation": SexExploitationType,
    "forced_labour_industries": ForcedLabourIndustry,
    "recruitment_methods": RecruitmentMethod,
    "methods_of_control": ControlMethod,
}


class TraffickingProfile(CasePart):
    """The child's trafficking experience in HTCDS terms (one per case)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="trafficking_profile")
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=40, choices=TraffickingStatus.choices, blank=True
    )
    decided_by_org = models.CharField(
        _("status decided by"), max_length=40, choices=DecisionMakingOrg.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("status recorded by"),
    )
    decided_at = models.DateTimeField(_("status decided"), null=True, blank=True)
    types_of_exploitation = models.JSONField(_("types of exploitation"), default=list, blank=True)
    type_of_sex_exploitation = models.JSONField(_("type of sexual exploitation"), default=list, blank=True)
    forced_labour_industries = models.JSONField(_("forced labour industries"), default=list, blank=True)
    recruitment_methods = models.JSONField(
        _("recruitment methods and circumstances"), default=list, blank=True
    )
    methods_of_control = models.JSONField(_("methods of control"), default=list, blank=True)
    relationship_to_trafficker = models.CharField(
        _("relationship to the trafficker"),
        max_length=20,
        choices=RelationshipToTrafficker.choices,
        blank=True,
    )
    age_when_first_trafficked = models.PositiveSmallIntegerField(
        _("age when first trafficked"), null=True, blank=True
    )
    # Children forced into crime should not be punished for offences they were forced to commit.
    non_punishment = models.BooleanField(_("non-punishment applies"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("trafficking profile")
        verbose_name_plural = _("trafficking profiles")

    def __str__(self):
        return f"profile {self.case_id}"


class TraffickingEvent(CasePart):
    """One step of the route: where and when the child was recruited, moved or exploited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="trafficking_events")
    kind = models.CharField(_("kind"), max_length=20, choices=TraffickingEventType.choices)
    # Not `country`: the record belongs to the case's country (scope, audit); this is where it happened.
    event_country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    place = models.ForeignKey(
        "geo.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )
    place_text = models.CharField(_("place (as described)"), max_length=200, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = [F("started_on").asc(nulls_last=True), "created_at", "pk"]
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="trafficking_event_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.event_country_id}"
