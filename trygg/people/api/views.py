"""API for persons, households, household members and relationships.

Querysets come from `for_user` (the base viewset); writes go through the services, which check the
scope again, write the audit event and detect concurrent edits (409). Reading a person is an audit
event; a list is one SEARCH event with the UUIDs it returned.
"""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from trygg.audit.services import record_read, record_search
from trygg.core.api.viewsets import ScopedModelViewSet, ScopedViewSetMixin
from trygg.core.services import OutOfScope

from .. import services
from ..access import visible_members
from ..filters import HouseholdFilter, HouseholdMemberFilter, PersonFilter, RelationshipFilter
from ..models import Household, HouseholdMember, Person, Relationship
from .serializers import (
    HouseholdMemberSerializer,
    HouseholdSerializer,
    PersonSerializer,
    RelationshipSerializer,
)

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=True,
    description=_("The version you last read; a stale version answers 409 and nothing is deleted."),
)


def _version_from_query(request) -> int:
    raw = request.query_params.get("version", "")
    try:
        version = int(raw)
    except ValueError:
        version = 0
    if version < 1:
        raise ValidationError(
            {"version": _("Send the version you last read (?version=N), so that no one's changes are lost.")}
        )
    return version


class PeopleViewSetMixin:
    """What every people endpoint shares: audited lists, service errors as 400."""

    audit_model = None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        record_search(
            self.audit_model or self.get_model(),
            actor=request.user,
            query_present=bool(request.query_params.get("q")),
            result_uuids=[row.uuid for row in rows],
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def call_service(self, function, *args, out_of_scope_field: str = "site", **kwargs):
        """Run a service; its validation errors become 400s naming the field."""
        try:
            return function(*args, acting_user=self.request.user, **kwargs)
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(exc.message_dict) from exc
            raise ValidationError({"non_field_errors": exc.messages}) from exc
        except OutOfScope as exc:
            raise ValidationError(
                {out_of_scope_field: _("This would put the record outside your scope.")}
            ) from exc


def _split(validated: dict, *names) -> tuple[dict, list]:
    data = dict(validated)
    return data, [data.pop(name, None) for name in names]


@extend_schema_view(destroy=extend_schema(parameters=[VERSION_PARAMETER]))
class PersonViewSet(PeopleViewSetMixin, ScopedModelViewSet):
    """Children and adults. DELETE hides the record (soft delete); nothing is erased."""

    queryset_model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def optimise_queryset(self, qs):
        return qs.for_api().order_by("family_name", "given_name", "pk")

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        record_read(person, actor=request.user)
        return Response(self.get_serializer(person).data)

    def perform_create(self, serializer):
        data, (country, nationalities, _version) = _split(
            serializer.validated_data, "country", "nationalities", "version"
        )
        serializer.instance = self.call_service(
            services.register_person, country=country, nationalities=nationalities or (), **data
        )

    def perform_update(self, serializer):
        data, (version, nationalities) = _split(serializer.validated_data, "version", "nationalities")
        serializer.instance = self.call_service(
            services.update_person,
            serializer.instance,
            expected_version=version,
            nationalities=nationalities,
            **data,
        )

    def perform_destroy(self, instance):
        self.call_service(
            services.delete_person, instance, expected_version=_version_from_query(self.request)
        )


@extend_schema_view(destroy=extend_schema(parameters=[VERSION_PARAMETER]))
class HouseholdViewSet(PeopleViewSetMixin, ScopedModelViewSet):
    """Households. Members are listed here and added or removed through household-members."""

    queryset_model = Household
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter

    def optimise_queryset(self, qs):
        members = Prefetch("members", queryset=visible_members(self.request.user), to_attr="visible_members")
        return (
            qs.select_related("country", "site", "location").prefetch_related(members).order_by("name", "pk")
        )

    def perform_create(self, serializer):
        data, (country, _version) = _split(serializer.validated_data, "country", "version")
        serializer.instance = self.call_service(services.register_household, country=country, **data)

    def perform_update(self, serializer):
        data, (version,) = _split(serializer.validated_data, "version")
        serializer.instance = self.call_service(
            services.update_household, serializer.instance, expected_version=version, **data
        )

    def perform_destroy(self, instance):
        self.call_service(
            services.delete_household, instance, expected_version=_version_from_query(self.request)
        )


LEFT_ON_PARAMETER = OpenApiParameter(
    "left_on",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    required=False,
    description=_("The day the person left the household (YYYY-MM-DD)."),
)


@extend_schema_view(destroy=extend_schema(parameters=[LEFT_ON_PARAMETER]))
class HouseholdMemberViewSet(
    PeopleViewSetMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """A person's membership of a household. DELETE ends it (kept in history)."""

    queryset_model = HouseholdMember
    serializer_class = HouseholdMemberSerializer
    filterset_class = HouseholdMemberFilter

    def scope_action(self) -> str:
        # Removing a member changes the household; it does not delete anything.
        action = super().scope_action()
        return "change" if action == "delete" else action

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.filter(person__in=Person.objects.for_user(self.request.user), household__is_deleted=False)

    def optimise_queryset(self, qs):
        return qs.select_related("household", "person").order_by("household__name", "role", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        household = data.pop("household")
        serializer.instance = self.call_service(
            services.add_household_member, household, out_of_scope_field="household", **data
        )

    def perform_destroy(self, instance):
        raw = self.request.query_params.get("left_on")
        left_on = None
        if raw:
            try:
                left_on = date.fromisoformat(raw)
            except ValueError as exc:
                raise ValidationError({"left_on": _("Give the date as YYYY-MM-DD.")}) from exc
        self.call_service(services.remove_household_member, instance, left_on=left_on)


@extend_schema_view(destroy=extend_schema(parameters=[VERSION_PARAMETER]))
class RelationshipViewSet(PeopleViewSetMixin, ScopedModelViewSet):
    """How two persons are related: `relative` is `kind` of `person` (e.g. the relative is the mother)."""

    queryset_model = Relationship
    serializer_class = RelationshipSerializer
    filterset_class = RelationshipFilter

    def get_queryset(self):
        visible = Person.objects.for_user(self.request.user)
        return super().get_queryset().filter(person__in=visible, relative__in=visible)

    def optimise_queryset(self, qs):
        return qs.select_related("person", "relative").order_by("pk")

    def perform_create(self, serializer):
        data, (_version,) = _split(serializer.validated_data, "version")
        serializer.instance = self.call_service(
            services.add_relationship, out_of_scope_field="person", **data
        )

    def perform_update(self, serializer):
        data, (version,) = _split(serializer.validated_data, "version")
        serializer.instance = self.call_service(
            services.update_relationship, serializer.instance, expected_version=version, **data
        )

    def perform_destroy(self, instance):
        self.call_service(
            services.remove_relationship, instance, expected_version=_version_from_query(self.request)
        )
