"""Countries, the location hierarchy, programmes and sites."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedModelMixin, ScopedQuerySet
from trygg.core.scoping import country_ids_for, grants_for


class CountryQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = "view"):
        # Countries are reference data (ISO 3166-1): anyone with a role may read the list to pick a
        # nationality; only a global grant may change it.
        if action == "view":
            from trygg.accounts.roles import Perm

            return self.all() if grants_for(user, Perm.COUNTRY_VIEW) else self.none()
        return super().for_user(user, action)

    def operating(self):
        return self.filter(is_operating=True)

    def where_user_may(self, user, permission: str, *, whole_country_only: bool = True):
        """Countries where the user holds `permission` (a global grant: all of them).

        By default only a grant for the whole country counts; `whole_country_only=False` counts a
        programme or site grant too. `trygg.core.scoping.country_ids_for` explains when to ask which.
        """
        ids = country_ids_for(user, permission, whole_country_only=whole_country_only)
        return self.all() if ids is None else self.filter(pk__in=ids)

    def offered_to(self, user, permission: str, *, whole_country_only: bool = True):
        """Countries to offer the user in a choice: `where_user_may`, but a global grant offers only
        the countries where the organisation works, not every country in ISO 3166-1."""
        ids = country_ids_for(user, permission, whole_country_only=whole_country_only)
        return self.operating() if ids is None else self.filter(pk__in=ids)


class Country(models.Model):
    """A country from ISO 3166-1; `is_operating` marks those where the organisation works."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    alpha3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100)
    is_operating = models.BooleanField(_("organisation works here"), default=False)

    objects = CountryQuerySet.as_manager()

    scope_subject = "country"

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        from .names import country_name

        return country_name(self.code, self.name)

    @classmethod
    def scope_q_for_grant(cls, grant):
        return Q(pk=grant.country_id)


class Location(DomainModel):
    """A place in a country's administrative hierarchy (region, district, village, ...)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="locations")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("administrative level"))
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)

    scope_subject = "location"

    class Meta:
        ordering = ["country", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="location_code_unique_in_country")
        ]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    @property
    def level_label(self) -> str:
        return level_label(self.level)


# What an administrative level is usually called; countries name them differently, so the
# number stays the stored value and these are only labels.
LEVEL_NAMES = {
    1: _("region"),
    2: _("district"),
    3: _("sub-district"),
    4: _("locality"),
}


def level_label(level: int) -> str:
    name = LEVEL_NAMES.get(level)
    if name is None:
        return _("Level %(level)s") % {"level": level}
    return _("Level %(level)s (%(name)s)") % {"level": level, "name": name}


class Programme(DomainModel):
    """A programme of the organisation in one country (family strengthening, alternative care, ...)."""

    class Kind(models.TextChoices):
        FAMILY_STRENGTHENING = "family_strengthening", _("Family strengthening")
        ALTERNATIVE_CARE = "alternative_care", _("Alternative care")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        YOUTH = "youth", _("Youth")
        EMERGENCY = "emergency", _("Emergency response")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)

    scope_subject = "programme"

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q_for_grant(cls, grant):
        if grant.site_id is not None:
            return Q(sites=grant.site_id)
        if grant.programme_id is not None:
            return Q(pk=grant.programme_id)
        return Q(country=grant.country_id)


class Site(DomainModel):
    """A place where the organisation works with children: an SOS Children's Village, an office, ..."""

    class Kind(models.TextChoices):
        CHILDRENS_VILLAGE = "childrens_village", _("SOS Children's Village")
        FAMILY_STRENGTHENING = "family_strengthening", _("Family strengthening programme")
        YOUTH_HOUSE = "youth_house", _("Youth house")
        OFFICE = "office", _("Office")
        PARTNER = "partner", _("Partner organisation")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="sites")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="sites"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)

    scope_subject = "site"

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q_for_grant(cls, grant):
        if grant.site_id is not None:
            return Q(pk=grant.site_id)
        if grant.programme_id is not None:
            return Q(programme=grant.programme_id)
        return Q(country=grant.country_id)


class LocationImport(ScopedModelMixin, models.Model):
    """One upload of a country's location hierarchy as CSV, and what importing it did."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="location_imports")
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content = models.TextField(_("file content"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    # [{"row": 3, "column": "parent_code", "message": "..."}]; row 1 is the header.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    # Imports are part of administering locations: the same permissions, in the same countries.
    scope_subject = "location"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("location import")
        verbose_name_plural = _("location imports")

    def __str__(self):
        return str(self.uuid)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
