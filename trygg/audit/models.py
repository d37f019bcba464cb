"""The append-only audit trail."""

import uuid

from django.conf import settings
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
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable()
