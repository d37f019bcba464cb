"""API for alternative care: homes, placement requests with gatekeeping, placements, and the
village dashboard. Life in care (reviews, family contact, restrictions, incidents, aftercare) is
in `views_life`.

Querysets come from `for_user` (the base viewset), so a record outside the caller's scope answers
404. Writes go through the services, which check the step, audit and detect concurrent edits (409).
"""

import uuid
from collections import defaultdict

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import country_ids_for
from trygg.geo.models import Country, Site

from ..dashboard import CARE_READ_PERMISSIONS, may_see_dashboard, village_dashboard
from ..models import CareHome, Placement, PlacementRequest
from ..services import gatekeeping, homes, leaving, placements
from . import filters as f
from . import serializers as s
from .base import CareCreateMixin, CareViewSetMixin, ReadViewSet
from .serializers_life import DashboardSerializer


class CareHomeViewSet(
    CareViewSetMixin,
    CareCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Homes with their places: `occupied` and `free` are counted from the children living there
    now. Add one (country and village), change it (places never below the children living there)."""

    queryset_model = CareHome
    serializer_class = s.CareHomeSerializer
    filterset_class = f.CareHomeFilter
    related = ("country", "site")
    ordering = ("country__code", "name", "pk")
    child_path = ""
    create_permissions = ("carehome.add",)

    def optimise_queryset(self, qs):
        return homes.with_occupancy(super().optimise_queryset(qs)).prefetch_related("carers")

    def create_record(self, data):
        data.pop("version", None)
        data.pop("is_active", None)
        return self.call(homes.create_home, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        home = self.call(homes.update_home, serializer.instance, expected_version=version, **data)
        serializer.instance = self.fresh(home)


class PlacementRequestViewSet(
    CareViewSetMixin,
    CareCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Placement requests (gatekeeping): file one on a child's case for the child and any brothers
    and sisters; complete the necessity and suitability assessment (poverty alone is refused); the
    panel decides; place the children (`proposals` lists homes with room for the whole group).
    Carers (SOS parents) never see requests."""

    queryset_model = PlacementRequest
    serializer_class = s.PlacementRequestSerializer
    filterset_class = f.PlacementRequestFilter
    related = ("country", "site", "case")
    ordering = ("-requested_at", "-pk")
    create_permissions = ("placement.add",)

    def child_uuids(self, obj):
        return [child.uuid for child in obj.children.all()]

    def optimise_queryset(self, qs):
        visible = Placement.objects.for_user(self.request.user, "view").order_by("pk")
        return (
            super()
            .optimise_queryset(qs)
            .prefetch_related(
                "children", Prefetch("placements", queryset=visible, to_attr="visible_placements")
            )
        )

    def create_record(self, data):
        return self.call(gatekeeping.request_placement, data.pop("case"), **data)

    @extend_schema(request=s.CareAssessmentSerializer, responses=s.PlacementRequestSerializer)
    @action(detail=True, methods=["post"])
    def assessment(self, request, uuid=None):
        """Complete the necessity and suitability assessment; the request goes to the panel."""
        obj = self.get_object()
        data = self.body(s.CareAssessmentSerializer)
        return self.answer(
            self.call(gatekeeping.complete_assessment, obj, expected_version=data.pop("version"), **data)
        )

    @extend_schema(request=s.PanelDecisionSerializer, responses=s.PlacementRequestSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, uuid=None):
        """Record the named panel's decision (supervisor or village director)."""
        obj = self.get_object()
        data = self.body(s.PanelDecisionSerializer)
        return self.answer(
            self.call(gatekeeping.record_panel_decision, obj, expected_version=data.pop("version"), **data)
        )

    @extend_schema(request=s.WithdrawSerializer, responses=s.PlacementRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        """Withdraw the request, with the reason."""
        obj = self.get_object()
        data = self.body(s.WithdrawSerializer)
        return self.answer(
            self.call(
                gatekeeping.withdraw_request, obj, expected_version=data["version"], reason=data["reason"]
            )
        )

    @extend_schema(request=None, responses=s.HomeProposalSerializer(many=True))
    @action(detail=True, methods=["get"])
    def proposals(self, request, uuid=None):
        """Homes with room for all the request's children and an age range that takes each of
        them: the village asked first, then the best fit."""
        obj = self.get_object()
        found = homes.propose_homes(obj.children.all(), user=request.user, country=obj.country, site=obj.site)
        return Response(s.HomeProposalSerializer(found, many=True).data)

    @extend_schema(request=s.PlaceSerializer, responses=s.PlacementSerializer(many=True))
    @action(detail=True, methods=["post"])
    def place(self, request, uuid=None):
        """Place the children: brothers and sisters together unless a reason says otherwise; a
        home's places are never exceeded without an audited override."""
        obj = self.get_object()
        data = self.body(s.PlaceSerializer)
        children = {str(child.uuid): child for child in obj.children.all()}
        if data.get("home") is not None:
            specs = [placements.PlacementSpec(child, data["home"]) for child in children.values()]
        else:
            specs = []
            for row in data["homes"]:
                child = children.get(str(row["child"]))
                if child is None:
                    raise ValidationError({"homes": [s.NOT_IN_REQUEST]})
                specs.append(placements.PlacementSpec(child, row["home"]))
        data.pop("home", None)
        data.pop("homes", None)
        made = self.call(placements.place_children, obj, homes=specs, **data)
        rows = list(
            Placement.objects.for_user(request.user, "view")
            .filter(pk__in=[p.pk for p in made])
            .select_related(*PlacementViewSet.related)
            .order_by("pk")
        )
        context = {**self.get_serializer_context(), **placement_context(rows)}
        return Response(s.PlacementSerializer(rows, many=True, context=context).data, status=201)


def placement_context(rows) -> dict:
    """The children of these placements that the stability rule flags (a query per country)."""
    by_country = defaultdict(set)
    for row in rows:
        by_country[row.country_id].add(row.child_id)
    flagged = set()
    for country_id, child_ids in by_country.items():
        flagged |= placements.unstable_child_ids(child_ids, country_id)
    return {"unstable_child_ids": flagged}


class PlacementViewSet(ReadViewSet):
    """Children living in homes, and those who left (with how they left and aftercare due).
    Move a child (with the reason), end a placement, change the care plan. Reviews, family contact
    and aftercare have their own endpoints."""

    queryset_model = Placement
    serializer_class = s.PlacementSerializer
    filterset_class = f.PlacementFilter
    related = ("country", "site", "request", "case", "child", "home", "previous")
    ordering = ("-started_on", "-pk")
    child_path = "child"

    def extra_context(self, rows):
        return placement_context(rows)

    @extend_schema(request=s.MoveSerializer, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, uuid=None):
        """Move the child to another home, with the reason; answers the new placement."""
        obj = self.get_object()
        data = self.body(s.MoveSerializer)
        return self.answer(
            self.call(placements.move_placement, obj, expected_version=data.pop("version"), **data)
        )

    @extend_schema(request=s.EndSerializer, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, uuid=None):
        """The child leaves care: reintegration (handed over to tracing), independent living, other."""
        obj = self.get_object()
        data = self.body(s.EndSerializer)
        return self.answer(
            self.call(leaving.end_placement, obj, expected_version=data.pop("version"), **data)
        )

    @extend_schema(request=s.CarePlanSerializer, responses=s.PlacementSerializer)
    @action(detail=True, methods=["post"], url_path="care-plan")
    def care_plan(self, request, uuid=None):
        """Change the care plan's goals."""
        obj = self.get_object()
        data = self.body(s.CarePlanSerializer)
        return self.answer(
            self.call(placements.update_care_plan, obj, expected_version=data.pop("version"), **data)
        )


class DashboardView(APIView):
    """The village dashboard: places free by home and age range, children by age and length of
    stay, reviews due and overdue, contact restrictions in force, unstable placements. Of one
    village (`site`), one country (`country`), or all the caller sees."""

    @extend_schema(
        parameters=[
            OpenApiParameter("site", OpenApiTypes.UUID, description=_("UUID of the village or provider.")),
            OpenApiParameter("country", OpenApiTypes.STR, description=_("ISO 3166-1 code.")),
        ],
        responses=DashboardSerializer,
    )
    def get(self, request):
        user = request.user
        if not may_see_dashboard(user):
            raise Http404
        site = country = None
        if request.query_params.get("site"):
            site = get_object_or_404(
                Site.objects.for_user(user, "view").select_related("country"),
                uuid=_uuid(request.query_params["site"]),
            )
        elif request.query_params.get("country"):
            country = get_object_or_404(Country, code=request.query_params["country"].upper())
            reach = set()
            for permission in CARE_READ_PERMISSIONS:
                ids = country_ids_for(user, permission, whole_country_only=False)
                if ids is None:
                    break
                reach |= ids
            else:
                if country.pk not in reach:
                    raise Http404
        board = village_dashboard(user, site=site, country=country)
        listed = board.reviews_overdue + board.reviews_due + board.unstable
        record_event(
            AuditEvent.Action.SEARCH,
            actor=user,
            country_id=getattr(board.country, "pk", None),
            detail={
                "model": "care.dashboard",
                "query": False,
                "results": sorted({str(p.uuid) for p in listed}),
            },
            subjects=[p.uuid for p in listed] + [r.uuid for r in board.restrictions_in_force],
        )
        return Response(DashboardSerializer(board.as_dict()).data)


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ValidationError({"site": [s.BAD_UUID]}) from exc
