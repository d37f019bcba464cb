"""Writing audit events. Called inside the same transaction as the change it records."""

from collections.abc import Iterable

from . import context
from .models import AuditEvent


def _country_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "country_id"):
        return obj.country_id
    if obj._meta.label_lower == "geo.country":
        return obj.pk
    return None


def record_event(
    action: str,
    *,
    actor=None,
    obj=None,
    country_id: int | None = None,
    fields: Iterable[str] = (),
    detail: dict | None = None,
) -> AuditEvent:
    ctx = context.current()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_uuid=getattr(obj, "uuid", None),
        object_reference=str(getattr(obj, "reference", "") or "")[:60],
        country_id=country_id if country_id is not None else _country_id(obj),
        fields=sorted(fields),
        detail=detail or {},
        ip_address=ctx.ip_address,
        request_id=ctx.request_id,
        channel=ctx.channel or "command",
    )


def record_read(obj, *, actor) -> AuditEvent:
    return record_event(AuditEvent.Action.VIEW, actor=actor, obj=obj)


def record_search(model, *, actor, query_present: bool, result_uuids: list, country_id=None) -> AuditEvent:
    """A list or search page showed these records: store their UUIDs, never the search words."""
    return record_event(
        AuditEvent.Action.SEARCH,
        actor=actor,
        country_id=country_id,
        detail={
            "model": model._meta.label_lower,
            "query": query_present,
            "results": [str(u) for u in result_uuids],
        },
    )
