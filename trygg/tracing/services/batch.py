"""The batch run: after a bulk import, index a country's children and match every open request again.

Bulk imports (the synthetic generator, imports of many records) write persons without the people
services, so their children have no blocking keys and were never matched. A batch run does both,
chunk by chunk, each chunk in its own transaction, so that the progress page shows `done` moving
towards `total` and a failure keeps what was done.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope
from trygg.people.models import Person
from trygg.people.querysets import adult_cutoff

from .. import records
from ..codes import BatchPhase, BatchStatus
from ..models import BatchRun, ChildMatchKey, TracingRequest

INDEX_CHUNK = 1000
MATCH_CHUNK = 50


def _children(country_id):
    from django.db.models import Q

    cutoff = adult_cutoff()
    return Person.objects.alive().filter(
        Q(date_of_birth__isnull=True) | Q(date_of_birth__gt=cutoff), country_id=country_id
    )


@transaction.atomic
def start_batch_run(*, country, acting_user) -> BatchRun:
    """Queue a re-check of the country's children against every open request."""
    if not has_perm_in_country(acting_user, "tracing.change", country.pk):
        raise OutOfScope(_("You cannot start a batch run in this country."))
    total = _children(country.pk).count() + TracingRequest.objects.matchable().count()
    run = BatchRun.objects.create(
        country=country, total=total, created_by=acting_user, updated_by=acting_user
    )
    record_event(AuditEvent.Action.CREATE, actor=acting_user, obj=run, fields=["country", "total"])
    from .. import tasks

    run_id = run.pk
    transaction.on_commit(lambda: tasks.run_batch.delay(run_id))
    return run


def index_children_bulk(persons) -> int:
    """Replace the blocking keys of these persons in one go; the number of keys written."""
    persons = list(persons)
    rows = []
    for person in persons:
        keys = records.blocking_keys(records.child_record(person))
        rows.extend(ChildMatchKey(person_id=person.pk, country_id=person.country_id, key=key) for key in keys)
    ChildMatchKey.objects.filter(person__in=[p.pk for p in persons]).delete()
    ChildMatchKey.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _index_chunk(run) -> int:
    persons = list(
        _children(run.country_id)
        .filter(pk__gt=run.cursor)
        .select_related("place_of_origin")
        .order_by("pk")[:INDEX_CHUNK]
    )
    if persons:
        index_children_bulk(persons)
        run.cursor = persons[-1].pk
    return len(persons)


def _match_chunk(run) -> tuple[int, int]:
    from .matching import match_request

    requests = list(TracingRequest.objects.matchable().filter(pk__gt=run.cursor).order_by("pk")[:MATCH_CHUNK])
    made = 0
    for request in requests:
        made += len(match_request(request))
    if requests:
        run.cursor = requests[-1].pk
    return len(requests), made


def run_chunk(run_id: int) -> bool:
    """Do the next chunk of the run; True while there is more to do."""
    with transaction.atomic():
        run = BatchRun.objects.select_for_update().get(pk=run_id)
        if run.is_finished:
            return False
        if run.status == BatchStatus.QUEUED:
            run.status, run.started_at = BatchStatus.RUNNING, timezone.now()
        made = 0
        if run.phase == BatchPhase.INDEXING:
            handled = _index_chunk(run)
            if not handled:
                run.phase, run.cursor = BatchPhase.MATCHING, 0
        else:
            handled, made = _match_chunk(run)
            if not handled:
                run.status, run.finished_at = BatchStatus.DONE, timezone.now()
        BatchRun.objects.filter(pk=run.pk).update(
            status=run.status,
            phase=run.phase,
            cursor=run.cursor,
            started_at=run.started_at,
            finished_at=run.finished_at,
            done=F("done") + handled,
            proposals=F("proposals") + made,
        )
        if run.status == BatchStatus.DONE:
            run.refresh_from_db()
            record_event(
                AuditEvent.Action.UPDATE,
                obj=run,
                fields=["status", "done", "proposals"],
                detail={"done": run.done, "proposals": run.proposals},
            )
            return False
        return True


def fail(run_id: int, error: Exception) -> None:
    """Mark the run failed (the error's type only: messages may carry personal data)."""
    BatchRun.objects.filter(pk=run_id).update(
        status=BatchStatus.FAILED, finished_at=timezone.now(), error=type(error).__name__[:200]
    )
