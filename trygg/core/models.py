"""Base models every domain model builds on."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .querysets import ScopedManager, ScopedModelMixin


class DomainModel(ScopedModelMixin, models.Model):
    """Abstract base: UUID for URLs, timestamps, authorship, a version for conflicts, soft delete."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        abstract = True


class ReferenceCounter(models.Model):
    """The last number handed out for a readable reference series (e.g. persons in Kenya)."""

    series = models.CharField(max_length=40, unique=True)
    last_value = models.PositiveBigIntegerField(default=0)

    @classmethod
    def next_value(cls, series: str) -> int:
        """Next number in the series, safe under concurrent writers (row lock on PostgreSQL)."""
        with transaction.atomic():
            counter, _created = cls.objects.select_for_update().get_or_create(series=series)
            counter.last_value = models.F("last_value") + 1
            counter.save(update_fields=["last_value"])
            counter.refresh_from_db(fields=["last_value"])
            return counter.last_value
