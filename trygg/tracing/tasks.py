"""Background work of tracing. Tasks take ids and call a service (Celery; eager in embedded mode)."""

import logging

from celery import current_app, shared_task

from trygg.audit import context

logger = logging.getLogger(__name__)


def _as_task(function, *args):
    current = context.current()
    token = context.bind(
        context.AuditContext(ip_address=current.ip_address, request_id=current.request_id, channel="task")
    )
    try:
        return function(*args)
    finally:
        context.reset(token)


@shared_task
def match_request(request_id: int) -> int:
    """Match a tracing request against the registered children; the number of new proposals."""
    from .services.matching import match_request_by_id

    return _as_task(match_request_by_id, request_id)


@shared_task
def match_child(person_id: int) -> int:
    """Match a registered child against the open tracing requests; the number of new proposals."""
    from .services.matching import match_child_by_id

    return _as_task(match_child_by_id, person_id)


@shared_task
def run_batch(run_id: int) -> None:
    """Work through a batch run chunk by chunk: one chunk per task on workers (the next chunk is
    queued), every chunk in this call when tasks run in-process."""
    from .services import batch

    try:
        while _as_task(batch.run_chunk, run_id):
            if not current_app.conf.task_always_eager:
                run_batch.delay(run_id)
                return
    except Exception as exc:
        # The run shows "failed"; the log names the error's type only (messages may quote data).
        batch.fail(run_id, exc)
        logger.error("Tracing batch run %s failed: %s", run_id, type(exc).__name__)
