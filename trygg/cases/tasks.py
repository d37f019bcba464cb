"""Background work of the cases app. Tasks take ids (or nothing) and call a service."""

from datetime import date

from celery import shared_task

from trygg.audit import context

from .services.work import send_daily_reminders as send_reminders_service


@shared_task
def send_daily_reminders(day: str | None = None) -> dict:
    """Send today's (or `day`'s, ISO date) digests of work due; a second run the same day sends nothing."""
    current = context.current()
    token = context.bind(
        context.AuditContext(ip_address=current.ip_address, request_id=current.request_id, channel="task")
    )
    try:
        return send_reminders_service(day=date.fromisoformat(day) if day else None)
    finally:
        context.reset(token)
