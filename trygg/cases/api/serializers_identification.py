"""Serializers for trafficking identification: screenings, profiles, route events, indicators, rules.

Hiding sensitive content: every screening, profile and route event carries `restricted`. When it
is true (the caller may view the case but lacks `sensitive.trafficking` there) the record shows
only `uuid`, `case` and `restricted`; every other field is present and null. Fields are never
dropped, so the schema is the same for everyone and every hidden field is declared nullable. The
type of sexual exploitation is null, and named in `restricted_fields`, for callers without
`sensitive.sexual_exploitation`. Input fields are plain: null is not accepted for them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from trygg.core.api.viewsets import ScopedRelatedField, VersionedSerializerMixin
from trygg.geo.models import Country, Location

from ..codes import (
    EXPLOITATION_DIMENSIONS,
    RECRUITMENT_DIMENSIONS,
    DecisionMakingOrg,
    IndicatorStrength,
    RelationshipToTrafficker,
    ScreeningAnswerValue,
    ScreeningDimension,
    ScreeningOutcome,
    TraffickingAct,
    TraffickingEventType,
    TraffickingStatus,
)
from ..models import (
    Case,
    Indicator,
    IndicatorList,
    Screening,
    ScreeningRule,
    TraffickingEvent,
    TraffickingProfile,
)
from ..models.identification import PROFILE_MULTI_CHOICES
from ..services.identification import user_may_see_sexual_exploitation, user_may_see_trafficking
from ..services.screening_rule import ALL_MEANS_DIMENSIONS, ChildBasis

RESTRICTED_HELP = _(
    "True when you may not see trafficking details of this case: every field but uuid and case is then null."
)


def _user(serializer):
    return getattr(serializer.context.get("request"), "user", None)


@extend_schema_field(OpenApiTypes.UUID)
class CaseField(ScopedRelatedField):
    """A case by UUID, among those the caller may work on (not one kept as a summary only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Case UUID. Set when the record is created."))
        super().__init__(model=Case, action="change", **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(summary_only=False)


def _case_of(instance):
    return instance if isinstance(instance, Case) else instance.case


class RestrictedMixin(serializers.Serializer):
    """Shows a record's content only to callers with the trafficking permission in its case."""

    always_shown = ("uuid", "case", "restricted")

    restricted = serializers.SerializerMethodField(help_text=RESTRICTED_HELP)

    def may_see(self, instance) -> bool:
        case = _case_of(instance)
        cache = self.context.setdefault("_trafficking_visible", {})
        if case.pk not in cache:
            cache[case.pk] = user_may_see_trafficking(_user(self), case)
        return cache[case.pk]

    def get_restricted(self, instance) -> bool:
        return not self.may_see(instance)

    def to_representation(self, instance):
        if self.may_see(instance):
            return super().to_representation(instance)
        data = {field.field_name: None for field in self._readable_fields}
        data["uuid"] = str(instance.uuid) if getattr(instance, "pk", None) else None
        data["case"] = str(_case_of(instance).uuid)
        data["restricted"] = True
        return data


def _nullable(field_class, **kwargs):
    return field_class(read_only=True, allow_null=True, **kwargs)


# --- screenings ---------------------------------------------------------------------------------


class CountsSerializer(serializers.Serializer):
    strong = serializers.IntegerField()
    medium = serializers.IntegerField()
    weak = serializers.IntegerField()


class CombinationSerializer(serializers.Serializer):
    """Minimum counts of indicators answered yes, by strength."""

    strong = serializers.IntegerField(min_value=0, max_value=99, default=0)
    medium = serializers.IntegerField(min_value=0, max_value=99, default=0)
    weak = serializers.IntegerField(min_value=0, max_value=99, default=0)
    medium_or_weak = serializers.IntegerField(
        min_value=0,
        max_value=99,
        default=0,
        help_text=_("Medium or weak indicators beyond the medium and weak minimums."),
    )


class CountedIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    strength = serializers.ChoiceField(choices=IndicatorStrength.choices)
    text = serializers.CharField(help_text=_("The indicator's English text when the screening was scored."))


class DimensionResultSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=ScreeningDimension.choices)
    positive = serializers.BooleanField()
    counts = CountsSerializer(help_text=_("Indicators answered yes, by strength."))
    combination = CombinationSerializer(
        allow_null=True, help_text=_("The first combination of the rule that was met; null if none.")
    )
    indicators = CountedIndicatorSerializer(many=True, help_text=_("The indicators answered yes."))


def _dimension_choices(codes) -> list:
    return [(code, label) for code, label in ScreeningDimension.choices if code in codes]


class ScreeningResultSerializer(serializers.Serializer):
    """What the screening found and why (see the outcome rule in the API description)."""

    dimensions = DimensionResultSerializer(many=True)
    acts = serializers.ListField(child=serializers.ChoiceField(choices=TraffickingAct.choices))
    act_established = serializers.BooleanField()
    act_from_dimensions = serializers.ListField(
        child=serializers.ChoiceField(choices=_dimension_choices(RECRUITMENT_DIMENSIONS)),
        help_text=_("Positive recruitment dimensions, which establish the act of recruitment."),
    )
    exploitation = serializers.ListField(
        child=serializers.ChoiceField(choices=_dimension_choices(EXPLOITATION_DIMENSIONS)),
        help_text=_("Positive exploitation dimensions."),
    )
    means = serializers.ListField(
        child=serializers.ChoiceField(choices=_dimension_choices(ALL_MEANS_DIMENSIONS)),
        help_text=_("Positive means dimensions (not required for a child)."),
    )
    is_child = serializers.BooleanField()
    child_basis = serializers.ChoiceField(
        choices=[
            ChildBasis.UNDER_18,
            ChildBasis.AGE_UNKNOWN,
            ChildBasis.FIRST_TRAFFICKED_UNDER_18,
            ChildBasis.ADULT,
        ]
    )


class ScreeningAnswerSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code", help_text=_("Indicator code."))
    dimension = serializers.ChoiceField(source="indicator.dimension", choices=ScreeningDimension.choices)
    strength = serializers.ChoiceField(source="indicator.strength", choices=IndicatorStrength.choices)
    answer = serializers.ChoiceField(choices=ScreeningAnswerValue.choices)
    note = serializers.CharField()


class ScreeningSerializer(RestrictedMixin, serializers.ModelSerializer):
    """A screening with its result; the answers are listed in full."""

    case = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    indicator_list = _nullable(serializers.SlugRelatedField, slug_field="code", help_text=_("List code."))
    screened_at = _nullable(serializers.DateTimeField)
    screened_by = _nullable(serializers.SlugRelatedField, slug_field="uuid", help_text=_("User UUID."))
    acts = _nullable(serializers.ListField, child=serializers.ChoiceField(choices=TraffickingAct.choices))
    notes = _nullable(serializers.CharField)
    outcome = _nullable(serializers.ChoiceField, choices=ScreeningOutcome.choices)
    result = ScreeningResultSerializer(read_only=True, allow_null=True)
    rule = _nullable(serializers.SlugRelatedField, slug_field="uuid", help_text=_("Screening rule UUID."))
    rule_version = _nullable(serializers.IntegerField)
    rule_combinations = CombinationSerializer(many=True, read_only=True, allow_null=True)
    answers = ScreeningAnswerSerializer(many=True, read_only=True, allow_null=True)
    version = _nullable(serializers.IntegerField)
    created_at = _nullable(serializers.DateTimeField)
    updated_at = _nullable(serializers.DateTimeField)

    class Meta:
        model = Screening
        fields = [
            "uuid",
            "case",
            "restricted",
            "indicator_list",
            "screened_at",
            "screened_by",
            "acts",
            "notes",
            "outcome",
            "result",
            "rule",
            "rule_version",
            "rule_combinations",
            "answers",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=80, help_text=_("Indicator code."))
    answer = serializers.ChoiceField(choices=ScreeningAnswerValue.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ScreeningInputMixin(serializers.Serializer):
    screened_at = serializers.DateTimeField(required=False, help_text=_("Default: now."))
    acts = serializers.ListField(
        child=serializers.ChoiceField(choices=TraffickingAct.choices),
        required=False,
        help_text=_("The act: recruitment, transportation, transfer, harbouring, receipt."),
    )
    notes = serializers.CharField(required=False, allow_blank=True)
    answers = AnswerInputSerializer(
        many=True,
        required=False,
        help_text=_("Answers by indicator code; unanswered indicators are unknown."),
    )


class ScreeningCreateSerializer(ScreeningInputMixin):
    case = CaseField()
    indicator_list = serializers.SlugRelatedField(
        slug_field="code",
        queryset=IndicatorList.objects.filter(is_active=True, is_deleted=False),
        help_text=_("Code of an indicator list in use."),
    )


class ScreeningUpdateSerializer(ScreeningInputMixin):
    version = serializers.IntegerField(
        min_value=1, help_text=_("The version you last read; a stale version answers 409.")
    )


# --- the trafficking profile -------------------------------------------------------------------


def _codes_field(choices, label, **kwargs):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices), required=False, help_text=label, **kwargs
    )


class TraffickingProfileSerializer(RestrictedMixin, serializers.ModelSerializer):
    """The case's trafficking profile in HTCDS codes (empty and unrecorded until first saved)."""

    uuid = serializers.UUIDField(read_only=True, allow_null=True, help_text=_("Null until recorded."))
    case = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    recorded = serializers.SerializerMethodField(help_text=_("False until the profile is first saved."))
    trafficking_status = serializers.ChoiceField(
        choices=TraffickingStatus.choices, required=False, allow_blank=True, allow_null=True
    )
    decided_by_org = serializers.ChoiceField(
        choices=DecisionMakingOrg.choices, required=False, allow_blank=True, allow_null=True
    )
    decided_by = _nullable(serializers.SlugRelatedField, slug_field="uuid", help_text=_("User UUID."))
    decided_at = serializers.DateTimeField(required=False, allow_null=True)
    relationship_to_trafficker = serializers.ChoiceField(
        choices=RelationshipToTrafficker.choices, required=False, allow_blank=True, allow_null=True
    )
    age_when_first_trafficked = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    non_punishment = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text=_("The child was forced to commit offences and should not be punished for them."),
    )
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    restricted_fields = serializers.SerializerMethodField(
        help_text=_("Fields you may not see (the type of sexual exploitation): they are null for you.")
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("The version you last read: required once the profile exists; a stale one answers 409."),
    )
    created_at = _nullable(serializers.DateTimeField)
    updated_at = _nullable(serializers.DateTimeField)

    class Meta:
        model = TraffickingProfile
        fields = [
            "uuid",
            "case",
            "restricted",
            "recorded",
            "trafficking_status",
            "decided_by_org",
            "decided_by",
            "decided_at",
            *PROFILE_MULTI_CHOICES,
            "relationship_to_trafficker",
            "age_when_first_trafficked",
            "non_punishment",
            "notes",
            "restricted_fields",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        labels = {
            "types_of_exploitation": _("Types of exploitation (HTCDS codes and ForcedCriminality)."),
            "type_of_sex_exploitation": _("Needs the sexual-exploitation permission to see or change."),
            "forced_labour_industries": _("ISIC sections (HTCDS codes)."),
            "recruitment_methods": _("Circumstances (local codes) and HTCDS channels."),
            "methods_of_control": _("HTCDS codes."),
        }
        for name, choices in PROFILE_MULTI_CHOICES.items():
            fields[name] = _codes_field(choices, labels[name], allow_null=True)
        return fields

    def get_recorded(self, profile) -> bool:
        return profile.pk is not None

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_restricted_fields(self, profile):
        if user_may_see_sexual_exploitation(_user(self), profile.case):
            return []
        return ["type_of_sex_exploitation"]

    def to_representation(self, profile):
        data = super().to_representation(profile)
        if not data.get("restricted") and data.get("restricted_fields"):
            data["type_of_sex_exploitation"] = None
        if profile.pk is None and not data.get("restricted"):
            data["uuid"] = None
            data["version"] = None
        return data

    def validate(self, attrs):
        # Null means "not sent": a restricted field read back as null never clears anything.
        attrs = {name: value for name, value in attrs.items() if value is not None}
        if self.instance is not None and self.instance.pk is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": _("Send the version you last read, so that no one's changes are overwritten.")}
            )
        return attrs


# --- the route ----------------------------------------------------------------------------------


class TraffickingEventSerializer(RestrictedMixin, serializers.ModelSerializer):
    """One step of the route. `place` is a Location of the event's country you can see, else use
    `place_text`."""

    case = CaseField()
    kind = serializers.ChoiceField(choices=TraffickingEventType.choices, allow_null=True)
    country = serializers.SlugRelatedField(
        source="event_country",
        slug_field="code",
        queryset=Country.objects.all(),
        allow_null=True,
        help_text=_("ISO 3166-1 code of the country where it happened."),
    )
    place = ScopedRelatedField(model=Location, required=False, allow_null=True, help_text=_("Location UUID."))
    place_text = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=200)
    started_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("The version you last read. Required on update; a stale version answers 409."),
    )
    created_at = _nullable(serializers.DateTimeField)
    updated_at = _nullable(serializers.DateTimeField)

    class Meta:
        model = TraffickingEvent
        fields = [
            "uuid",
            "case",
            "restricted",
            "kind",
            "country",
            "place",
            "place_text",
            "started_on",
            "ended_on",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = {}
        if self.instance is not None and attrs.get("version") is None:
            errors["version"] = _("Send the version you last read, so that no one's changes are overwritten.")
        if self.instance is not None and "case" in attrs and attrs.pop("case") != self.instance.case:
            errors["case"] = _("This cannot be changed once the record exists.")
        for name in ("kind", "event_country"):
            if name in attrs and attrs[name] is None:
                errors["country" if name == "event_country" else name] = _("This field may not be null.")
        if self.instance is None:
            for name, api_name in (("kind", "kind"), ("event_country", "country")):
                if name not in attrs:
                    errors[api_name] = _("This field is required.")
        if errors:
            raise serializers.ValidationError(errors)
        for name in ("place_text", "description"):
            if name in attrs and attrs[name] is None:
                attrs[name] = ""
        return attrs


# --- indicators and rules -----------------------------------------------------------------------


class TranslationsField(serializers.DictField):
    child = serializers.CharField(allow_blank=True, max_length=2000)


class IndicatorListSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    name_translations = TranslationsField(required=False, help_text=_('e.g. {"nb": "..."}'))
    description_translations = TranslationsField(required=False)
    indicator_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = IndicatorList
        fields = [
            "uuid",
            "code",
            "name",
            "name_translations",
            "description",
            "description_translations",
            "source",
            "is_draft",
            "is_active",
            "edited_by_admin",
            "indicator_count",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "edited_by_admin", "indicator_count", "created_at", "updated_at"]


class IndicatorSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    list = serializers.SlugRelatedField(
        source="indicator_list",
        slug_field="code",
        queryset=IndicatorList.objects.filter(is_deleted=False),
        help_text=_("Code of the list. Set when the indicator is added."),
    )
    translations = TranslationsField(required=False, help_text=_('e.g. {"nb": "..."}'))
    display_text = serializers.CharField(read_only=True, help_text=_("The text in the request's language."))
    order = serializers.IntegerField(min_value=0, required=False)

    class Meta:
        model = Indicator
        fields = [
            "uuid",
            "list",
            "code",
            "dimension",
            "strength",
            "text",
            "translations",
            "display_text",
            "order",
            "is_active",
            "edited_by_admin",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "display_text", "edited_by_admin", "created_at", "updated_at"]


class ScreeningRuleSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("ISO 3166-1 code; null for the organisation's default rule. Set when created."),
    )
    combinations = CombinationSerializer(
        many=True, help_text=_("A dimension is positive when any one combination is met.")
    )

    class Meta:
        model = ScreeningRule
        fields = ["uuid", "country", "combinations", "note", "version", "created_at", "updated_at"]
        read_only_fields = ["uuid", "created_at", "updated_at"]
