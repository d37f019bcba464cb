"""The append-only audit trail."""

import uuid

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from trygg.core.querysets import ScopedQuerySet
from trygg.core.scoping import grants_for


class AuditQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = "view"):
        if action != "view":
            # Nobody changes or deletes audit events, not even through the API.
            return self.none()
        grants = grants_for(user, "auditevent.view")
        if not grants:
            return self.none()
        if any(g.is_global for g in grants):
            return self.all()
        from trygg.accounts.models import Membership

        countries = {g.country_id for g in grants}
        # Events about a country's records, plus logins of that country's users (which carry no
        # country of their own).
        members = Membership.objects.filter(user=OuterRef("actor"), country__in=countries)
        return self.filter(Q(country__in=countries) | Q(country__isnull=True) & Exists(members))

    def concerning(self, object_uuid):
        """Events about one record: writes, reads and exports of it, and searches that listed it.

        A search event lists many records, so it cannot carry them in `object_uuid`. Its results
        are stored twice in the same transaction: in `detail["results"]` (readable) and as
        `AuditEventSubject` rows (one per record, indexed). Matching goes through the subject rows
        with a plain indexed equality, which behaves the same on SQLite and PostgreSQL; matching
        inside the JSON would need PostgreSQL's `@>` or a string search on SQLite that could
        match a UUID which only appears in some other key.
        """
        listed = AuditEventSubject.objects.filter(object_uuid=object_uuid).values("event_id")
        return self.filter(Q(object_uuid=object_uuid) | Q(pk__in=listed))

    def update(self, **kwargs):
        raise AuditImmutable()

    def delete(self):
        raise AuditImmutable()


class AuditSubjectQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable()

    def delete(self):
        raise AuditImmutable()


class AuditImmutable(Exception):
    def __init__(self):
        super().__init__("Audit events are append-only: they cannot be changed or deleted.")


class AuditEvent(models.Model):
    """One thing that happened: a write, a read of a person's record, a login, an export."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        SEARCH = "search", _("Searched")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKOUT = "lockout", _("Locked out")
        LOGOUT = "logout", _("Logged out")
        SECOND_FACTOR = "second_factor", _("Second factor")
        TOKEN = "token", _("API token")
        IMPORT = "import", _("Imported")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    object_reference = models.CharField(_("record"), max_length=60, blank=True)
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    fields = models.JSONField(_("fields"), default=list, blank=True)
    # Identifiers only (UUIDs, counts, codes): never names or free text about a person.
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)
    channel = models.CharField(max_length=10, blank=True, help_text="web, api, task or command")

    objects = AuditQuerySet.as_manager()

    scope_subject = "auditevent"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["object_uuid", "at"]),
            # The data protection officer's list: one country's events, newest first.
            models.Index(fields=["country", "at"]),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable()

    @property
    def record_model(self):
        """The model class of the record (or of the search), or None when there is none."""
        label = self.object_type
        if not label and isinstance(self.detail, dict):
            # A search names the model it searched instead of one record.
            label = str(self.detail.get("model") or "")
        if not label:
            return None
        try:
            return apps.get_model(label)
        except (LookupError, ValueError):
            return None

    @property
    def record_type_label(self) -> str:
        """The record type in the reader's language, e.g. "person"."""
        model = self.record_model
        return str(model._meta.verbose_name) if model is not None else self.object_type

    @property
    def field_labels(self) -> list[str]:
        """The changed fields' names in the reader's language (names only, never values)."""
        model = self.record_model
        labels = []
        for name in self.fields or []:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name) if model else name)
            except FieldDoesNotExist:
                labels.append(name)
        return labels

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS.get(self.channel, self.channel))

    @property
    def result_uuids(self) -> list[str]:
        """The records a search or list page showed (search events only)."""
        results = (self.detail or {}).get("results") if isinstance(self.detail, dict) else None
        return [str(u) for u in results] if isinstance(results, list) else []

    @property
    def audit_query(self) -> str:
        """Which audit page a data protection officer opened, for events that record it."""
        return str((self.detail or {}).get("audit_query", "")) if isinstance(self.detail, dict) else ""

    @property
    def audit_query_label(self) -> str:
        return str(AUDIT_QUERY_LABELS.get(self.audit_query, self.audit_query))


AUDIT_QUERY_LABELS = {
    "record_access": _("Opened a record's access history"),
    "user_activity": _("Opened a user's activity"),
}

CHANNEL_LABELS = {
    "web": _("Web page"),
    "api": _("API"),
    "task": _("Background task"),
    "command": _("Command"),
}


class AuditEventSubject(models.Model):
    """One record an audit event concerns besides its own object, e.g. a person a search listed.

    Append-only like the events (model, queryset and database trigger refuse changes).
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.DO_NOTHING, related_name="subjects")
    object_uuid = models.UUIDField()

    objects = AuditSubjectQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["object_uuid", "event"])]
        verbose_name = _("audit event subject")
        verbose_name_plural = _("audit event subjects")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable()
