"""API for trafficking identification: screenings, trafficking profiles, route events, and the
indicator lists, indicators and screening rules they use.

Querysets come from `for_user` and leave out cases their country keeps only as a summary. Records
of a case where the caller lacks `sensitive.trafficking` are listed with `restricted: true` and
every other field null (see serializers_identification.py); writing them is 404. Writes go
through the services (audit, timeline, 409 on a stale version). Lists of case records are audited
as a search, a record opened on its own as a read.

Screening outcome, for a child: the act (recorded, or shown by a positive recruitment dimension)
plus a positive "exploitative conditions" dimension make a presumed victim; the means are not
required (Palermo Protocol, art. 3(c)). An adult also needs a positive means dimension.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from trygg.audit.services import record_read, record_search
from trygg.core.api.viewsets import ScopedCreateModelMixin, ScopedViewSetMixin
from trygg.core.scoping import has_perm_anywhere

from ..codes import ScreeningDimension
from ..models import (
    Case,
    Indicator,
    IndicatorList,
    Screening,
    ScreeningAnswer,
    ScreeningRule,
    TraffickingEvent,
    TraffickingProfile,
)
from ..services import identification as services
from ..services import identification_admin as admin_services
from . import serializers_identification as s

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    required=True,
    description=_("The version you last read; a stale version answers 409 and nothing is removed."),
)
# Service field names that the API calls otherwise.
API_NAMES = {"event_country": "country", "indicator_list": "list"}


def call_service(function, *args, **kwargs):
    """Run a service; its validation errors become 400s naming the API's fields."""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {API_NAMES.get(name, name): messages for name, messages in exc.message_dict.items()}
            ) from exc
        raise ValidationError({"non_field_errors": exc.messages}) from exc


def _case_filter(model):
    return type(
        f"{model.__name__}Filter",
        (django_filters.FilterSet,),
        {
            "case": django_filters.UUIDFilter(field_name="case__uuid", label=_("Case UUID")),
            "Meta": type("Meta", (), {"model": model, "fields": []}),
        },
    )


class CaseRecordViewSetMixin(ScopedViewSetMixin):
    """Case records: summary-only cases left out, lists audited as a search, reads as a read."""

    def get_queryset(self):
        return super().get_queryset().filter(case__summary_only=False)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        record_search(
            self.get_model(), actor=request.user, query_present=False, result_uuids=[r.uuid for r in rows]
        )
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        record_read(obj, actor=request.user)
        return Response(self.get_serializer(obj).data)


@extend_schema_view(
    create=extend_schema(request=s.ScreeningCreateSerializer, responses={201: s.ScreeningSerializer}),
    update=extend_schema(request=s.ScreeningUpdateSerializer, responses=s.ScreeningSerializer),
    partial_update=extend_schema(request=s.ScreeningUpdateSerializer, responses=s.ScreeningSerializer),
)
class ScreeningViewSet(
    CaseRecordViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Trafficking screenings. Creating or correcting one computes its result with the country's
    rule; the result says per dimension which answers counted and which combination was met."""

    queryset_model = Screening
    serializer_class = s.ScreeningSerializer
    filterset_class = _case_filter(Screening)

    def optimise_queryset(self, qs):
        answers = ScreeningAnswer.objects.select_related("indicator").order_by("indicator__order", "pk")
        return (
            qs.select_related("case__site", "indicator_list", "screened_by", "rule")
            .prefetch_related(Prefetch("answers", queryset=answers))
            .order_by("-screened_at", "-pk")
        )

    def _respond(self, screening, status_code=status.HTTP_200_OK):
        fresh = self.optimise_queryset(Screening.objects.filter(pk=screening.pk)).get()
        return Response(
            s.ScreeningSerializer(fresh, context=self.get_serializer_context()).data, status=status_code
        )

    def create(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, "case.change"):
            raise Http404
        body = s.ScreeningCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        case = data.pop("case")
        if not services.user_may_see_trafficking(request.user, case):
            raise ValidationError({"case": _("Not found.")})
        screening = call_service(services.record_screening, case, acting_user=request.user, **data)
        return self._respond(screening, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        screening = self.get_object()
        if not services.user_may_see_trafficking(request.user, screening.case):
            raise Http404
        body = s.ScreeningUpdateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version")
        call_service(
            services.update_screening, screening, acting_user=request.user, expected_version=version, **data
        )
        return self._respond(screening)


CASE_UUID_PARAMETER = OpenApiParameter(
    "uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("The case's UUID.")
)


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[CASE_UUID_PARAMETER],
        description=_(
            "The case's profile; an unrecorded one has `recorded: false` and null uuid and version."
        ),
    ),
    update=extend_schema(parameters=[CASE_UUID_PARAMETER]),
    partial_update=extend_schema(parameters=[CASE_UUID_PARAMETER]),
)
class TraffickingProfileViewSet(
    CaseRecordViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The trafficking profile of a case, addressed by the case's UUID. PUT or PATCH records it the
    first time (no version needed) and changes it afterwards (send the version)."""

    queryset_model = TraffickingProfile
    serializer_class = s.TraffickingProfileSerializer
    filterset_class = _case_filter(TraffickingProfile)

    def optimise_queryset(self, qs):
        return qs.select_related("case__site", "decided_by").order_by("-updated_at", "-pk")

    def _case(self, action: str) -> Case:
        cases = (
            Case.objects.for_user(self.request.user, action).filter(summary_only=False).select_related("site")
        )
        return get_object_or_404(cases, uuid=self.kwargs["uuid"])

    def _profile(self, case, action: str) -> TraffickingProfile:
        profile = (
            TraffickingProfile.objects.for_user(self.request.user, action)
            .filter(case=case)
            .select_related("case__site", "decided_by")
            .first()
        )
        return profile or TraffickingProfile(case=case, version=0)

    def retrieve(self, request, *args, **kwargs):
        profile = self._profile(self._case("view"), "view")
        if profile.pk is not None:
            record_read(profile, actor=request.user)
        return Response(self.get_serializer(profile).data)

    def update(self, request, *args, **kwargs):
        case = self._case("change")
        if not services.user_may_see_trafficking(request.user, case):
            raise Http404
        profile = self._profile(case, "change")
        serializer = self.get_serializer(profile, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if profile.pk is None:
            version = None
        # Without the sexual-exploitation permission the field reads as null: sending it back
        # empty is ignored, a value is refused by the service.
        if not services.user_may_see_sexual_exploitation(request.user, case) and not data.get(
            "type_of_sex_exploitation", True
        ):
            data.pop("type_of_sex_exploitation")
        profile = call_service(
            services.save_trafficking_profile,
            case,
            acting_user=request.user,
            expected_version=version,
            **data,
        )
        return Response(self.get_serializer(self._profile(case, "view")).data)


@extend_schema_view(destroy=extend_schema(parameters=[VERSION_PARAMETER]))
class TraffickingEventViewSet(
    CaseRecordViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Steps of a child's route (recruitment, transit, exploitation), in date order. DELETE hides
    a step recorded by mistake; nothing is erased."""

    queryset_model = TraffickingEvent
    serializer_class = s.TraffickingEventSerializer
    filterset_class = _case_filter(TraffickingEvent)

    def scope_action(self) -> str:
        # Removing a step changes the case's record; it does not delete anything.
        action = super().scope_action()
        return "change" if action == "delete" else action

    def optimise_queryset(self, qs):
        return qs.select_related("case__site", "event_country", "place").order_by(
            "case", *TraffickingEvent._meta.ordering
        )

    def _data(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        data.pop("case", None)
        return data

    def perform_create(self, serializer):
        case = serializer.validated_data["case"]
        if not services.user_may_see_trafficking(self.request.user, case):
            raise ValidationError({"case": _("Not found.")})
        serializer.instance = call_service(
            services.add_trafficking_event, case, acting_user=self.request.user, **self._data(serializer)
        )

    def perform_update(self, serializer):
        if not services.user_may_see_trafficking(self.request.user, serializer.instance.case):
            raise Http404
        serializer.instance = call_service(
            services.update_trafficking_event,
            serializer.instance,
            acting_user=self.request.user,
            expected_version=serializer.validated_data["version"],
            **self._data(serializer),
        )

    def perform_destroy(self, instance):
        if not services.user_may_see_trafficking(self.request.user, instance.case):
            raise Http404
        try:
            version = int(self.request.query_params.get("version", ""))
        except ValueError:
            version = 0
        if version < 1:
            raise ValidationError({"version": _("Send the version you last read (?version=N).")})
        call_service(
            services.remove_trafficking_event,
            instance,
            acting_user=self.request.user,
            expected_version=version,
        )


class IndicatorAdminViewSetMixin(ScopedViewSetMixin):
    """Read with `indicator.view`, write with `indicator.change` (the system administrator)."""

    def create(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, "indicator.change"):
            raise Http404
        return super().create(request, *args, **kwargs)


class AdminViewSet(
    IndicatorAdminViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    pass


class IndicatorListViewSet(AdminViewSet):
    """Screening indicator lists. The shipped list is a draft to be reviewed by the organisation."""

    queryset_model = IndicatorList
    serializer_class = s.IndicatorListSerializer

    def optimise_queryset(self, qs):
        return qs.annotate(
            indicator_count=Count("indicators", filter=Q(indicators__is_deleted=False))
        ).order_by("name", "pk")

    def _fresh(self, obj):
        return self.optimise_queryset(IndicatorList.objects.filter(pk=obj.pk)).get()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        created = call_service(admin_services.create_indicator_list, acting_user=self.request.user, **data)
        serializer.instance = self._fresh(created)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        call_service(
            admin_services.update_indicator_list,
            serializer.instance,
            acting_user=self.request.user,
            expected_version=version,
            **data,
        )
        serializer.instance = self._fresh(serializer.instance)


class IndicatorFilter(django_filters.FilterSet):
    list = django_filters.CharFilter(field_name="indicator_list__code", label=_("List code"))
    dimension = django_filters.ChoiceFilter(choices=ScreeningDimension.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Indicator
        fields = []


class IndicatorViewSet(AdminViewSet):
    """Indicators of the lists, with their strength and translations."""

    queryset_model = Indicator
    serializer_class = s.IndicatorSerializer
    filterset_class = IndicatorFilter

    def optimise_queryset(self, qs):
        return qs.select_related("indicator_list").order_by("indicator_list__code", "order", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        indicator_list = data.pop("indicator_list")
        serializer.instance = call_service(
            admin_services.add_indicator, indicator_list, acting_user=self.request.user, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "indicator_list" in data and data.pop("indicator_list") != serializer.instance.indicator_list:
            raise ValidationError({"list": _("An indicator cannot move to another list.")})
        serializer.instance = call_service(
            admin_services.update_indicator,
            serializer.instance,
            acting_user=self.request.user,
            expected_version=version,
            **data,
        )


class ScreeningRuleViewSet(AdminViewSet):
    """Which counts of strong, medium and weak indicators make a dimension positive: the
    organisation's default and per-country overrides."""

    queryset_model = ScreeningRule
    serializer_class = s.ScreeningRuleSerializer

    def optimise_queryset(self, qs):
        return qs.select_related("country")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = call_service(
            admin_services.create_screening_rule,
            acting_user=self.request.user,
            country=data.get("country"),
            combinations=[dict(c) for c in data["combinations"]],
            note=data.get("note", ""),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "country" in data and data.pop("country") != serializer.instance.country:
            raise ValidationError({"country": _("This cannot be changed once the record exists.")})
        if "combinations" in data:
            data["combinations"] = [dict(c) for c in data["combinations"]]
        serializer.instance = call_service(
            admin_services.update_screening_rule,
            serializer.instance,
            acting_user=self.request.user,
            expected_version=version,
            **data,
        )
