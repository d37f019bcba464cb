"""Production mode (TRYGG_ENV=production), run as a real process with a clean environment.

Settings are read once per process, so each case starts `manage.py` with only the variables it
names: nothing leaks in from the developer's shell or from the test settings.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SECRET = secrets.token_urlsafe(45)[:60]
PRODUCTION = {"TRYGG_ENV": "production", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "trygg.example.org"}


def run(tmp_path, *args, env, script=None):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "TRYGG_DATA_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        **env,
    }
    command = [sys.executable, "-c", script] if script else [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        command, env=clean, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRYGG_ENV": "production"}, "needs SECRET_KEY"),
        ({"TRYGG_ENV": "production", "SECRET_KEY": "too-short-to-be-a-real-secret"}, "needs SECRET_KEY"),
        ({"TRYGG_ENV": "production", "SECRET_KEY": SECRET}, "needs ALLOWED_HOSTS"),
    ],
    ids=["no-secret-key", "short-secret-key", "no-allowed-hosts"],
)
def test_production_refuses_to_start_without_its_secrets(tmp_path, env, message):
    result = run(tmp_path, "check", env=env)
    assert result.returncode != 0
    assert f"TRYGG_ENV=production {message}" in result.stderr


def test_production_passes_the_deployment_checklist(tmp_path):
    result = run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_ignores_debug_and_demo_shortcuts(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.TRYGG_DEMO_SKIP_2FA, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)"
    )
    env = {
        **PRODUCTION,
        "DEBUG": "true",
        "TRYGG_DEMO_SKIP_2FA": "true",
        "DJANGO_SETTINGS_MODULE": "trygg.settings",
    }
    result = run(tmp_path, env=env, script=script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "True", "True"]


def test_demo_data_is_refused_in_production(tmp_path):
    result = run(tmp_path, "load_demo", env=PRODUCTION)
    assert result.returncode != 0
    assert "embedded mode only" in result.stderr


# A real production process answering an unknown address and a failing view. The response and
# everything the process logs must hold neither the name in the address or the error, nor debug
# output. Static files use the plain storage here: the manifest needs `collectstatic` first.
ERROR_PAGES_SCRIPT = """
import django
from django.test import Client
from django.test.utils import override_settings

django.setup()
storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(ROOT_URLCONF="trygg.core.tests.error_urls", STORAGES=storages):
    client = Client(raise_request_exception=False, HTTP_HOST="trygg.example.org")
    for path in ("/people/Am%C3%A9lie-Wanjiru/", "/boom/"):
        response = client.get(path, secure=True)
        print("STATUS", response.status_code)
        print(response.content.decode())
"""


def test_production_error_pages_and_logs_hold_no_personal_data(tmp_path):
    env = {**PRODUCTION, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "trygg.settings"}
    result = run(tmp_path, env=env, script=ERROR_PAGES_SCRIPT)
    assert result.returncode == 0, result.stderr
    assert "STATUS 404" in result.stdout
    assert "STATUS 500" in result.stdout
    assert "Page not found" in result.stdout
    assert "Something went wrong" in result.stdout
    pages, logs = result.stdout, result.stderr
    for leak in ("Traceback", "DEBUG = True", "SECRET_KEY", "ValueError"):
        assert leak not in pages, leak
    for leak in ("Amélie", "Amelie", "Am%C3%A9lie", "Wanjiru", "2012-03-04"):
        assert leak not in pages, leak
        assert leak not in logs, leak
    # The failure is logged, with method and path only.
    assert "GET /boom/" in result.stderr
