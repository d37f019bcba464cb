from drf_spectacular.utils import extend_schema, extend_schema_view

from trygg.core.api.viewsets import ScopedReadOnlyViewSet

from ..filters import AuditEventApiFilter
from ..models import AuditEvent
from .serializers import AuditEventSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List audit events",
        description="Events in the countries where the caller is a data protection officer, newest "
        "first. Everyone else gets an empty list. Audit events cannot be created, changed or deleted.",
    ),
    retrieve=extend_schema(summary="Read one audit event"),
)
class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The append-only audit trail, read-only and scoped like everything else."""

    queryset_model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventApiFilter
    # The base mixin offers `create`; the audit trail is written only by services, so the API
    # answers 405 to every method that would write.
    http_method_names = ["get", "head", "options"]

    def optimise_queryset(self, qs):
        return qs.select_related("actor", "country")
