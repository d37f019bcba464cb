"""Serializers for tracing: requests, match proposals, the steps after a match, batch runs, settings.

Related records travel as UUIDs (countries as ISO codes) and are looked up in the caller's scope.
A match proposal shows the child's side (the child's UUID, reference, names, the explanation)
only to users of the country where the child is registered; to the requesting country those
fields are null and `child_visible` is false, and `shared` holds what that country shared.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trygg.core.api.viewsets import ScopedRelatedField, VersionedSerializerMixin
from trygg.geo.models import Site
from trygg.people.api.serializers import CountryCodeField, LanguageCodesField

from ..codes import BestInterestsDecision
from ..models import (
    SHAREABLE_FIELDS,
    BatchRun,
    BestInterestsDetermination,
    MatchProposal,
    MonitoringVisit,
    Reunification,
    TracingRequest,
    TracingSettings,
    Verification,
)
from ..services.requests import REQUEST_FIELDS
from ..services.review import sees_child, shared_with_requester


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class TracingRequestField(ScopedRelatedField):
    """A tracing request by UUID, among those the caller may work on."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Tracing request UUID."))
        super().__init__(model=TracingRequest, action="change", **kwargs)


class TracingRequestSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    country = CountryCodeField(
        permission="tracing.add", help_text=_("ISO 3166-1 code. Set when the request is filed.")
    )
    site = ScopedRelatedField(model=Site, required=False, allow_null=True, help_text=_("Site UUID."))
    languages = LanguageCodesField(required=False, help_text=_('ISO 639 codes, e.g. ["sw", "en"].'))
    matched_country = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text=_("Where the child was found (ISO 3166-1 code), once a match is confirmed."),
    )
    consent_to_trace = serializers.BooleanField(
        required=False, help_text=_("Consent to trace, given when filing (later: the consent action).")
    )
    consent_given_by = serializers.CharField(required=False, allow_blank=True, max_length=200)

    class Meta:
        model = TracingRequest
        fields = [
            "uuid",
            "reference",
            "country",
            *REQUEST_FIELDS,
            "consent_to_trace",
            "consent_given_by",
            "consent_recorded_at",
            "status",
            "status_changed_at",
            "closure_reason",
            "matched_country",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "uuid",
            "reference",
            "consent_recorded_at",
            "status",
            "status_changed_at",
            "closure_reason",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            errors = {}
            for name in ("country", "consent_to_trace", "consent_given_by"):
                value = attrs.pop(name, None)
                if value is not None and value != getattr(self.instance, name):
                    errors[name] = _("This cannot be changed here.")
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class TracingVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version you last read."))


class TracingConsentSerializer(TracingVersionSerializer):
    given_by = serializers.CharField(max_length=200, help_text=_("Who gave the consent to trace."))


class MatchDecisionSerializer(TracingVersionSerializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class TracingCloseSerializer(TracingVersionSerializer):
    reason = serializers.CharField(help_text=_("Why the request is closed."))


class MatchShareSerializer(serializers.Serializer):
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=SHAREABLE_FIELDS),
        help_text=_("What to share with the requesting country."),
    )
    consented_by = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MatchProposalSerializer(serializers.ModelSerializer):
    request = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    request_reference = serializers.CharField(source="request.reference", read_only=True)
    request_country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    child_country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    child_visible = serializers.SerializerMethodField(
        help_text=_("True in the country where the child is registered: the child's fields are filled.")
    )
    child = serializers.SerializerMethodField(
        help_text=_("The child's person UUID; null for the requesting country.")
    )
    child_reference = serializers.SerializerMethodField()
    child_name = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField(
        help_text=_(
            "Per field: level (agrees, partly agrees, disagrees, missing) and weight; null for the "
            "requesting country."
        )
    )
    decision_reason = serializers.SerializerMethodField()
    shared = serializers.SerializerMethodField(
        help_text=_("Details the child's country shared with the requesting country.")
    )

    class Meta:
        model = MatchProposal
        fields = [
            "uuid",
            "request",
            "request_reference",
            "request_country",
            "child_country",
            "probability",
            "status",
            "scored_at",
            "decided_at",
            "child_visible",
            "child",
            "child_reference",
            "child_name",
            "explanation",
            "decision_reason",
            "shared",
            "version",
        ]
        read_only_fields = fields

    def _visible(self, proposal) -> bool:
        cache = self.context.setdefault("_child_visible", {})
        if proposal.pk not in cache:
            cache[proposal.pk] = sees_child(_user(self), proposal)
        return cache[proposal.pk]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_child_visible(self, proposal):
        return self._visible(proposal)

    @extend_schema_field(OpenApiTypes.UUID)
    def get_child(self, proposal):
        return str(proposal.child.uuid) if self._visible(proposal) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_child_reference(self, proposal):
        return proposal.child.reference if self._visible(proposal) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_child_name(self, proposal):
        return proposal.child.full_name if self._visible(proposal) else None

    @extend_schema_field(serializers.ListField(child=serializers.DictField(), allow_null=True))
    def get_explanation(self, proposal):
        return proposal.explanation if self._visible(proposal) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decision_reason(self, proposal):
        return proposal.decision_reason if self._visible(proposal) else None

    @extend_schema_field(serializers.DictField())
    def get_shared(self, proposal):
        return shared_with_requester(proposal)


class VerificationSerializer(serializers.ModelSerializer):
    request = TracingRequestField()
    verified_by = serializers.CharField(source="verified_by.full_name", read_only=True)

    class Meta:
        model = Verification
        fields = [
            "uuid",
            "request",
            "outcome",
            "verified_on",
            "interviews",
            "documents",
            "verified_by",
            "created_at",
        ]
        read_only_fields = ["uuid", "verified_by", "created_at"]


class DeterminationSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    request = TracingRequestField()
    decision = serializers.ChoiceField(choices=BestInterestsDecision.choices)
    submitted_by = serializers.CharField(source="submitted_by.full_name", read_only=True)
    decided_by = serializers.CharField(source="decided_by.full_name", read_only=True, allow_null=True)

    class Meta:
        model = BestInterestsDetermination
        fields = [
            "uuid",
            "request",
            "panel_members",
            "childs_views",
            "decision",
            "reasons",
            "care_referral_to",
            "care_referral_notes",
            "status",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "decision_comment",
            "version",
        ]
        read_only_fields = [
            "uuid",
            "status",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "decision_comment",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "request" in attrs and attrs.pop("request") != self.instance.request:
            raise serializers.ValidationError(
                {"request": _("This cannot be changed once the record exists.")}
            )
        return attrs


class DeterminationDecisionSerializer(TracingVersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReunificationSerializer(serializers.ModelSerializer):
    request = TracingRequestField()

    class Meta:
        model = Reunification
        fields = ["uuid", "request", "reunified_on", "place", "accompanied_by", "notes", "created_at"]
        read_only_fields = ["uuid", "created_at"]


class MonitoringVisitSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    request = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    visited_by = serializers.CharField(source="visited_by.full_name", read_only=True, allow_null=True)

    class Meta:
        model = MonitoringVisit
        fields = [
            "uuid",
            "request",
            "months_after",
            "due_on",
            "visited_on",
            "outcome",
            "notes",
            "visited_by",
            "version",
        ]
        read_only_fields = ["uuid", "months_after", "due_on", "visited_by"]
        extra_kwargs = {"visited_on": {"required": True, "allow_null": False}, "outcome": {"required": True}}


class BatchRunSerializer(serializers.ModelSerializer):
    country = CountryCodeField(permission="tracing.change", help_text=_("ISO 3166-1 code."))
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = BatchRun
        fields = [
            "uuid",
            "country",
            "status",
            "phase",
            "total",
            "done",
            "percent",
            "proposals",
            "started_at",
            "finished_at",
            "created_at",
        ]
        read_only_fields = [name for name in fields if name != "country"]


class TracingSettingsSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    monitoring_months = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1)

    class Meta:
        model = TracingSettings
        fields = ["country", "match_threshold", "duplicate_threshold", "monitoring_months"]
