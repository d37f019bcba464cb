"""Countries, the location hierarchy, programmes and sites."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedQuerySet
from trygg.core.scoping import grants_for


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
