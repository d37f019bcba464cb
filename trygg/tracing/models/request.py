"""Tracing requests, the blocking keys that find candidates fast, and the per-country settings."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.people.models import Gender

from ..codes import FINAL, SEARCHING, RequesterRelationship, RequestStatus
from ..querysets import TracingRequestQuerySet

__all__ = [
    "TracingRequest",
    "RequestMatchKey",
    "ChildMatchKey",
    "TracingSettings",
    "DEFAULT_MATCH_THRESHOLD",
    "DEFAULT_DUPLICATE_THRESHOLD",
    "DEFAULT_MONITORING_MONTHS",
]

# A candidate at or above this probability becomes a proposal (a country may set its own). Low on
# purpose: a person reviews every proposal, and a family's spelling, an age given as "about 12"
# and a registration with an estimated birth date seldom agree better than this (the engine's
# default prior is one chance in 100,000 that two records are the same child).
DEFAULT_MATCH_THRESHOLD = 0.3
# A child being registered who looks this much like one already registered gets a warning.
DEFAULT_DUPLICATE_THRESHOLD = 0.4
# Monitoring visits after return, in months after the reunification.
DEFAULT_MONITORING_MONTHS = [1, 3, 6, 12]


class TracingRequest(DomainModel):
    """A family's request to find a child they were separated from: who asks, whom they seek."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="tracing_requests")
    site = models.ForeignKey(
        "geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="tracing_requests"
    )
    # Who is asking.
    requester_name = models.CharField(_("name of the person asking"), max_length=200)
    requester_relationship = models.CharField(
        _("relationship to the child"), max_length=30, choices=RequesterRelationship.choices
    )
    requester_phone = models.CharField(_("phone"), max_length=60, blank=True)
    requester_contact = models.TextField(
        _("other contact details"),
        blank=True,
        help_text=_("Address, a neighbour's phone, an e-mail address."),
    )
    requester_location = models.CharField(_("where the person asking lives"), max_length=300, blank=True)
    # The child sought.
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    other_names = models.CharField(
        _("other names and nicknames"),
        max_length=300,
        blank=True,
        help_text=_("Other spellings, nicknames and earlier names, separated by commas."),
    )
    name_in_own_script = models.CharField(
        _("name in own script"),
        max_length=300,
        blank=True,
        help_text=_("The name as the family writes it, e.g. in Devanagari or Arabic script."),
    )
    sex = models.CharField(_("sex"), max_length=30, choices=Gender.choices, default=Gender.NOT_SPECIFIED)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        _("approximate age"),
        null=True,
        blank=True,
        help_text=_("In years, when the date of birth is not known."),
    )
    age_as_of = models.DateField(
        _("age given on"),
        null=True,
        blank=True,
        help_text=_("The day the approximate age was true, e.g. the day of separation."),
    )
    place_of_origin = models.CharField(_("place of origin"), max_length=300, blank=True)
    last_seen_place = models.CharField(_("where last seen"), max_length=300, blank=True)
    last_seen_on = models.DateField(_("when last seen"), null=True, blank=True)
    separation_circumstances = models.TextField(_("circumstances of separation"), blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639 language codes.")
    )
    distinguishing_features = models.TextField(_("distinguishing features"), blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=200, blank=True)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    sibling_names = models.CharField(
        _("siblings' names"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    # Consent to trace: without it nothing is matched.
    consent_to_trace = models.BooleanField(_("consent to trace"), default=False)
    consent_given_by = models.CharField(
        _("consent given by"), max_length=200, blank=True, help_text=_("Who gave the consent to trace.")
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    # Set when a match is confirmed: the child found, and where that child is registered.
    matched_child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Lower-case ASCII of the names sought and the reference, for the list search.
    search_text = models.TextField(editable=False, default="")

    objects = TracingRequestQuerySet.as_manager()

    scope_subject = "tracing"
    scope_site_field = "site"
    scope_programme_field = "site__programme"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tracing request")
        verbose_name_plural = _("tracing requests")
        indexes = [
            models.Index(fields=["country", "status", "-created_at"]),
            # The open requests a newly registered child is matched against.
            models.Index(fields=["status"], condition=Q(is_deleted=False), name="tracing_request_by_status"),
        ]

    def __str__(self):
        return self.reference

    @classmethod
    def scope_q_for_grant(cls, grant):
        """The request's country, and once a match is confirmed the country where the child is
        registered: both work on verification, the best-interests decision and the return."""
        if grant.site_id is not None:
            return Q(site=grant.site_id) | Q(matched_child__site=grant.site_id)
        if grant.programme_id is not None:
            return Q(site__programme=grant.programme_id) | Q(
                matched_child__site__programme=grant.programme_id
            )
        return Q(country=grant.country_id) | Q(matched_country=grant.country_id)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def is_searching(self) -> bool:
        return self.status in SEARCHING

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    def age_on(self, day: date | None = None) -> int | None:
        """The child's age in whole years on `day`: from the date of birth, else the approximate age."""
        day = day or timezone.localdate()
        if self.date_of_birth is not None:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.approximate_age is None:
            return None
        since = self.age_as_of or (timezone.localdate(self.created_at) if self.created_at else day)
        return self.approximate_age + max(0, (day - since).days) // 365


class RequestMatchKey(models.Model):
    """One blocking key of a tracing request (from the engine), so that a newly registered child
    finds the open requests that share a key through the index, never by reading them all."""

    request = models.ForeignKey(
        TracingRequest, on_delete=models.CASCADE, related_name="match_keys", db_index=False
    )
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+", db_index=False)
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "key"], name="tracing_request_key_once")]
        indexes = [models.Index(fields=["key", "country", "request"], name="tracing_request_key_lookup")]

    def __str__(self):
        return self.key


class ChildMatchKey(models.Model):
    """One blocking key of a registered child (from the engine): a tracing request finds its
    candidates among a million children by a few index lookups. Written by the people services'
    hook (`tracing.services.matching.person_saved`) and by the batch run after bulk imports."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="tracing_keys", db_index=False
    )
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+", db_index=False)
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="tracing_child_key_once")]
        indexes = [models.Index(fields=["key", "country", "person"], name="tracing_child_key_lookup")]

    def __str__(self):
        return self.key


class TracingSettings(models.Model):
    """A country's tracing settings: when a candidate becomes a proposal, when to warn of a
    duplicate, and the monitoring visits after return (months after the reunification)."""

    country = models.OneToOneField("geo.Country", on_delete=models.PROTECT, related_name="+")
    match_threshold = models.FloatField(
        _("propose a match from this probability"), default=DEFAULT_MATCH_THRESHOLD
    )
    duplicate_threshold = models.FloatField(
        _("warn of a possible duplicate from this probability"), default=DEFAULT_DUPLICATE_THRESHOLD
    )
    monitoring_months = models.JSONField(
        _("monitoring visits (months after return)"), default=list, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_subject = "tracingconfig"

    class Meta:
        verbose_name = _("tracing settings")
        verbose_name_plural = _("tracing settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(match_threshold__gte=0, match_threshold__lte=1)
                & Q(duplicate_threshold__gte=0, duplicate_threshold__lte=1),
                name="tracing_thresholds_are_probabilities",
            )
        ]

    def __str__(self):
        return f"tracing settings {self.country_id}"
