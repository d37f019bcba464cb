"""Serializers for cases, their steps, consents and legal bases.

Related records travel as UUIDs (countries as ISO codes) and are looked up in the caller's scope.
Steps on a case send the version the caller last read; a stale one answers 409.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trygg.accounts.models import User
from trygg.core.api.viewsets import ScopedRelatedField
from trygg.geo.models import Site
from trygg.people.models import Person

from ..codes import ClosureReason, RiskLevel, Stage
from ..models import CONSENT_CHECKLIST, Case, Consent, ConsentPurpose, LegalBasis
from ..services.transfer import SUMMARY_FIELDS, visible_in_full

VERSION_HELP = _("The version you last read; a stale version answers 409 and nothing changes.")


def _version_field():
    return serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class UserUUIDField(serializers.SlugRelatedField):
    """A colleague by UUID; whether they may work on the case is the service's question."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", queryset=User.objects.filter(is_active=True), **kwargs)


def _hidden_in_summary(field_class, **kwargs):
    """A field a transferred case's summary does not hold: null there (so declared nullable)."""
    return field_class(read_only=True, allow_null=True, **kwargs)


class CaseSerializer(serializers.ModelSerializer):
    """A child protection case.

    On a case your country keeps as a summary only, after its transfer to another country
    (`summary_only`), only the summary is filled: reference, dates, stage, status, closure reason,
    country, site, episode and the child's UUID and reference. Every other field is null.
    """

    # Responses only (a case is opened with CaseOpenSerializer). What the summary holds, and why:
    # services.transfer.visible_in_full. Fields are never dropped, so the schema stays the same.

    country = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("ISO 3166-1 code: the child's country.")
    )
    site = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, allow_null=True, help_text=_("Site UUID.")
    )
    child = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True, help_text=_("UUID of the child (a registered person).")
    )
    child_reference = serializers.CharField(source="child.reference", read_only=True)
    risk_level = _hidden_in_summary(serializers.ChoiceField, choices=RiskLevel.choices)
    urgent_protection_concern = _hidden_in_summary(serializers.BooleanField)
    first_action_due = _hidden_in_summary(serializers.DateTimeField)
    first_action_at = _hidden_in_summary(serializers.DateTimeField)
    assessment_due = _hidden_in_summary(serializers.DateTimeField)
    assigned_worker = _hidden_in_summary(
        serializers.SlugRelatedField, slug_field="uuid", help_text=_("UUID of the caseworker.")
    )
    supervisor = _hidden_in_summary(serializers.SlugRelatedField, slug_field="uuid")
    closure_note = _hidden_in_summary(serializers.CharField)
    closure_requested_at = _hidden_in_summary(serializers.DateTimeField)
    closure_requested_by = _hidden_in_summary(serializers.SlugRelatedField, slug_field="uuid")
    closed_by = _hidden_in_summary(serializers.SlugRelatedField, slug_field="uuid")
    overdue = serializers.SerializerMethodField(help_text=_("First action or assessment is late."))
    summary_only = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "The case was transferred to another country: your country keeps its summary only, and "
            "the fields outside it are null."
        ),
    )
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "uuid",
            "reference",
            "country",
            "site",
            "child",
            "child_reference",
            "episode",
            "stage",
            "status",
            "risk_level",
            "urgent_protection_concern",
            "identified_at",
            "first_action_due",
            "first_action_at",
            "assessment_due",
            "overdue",
            "assigned_worker",
            "supervisor",
            "closure_reason",
            "closure_note",
            "closure_requested_at",
            "closure_requested_by",
            "closed_at",
            "closed_by",
            "summary_only",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_overdue(self, case) -> bool | None:
        return case.is_overdue()

    def to_representation(self, case):
        data = super().to_representation(case)
        user = getattr(self.context.get("request"), "user", None)
        if not visible_in_full(case, user):
            data = {name: (value if name in SUMMARY_FIELDS else None) for name, value in data.items()}
        return data


class CaseOpenSerializer(serializers.ModelSerializer):
    """Open a case: the child, where, and how urgent. The answer is the case."""

    site = ScopedRelatedField(model=Site, required=False, allow_null=True, help_text=_("Site UUID."))
    child = ScopedRelatedField(model=Person, help_text=_("UUID of the child (a registered person)."))
    assigned_worker = UserUUIDField(
        required=False, allow_null=True, help_text=_("UUID of the caseworker; they must work in the country.")
    )

    class Meta:
        model = Case
        fields = [
            "child",
            "site",
            "risk_level",
            "urgent_protection_concern",
            "identified_at",
            "assigned_worker",
        ]
        extra_kwargs = {"identified_at": {"required": False}}
        # One open case per child and unique episodes are the service's rules, with its messages.
        validators: list = []

    def to_representation(self, case):
        return CaseSerializer(case, context=self.context).data


class CaseRiskSerializer(serializers.ModelSerializer):
    """PATCH a case: its risk level and urgency (the deadlines follow). Other steps have actions."""

    version = _version_field()

    class Meta:
        model = Case
        fields = ["risk_level", "urgent_protection_concern", "version"]


class CaseAdvanceSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=[c for c in Stage.choices if c[0] != Stage.CLOSURE])
    reason = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Needed when the case goes back to an earlier stage.")
    )
    version = _version_field()


class CaseFirstActionSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, help_text=_("Default: now."))
    note = serializers.CharField(required=False, allow_blank=True)
    version = _version_field()


class CaseAssignSerializer(serializers.Serializer):
    worker = UserUUIDField(allow_null=True, help_text=_("UUID of the caseworker, or null to unassign."))
    supervisor = UserUUIDField(
        required=False,
        allow_null=True,
        help_text=_("UUID of the supervisor; leave out to keep the current one."),
    )
    version = _version_field()


class CaseClosureRequestSerializer(serializers.Serializer):
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices)
    closure_note = serializers.CharField(required=False, allow_blank=True, help_text=_("For the supervisor."))
    version = _version_field()


class CaseDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Needed when refusing: say what should happen instead.")
    )
    version = _version_field()


class CaseReopenSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = _version_field()


class PurposesField(serializers.ListField):
    child = serializers.ChoiceField(choices=ConsentPurpose.choices)


class ConsentSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    given_by_person = ScopedRelatedField(
        model=Person,
        required=False,
        allow_null=True,
        help_text=_("UUID of the person who gave it, if registered."),
    )
    purposes = PurposesField(help_text=_('What the data may be used for, e.g. ["registration", "tracing"].'))
    is_current = serializers.BooleanField(
        read_only=True, help_text=_("In force: agreed, a consent, not withdrawn.")
    )
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "uuid",
            "case",
            "given_by",
            "given_by_person",
            "kind",
            "purposes",
            "given_at",
            *[name for name, _question in CONSENT_CHECKLIST],
            "note",
            "is_current",
            "withdrawn_at",
            "withdrawal_note",
            "version",
            "created_at",
        ]
        read_only_fields = ["uuid", "withdrawn_at", "withdrawal_note", "created_at"]
        extra_kwargs = {"given_at": {"required": False}}


class WithdrawConsentSerializer(serializers.Serializer):
    withdrawn_at = serializers.DateTimeField(required=False, allow_null=True, help_text=_("Default: now."))
    note = serializers.CharField(required=False, allow_blank=True)
    version = _version_field()


class LegalBasisSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    purposes = PurposesField()
    decided_by = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = LegalBasis
        fields = [
            "uuid",
            "case",
            "basis",
            "purposes",
            "explanation",
            "status",
            "decided_at",
            "decided_by",
            "decision_note",
            "version",
            "created_at",
        ]
        read_only_fields = ["uuid", "status", "decided_at", "decision_note", "created_at"]
