"""Persons (children and adults), relationships between them, and households."""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel

from .querysets import PersonQuerySet


class Gender(models.TextChoices):
    """HTCDS 2.0 prs_Gender value names."""

    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender female")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender male")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    NOT_SPECIFIED = "NonSpecifiedUnknown", _("Not specified / unknown")


class Person(DomainModel):
    """A child or adult known to the organisation."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="persons")
    site = models.ForeignKey(
        "geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="persons"
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    other_names = models.CharField(
        _("other names"), max_length=300, blank=True, help_text=_("Nicknames, aliases, earlier names.")
    )
    name_in_own_script = models.CharField(
        _("name in own script"),
        max_length=300,
        blank=True,
        help_text=_("The name as the person writes it, e.g. in Devanagari or Arabic script."),
    )
    gender = models.CharField(
        _("sex / gender"), max_length=30, choices=Gender.choices, default=Gender.NOT_SPECIFIED
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_birth_is_estimate = models.BooleanField(_("date of birth is an estimate"), default=False)
    nationalities = models.ManyToManyField(
        "geo.Country", blank=True, related_name="nationals", verbose_name=_("nationality")
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639 language codes.")
    )
    place_of_origin = models.ForeignKey(
        "geo.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place of origin"),
    )
    place_of_origin_detail = models.CharField(_("place of origin (details)"), max_length=300, blank=True)
    # Lower-case ASCII of every name and the reference, so that search ignores accents and case
    # on SQLite and PostgreSQL alike; references are searched here, names by `PersonNameKey`.
    # Maintained by the services.
    search_text = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()

    scope_subject = "person"
    scope_site_field = "site"
    scope_programme_field = "site__programme"

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["country", "family_name", "given_name"])]

    def __str__(self):
        return self.reference

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def age_on(self, day: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int | None:
        return self.age_on()

    @property
    def is_child(self) -> bool | None:
        age = self.age
        return None if age is None else age < 18


class PersonNameKey(models.Model):
    """One search key of a person's names: a name word or its sound-alike code (people/phonetic.py).

    Derived from the names by the services (`people.services.index_names`), never edited. The
    country is copied here so that a search can stay inside the user's countries in the index.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys", db_index=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+", db_index=False)
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_name_key_once")]
        indexes = [models.Index(fields=["key", "country", "person"], name="person_name_key_lookup")]

    def __str__(self):
        return self.key


class Relationship(DomainModel):
    """How one person is related to another: `relative` is the `kind` of `person`."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        SIBLING = "sibling", _("Sibling")
        HALF_SIBLING = "half_sibling", _("Half-sibling")
        GRANDPARENT = "grandparent", _("Grandparent")
        AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
        COUSIN = "cousin", _("Cousin")
        STEP_PARENT = "step_parent", _("Step-parent")
        CAREGIVER = "caregiver", _("Caregiver")
        LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
        SOS_PARENT = "sos_parent", _("SOS parent")
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        COMMUNITY_MEMBER = "community_member", _("Community member")

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_as_relative")
    kind = models.CharField(_("relationship"), max_length=30, choices=Kind.choices)
    is_primary_caregiver = models.BooleanField(_("primary caregiver"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    scope_subject = "relationship"
    scope_site_field = "person__site"
    scope_programme_field = "person__site__programme"

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="relationship_not_to_self"
            ),
        ]

    def __str__(self):
        return f"{self.relative} → {self.get_kind_display()} → {self.person}"


class Household(DomainModel):
    """People who live together and share resources, e.g. a family enrolled in family strengthening."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="households")
    site = models.ForeignKey(
        "geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="households"
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Usually the family name."))
    location = models.ForeignKey(
        "geo.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("location"),
    )
    address = models.TextField(_("address or directions"), blank=True)
    search_text = models.TextField(editable=False, default="")

    scope_subject = "household"
    scope_site_field = "site"
    scope_programme_field = "site__programme"

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.reference


class HouseholdMember(DomainModel):
    """A person's membership of a household, with their role in it."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head of household")
        CAREGIVER = "caregiver", _("Caregiver")
        CHILD = "child", _("Child")
        OTHER_ADULT = "other_adult", _("Other adult")

    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    role = models.CharField(_("role in household"), max_length=20, choices=Role.choices)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)

    scope_subject = "household"
    scope_site_field = "household__site"
    scope_programme_field = "household__site__programme"

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=models.Q(is_deleted=False),
                name="household_member_once",
            )
        ]
