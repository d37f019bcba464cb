"""Who is acting and through which channel, for the audit events written during a request or task."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    ip_address: str | None = None
    request_id: str = ""
    channel: str = ""


# AuditContext is a frozen dataclass, so sharing one default instance is safe.
_current: ContextVar[AuditContext] = ContextVar("trygg_audit_context", default=AuditContext())  # noqa: B039


def current() -> AuditContext:
    return _current.get()


def bind(context: AuditContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
