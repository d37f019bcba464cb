"""Celery: the one task mechanism. Embedded mode runs tasks in-process (no broker needed)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")

app = Celery("trygg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
