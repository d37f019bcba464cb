"""Trygg settings, read from the environment.

Two modes:
- embedded (default): SQLite in ./data, tasks run in-process, demo accounts may skip the second
  factor. Works with no variable set.
- production (TRYGG_ENV=production): refuses to start without SECRET_KEY and ALLOWED_HOSTS, always
  requires a second factor, secure cookies and HSTS.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRYGG_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TRYGG_ENV = os.environ.get("TRYGG_ENV", "embedded").strip().lower()
if TRYGG_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured("TRYGG_ENV must be 'embedded' or 'production'.")
PRODUCTION = TRYGG_ENV == "production"
TESTING = "pytest" in sys.modules or env_bool("TRYGG_TESTING")

if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "TRYGG_ENV=production needs SECRET_KEY set to a random value of at least 50 characters."
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("TRYGG_ENV=production needs ALLOWED_HOSTS (comma-separated).")
    DEBUG = False
else:
    # Embedded mode only: a fixed key is acceptable because the data never leaves the laptop and
    # production refuses to start without its own key.
    SECRET_KEY = os.environ.get(
        "SECRET_KEY", "embedded-only-not-secret-9c1f5b7e2a4d4f0e8b6a3c2d1e0f9a8b7c6d5e4f3a2b1c0d"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
    DEBUG = env_bool("DEBUG", False)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "trygg.core",
    "trygg.audit",
    "trygg.accounts",
    "trygg.geo",
    "trygg.people",
    "trygg.cases",
    "trygg.tracing",
    "trygg.care",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trygg.accounts.middleware.SessionLimitsMiddleware",
    "trygg.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trygg.audit.middleware.RequestContextMiddleware",
    # AxesMiddleware last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygg.urls"
WSGI_APPLICATION = "trygg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trygg.core.context_processors.trygg",
            ],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL says otherwise.
_default_sqlite = f"sqlite:///{DATA_DIR / 'trygg.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=0 if TESTING else 60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the server read while a task writes; a busy timeout avoids spurious "locked" errors.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # No JIT: our queries read a page of rows, and compiling them costs more (tens of ms) than
    # running them whenever the planner's estimate for a LIMIT query passes jit_above_cost.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: 30 minutes idle (the cookie is renewed on every request), 12 hours absolute
# (enforced by SessionLimitsMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Second factor. Only the embedded demo may let demo accounts skip it, never production.
TRYGG_DEMO_SKIP_2FA = (not PRODUCTION) and env_bool("TRYGG_DEMO_SKIP_2FA", True)
OTP_TOTP_ISSUER = "Trygg"
OTP_TOTP_TOLERANCE = 1

# Lockout (django-axes): 5 failures lock the e-mail address for an hour wherever they come from,
# and lock one browser at one address that tries many accounts. Not the address alone: a whole
# country office often shares one public address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "trygg.accounts.views.lockout_response"
AXES_VERBOSE = False
# django-axes logs usernames (e-mail addresses) at INFO: keep personal data out of logs.
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
LANGUAGE_COOKIE_NAME = "trygg_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files: served by the app itself (WhiteNoise), compressed, never from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING
MEDIA_ROOT = DATA_DIR / "media"

# Uploads: a location CSV is small; refuse oversize payloads early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Cache: local memory by default, Redis when REDIS_URL is set (throttling, lockout counters).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks: Celery is the one mechanism. Without a broker the embedded mode runs tasks
# in-process right after the transaction commits; with CELERY_BROKER_URL (e.g. Redis) they go to
# workers on other machines.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
# Daily digest of work due and overdue (counts and links only), sent by `celery beat`.
CELERY_BEAT_SCHEDULE = {
    "daily-work-reminders": {
        "task": "trygg.cases.tasks.send_daily_reminders",
        "schedule": crontab(hour=int(os.environ.get("TRYGG_REMINDER_HOUR", "6")), minute=0),
    },
}

# E-mail (the daily reminders): printed to the console in embedded mode, SMTP in production,
# or whatever EMAIL_BACKEND names. Links in e-mails start with TRYGG_BASE_URL.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trygg <trygg@localhost>")
TRYGG_BASE_URL = os.environ.get("TRYGG_BASE_URL", "http://127.0.0.1:8000")

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "trygg.accounts.api.authentication.ApiTokenAuthentication",
        "trygg.accounts.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "trygg.core.api.pagination.TryggPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "30/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "trygg.core.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
API_MAX_PAGE_SIZE = 200
# Rows in one case export (page or API); a larger selection is refused: narrow the filters.
CASE_EXPORT_MAX_ROWS = int(os.environ.get("CASE_EXPORT_MAX_ROWS", "10000"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygg API",
    "DESCRIPTION": "Case management and prevention for organisations that protect children "
    "from trafficking. Every endpoint is scoped to the caller's memberships.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a field called "status" or a shared rating scale: name their enums.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentRatingEnum": "trygg.cases.models.management.AssessmentRating",
        "CasePlanStatusEnum": "trygg.cases.models.management.CasePlan.Status",
        "CasePlanActionStatusEnum": "trygg.cases.models.management.CasePlanAction.Status",
        "ServiceReferralStatusEnum": "trygg.cases.models.management.ServiceReferral.Status",
        "TransferStatusEnum": "trygg.cases.models.management.Transfer.Status",
        "GenderEnum": "trygg.people.models.Gender",
        "TracingRequestStatusEnum": "trygg.tracing.codes.RequestStatus",
        "MatchProposalStatusEnum": "trygg.tracing.codes.ProposalStatus",
        "DeterminationStatusEnum": "trygg.tracing.codes.DeterminationStatus",
        "BatchRunStatusEnum": "trygg.tracing.codes.BatchStatus",
        "VerificationOutcomeEnum": "trygg.tracing.codes.VerificationOutcome",
        "VisitOutcomeEnum": "trygg.tracing.codes.VisitOutcome",
        "PanelDecisionEnum": "trygg.care.codes.PanelDecision",
        # Incident severity and a case's risk level share their codes (high, medium, low).
        "RiskLevelEnum": "trygg.cases.codes.RiskLevel",
    },
}

# Security headers. Production turns on everything `check --deploy` asks for.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive only consents to preloading; listing the domain is a separate, manual
    # submission by its owner. A deployment that must never be preloaded sets it false.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True

# Logging: no personal data. Request logs carry method, path and status only; the error handler
# never includes local variables or request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "trygg.core.logging.NoPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
ADMINS: list = []
