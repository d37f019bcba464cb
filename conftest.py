"""Fixtures shared by every app's tests."""

import os

import pytest

# Live-server browser tests call the ORM from Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """The live server answers one request at a time.

    SQLite's in-memory test database is shared between the server's threads with table locks,
    and a second writer gets "database is locked" at once, without waiting: two requests the
    browser sends together (an htmx search as you type and the form's submit), each writing its
    audit event, failed now and then. Django's single-threaded server closes each connection
    after its response, so the browser never waits on a kept-alive one.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # The live server thread already uses the test's connections (LiveServerThread.run).
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture
def world(db):
    """Two countries (KE, NP) with one user per role in each, and a system administrator."""
    from trygg.core.testing import build_world

    return build_world()


@pytest.fixture
def login(client):
    """login(user) logs the test client in with a passed second factor and returns the client."""
    from trygg.core.testing import verified_login

    def _login(user, the_client=None):
        c = the_client or client
        verified_login(c, user)
        return c

    return _login


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def api_login(api_client):
    """api_login(user) authenticates the API client with a session that passed the second factor."""
    from trygg.core.testing import verified_login

    def _login(user):
        verified_login(api_client, user)
        return api_client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    # Argon2 is deliberately slow; the fixture world creates 21 users per test. Tests of hashing
    # itself mark themselves `real_hashers` and get the production list.
    if "real_hashers" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttling and lockout counters live in the cache: start every test clean.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's Chromium (apt-get install chromium); no browser is ever downloaded.
    Headless unless pytest runs with --headed; nothing in the browser calls home."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (live server, Celery worker) run last, as Django orders them, and
    browser tests after them.

    A transactional test's database flush at the end empties the ISO countries a migration loads,
    which every other test needs. pytest-django sorts them last, but pytest then regroups tests by
    session-scoped parameters (pytest-playwright's `browser_name`), which can pull a browser test
    forwards. Transactional tests that follow one another get the countries back with
    `serialized_rollback=True`, except once Playwright has started: from then on Django hands out
    new connection objects that no longer carry the serialized data, hence browser tests last.
    """

    def is_transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        return bool(
            "transactional_db" in fixtures
            or "live_server" in fixtures
            or (marker is not None and marker.kwargs.get("transaction"))
        )

    items.sort(key=lambda item: (is_transactional(item), item.get_closest_marker("browser") is not None))
