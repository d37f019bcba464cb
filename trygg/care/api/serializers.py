"""Serializers for alternative care: homes, placement requests with gatekeeping, placements, and
the village dashboard.

Records travel by UUID (countries by ISO code), stored values as codes, never internal ids.
Related records are looked up in the caller's scope. A request's assessment is on the request
only: SOS parents never see requests, and a placement names its request by UUID alone.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import roles_granting
from trygg.cases.models import Case
from trygg.core.api.viewsets import ScopedRelatedField, VersionedSerializerMixin
from trygg.core.scoping import country_ids_for
from trygg.geo.models import Site
from trygg.people.api.serializers import CountryCodeField
from trygg.people.models import Person

from ..codes import (
    LeavingRoute,
    NecessityReason,
    OptionTried,
    PanelDecision,
    PlacementType,
)
from ..models import CareHome, Placement, PlacementRequest

NOT_IN_REQUEST = _("Each child must be one of this request's children.")
BAD_UUID = _("Give the UUID of a village or provider.")


def request_user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class UuidField(serializers.SlugRelatedField):
    """A related record shown by UUID (read only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="uuid", **kwargs)


class CodeField(serializers.SlugRelatedField):
    """A country shown by its ISO 3166-1 code (read only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="code", **kwargs)


@extend_schema_field(OpenApiTypes.UUID)
class HomeField(ScopedRelatedField):
    """A home by UUID, among those the caller may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Home UUID."))
        super().__init__(model=CareHome, action="view", **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(is_active=True)


@extend_schema_field(OpenApiTypes.UUID)
class PlacementField(ScopedRelatedField):
    """A placement by UUID, among those the caller may see (the service checks the step)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Placement UUID."))
        super().__init__(model=Placement, action="view", **kwargs)


@extend_schema_field(OpenApiTypes.UUID)
class PersonField(ScopedRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Person UUID."))
        super().__init__(model=Person, action="view", **kwargs)


@extend_schema_field(OpenApiTypes.UUID)
class ChildInCareField(serializers.SlugRelatedField):
    """A child by UUID: one the caller may see in the registry, or one living in a home whose
    placements the caller may see (a village director sees the children of the village)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The child's person UUID."))
        super().__init__(slug_field="uuid", **kwargs)

    def get_queryset(self):
        user = request_user(self)
        placed = Placement.objects.for_user(user, "view").active().values("child")
        return Person.objects.filter(
            Q(pk__in=Person.objects.for_user(user, "view").values("pk")) | Q(pk__in=placed)
        )


@extend_schema_field(OpenApiTypes.UUID)
class CarerField(serializers.SlugRelatedField):
    """A carer with a Trygg account, by user UUID: someone holding the SOS parent or carer role in
    a country where the caller manages homes (the service checks the home's village)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("User UUID of an SOS parent or carer."))
        super().__init__(slug_field="uuid", **kwargs)

    def get_queryset(self):
        user = request_user(self)
        memberships = Membership.objects.filter(
            is_active=True, role__in=roles_granting("placement.view_own_home")
        )
        countries = set()
        for permission in ("carehome.add", "carehome.change"):
            ids = country_ids_for(user, permission, whole_country_only=False)
            if ids is None:
                countries = None
                break
            countries |= ids
        if countries is not None:
            memberships = memberships.filter(country_id__in=countries)
        return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))


class CaseField(ScopedRelatedField):
    """A case by UUID, among those the caller may see (not one kept as a summary only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Case UUID (the child's case)."))
        super().__init__(model=Case, action="view", **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(summary_only=False)


class CareHomeSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(permission="carehome.add", help_text=_("ISO 3166-1 code. Set when created."))
    site = ScopedRelatedField(
        model=Site, required=False, allow_null=True, help_text=_("UUID of the village or provider.")
    )
    carers = CarerField(many=True, required=False)
    occupied = serializers.IntegerField(read_only=True, help_text=_("Children living there now."))
    free = serializers.IntegerField(
        read_only=True, help_text=_("Places left (below zero after a capacity override).")
    )

    class Meta:
        model = CareHome
        fields = [
            "uuid",
            "reference",
            "country",
            "site",
            "name",
            "kind",
            "capacity",
            "age_min",
            "age_max",
            "occupied",
            "free",
            "carer_names",
            "carers",
            "notes",
            "is_active",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "reference", "occupied", "free", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            country = attrs.pop("country", None)
            if country is not None and country.pk != self.instance.country_id:
                raise serializers.ValidationError({"country": _("A home cannot move to another country.")})
        elif "is_active" in attrs and not attrs.pop("is_active"):
            raise serializers.ValidationError({"is_active": _("A new home takes children.")})
        return attrs


class PlacementRequestSerializer(serializers.ModelSerializer):
    """A request with its gatekeeping: created with the case and children, then moved on by the
    assessment, decision, place and withdraw actions."""

    country = CodeField()
    site = ScopedRelatedField(
        model=Site, required=False, allow_null=True, help_text=_("UUID of the village or provider asked.")
    )
    case = CaseField()
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    children = PersonField(
        many=True,
        help_text=_("Person UUIDs: the case's child and any brothers and sisters placed with them."),
    )
    requested_at = serializers.DateTimeField(required=False)
    assessment_overdue = serializers.SerializerMethodField(
        help_text=_("An emergency request whose assessment deadline passed before it was completed.")
    )
    placements = serializers.SerializerMethodField(help_text=_("UUIDs of the placements made from it."))

    class Meta:
        model = PlacementRequest
        fields = [
            "uuid",
            "reference",
            "country",
            "site",
            "case",
            "case_reference",
            "children",
            "is_emergency",
            "status",
            "requested_at",
            "assessment_due",
            "assessment_overdue",
            "necessity_reasons",
            "necessity_explanation",
            "options_tried",
            "options_explanation",
            "childs_views",
            "suitability",
            "assessment_completed_at",
            "panel_members",
            "panel_decision",
            "panel_reasons",
            "decided_at",
            "withdrawn_reason",
            "placements",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            name
            for name in fields
            if name not in ("site", "case", "children", "is_emergency", "requested_at")
        ]

    def get_assessment_overdue(self, obj) -> bool:
        return bool(
            obj.assessment_due and not obj.assessment_completed_at and obj.assessment_due < timezone.now()
        )

    def get_placements(self, obj) -> list[str]:
        rows = getattr(obj, "visible_placements", None)
        if rows is None:
            rows = Placement.objects.for_user(request_user(self), "view").filter(request=obj)
        return [str(row.uuid) for row in rows]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version you last read."))


class CareAssessmentSerializer(VersionSerializer):
    """The necessity and suitability assessment. Poverty alone is never a reason for care."""

    necessity_reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=NecessityReason.choices),
        help_text=_("Why the child cannot stay with or return to the family (codes)."),
    )
    necessity_explanation = serializers.CharField(allow_blank=True, required=False, default="")
    options_tried = serializers.ListField(
        child=serializers.ChoiceField(choices=OptionTried.choices),
        help_text=_("Family-based options tried or weighed first (codes)."),
    )
    options_explanation = serializers.CharField(allow_blank=True, required=False, default="")
    childs_views = serializers.CharField(allow_blank=True, required=False, default="")
    suitability = serializers.CharField(allow_blank=True, required=False, default="")


class PanelDecisionSerializer(VersionSerializer):
    decision = serializers.ChoiceField(choices=PanelDecision.choices)
    panel_members = serializers.CharField(help_text=_("Names and roles, one per line."))
    panel_reasons = serializers.CharField(allow_blank=True, required=False, default="")


class WithdrawSerializer(VersionSerializer):
    reason = serializers.CharField(help_text=_("Why the request is withdrawn."))


class PlacementSpecSerializer(serializers.Serializer):
    child = serializers.UUIDField(help_text=_("Person UUID of one of the request's children."))
    home = HomeField()


class PlaceSerializer(serializers.Serializer):
    """Place the request's children: one home for all (`home`) or a home per child (`homes`)."""

    home = HomeField(required=False, help_text=_("One home for every child of the request."))
    homes = PlacementSpecSerializer(many=True, required=False)
    placement_type = serializers.ChoiceField(choices=PlacementType.choices)
    started_on = serializers.DateField()
    care_plan_goals = serializers.CharField(allow_blank=True, required=False, default="")
    separation_reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text=_(
            "Required when brothers and sisters go to different homes: why it is in their best interest."
        ),
    )
    over_capacity_reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text=_("Placing beyond a home's places: the reason (needs the approval permission; audited)."),
    )

    def validate(self, attrs):
        if bool(attrs.get("home")) == bool(attrs.get("homes")):
            raise serializers.ValidationError(
                {"homes": _("Give either one home for all the children or a home per child.")}
            )
        return attrs


class HomeProposalSerializer(serializers.Serializer):
    home = serializers.UUIDField(source="home.uuid")
    reference = serializers.CharField(source="home.reference")
    name = serializers.CharField(source="home.name")
    kind = serializers.CharField(source="home.kind")
    site = serializers.UUIDField(source="home.site.uuid", allow_null=True, default=None)
    age_min = serializers.IntegerField(source="home.age_min")
    age_max = serializers.IntegerField(source="home.age_max")
    free = serializers.IntegerField()
    occupied = serializers.IntegerField()


class PlacementSerializer(serializers.ModelSerializer):
    country = CodeField()
    site = UuidField()
    request = UuidField(help_text=_("The placement request (visible to those who see gatekeeping)."))
    case = UuidField()
    child = UuidField(help_text=_("The child's person UUID."))
    child_reference = serializers.CharField(source="child.reference", read_only=True)
    home = UuidField()
    home_reference = serializers.CharField(source="home.reference", read_only=True)
    previous = UuidField(help_text=_("The placement the child moved from."))
    review_overdue = serializers.SerializerMethodField()
    unstable = serializers.SerializerMethodField(
        help_text=_("True when the child moved as often as the country's stability rule flags.")
    )

    class Meta:
        model = Placement
        fields = [
            "uuid",
            "country",
            "site",
            "request",
            "case",
            "child",
            "child_reference",
            "home",
            "home_reference",
            "placement_type",
            "status",
            "started_on",
            "care_plan_goals",
            "next_review_due",
            "review_overdue",
            "unstable",
            "previous",
            "move_reason",
            "separation_reason",
            "over_capacity_reason",
            "ended_on",
            "leaving_route",
            "leaving_notes",
            "handed_to_tracing_at",
            "next_aftercare_due",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_review_overdue(self, obj) -> bool:
        return obj.status == "active" and obj.next_review_due < timezone.localdate()

    def get_unstable(self, obj) -> bool:
        flagged = self.context.get("unstable_child_ids")
        return flagged is not None and obj.child_id in flagged


class MoveSerializer(VersionSerializer):
    to_home = HomeField()
    moved_on = serializers.DateField()
    reason = serializers.CharField(help_text=_("Why the child moves."))
    placement_type = serializers.ChoiceField(choices=PlacementType.choices, required=False, allow_null=True)
    over_capacity_reason = serializers.CharField(allow_blank=True, required=False, default="")


class EndSerializer(VersionSerializer):
    ended_on = serializers.DateField()
    route = serializers.ChoiceField(
        choices=[choice for choice in LeavingRoute.choices if choice[0] != LeavingRoute.MOVED],
        help_text=_("How the child leaves (a move to another home is the move action)."),
    )
    notes = serializers.CharField(allow_blank=True, required=False, default="")


class CarePlanSerializer(VersionSerializer):
    care_plan_goals = serializers.CharField(allow_blank=True, help_text=_("One goal per line."))
