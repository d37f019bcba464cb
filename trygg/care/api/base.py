"""What every care endpoint shares: querysets from `for_user` (the base viewset), audited reads
that name the child too, and service errors as answers.

A list is one SEARCH event and a record opened on its own one VIEW event, as everywhere. Both also
name the children the records are about, so that "who saw this child's record" finds them.
A service refusing a step on a record the caller may see answers 403 with its reason; a record
the caller may not see is never found (404).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.api.viewsets import ScopedViewSetMixin
from trygg.core.scoping import has_perm_anywhere


def validation_error(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): msgs
                for name, msgs in exc.message_dict.items()
            }
        )
    return ValidationError({"non_field_errors": exc.messages})


class CareViewSetMixin(ScopedViewSetMixin):
    """Audited reads, service errors as 400 (naming the field) or 403 (with the reason)."""

    ordering: tuple[str, ...] = ("-created_at", "-pk")
    related: tuple[str, ...] = ()
    # The lookup from the record to the child it is about ("" when it is about no one child).
    child_path = "placement__child"

    def optimise_queryset(self, qs):
        return qs.select_related(*self.related).order_by(*self.ordering)

    def child_uuids(self, obj) -> list:
        """The UUIDs of the children the record is about (select them with `related`)."""
        if not self.child_path:
            return []
        value = obj
        for part in self.child_path.split("__"):
            value = getattr(value, part, None)
        return [value.uuid] if value is not None else []

    def extra_context(self, rows) -> dict:
        """Context the serializer needs for these rows, computed once for a page."""
        return {}

    def get_serializer(self, *args, rows=None, **kwargs):
        if rows is not None:
            kwargs["context"] = {**self.get_serializer_context(), **self.extra_context(rows)}
        return super().get_serializer(*args, **kwargs)

    def audit_list(self, rows) -> None:
        uuids = [row.uuid for row in rows]
        children = [uuid for row in rows for uuid in self.child_uuids(row)]
        record_event(
            AuditEvent.Action.SEARCH,
            actor=self.request.user,
            detail={
                "model": self.get_model()._meta.label_lower,
                "query": False,  # filters only: no search words are ever typed here
                "results": [str(u) for u in uuids],
            },
            subjects=uuids + children,
        )

    def audit_read(self, obj) -> None:
        record_event(AuditEvent.Action.VIEW, actor=self.request.user, obj=obj, subjects=self.child_uuids(obj))

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        self.audit_list(rows)
        data = self.get_serializer(rows, many=True, rows=rows).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.audit_read(obj)
        return Response(self.get_serializer(obj, rows=[obj]).data)

    def call(self, function, *args, **kwargs):
        try:
            return function(*args, acting_user=self.request.user, **kwargs)
        except DjangoValidationError as exc:
            raise validation_error(exc) from exc
        except DjangoPermissionDenied as exc:
            # OutOfScope too: the record itself was found in the caller's scope, the step is not theirs.
            raise PermissionDenied(str(exc) or None) from exc

    def body(self, serializer_class) -> dict:
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def fresh(self, obj):
        """The record as the caller sees it now (annotated and related as on a read)."""
        model = self.get_model()
        return self.optimise_queryset(model.objects.for_user(self.request.user, "view")).get(pk=obj.pk)

    def answer(self, obj, status=200):
        obj = self.fresh(obj)
        return Response(self.get_serializer(obj, rows=[obj]).data, status=status)


class ReadViewSet(
    CareViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    pass


class CareCreateMixin(mixins.CreateModelMixin):
    """Creating through a service. It needs one of `create_permissions` somewhere, else the same
    404 as every scoped create; the service checks the exact scope."""

    create_permissions: tuple[str, ...] = ()

    def create(self, request, *args, **kwargs):
        if not any(has_perm_anywhere(request.user, name) for name in self.create_permissions):
            raise Http404
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = self.fresh(self.create_record(dict(serializer.validated_data)))

    def create_record(self, data: dict):
        raise NotImplementedError


class ReadCreateViewSet(
    CareViewSetMixin,
    CareCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass
