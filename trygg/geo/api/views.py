"""API for countries, locations, programmes, sites and location imports.

Every queryset comes from `for_user` (ScopedViewSetMixin); every write goes through a service.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.reverse import reverse

from trygg.core.api.viewsets import (
    PayloadTooLarge,
    ScopedCreateModelMixin,
    ScopedModelViewSet,
    ScopedViewSetMixin,
)

from .. import services
from ..filters import CountryFilter, LocationFilter, LocationImportFilter, ProgrammeFilter, SiteFilter
from ..models import Country, Location, LocationImport, Programme, Site
from .serializers import (
    CountrySerializer,
    LocationImportCreateSerializer,
    LocationImportSerializer,
    LocationImportTextSerializer,
    LocationImportUploadSerializer,
    LocationSerializer,
    ProgrammeSerializer,
    SiteSerializer,
    too_big_message,
)

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    description=_("The version you last read; a stale one answers 409 Conflict."),
)


class VersionedWritesMixin:
    """Create and update through services; the version sent in the body guards the update."""

    create_service = None
    update_service = None
    delete_service = None

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            acting_user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = type(self).update_service(
            serializer.instance, acting_user=self.request.user, expected_version=version, **data
        )

    def perform_destroy(self, instance):
        version = self.request.query_params.get("version")
        type(self).delete_service(
            instance,
            acting_user=self.request.user,
            expected_version=int(version) if version and version.isdigit() else None,
        )


@extend_schema_view(
    list=extend_schema(summary=_("Countries (ISO 3166-1)")),
    retrieve=extend_schema(summary=_("One country, by ISO code")),
    partial_update=extend_schema(summary=_("Mark whether the organisation works in a country")),
)
class CountryViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Every country; only a system administrator may change `is_operating`."""

    queryset_model = Country
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Z]{2}"
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        if "is_operating" in serializer.validated_data:
            services.set_country_operating(
                serializer.instance,
                operating=serializer.validated_data["is_operating"],
                acting_user=self.request.user,
            )


class LocationViewSet(VersionedWritesMixin, ScopedModelViewSet):
    """A country's administrative hierarchy; administrators add and change locations."""

    queryset_model = Location
    serializer_class = LocationSerializer
    filterset_class = LocationFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = services.create_location
    update_service = services.update_location

    def optimise_queryset(self, qs):
        return qs.select_related("country", "parent").order_by("country__code", "level", "name")


class ProgrammeViewSet(VersionedWritesMixin, ScopedModelViewSet):
    queryset_model = Programme
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    create_service = services.create_programme
    update_service = services.update_programme
    delete_service = services.delete_programme

    def optimise_queryset(self, qs):
        return qs.select_related("country").order_by("country__code", "name")

    @extend_schema(parameters=[VERSION_PARAMETER])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)


class SiteViewSet(VersionedWritesMixin, ScopedModelViewSet):
    queryset_model = Site
    serializer_class = SiteSerializer
    filterset_class = SiteFilter
    create_service = services.create_site
    update_service = services.update_site
    delete_service = services.delete_site

    def optimise_queryset(self, qs):
        return qs.select_related("country", "programme", "location").order_by("country__code", "name")

    @extend_schema(parameters=[VERSION_PARAMETER])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary=_("Location imports")),
    retrieve=extend_schema(summary=_("The status of one location import")),
)
class LocationImportViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    viewsets.GenericViewSet,
):
    """Uploads of a country's locations as CSV, imported in the background; poll for the status."""

    queryset_model = LocationImport
    serializer_class = LocationImportSerializer
    filterset_class = LocationImportFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scope_action(self) -> str:
        # Imports are administration: reading them needs the right to import, not just to view.
        return "add"

    def optimise_queryset(self, qs):
        return qs.select_related("country").defer("content")

    def get_serializer_class(self):
        if self.action == "create":
            return LocationImportCreateSerializer
        return LocationImportSerializer

    @extend_schema(
        summary=_("Import locations from CSV"),
        request={
            "multipart/form-data": LocationImportUploadSerializer,
            "application/json": LocationImportTextSerializer,
        },
        responses={
            202: OpenApiResponse(LocationImportSerializer, description=_("Accepted; poll the import.")),
            413: OpenApiResponse(description=_("The request is larger than 2 MB.")),
        },
    )
    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except PayloadTooLarge as exc:
            # Name the field that made the body too large, as the page's form does.
            field = "file" if request.content_type.startswith("multipart/") else "csv"
            raise PayloadTooLarge({"detail": exc.detail, field: [too_big_message()]}) from exc

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        # In the embedded mode the import has already run (right after the commit); otherwise it is
        # waiting for a worker. Either way the caller polls the import's URL.
        location_import = self.created_import
        location_import.refresh_from_db()
        response.data = LocationImportSerializer(location_import, context=self.get_serializer_context()).data
        response.status_code = status.HTTP_202_ACCEPTED
        response["Location"] = reverse(
            "api:locationimport-detail", kwargs={"uuid": location_import.uuid}, request=request
        )
        return response

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.created_import = services.start_location_import(
            country=data["country"],
            content=data["content"],
            file_name=data.get("file_name", ""),
            acting_user=self.request.user,
        )
