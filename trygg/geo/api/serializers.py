"""Serializers for countries, locations, programmes, sites and location imports.

Countries travel as ISO codes, other records as UUIDs, each looked up in the caller's scope, so a
record the caller cannot see is "not found", exactly like one that does not exist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trygg.core.api.viewsets import ScopedRelatedField, VersionedSerializerMixin

from ..models import Country, Location, LocationImport, Programme, Site
from ..services import MAX_IMPORT_BYTES


class CountryCodeField(serializers.SlugRelatedField):
    """A country by ISO 3166-1 code; writes accept only countries where the caller holds `permission`."""

    def __init__(self, *, permission: str, **kwargs):
        self.permission = permission
        kwargs.setdefault("help_text", _("ISO 3166-1 code, e.g. KE. Fixed once the record exists."))
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        countries = Country.objects.where_user_may(getattr(request, "user", None), self.permission)
        instance = getattr(self.parent, "instance", None)
        if isinstance(instance, models.Model):
            # An update may send the record's own country back unchanged.
            countries = countries | Country.objects.filter(pk=instance.country_id)
        return countries

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class FixedCountryMixin:
    """The country is chosen when the record is created and cannot change afterwards."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "country" in attrs:
            if attrs["country"].pk != self.instance.country_id:
                raise serializers.ValidationError(
                    {"country": _("The country cannot change once the record exists.")}
                )
            attrs.pop("country")
        return attrs


class CountrySerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text=_("The name in the language of the request."))
    english_name = serializers.CharField(source="name", read_only=True)
    is_operating = serializers.BooleanField(
        help_text=_("The organisation works here. Only a system administrator may change it.")
    )

    class Meta:
        model = Country
        fields = ["code", "alpha3", "numeric", "name", "english_name", "is_operating"]
        read_only_fields = ["code", "alpha3", "numeric"]

    def get_name(self, country) -> str:
        return str(country)


class LocationSerializer(FixedCountryMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(permission="location.add")
    parent = ScopedRelatedField(
        model=Location,
        required=False,
        allow_null=True,
        help_text=_("UUID of the location one level up; empty at level 1."),
    )
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Location
        fields = [
            "uuid",
            "country",
            "level",
            "code",
            "name",
            "parent",
            "parent_code",
            "version",
            "updated_at",
        ]
        read_only_fields = ["uuid", "updated_at"]


class ProgrammeSerializer(FixedCountryMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(permission="programme.add")

    class Meta:
        model = Programme
        fields = ["uuid", "country", "name", "kind", "version", "updated_at"]
        read_only_fields = ["uuid", "updated_at"]


class SiteSerializer(FixedCountryMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(permission="site.add")
    programme = ScopedRelatedField(
        model=Programme, required=False, allow_null=True, help_text=_("Programme UUID, in the same country.")
    )
    location = ScopedRelatedField(
        model=Location, required=False, allow_null=True, help_text=_("Location UUID, in the same country.")
    )

    class Meta:
        model = Site
        fields = ["uuid", "country", "name", "kind", "programme", "location", "version", "updated_at"]
        read_only_fields = ["uuid", "updated_at"]


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        allow_null=True, help_text=_("Row in the file (the header is row 1); empty for the whole file.")
    )
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class LocationImportSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    errors = ImportErrorSerializer(many=True, read_only=True)

    class Meta:
        model = LocationImport
        fields = [
            "uuid",
            "country",
            "file_name",
            "status",
            "created_count",
            "updated_count",
            "unchanged_count",
            "errors",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


def too_big_message():
    return _("The file is larger than %(size)s MB. Split it, for example by region.") % {
        "size": MAX_IMPORT_BYTES // (1024 * 1024)
    }


class LocationImportCreateSerializer(serializers.ModelSerializer):
    """A CSV to import: uploaded as `file` (multipart) or sent as text in `csv` (JSON)."""

    country = CountryCodeField(permission="location.add")
    file = serializers.FileField(
        required=False, write_only=True, help_text=_("The CSV file (multipart upload), UTF-8, at most 2 MB.")
    )
    csv = serializers.CharField(
        required=False,
        write_only=True,
        trim_whitespace=False,
        help_text=_("The CSV text, when not uploading a file. Header row: level,code,name,parent_code."),
    )

    class Meta:
        model = LocationImport
        fields = ["country", "file", "csv"]

    def validate(self, attrs):
        upload, text = attrs.pop("file", None), attrs.pop("csv", None)
        if (upload is None) == (text is None):
            raise serializers.ValidationError(
                {"file": _("Send either a CSV file in “file” or the CSV text in “csv”, not both.")}
            )
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise serializers.ValidationError({"file": too_big_message()})
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise serializers.ValidationError({"file": _("The file is not UTF-8 text.")}) from exc
            attrs["file_name"] = upload.name
        elif len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
            raise serializers.ValidationError({"csv": too_big_message()})
        attrs["content"] = text
        return attrs


class LocationImportUploadSerializer(LocationImportCreateSerializer):
    """Schema only: the multipart form of a location import."""

    file = serializers.FileField(write_only=True, help_text=_("The CSV file, UTF-8, at most 2 MB."))

    class Meta(LocationImportCreateSerializer.Meta):
        fields = ["country", "file"]


class LocationImportTextSerializer(LocationImportCreateSerializer):
    """Schema only: the JSON form of a location import."""

    csv = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        help_text=_("The CSV text. Header row: level,code,name,parent_code."),
    )

    class Meta(LocationImportCreateSerializer.Meta):
        fields = ["country", "csv"]
