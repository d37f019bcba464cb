"""Base API viewsets: querysets from `for_user`, UUID lookups, 404 for out-of-scope records."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import APIException

from trygg.core.scoping import has_perm_anywhere

# HTTP method -> the action whose scope the queryset is restricted to.
_METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
    "POST": "change",  # POST on a detail route (custom actions) changes that record
}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


class ScopedViewSetMixin:
    """Every request's queryset is `Model.objects.for_user(user, action)`.

    A record outside that scope is simply not in the queryset, so it answers 404 exactly like a
    record that does not exist. Creating needs the model's "add" permission somewhere; the
    serializer then restricts the country (and site) to where the user holds it.
    """

    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    queryset_model = None

    def get_model(self):
        return self.queryset_model or self.get_serializer_class().Meta.model

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF parses JSON from the raw stream, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE never
        # applies to it: refuse oversize bodies here, before anything is parsed or written.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise PayloadTooLarge()

    def scope_action(self) -> str:
        return _METHOD_ACTIONS.get(self.request.method, "view")

    def get_queryset(self):
        model = self.get_model()
        qs = model.objects.for_user(self.request.user, self.scope_action())
        return self.optimise_queryset(qs)

    def optimise_queryset(self, qs):
        """Subclasses add select_related/prefetch_related so list endpoints run constant queries."""
        return qs


class ScopedCreateModelMixin(mixins.CreateModelMixin):
    """Creating needs the model's "add" permission somewhere; else the same 404 as everything."""

    def create(self, request, *args, **kwargs):
        model = self.get_model()
        if not has_perm_anywhere(request.user, f"{model.scope_subject}.add"):
            raise Http404
        return super().create(request, *args, **kwargs)


class ScopedModelViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    pass


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class VersionedSerializerMixin(serializers.Serializer):
    """Updates must send the version they started from; a stale one answers 409 Conflict."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("The version you last read. Required on update; a stale version answers 409."),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": _("Send the version you last read, so that no one's changes are overwritten.")}
            )
        return attrs


class ScopedRelatedField(serializers.SlugRelatedField):
    """A related record by UUID, restricted to the caller's scope for `action`."""

    def __init__(self, *, model, action: str = "view", slug_field: str = "uuid", **kwargs):
        self.scoped_model = model
        self.scope_action = action
        super().__init__(slug_field=slug_field, **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return self.scoped_model.objects.for_user(user, self.scope_action)
