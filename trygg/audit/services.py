"""Writing audit events. Called inside the same transaction as the change it records."""

import uuid
from collections.abc import Iterable

from django.db import transaction

from . import context
from .models import AuditEvent, AuditEventSubject


def _country_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "country_id"):
        return obj.country_id
    if obj._meta.label_lower == "geo.country":
        return obj.pk
    return None


def _unique_uuids(values: Iterable) -> list[uuid.UUID]:
    seen: dict[uuid.UUID, None] = {}
    for value in values:
        seen.setdefault(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)), None)
    return list(seen)


def record_event(
    action: str,
    *,
    actor=None,
    obj=None,
    country_id: int | None = None,
    fields: Iterable[str] = (),
    detail: dict | None = None,
    subjects: Iterable = (),
) -> AuditEvent:
    """Append one event. `subjects` are UUIDs of further records the event concerns (search hits).

    The event and its subject rows are written together: either both or neither.
    """
    ctx = context.current()
    subject_uuids = _unique_uuids(subjects)
    with transaction.atomic():
        event = AuditEvent.objects.create(
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
        if subject_uuids:
            AuditEventSubject.objects.bulk_create(
                [AuditEventSubject(event=event, object_uuid=u) for u in subject_uuids]
            )
    return event


def record_read(obj, *, actor) -> AuditEvent:
    return record_event(AuditEvent.Action.VIEW, actor=actor, obj=obj)


def record_search(model, *, actor, query_present: bool, result_uuids: list, country_id=None) -> AuditEvent:
    """A list or search page showed these records: store their UUIDs, never the search words.

    The UUIDs go into `detail["results"]` and, one row each, into `AuditEventSubject`, so that
    "who saw this child's record" finds the search by an indexed lookup on any database.
    """
    results = _unique_uuids(result_uuids)
    return record_event(
        AuditEvent.Action.SEARCH,
        actor=actor,
        country_id=country_id,
        detail={
            "model": model._meta.label_lower,
            "query": query_present,
            "results": [str(u) for u in results],
        },
        subjects=results,
    )


def record_export(
    model, *, actor, exported_uuids: list, filters: Iterable[str] = (), file_format: str = "csv"
) -> AuditEvent:
    """Records were exported: store their UUIDs and the names of the filters used, never the values.

    The UUIDs go into `AuditEventSubject` rows only (one per record), so that "who exported this
    child's record" finds the export by the same indexed lookup as a search. Unlike a search page
    (a page of rows), an export may hold thousands of records, so `detail` keeps their count, not
    the list. The filters' names go into `detail["filters"]` (`fields` means fields changed).
    """
    exported = _unique_uuids(exported_uuids)
    return record_event(
        AuditEvent.Action.EXPORT,
        actor=actor,
        detail={
            "model": model._meta.label_lower,
            "format": file_format,
            "count": len(exported),
            "filters": sorted(set(filters)),
        },
        subjects=exported,
    )


def record_audit_query(*, actor, query: str, subject_uuid, country_id: int | None = None) -> AuditEvent:
    """A data protection officer opened an audit page about one record or user: that is traced too."""
    return record_event(
        AuditEvent.Action.SEARCH,
        actor=actor,
        country_id=country_id,
        detail={"audit_query": query, "subject": str(subject_uuid)},
    )
