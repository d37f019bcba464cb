"""Helpers that every app's services use: versioned updates, scope re-checks, soft delete."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConflictError(Exception):
    """Someone else saved the record since this edit started."""

    def __init__(self, obj, expected_version, current_version):
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            _(
                "This record was changed by someone else while you were editing it (your version "
                "%(expected)s, now %(current)s). Reload it, check their changes and try again."
            )
            % {"expected": expected_version, "current": current_version}
        )


class OutOfScope(PermissionDenied):
    """The write would leave the record outside the acting user's scope."""


def ensure_four_eyes(submitted_by_id, acting_user, message, *, error=PermissionDenied) -> None:
    """A decision on something a person submitted is taken by someone else (the four-eyes rule):
    case plans, closures, legal bases, best-interests determinations, placement decisions.

    `message` says who must decide instead; `error` is the exception the caller's views expect.
    """
    if submitted_by_id is not None and submitted_by_id == acting_user.pk:
        raise error(message)


def apply_changes(obj: models.Model, data: Mapping) -> list[str]:
    """Set the given attributes; return the names of the fields whose value changed."""
    changed = []
    for name, value in data.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            continue
        attname = field.attname
        current = getattr(obj, attname)
        new = value.pk if isinstance(value, models.Model) else value
        if current != new:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def save_versioned(obj, *, expected_version: int | None, acting_user, changed: Iterable[str]) -> None:
    """Save `obj` only if nobody saved it since `expected_version`; bump the version.

    The compare-and-set is one UPDATE ... WHERE version = expected, so two concurrent writers can
    never both succeed, on SQLite or PostgreSQL.
    """
    model = type(obj)
    changed = list(changed)
    if expected_version is None:
        expected_version = obj.version
    current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current != expected_version:
        raise ConflictError(obj, expected_version, current)
    obj.updated_by = acting_user
    obj.updated_at = timezone.now()
    fields = {name: getattr(obj, obj._meta.get_field(name).attname) for name in changed}
    rows = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=expected_version + 1,
        updated_by=acting_user,
        updated_at=obj.updated_at,
        **{obj._meta.get_field(name).attname: value for name, value in fields.items()},
    )
    if rows != 1:
        current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise ConflictError(obj, expected_version, current)
    obj.version = expected_version + 1


def ensure_in_scope(obj, user, action: str = "change") -> None:
    """Re-check inside the transaction that the user may still act on the record; else roll back."""
    if not type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists():
        raise OutOfScope(_("The record would be outside your scope."))


def soft_delete(obj, *, acting_user, expected_version: int | None = None, also_changed=()) -> None:
    """Hide the record; nothing is erased (erasure is a separate, reviewed workflow)."""
    obj.is_deleted = True
    obj.deleted_at = timezone.now()
    save_versioned(
        obj,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=["is_deleted", "deleted_at", *also_changed],
    )
