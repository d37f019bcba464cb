"""Serializers for persons, households, their members and relationships.

Related records travel as UUIDs (countries as ISO codes) and are looked up in the caller's scope,
so a record the caller cannot see is "not found", exactly like one that does not exist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trygg.core.api.viewsets import ScopedRelatedField, VersionedSerializerMixin
from trygg.geo.models import Country, Location, Site
from trygg.geo.names import is_language_code

from ..access import visible_members
from ..models import Household, HouseholdMember, Person, Relationship


class CountryCodeField(serializers.SlugRelatedField):
    """A country by ISO 3166-1 code; writes accept only countries where the caller holds `permission`."""

    def __init__(self, *, permission: str, **kwargs):
        self.permission = permission
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        countries = Country.objects.offered_to(
            getattr(request, "user", None), self.permission, whole_country_only=False
        )
        instance = getattr(self.parent, "instance", None)
        if isinstance(instance, models.Model):
            # An update may send the record's own country back unchanged.
            countries = countries | Country.objects.filter(pk=instance.country_id)
        return countries

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class LanguageCodesField(serializers.ListField):
    """ISO 639 language codes (two or three letters)."""

    child = serializers.CharField(max_length=3)

    def to_internal_value(self, data):
        codes = []
        for code in super().to_internal_value(data):
            code = code.strip().lower()
            if code not in codes:
                codes.append(code)
        unknown = [code for code in codes if not is_language_code(code)]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown language codes: %(codes)s. Use ISO 639 codes such as sw, ne or en.")
                % {"codes": ", ".join(unknown)}
            )
        return codes


def _unchangeable(serializer, attrs, names, message):
    """Refuse a change to fields that are fixed once the record exists (a transfer is another verb)."""
    if serializer.instance is None:
        return
    errors = {}
    for name in names:
        if name in attrs and attrs[name] != getattr(serializer.instance, name):
            errors[name] = message
        attrs.pop(name, None)
    if errors:
        raise serializers.ValidationError(errors)


class PersonSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(
        permission="person.add", help_text=_("ISO 3166-1 code. Set when the person is registered.")
    )
    site = ScopedRelatedField(model=Site, required=False, allow_null=True, help_text=_("Site UUID."))
    nationalities = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Country.objects.all(),
        required=False,
        help_text=_("ISO 3166-1 codes."),
    )
    languages = LanguageCodesField(required=False, help_text=_('ISO 639 codes, e.g. ["sw", "en"].'))
    place_of_origin = ScopedRelatedField(
        model=Location, required=False, allow_null=True, help_text=_("Location UUID.")
    )
    age = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Age in whole years today; null if unknown.")
    )

    class Meta:
        model = Person
        fields = [
            "uuid",
            "reference",
            "country",
            "site",
            "given_name",
            "family_name",
            "other_names",
            "name_in_own_script",
            "gender",
            "date_of_birth",
            "date_of_birth_is_estimate",
            "age",
            "nationalities",
            "languages",
            "place_of_origin",
            "place_of_origin_detail",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "reference", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        _unchangeable(self, attrs, ["country"], _("The country of a person cannot be changed here."))
        country = attrs.get("country") or getattr(self.instance, "country", None)
        site = attrs.get("site")
        if site is not None and country is not None and site.country_id != country.pk:
            raise serializers.ValidationError({"site": _("The site must be in the person's country.")})
        return attrs


class HouseholdMemberBriefSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person.uuid", read_only=True)
    person_reference = serializers.CharField(source="person.reference", read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["uuid", "person", "person_reference", "role", "joined_on"]
        read_only_fields = fields


class HouseholdSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(
        permission="household.add", help_text=_("ISO 3166-1 code. Set when the household is registered.")
    )
    site = ScopedRelatedField(model=Site, required=False, allow_null=True, help_text=_("Site UUID."))
    location = ScopedRelatedField(
        model=Location, required=False, allow_null=True, help_text=_("Location UUID.")
    )
    members = serializers.SerializerMethodField(
        help_text=_("Current members you can see. Add and remove them through household-members.")
    )

    class Meta:
        model = Household
        fields = [
            "uuid",
            "reference",
            "country",
            "site",
            "name",
            "location",
            "address",
            "members",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "reference", "created_at", "updated_at"]

    @extend_schema_field(HouseholdMemberBriefSerializer(many=True))
    def get_members(self, household):
        members = getattr(household, "visible_members", None)
        if members is None:
            request = self.context.get("request")
            members = visible_members(getattr(request, "user", None)).filter(household=household)
        return HouseholdMemberBriefSerializer(members, many=True).data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        _unchangeable(self, attrs, ["country"], _("The country of a household cannot be changed here."))
        country = attrs.get("country") or getattr(self.instance, "country", None)
        site = attrs.get("site")
        if site is not None and country is not None and site.country_id != country.pk:
            raise serializers.ValidationError({"site": _("The site must be in the household's country.")})
        return attrs


class HouseholdMemberSerializer(serializers.ModelSerializer):
    household = ScopedRelatedField(model=Household, action="change", help_text=_("Household UUID."))
    person = ScopedRelatedField(model=Person, help_text=_("Person UUID."))
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["uuid", "household", "person", "role", "joined_on", "left_on", "version", "created_at"]
        read_only_fields = ["uuid", "left_on", "version", "created_at"]


class RelationshipSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    person = ScopedRelatedField(model=Person, help_text=_("UUID of the person the relationship is about."))
    relative = ScopedRelatedField(
        model=Person, help_text=_("UUID of the relative: the relative is `kind` of the person.")
    )

    class Meta:
        model = Relationship
        fields = [
            "uuid",
            "person",
            "relative",
            "kind",
            "is_primary_caregiver",
            "notes",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        _unchangeable(
            self,
            attrs,
            ["person", "relative"],
            _("The persons of a relationship cannot be changed: remove it and add another."),
        )
        if self.instance is None and attrs.get("person") == attrs.get("relative"):
            raise serializers.ValidationError({"relative": _("A person cannot be their own relative.")})
        return attrs
