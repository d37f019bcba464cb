"""API tokens: list your own, create one (only from a session that passed a real second factor),
revoke one. Tokens of other users are not found."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import ApiToken
from .authentication import VerifiedSessionAuthentication
from .serializers import ApiTokenCreatedSerializer, ApiTokenCreateSerializer, ApiTokenSerializer

TOKEN_REFUSED = _(
    "API tokens are issued only to a browser session that passed the second factor with an "
    "authenticator app or a recovery code. A token cannot create tokens, and the demo's skip does "
    "not count. Log in with your second factor and try again."
)


def may_issue_tokens(request) -> bool:
    """A session (not a token) whose user passed TOTP or a recovery code in that session."""
    if not isinstance(request.successful_authenticator, VerifiedSessionAuthentication):
        return False
    is_verified = getattr(request._request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


@extend_schema_view(
    list=extend_schema(summary="Your API tokens", description="Your own tokens, never their keys."),
)
class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ApiTokenSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        return ApiToken.objects.for_user(self.request.user).order_by("revoked_at", "-created_at")

    @extend_schema(
        summary="Create an API token",
        request=ApiTokenCreateSerializer,
        responses={
            201: ApiTokenCreatedSerializer,
            403: OpenApiResponse(description="Not a session that passed a real second factor."),
        },
    )
    def create(self, request):
        if not may_issue_tokens(request):
            raise exceptions.PermissionDenied(TOKEN_REFUSED)
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.create_api_token(
            user=request.user, name=serializer.validated_data["name"], acting_user=request.user
        )
        token.key = key
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Revoke an API token", request=None, responses={200: ApiTokenSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, uuid=None):
        token = self.get_object()
        services.revoke_api_token(token, acting_user=request.user)
        return Response(ApiTokenSerializer(token).data)
