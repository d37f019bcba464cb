from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    """One audit event as the data protection officer reads it (read-only)."""

    action_label = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.SlugRelatedField(
        slug_field="uuid",
        read_only=True,
        allow_null=True,
        help_text=_("UUID of the user who acted (empty for the system)."),
    )
    actor_email = serializers.EmailField(source="actor.email", read_only=True, allow_null=True)
    country = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("ISO 3166-1 code of the record's country (empty for logins)."),
    )
    fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Names of the fields a write changed; never their values."),
    )
    detail = serializers.JSONField(
        read_only=True,
        help_text=_("Identifiers only: UUIDs a search listed (`results`), counts and codes."),
    )

    class Meta:
        model = AuditEvent
        fields = [
            "uuid",
            "at",
            "action",
            "action_label",
            "actor",
            "actor_email",
            "object_type",
            "object_uuid",
            "object_reference",
            "country",
            "fields",
            "detail",
            "channel",
            "request_id",
            "ip_address",
        ]
        read_only_fields = fields
