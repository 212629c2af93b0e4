"""The only settings module of Aglomera. Every value comes from an environment variable.

A fresh clone runs with no configuration: SQLite under var/, console e-mail, DEBUG on.
With APP_ENV=production the insecure defaults are refused at import time.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

APP_ENV = env_str("APP_ENV", "development")
if APP_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("APP_ENV must be development, test or production")
PRODUCTION = APP_ENV == "production"

DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 - dev default
SECRET_KEY = env_secret("SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Host names of the shared portal (`/<lang>/<agglomeration>/`); any other allowed host is looked
# up among the host names bound to an agglomeration (aglomera/portal/hosts.py).
PORTAL_SHARED_HOSTS = env_list(
    "PORTAL_SHARED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"]
)


def _guessable(key: str) -> bool:
    """Trivially low entropy: few distinct characters, or a short run repeated (abcabcabc...)."""
    return len(set(key)) < 10 or re.fullmatch(r"(.{1,16}?)\1+", key, re.DOTALL) is not None


if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Set SECRET_KEY (at least 32 characters) in production.")
    if _guessable(SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY is trivially guessable (few distinct characters or a repeated pattern). "
            "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "django_tasks",
    "aglomera.core",
    "aglomera.accounts",
    "aglomera.agglomerations",
    "aglomera.strategy",
    "aglomera.calls",
    "aglomera.intentions",
    "aglomera.committee",
    "aglomera.monitoring",
    "aglomera.notifications",
    "aglomera.portal",
    "aglomera.news",
    "aglomera.cooperation",
    # The REST API (/api/v1/, docs/api.md): token authentication only, JSON only.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "aglomera.api",
    # The demo (manage.py load_demo: superuser admin / demo12345) is not installed in production.
    *([] if PRODUCTION else ["aglomera.demo"]),
    # After aglomera.monitoring, whose `db_worker` (this worker + expiring stale jobs) wins.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aglomera.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A host name bound to one agglomeration serves its portal at the root (portal/hosts.py);
    # before LocaleMiddleware, which reads the request's URL configuration.
    "aglomera.portal.hosts.PortalHostMiddleware",
    # Django's LocaleMiddleware, except that the API's 404s stay JSON (no redirect to /<lang>/).
    "aglomera.api.middleware.LocaleMiddleware",
    # Refuses oversized bodies from Content-Length: before anything reads the body (CSRF).
    "aglomera.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "aglomera.core.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSPMiddleware: the page it renders takes the CSP nonce.
    "aglomera.core.middleware.MethodNotAllowedPageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "aglomera.core.context_processors.languages",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        engine = env_str("DB_ENGINE", "sqlite")
        if engine == "sqlite":
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            config = {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": env_str("DB_NAME", str(VAR_DIR / "aglomera.sqlite3")),
            }
        elif engine == "postgres":
            config = {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": env_str("DB_NAME", "aglomera"),
                "USER": env_str("DB_USER", "postgres"),
                "PASSWORD": env_secret("DB_PASSWORD"),
                "HOST": env_str("DB_HOST", "127.0.0.1"),
                "PORT": env_str("DB_PORT", "5432"),
                "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            }
        else:
            raise ImproperlyConfigured("DB_ENGINE must be sqlite or postgres")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several writers (runserver threads, tests) must wait for the lock, not fail.
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("TEST", {"NAME": env_str("DB_TEST_NAME") or None})
    return config


if PRODUCTION and not (env_str("DATABASE_URL") or env_str("DB_ENGINE") == "postgres"):
    raise ImproperlyConfigured("Set DATABASE_URL or DB_ENGINE=postgres in production.")

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "aglomera.accounts.backends.AgglomerationRoleBackend",
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
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login rate limit (django-axes, aglomera/accounts/login_limits.py): lock a username+address
# pair after LOGIN_FAILURE_LIMIT failures, and an address after LOGIN_IP_FAILURE_LIMIT failures
# across usernames (password spraying), both within LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Password-reset links asked for per hour: per e-mail address and per client address
# (aglomera/accounts/reset_limits.py).
RESET_LIMIT_PER_ADDRESS = env_int("RESET_LIMIT_PER_ADDRESS", 3)
RESET_LIMIT_PER_CLIENT = env_int("RESET_LIMIT_PER_CLIENT", 20)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "aglomera.accounts.login_limits.LoginLimitHandler"
AXES_CLIENT_IP_CALLABLE = "aglomera.accounts.client_ip.client_ip"
# Addresses or networks (CIDR) of the reverse proxies in front of the app servers: their
# X-Forwarded-For is believed (aglomera/accounts/client_ip.py). Production requires the variable
# to be set; TRUSTED_PROXIES= (empty) says that clients reach the app servers directly.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network"
        ) from _error
if PRODUCTION and "TRUSTED_PROXIES" not in os.environ:
    raise ImproperlyConfigured(
        "Set TRUSTED_PROXIES in production: the address of the reverse proxy (e.g. 10.0.0.5 or "
        "10.0.0.0/24), or TRUSTED_PROXIES= (empty) when clients reach the app servers directly."
    )
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("LOGIN_RATE_LIMIT", default=True)

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, times and numbers per language (cs 6. 12. 2026, pl 06.12.2026, en 6 December 2026).
FORMAT_MODULE_PATH = ["aglomera.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Prague"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))


def _plotly_js_dir() -> Path:
    """plotly.js as bundled in the plotly package (never a CDN), found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("plotly")
    if spec is None or spec.origin is None:  # pragma: no cover - plotly is a locked dependency
        raise ImproperlyConfigured("plotly is missing: pip install -r requirements.lock")
    return Path(spec.origin).parent / "package_data"


def _leaflet_dir() -> Path:
    """Leaflet's own files, from the django-leaflet package. The package is not an installed
    app: its admin module needs GDAL (django.contrib.gis), which the portal's map does not."""
    from importlib.util import find_spec

    spec = find_spec("leaflet")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - locked
        raise ImproperlyConfigured("django-leaflet is missing: pip install -r requirements.lock")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "leaflet"


# Templates load {% static 'plotly/plotly.min.js' %} and {% static 'leaflet/leaflet.js' %}.
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [
    BASE_DIR / "static",
    ("plotly", _plotly_js_dir()),
    ("leaflet", _leaflet_dir()),
]
# Map tiles of the portal's project map: none by default, since tiles from a tile server are a
# third-party request (the portal makes none). An operator who runs or contracts a tile server
# may set e.g. "https://tiles.example.org/{z}/{x}/{y}.png" (and allow it in img-src).
PORTAL_TILE_URL = env_str("PORTAL_TILE_URL", "")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Cached public pages and dashboard figures (portal/page_cache.py, core/freshness.py): dropped at
# once by any write to the product's data, and kept at most this many seconds. With several app
# servers or a worker, set REDIS_URL so that all of them share the cache and see each other's
# writes; with the per-process default a write reaches other processes only after this time.
# The test settings turn both off (0); the tests of the caches turn them on.
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 0 if APP_ENV == "test" else 300)
PORTAL_CACHE_MAX_BYTES = env_int("PORTAL_CACHE_MAX_BYTES", 2 * 1024 * 1024)
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 0 if APP_ENV == "test" else 300)

# The REST API (aglomera/api, docs/api.md). Only token authentication: a browser's session is not
# used by the API, so no API request relies on a cookie (and none needs a CSRF token).
# Throttling counts in the default cache above (Redis when REDIS_URL is set, shared by the app
# servers; per process otherwise): API_ANON_RATE per client address, API_USER_RATE per token.
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "aglomera.api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "aglomera.api.throttling.AnonThrottle",
        "aglomera.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "600/minute"),
    },
    "EXCEPTION_HANDLER": "aglomera.api.exceptions.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Aglomera API",
    "DESCRIPTION": (
        "Public data of the agglomerations (strategy, calls, projects, steering committee, "
        "money funnel) and the staff's pipeline actions. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "ENUM_NAME_OVERRIDES": {
        "IntentionStatusEnum": "aglomera.api.serializers.INTENTION_STATES",
        "PublicCallStatusEnum": "aglomera.api.serializers.PUBLIC_CALL_STATES",
        "CallPhaseEnum": "aglomera.api.serializers.CALL_PHASES",
        "FunnelStageEnum": "aglomera.api.serializers.FUNNEL_STAGES",
        "RecommendationStepEnum": "aglomera.api.serializers.RECOMMENDATIONS",
        "DatePrecisionEnum": "aglomera.api.serializers.DATE_PRECISIONS",
        "MoneyBasisEnum": "aglomera.api.serializers.MONEY_BASES",
        "ExchangeKindEnum": "aglomera.api.serializers.EXCHANGE_KINDS",
        "JointIdeaStatusEnum": "aglomera.api.serializers.IDEA_STATES",
        "CardVisibilityEnum": "aglomera.api.serializers.CARD_VISIBILITIES",
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "aglomera@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)

# Background tasks (django-tasks): run at once in-process by default (development, tests); with
# TASKS_BACKEND=database they are queued in the database and run by `manage.py db_worker`
# (django-tasks-db), one or more processes on any machine with the same settings.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be immediate or database")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# A running import or report holds a lease of this many seconds, renewed by its worker about
# every third of it; once it has run out (the worker was killed), the job is marked failed and
# can be started again (`manage.py expire_stale_jobs`, the worker itself and the job pages).
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 120)
if JOB_LEASE_SECONDS < 1:
    raise ImproperlyConfigured("JOB_LEASE_SECONDS must be at least 1")
# Notifications: links in e-mails start with SITE_URL; reminders go out REMINDER_DAYS before a
# call's deadline and REMINDER_HOURS before a per rollam voting window closes.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
REMINDER_DAYS = env_int("REMINDER_DAYS", 3)
REMINDER_HOURS = env_int("REMINDER_HOURS", 24)

# Security headers and cookies: secure by default, relaxed only for plain-http development.
SECURE_HTTPS = env_bool("SECURE_HTTPS", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Signed-in users are logged out after this many minutes without a request
# (aglomera/core/middleware.py: IdleSessionMiddleware notes the time in the session at most once
# a minute, which also renews the session's expiry, SESSION_COOKIE_AGE).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be at least 1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Request bodies are refused from their Content-Length before they are read
# (aglomera/core/request_size.py): forms with attachments up to UPLOAD_REQUEST_MAX_BYTES in all,
# imports up to IMPORT_MAX_BYTES plus REQUEST_MAX_BYTES, every other request REQUEST_MAX_BYTES.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 2621440)
UPLOAD_REQUEST_MAX_BYTES = env_int("UPLOAD_REQUEST_MAX_BYTES", 5 * UPLOAD_MAX_BYTES)
if UPLOAD_REQUEST_MAX_BYTES < UPLOAD_MAX_BYTES:
    raise ImproperlyConfigured("UPLOAD_REQUEST_MAX_BYTES must be at least UPLOAD_MAX_BYTES")
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
# Attachments of project intentions: the kinds accepted (checked by content, see
# aglomera/intentions/uploads.py) and where they are stored: outside the web root, never under
# MEDIA_URL; they are served only through a view that checks the permission.
UPLOAD_ALLOWED_TYPES = env_list(
    "UPLOAD_ALLOWED_TYPES", ["pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg"]
)
# Optional virus scan of attachments by a running clamd (aglomera/core/clamd.py):
# unix:///run/clamav/clamd.ctl or tcp://127.0.0.1:3310; empty = no scan. When set, an upload is
# refused whenever clamd cannot be reached or answer within CLAMD_TIMEOUT seconds.
CLAMD_ADDRESS = env_str("CLAMD_ADDRESS").strip()
if CLAMD_ADDRESS and not CLAMD_ADDRESS.startswith(("unix:///", "tcp://")):
    raise ImproperlyConfigured(
        "CLAMD_ADDRESS must be unix:///path/to/clamd.socket or tcp://host:port (or empty)."
    )
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Private files (attachments, imported lists, generated reports) live in ONE storage that every
# app server and worker shares, used only through storages["private"]
# (aglomera/core/private_files.py): a shared folder by default (an NFS mount on several
# machines; files 0600, folders 0700), or an S3-compatible bucket with PRIVATE_STORAGE=s3
# (django-storages; keep the bucket private).
PRIVATE_STORAGE = env_str("PRIVATE_STORAGE", "filesystem")
if PRIVATE_STORAGE == "filesystem":
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": PRIVATE_MEDIA_ROOT,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
elif PRIVATE_STORAGE == "s3":
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("PRIVATE_STORAGE=s3 needs S3_BUCKET")
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            # Empty: boto3's own chain (instance role, ~/.aws, AWS_* variables).
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("S3_PREFIX").strip("/"),
            "addressing_style": env_str("S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # no ACL header: objects stay as private as the bucket
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("PRIVATE_STORAGE must be filesystem or s3")
# Lists of operations from managing authorities (monitoring imports) may be far larger than an
# attachment; they are kept in the private storage (imports/) and refused above this size.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 100 * 1024 * 1024)
# A list's first sheet (or CSV) may span at most this many cells, rows x columns counted from A1,
# and this many columns; larger files are refused before they are read (the workbook reader
# allocates the whole block). 10 million cells = 100,000 rows of 100 columns.
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 10_000_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500)
# The whole real third-party lists some tests read (only slices are committed; DATA_SOURCES.md):
# the steering repo's shared/data/real.
SHARED_DATA_DIR = Path(
    env_str("SHARED_DATA_DIR", str(BASE_DIR.parent / "shared" / "data" / "real"))
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 403 or a suspicious request is logged as one line, without a traceback.
    "filters": {"denials_on_one_line": {"()": "aglomera.core.log_filters.DenialsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["denials_on_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # fontTools (used by fpdf2 for the statement PDFs) logs every font subsetting at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Only through the console handler above (not also through Django's default handlers).
        "django.request": {"handlers": ["console"], "propagate": False},
        "django.security": {"handlers": ["console"], "propagate": False},
    },
}
