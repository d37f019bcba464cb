"""Serializers for life in care: reviews, family contact, contact restrictions, safeguarding
incidents with their follow-up actions, aftercare, and the village dashboard's figures."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trygg.core.api.viewsets import VersionedSerializerMixin

from ..codes import (
    AftercareSituation,
    ContactKind,
    ContactOutcome,
    ContactStatus,
    IncidentCategory,
    IncidentSeverity,
    RestrictionKind,
)
from ..models import (
    AftercareContact,
    CareReview,
    ContactRestriction,
    FamilyContact,
    IncidentAction,
    SafeguardingIncident,
)
from .serializers import (
    ChildInCareField,
    CodeField,
    PersonField,
    PlacementField,
    UuidField,
    VersionSerializer,
)


class PlacementPartSerializer(serializers.ModelSerializer):
    """What the records of a placement share: the placement (writable once, on create) and the
    child it is about."""

    country = CodeField()
    placement = PlacementField()
    child = UuidField(source="placement.child", help_text=_("The child's person UUID."))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if (
            self.instance is not None
            and "placement" in attrs
            and attrs.pop("placement") != self.instance.placement
        ):
            raise serializers.ValidationError(
                {"placement": _("This cannot be changed once the record exists.")}
            )
        return attrs


class CareReviewSerializer(PlacementPartSerializer):
    class Meta:
        model = CareReview
        fields = [
            "uuid",
            "country",
            "placement",
            "child",
            "reviewed_on",
            "child_took_part",
            "why_child_absent",
            "childs_views",
            "progress",
            "decisions",
            "next_review_due",
            "created_at",
        ]
        read_only_fields = ["uuid", "created_at"]
        extra_kwargs = {
            "next_review_due": {
                "required": False,
                "help_text": _("At the latest the review interval after this review (the default)."),
            }
        }


class FamilyContactSerializer(VersionedSerializerMixin, PlacementPartSerializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    status = serializers.ChoiceField(choices=ContactStatus.choices)
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices, required=False, allow_blank=True)

    class Meta:
        model = FamilyContact
        fields = [
            "uuid",
            "country",
            "placement",
            "child",
            "kind",
            "status",
            "planned_for",
            "happened_on",
            "with_whom",
            "outcome",
            "notes",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]


class AftercareSerializer(PlacementPartSerializer):
    situation = serializers.ListField(
        child=serializers.ChoiceField(choices=AftercareSituation.choices),
        help_text=_("How the young person is doing (codes)."),
    )

    class Meta:
        model = AftercareContact
        fields = [
            "uuid",
            "country",
            "placement",
            "child",
            "contacted_on",
            "situation",
            "notes",
            "next_contact_due",
        ]
        read_only_fields = ["uuid"]
        extra_kwargs = {"next_contact_due": {"required": False}}


class ContactRestrictionSerializer(serializers.ModelSerializer):
    country = CodeField()
    child = ChildInCareField()
    child_reference = serializers.CharField(source="child.reference", read_only=True)
    restricted_person = PersonField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=RestrictionKind.choices)
    in_force = serializers.SerializerMethodField(help_text=_("True while the restriction holds today."))

    class Meta:
        model = ContactRestriction
        fields = [
            "uuid",
            "country",
            "child",
            "child_reference",
            "restricted_name",
            "restricted_person",
            "relationship",
            "kind",
            "reason",
            "valid_from",
            "valid_until",
            "in_force",
            "lifted_at",
            "lift_reason",
            "version",
            "created_at",
        ]
        read_only_fields = ["uuid", "lifted_at", "lift_reason", "version", "created_at"]

    def get_in_force(self, obj) -> bool:
        today = timezone.localdate()
        return (
            obj.lifted_at is None
            and obj.valid_from <= today
            and (obj.valid_until is None or obj.valid_until >= today)
        )


class IncidentActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentAction
        fields = ["uuid", "action", "responsible", "due_on", "done_on", "version"]
        read_only_fields = fields


class SafeguardingIncidentSerializer(PlacementPartSerializer):
    category = serializers.ChoiceField(choices=IncidentCategory.choices)
    severity = serializers.ChoiceField(choices=IncidentSeverity.choices)
    actions = serializers.SerializerMethodField(help_text=_("Follow-up actions, soonest due first."))

    class Meta:
        model = SafeguardingIncident
        fields = [
            "uuid",
            "country",
            "placement",
            "child",
            "occurred_on",
            "category",
            "severity",
            "description",
            "immediate_action",
            "status",
            "actions",
            "closed_at",
            "closing_note",
            "version",
            "created_at",
        ]
        read_only_fields = ["uuid", "status", "closed_at", "closing_note", "version", "created_at"]

    def get_actions(self, obj) -> list[dict]:
        rows = getattr(obj, "live_actions", None)
        if rows is None:
            rows = obj.actions.filter(is_deleted=False).order_by("due_on", "pk")
        return IncidentActionSerializer(rows, many=True).data


class IncidentActionCreateSerializer(serializers.Serializer):
    action = serializers.CharField(help_text=_("What is to be done."))
    responsible = serializers.CharField(max_length=200, help_text=_("Who does it."))
    due_on = serializers.DateField()


class IncidentActionDoneSerializer(VersionSerializer):
    action = serializers.UUIDField(help_text=_("UUID of the incident's follow-up action."))
    done_on = serializers.DateField()


class IncidentCloseSerializer(VersionSerializer):
    closing_note = serializers.CharField()


class LiftSerializer(VersionSerializer):
    reason = serializers.CharField(help_text=_("Why the restriction is lifted."))


# The dashboard's figures, as `VillageDashboard.as_dict()` gives them (read only).


class PlacesSerializer(serializers.Serializer):
    homes = serializers.IntegerField()
    capacity = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField(help_text=_("Places the homes can still take."))


class DashboardHomeSerializer(serializers.Serializer):
    home = serializers.UUIDField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    is_active = serializers.BooleanField()
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    capacity = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField(
        help_text=_("Below zero after a capacity override; 0 once it takes no children.")
    )


class AgeRangeSerializer(PlacesSerializer):
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()


class BandSerializer(serializers.Serializer):
    band = serializers.CharField(help_text=_("Band code, e.g. 0_5 or under_6_months."))
    children = serializers.IntegerField()


class PlacementListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    placements = serializers.ListField(child=serializers.UUIDField())


class ReviewsDueSerializer(PlacementListSerializer):
    within_days = serializers.IntegerField()


class RestrictionsInForceSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    restrictions = serializers.ListField(child=serializers.UUIDField())


class DashboardSerializer(serializers.Serializer):
    today = serializers.DateField()
    site = serializers.UUIDField(allow_null=True)
    country = serializers.CharField(allow_null=True, help_text=_("ISO 3166-1 code."))
    sees_placements = serializers.BooleanField(
        help_text=_("False when the caller sees homes but not the children in them.")
    )
    totals = PlacesSerializer()
    homes = DashboardHomeSerializer(many=True)
    by_age_range = AgeRangeSerializer(many=True)
    children = serializers.IntegerField()
    children_by_age = BandSerializer(many=True)
    children_by_stay = BandSerializer(many=True)
    reviews_overdue = PlacementListSerializer()
    reviews_due = ReviewsDueSerializer()
    restrictions_in_force = RestrictionsInForceSerializer()
    unstable = PlacementListSerializer()
