"""Bookkeeping of the daily reminders about work due (not case data)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ReminderDigest"]


class ReminderDigest(models.Model):
    """One user's daily reminder: which day, the counts it carried, when it was sent.

    At most one per user and day, so running the reminder task twice sends nothing twice.
    `counts` holds numbers per kind of work only, never names or case references.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    counts = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "user_id"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_digest_once_per_day")]

    def __str__(self):
        return f"reminder {self.user_id} {self.day}"
