"""API for life in care: care plan reviews, family contact, contact restrictions, safeguarding
incidents with their follow-up, and aftercare for young people who left care.

Every record is reached through `for_user`: an SOS parent sees those of the children in their own
homes; incidents need the incident permission. Writes go through the services, which decide who
may take the step (an SOS parent records family contact and reports incidents, never a review).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action

from ..models import (
    AftercareContact,
    CareReview,
    ContactRestriction,
    FamilyContact,
    IncidentAction,
    SafeguardingIncident,
)
from ..services import leaving, life, placements
from . import filters as f
from . import serializers_life as s
from .base import ReadCreateViewSet

PLACEMENT_RELATED = ("country", "placement__child")


class CareReviewViewSet(ReadCreateViewSet):
    """Care plan reviews (at least every three months, with the child taking part). Recording one
    sets the placement's next review; it is the caseworker's or village director's step."""

    queryset_model = CareReview
    serializer_class = s.CareReviewSerializer
    filterset_class = f.placement_part_filter(CareReview)
    related = PLACEMENT_RELATED
    ordering = ("-reviewed_on", "-pk")
    # SOS parents see reviews; the service answers why they cannot record one.
    create_permissions = ("placement.change", "placement.change_own_home")

    def create_record(self, data):
        return self.call(placements.record_review, data.pop("placement"), **data)


class FamilyContactViewSet(mixins.UpdateModelMixin, ReadCreateViewSet):
    """Planned and actual visits, calls and letters with the family. A contact with someone under
    a no-contact restriction is refused with the restriction's reason. PATCH records that a
    planned contact happened (send the version)."""

    queryset_model = FamilyContact
    serializer_class = s.FamilyContactSerializer
    filterset_class = f.placement_part_filter(FamilyContact)
    related = PLACEMENT_RELATED
    ordering = ("-created_at", "-pk")
    create_permissions = ("placement.change", "placement.change_own_home")

    def create_record(self, data):
        data.pop("version", None)
        return self.call(life.record_family_contact, data.pop("placement"), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        contact = self.call(life.update_family_contact, serializer.instance, expected_version=version, **data)
        serializer.instance = self.fresh(contact)


class AftercareViewSet(ReadCreateViewSet):
    """Follow-up with young people who left care: how they are doing; it sets the next contact."""

    queryset_model = AftercareContact
    serializer_class = s.AftercareSerializer
    filterset_class = f.placement_part_filter(AftercareContact)
    related = PLACEMENT_RELATED
    ordering = ("-contacted_on", "-pk")
    create_permissions = ("placement.change",)

    def create_record(self, data):
        return self.call(leaving.record_aftercare, data.pop("placement"), **data)


class ContactRestrictionViewSet(ReadCreateViewSet):
    """Who must not contact a child (or only under supervision), and why: a safety warning the
    whole team sees. Set by the caseworker or the village director; lifted with a reason."""

    queryset_model = ContactRestriction
    serializer_class = s.ContactRestrictionSerializer
    filterset_class = f.ContactRestrictionFilter
    related = ("country", "child", "restricted_person")
    ordering = ("-valid_from", "-pk")
    child_path = "child"
    create_permissions = ("placement.add", "placement.change")

    def create_record(self, data):
        return self.call(life.add_contact_restriction, data.pop("child"), **data)

    @extend_schema(request=s.LiftSerializer, responses=s.ContactRestrictionSerializer)
    @action(detail=True, methods=["post"])
    def lift(self, request, uuid=None):
        """Lift the restriction, with the reason."""
        obj = self.get_object()
        data = self.body(s.LiftSerializer)
        return self.answer(
            self.call(
                life.lift_contact_restriction, obj, expected_version=data["version"], reason=data["reason"]
            )
        )


class SafeguardingIncidentViewSet(ReadCreateViewSet):
    """Safeguarding incidents in care (sensitive: the incident permission), with follow-up
    actions. Reported by the team or the child's SOS parent; followed up and closed by a
    supervisor or the village director once every action is done."""

    queryset_model = SafeguardingIncident
    serializer_class = s.SafeguardingIncidentSerializer
    filterset_class = f.IncidentFilter
    related = PLACEMENT_RELATED
    ordering = ("-occurred_on", "-pk")
    create_permissions = ("careincident.add", "careincident.add_own_home")

    def optimise_queryset(self, qs):
        live = IncidentAction.objects.alive().order_by("due_on", "pk")
        return (
            super()
            .optimise_queryset(qs)
            .prefetch_related(Prefetch("actions", queryset=live, to_attr="live_actions"))
        )

    def create_record(self, data):
        return self.call(life.report_incident, data.pop("placement"), **data)

    @extend_schema(request=s.IncidentActionCreateSerializer, responses=s.SafeguardingIncidentSerializer)
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, uuid=None):
        """Add a follow-up action: what, who, by when."""
        obj = self.get_object()
        data = self.body(s.IncidentActionCreateSerializer)
        self.call(life.add_incident_action, obj, **data)
        return self.answer(obj, status=201)

    @extend_schema(request=s.IncidentActionDoneSerializer, responses=s.SafeguardingIncidentSerializer)
    @action(detail=True, methods=["post"], url_path="complete-action")
    def complete_action(self, request, uuid=None):
        """Mark one of the incident's follow-up actions done."""
        obj = self.get_object()
        data = self.body(s.IncidentActionDoneSerializer)
        row = get_object_or_404(
            IncidentAction.objects.for_user(request.user, "change").filter(incident=obj), uuid=data["action"]
        )
        self.call(
            life.complete_incident_action, row, expected_version=data["version"], done_on=data["done_on"]
        )
        return self.answer(obj)

    @extend_schema(request=s.IncidentCloseSerializer, responses=s.SafeguardingIncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, uuid=None):
        """Close the incident once every follow-up action is done."""
        obj = self.get_object()
        data = self.body(s.IncidentCloseSerializer)
        return self.answer(
            self.call(
                life.close_incident, obj, expected_version=data["version"], closing_note=data["closing_note"]
            )
        )
