"""The location import task: in-process in the embedded mode, and on a real Celery worker over Redis.

The Redis tests start a Celery worker in a thread of the test process (celery.contrib.testing). The
worker opens its own database connection, so the data must be committed: the tests use a
transactional database. On SQLite pytest-django's test database is an in-memory database opened
with a shared-cache URI (file:memorydb_default?mode=memory&cache=shared), which every connection of
the process opens as the same database, so the worker thread sees what the test wrote. Shared-cache
SQLite locks whole tables and does not wait on a busy table, so the test never reads the database
while the worker may be writing: it waits for the task's result (or its end signal) first.
"""

import os
import threading
import uuid
from contextlib import contextmanager
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_postrun
from kombu import pools as kombu_pools

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.celery import app as celery_app
from trygg.geo.models import Location, LocationImport
from trygg.geo.services import start_location_import
from trygg.geo.tasks import run_location_import
from trygg.geo.tests.factories import LocationImportFactory

CSV = (
    "level,code,name,parent_code\n"
    "2,KE-30-01,Westlands,KE-30\n"
    "1,KE-30,Nairobi,\n"
    "3,KE-30-01-01,Parklands,KE-30-01\n"
)
REDIS_URL = os.environ.get("TRYGG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TASK_TIMEOUT = 60


@pytest.fixture
def eager_celery():
    """The embedded mode, whatever the environment says: tasks run in-process when enqueued."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = saved


# Embedded mode ------------------------------------------------------------------------------------


def test_task_imports_and_returns_a_summary(world, eager_celery):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    location_import = LocationImportFactory(country=world.ke, created_by=admin, content=CSV)
    summary = run_location_import.delay(location_import.pk).get()
    assert summary == {
        "import": str(location_import.uuid),
        "status": "done",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "errors": 0,
    }
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_uuid=location_import.uuid)
    assert (event.actor, event.channel) == (admin, "task")


def test_task_for_a_missing_import_does_nothing(db, eager_celery):
    assert run_location_import.delay(987654).get() == {"status": "missing"}


def test_service_enqueues_after_commit_and_the_import_runs(
    world, eager_celery, django_capture_on_commit_callbacks
):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        location_import = start_location_import(country=world.ke, content=CSV, acting_user=admin)
    # Nothing runs before the upload is committed.
    assert LocationImport.objects.get(pk=location_import.pk).status == LocationImport.Status.PENDING
    assert len(callbacks) == 1
    callbacks[0]()
    location_import.refresh_from_db()
    assert location_import.status == LocationImport.Status.DONE
    assert Location.objects.filter(country=world.ke).count() == 3


def test_an_unreachable_queue_marks_the_import_failed(world, django_capture_on_commit_callbacks):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with (
        mock.patch.object(run_location_import, "delay", side_effect=ConnectionError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        location_import = start_location_import(country=world.ke, content=CSV, acting_user=admin)
    location_import.refresh_from_db()
    assert location_import.status == LocationImport.Status.FAILED
    assert "could not be started" in location_import.errors[0]["message"]
    assert not Location.objects.exists()


# A real worker over Redis -----------------------------------------------------------------------


def _require_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except (redis.exceptions.RedisError, OSError) as exc:
        reason = f"Redis at {url} unreachable ({type(exc).__name__}: {exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Redis at {url} unreachable; CI requires it ({type(exc).__name__}: {exc})", pytrace=False
            )
        pytest.skip(f"{reason}; under CI=true this fails instead")


def _forget_connections(app) -> None:
    """Drop broker pools, producers and the result backend built from the previous settings."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.__dict__.pop("amqp", None)
    # Producer pools live in kombu's registry, keyed by broker: close and forget them all.
    kombu_pools.reset()
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_over_redis(app, url: str):
    """Point the project's Celery app at Redis (a queue of its own), then restore its settings."""
    queue = f"trygg-test-{uuid.uuid4().hex}"
    settings = {
        "broker_url": url,
        "result_backend": url,
        "task_always_eager": False,
        # Our own queue: another test run against the same Redis cannot take our tasks.
        "task_default_queue": queue,
        "worker_hijack_root_logger": False,
        "worker_enable_remote_control": False,
        "broker_connection_retry_on_startup": False,
        "result_expires": 300,
    }
    saved = {key: app.conf[key] for key in settings}
    _forget_connections(app)
    app.conf.update(settings)
    try:
        yield queue
    finally:
        _forget_connections(app)
        app.conf.update(saved)
        _delete_redis_keys(url, queue)


def _delete_redis_keys(url: str, queue: str) -> None:
    """Remove the test queue and its exchange bindings (named after the queue) from Redis."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)


@contextmanager
def worker_on_redis():
    """A Celery worker thread consuming from Redis; checks Redis first (fail under CI, else skip)."""
    _require_redis(REDIS_URL)
    before = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    with (
        celery_over_redis(celery_app, REDIS_URL),
        start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker,
    ):
        yield worker
    assert (celery_app.conf.broker_url, celery_app.conf.task_always_eager) == before


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning")
def test_import_runs_on_a_celery_worker_over_redis(transactional_db, world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    location_import = LocationImport.objects.create(country=world.ke, created_by=admin, content=CSV)
    with worker_on_redis():
        result = run_location_import.delay(location_import.pk)
        assert not isinstance(result, EagerResult)
        summary = result.get(timeout=TASK_TIMEOUT)
        result.forget()
    assert summary["status"] == "done"
    assert summary["created"] == 3
    location_import.refresh_from_db()
    assert location_import.status == LocationImport.Status.DONE
    assert dict(Location.objects.filter(country=world.ke).values_list("code", "parent__code")) == {
        "KE-30": None,
        "KE-30-01": "KE-30",
        "KE-30-01-01": "KE-30-01",
    }
    assert (
        AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_uuid=location_import.uuid).channel
        == "task"
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning")
def test_an_upload_is_imported_by_the_worker_after_commit(transactional_db, world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    finished = threading.Event()

    def on_postrun(sender=None, **kwargs):
        if sender is not None and sender.name == run_location_import.name:
            finished.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        with worker_on_redis():
            # No surrounding transaction: the service's own commit enqueues the task on Redis.
            location_import = start_location_import(country=world.ke, content=CSV, acting_user=admin)
            assert finished.wait(TASK_TIMEOUT), "the worker did not run the import"
    finally:
        task_postrun.disconnect(on_postrun)
    location_import.refresh_from_db()
    assert location_import.status == LocationImport.Status.DONE
    assert Location.objects.filter(country=world.ke).count() == 3
