from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import ApiToken
from ..services import TOKEN_NAME_MAX_LENGTH


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as listed: never its secret key, only the first characters to recognise it."""

    is_active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["uuid", "name", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"]
        read_only_fields = fields

    def get_is_active(self, token) -> bool:
        return token.revoked_at is None


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=TOKEN_NAME_MAX_LENGTH, help_text=_("What will use the token, e.g. 'statistics script'.")
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        read_only=True,
        help_text=_("The secret key, shown this once. Send it as 'Authorization: Token <key>'."),
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields
