"""A tracing request's status: which step may follow which, and the one place that changes it."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event

from ..codes import RequestStatus as S

# The steps a request may take. Closing is possible from every status but the two final ones.
ALLOWED = {
    S.OPEN: {S.MATCH_PROPOSED, S.MATCH_CONFIRMED, S.CLOSED},
    S.MATCH_PROPOSED: {S.OPEN, S.MATCH_CONFIRMED, S.CLOSED},
    # A verification that finds the match wrong sends the request back to searching.
    S.MATCH_CONFIRMED: {S.OPEN, S.REUNIFIED, S.NOT_IN_BEST_INTEREST, S.CLOSED},
    S.REUNIFIED: {S.CLOSED},
    S.NOT_IN_BEST_INTEREST: set(),
    S.CLOSED: set(),
}


def check_step(request, status: str) -> None:
    if status not in ALLOWED[request.status]:
        raise ValidationError(
            _("A request that is %(current)s cannot become %(new)s.")
            % {"current": S(request.status).label.lower(), "new": S(status).label.lower()}
        )


def set_request_status(request, status: str, *, acting_user, **changes) -> None:
    """Move the request to `status` (and set `changes`) in the caller's transaction.

    Status changes come from steps taken on other records (a proposal confirmed in the child's
    country, a determination approved), whose services check who may take them; the request's
    version moves on, so that a form opened before the step is a conflict, not an overwrite.
    """
    check_step(request, status)
    now = timezone.now()
    type(request).objects.filter(pk=request.pk).update(
        status=status,
        status_changed_at=now,
        version=F("version") + 1,
        updated_at=now,
        updated_by=acting_user,
        **changes,
    )
    request.status, request.status_changed_at, request.updated_at = status, now, now
    request.version += 1
    for name, value in changes.items():
        setattr(request, name, value)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=request,
        fields=["status", *changes],
        detail={"status": status},
    )
