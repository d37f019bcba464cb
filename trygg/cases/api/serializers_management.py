"""Serializers for managing a case: assessments, case plans with goals and actions, services and
referrals, follow-ups, notes and transfers.

Records travel by UUID and related records are looked up in the caller's scope. Restricted text is
hidden per field: health and psychosocial notes need the health and trauma permission, a sensitive
note needs the trafficking permission; the field is then null and named in `restricted_fields`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trygg.accounts.models import User
from trygg.core.api.viewsets import ScopedRelatedField, VersionedSerializerMixin
from trygg.geo.models import Country, Site

from ..models import (
    Assessment,
    AssessmentDomain,
    Case,
    CaseNote,
    CasePlan,
    CasePlanAction,
    CasePlanGoal,
    FollowUp,
    ServiceReferral,
    Transfer,
)
from ..services.management import ASSESSMENT_FIELDS, may_read_note, restricted_assessment_fields

# Names for the choice sets these endpoints share between fields (six ratings) or that collide by
# field name ("status"). They belong in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
SCHEMA_ENUM_NAME_OVERRIDES = {
    "AssessmentRatingEnum": "trygg.cases.models.management.AssessmentRating",
    "CasePlanStatusEnum": "trygg.cases.models.management.CasePlan.Status",
    "CasePlanActionStatusEnum": "trygg.cases.models.management.CasePlanAction.Status",
    "ServiceReferralStatusEnum": "trygg.cases.models.management.ServiceReferral.Status",
    "TransferStatusEnum": "trygg.cases.models.management.Transfer.Status",
}


class CaseField(ScopedRelatedField):
    """A case by UUID, among those the caller may work on (not one kept as a summary only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Case UUID. Set when the record is created."))
        super().__init__(model=Case, action="change", **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(summary_only=False)


def _user_name_field(source: str, help_text):
    return serializers.CharField(source=source, read_only=True, allow_null=True, help_text=help_text)


def _request_user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class FixedOnUpdateMixin(serializers.Serializer):
    """Fields that say what the record belongs to are set at creation and never change."""

    fixed_on_update: tuple[str, ...] = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            return attrs
        errors = {}
        for name in self.fixed_on_update:
            if name in attrs and attrs.pop(name) != getattr(self.instance, name):
                errors[name] = _("This cannot be changed once the record exists.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AssessmentSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    case = CaseField()
    assessed_by = _user_name_field("assessed_by.full_name", _("Who completed the assessment."))
    restricted_fields = serializers.SerializerMethodField(
        help_text=_(
            "Notes fields you may not read (health and trauma information): they are null for you. "
            "What you send in them is added to the stored notes, never replaces them."
        )
    )
    fixed_on_update = ("case",)

    class Meta:
        model = Assessment
        fields = [
            "uuid",
            "case",
            *ASSESSMENT_FIELDS,
            "completed_at",
            "assessed_by",
            "restricted_fields",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "completed_at", "created_at", "updated_at"]
        extra_kwargs = {
            Assessment.notes_field(domain): {"allow_null": True, "required": False}
            for domain in AssessmentDomain.values
        }

    def _restricted(self, assessment) -> set[str]:
        return restricted_assessment_fields(_request_user(self), assessment.case)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_restricted_fields(self, assessment):
        return sorted(self._restricted(assessment))

    def to_representation(self, assessment):
        data = super().to_representation(assessment)
        for name in self._restricted(assessment):
            data[name] = None
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        for domain in AssessmentDomain.values:
            name = Assessment.notes_field(domain)
            if name in attrs and attrs[name] is None:
                attrs[name] = ""
        return attrs


class CasePlanGoalSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    plan = ScopedRelatedField(
        model=CasePlan, action="change", help_text=_("Case plan UUID. Set when the goal is added.")
    )
    fixed_on_update = ("plan",)

    class Meta:
        model = CasePlanGoal
        fields = ["uuid", "plan", "domain", "description", "version", "created_at", "updated_at"]
        read_only_fields = ["uuid", "created_at", "updated_at"]


class CasePlanActionSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    plan = ScopedRelatedField(
        model=CasePlan, action="change", help_text=_("Case plan UUID. Set when the action is added.")
    )
    responsible_user = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=_("UUID of the staff member responsible; they must be able to work on the case."),
    )
    responsible_user_name = _user_name_field("responsible_user.full_name", _("Name of the staff member."))
    fixed_on_update = ("plan",)

    class Meta:
        model = CasePlanAction
        fields = [
            "uuid",
            "plan",
            "description",
            "responsible",
            "responsible_user",
            "responsible_user_name",
            "due_on",
            "status",
            "completed_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "completed_on", "created_at", "updated_at"]


class PlanGoalBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CasePlanGoal
        fields = ["uuid", "domain", "description", "version"]
        read_only_fields = fields


class PlanActionBriefSerializer(serializers.ModelSerializer):
    responsible_user = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = CasePlanAction
        fields = ["uuid", "description", "responsible", "responsible_user", "due_on", "status", "version"]
        read_only_fields = fields


class CasePlanSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    case = CaseField()
    supersedes = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    submitted_by = _user_name_field("submitted_by.full_name", _("Who submitted the plan."))
    decided_by = _user_name_field("decided_by.full_name", _("The supervisor who decided."))
    goals = serializers.SerializerMethodField(help_text=_("Change them through case-plan-goals."))
    actions = serializers.SerializerMethodField(help_text=_("Change them through case-plan-actions."))
    fixed_on_update = ("case",)

    class Meta:
        model = CasePlan
        fields = [
            "uuid",
            "case",
            "summary",
            "status",
            "supersedes",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "decision_comment",
            "approved_at",
            "review_due",
            "goals",
            "actions",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "uuid",
            "status",
            "submitted_at",
            "decided_at",
            "decision_comment",
            "approved_at",
            "review_due",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(PlanGoalBriefSerializer(many=True))
    def get_goals(self, plan):
        goals = getattr(plan, "live_goals", None)
        if goals is None:
            goals = plan.goals.filter(is_deleted=False)
        return PlanGoalBriefSerializer(goals, many=True).data

    @extend_schema_field(PlanActionBriefSerializer(many=True))
    def get_actions(self, plan):
        actions = getattr(plan, "live_actions", None)
        if actions is None:
            actions = plan.actions.filter(is_deleted=False).select_related("responsible_user")
        return PlanActionBriefSerializer(actions, many=True).data


class ServiceReferralSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    case = CaseField()
    fixed_on_update = ("case",)

    class Meta:
        model = ServiceReferral
        fields = [
            "uuid",
            "case",
            "support_type",
            "provision",
            "organisation_name",
            "organisation_type",
            "description",
            "status",
            "due_on",
            "outcome",
            "consent_checked_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "consent_checked_at", "created_at", "updated_at"]


class FollowUpSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    case = CaseField()
    visited_by = _user_name_field("visited_by.full_name", _("Who made the contact."))
    fixed_on_update = ("case",)

    class Meta:
        model = FollowUp
        fields = [
            "uuid",
            "case",
            "visited_on",
            "kind",
            "findings",
            "next_due",
            "visited_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]


class CaseNoteSerializer(FixedOnUpdateMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    case = CaseField()
    text = serializers.CharField(
        allow_null=True,
        help_text=_("Null when the note is sensitive and you may not read trafficking details."),
    )
    restricted = serializers.SerializerMethodField(help_text=_("True when the text is hidden from you."))
    created_by = _user_name_field("created_by.full_name", _("Who wrote the note."))
    fixed_on_update = ("case",)

    class Meta:
        model = CaseNote
        fields = [
            "uuid",
            "case",
            "text",
            "sensitive",
            "restricted",
            "created_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]

    def get_restricted(self, note) -> bool:
        return not may_read_note(_request_user(self), note)

    def to_representation(self, note):
        data = super().to_representation(note)
        if data["restricted"]:
            data["text"] = None
        return data


class TransferSerializer(serializers.ModelSerializer):
    """A transfer, seen from either country. Create one to request it; decide with the actions."""

    case = CaseField(source="transferred_from", help_text=_("UUID of the case to transfer."))
    case_reference = serializers.CharField(source="transferred_from.reference", read_only=True)
    from_country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    to_country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.operating(),
        help_text=_("ISO 3166-1 code of a country where the organisation works."),
    )
    receiving_case = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, help_text=_("The case opened in the receiving country.")
    )
    receiving_case_reference = serializers.CharField(
        source="receiving_case.reference", read_only=True, allow_null=True
    )
    requested_by = _user_name_field("requested_by.full_name", _("Who requested the transfer."))
    decided_by = _user_name_field("decided_by.full_name", _("The receiving supervisor who decided."))
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "uuid",
            "case",
            "case_reference",
            "from_country",
            "to_country",
            "status",
            "reason",
            "requested_at",
            "requested_by",
            "decided_at",
            "decided_by",
            "decision_comment",
            "receiving_case",
            "receiving_case_reference",
            "share_full",
            "shared_at",
            "version",
        ]
        read_only_fields = [
            "uuid",
            "status",
            "requested_at",
            "decided_at",
            "decision_comment",
            "share_full",
            "shared_at",
        ]


# --- bodies of the actions ------------------------------------------------------------------------


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version you last read."))


class DecisionSerializer(VersionSerializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Required when returning or rejecting.")
    )


@extend_schema_field(OpenApiTypes.UUID)
class SiteField(ScopedRelatedField):
    """A site by UUID among those the caller can see (typed for the schema: no model to infer it from)."""

    def __init__(self, **kwargs):
        super().__init__(model=Site, **kwargs)


class TransferAcceptSerializer(DecisionSerializer):
    site = SiteField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("UUID of the site in the receiving country that takes the case."),
    )
