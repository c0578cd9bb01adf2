"""Settings for ipplan, read from environment variables.

With no variable set, ipplan runs embedded: DEBUG on, a SQLite file in the project, Celery
jobs executed in-process. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL (PostgreSQL) and REDIS_URL (broker and cache); see docker-compose.yml.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true"}
_FALSE = {"0", "false"}


def env_str(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    """Accept only true/false/1/0: a typo such as DEBUG=yes must fail, not mean False."""
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected true, false, 1 or 0")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-ipplan-embedded-mode-only"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "csp",
    "core",
    "agencies",
    "tasks",
    "indicators",
    "notifications",
    "api",
    "ipplan.axes_app.LoginThrottleConfig",  # django-axes, named in Chinese
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agencies.access.request_memberships_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ipplan.errors.ErrorPageMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: answers a locked-out login with ipplan.logins.locked_out.
    "axes.middleware.AxesMiddleware",
]
CSRF_FAILURE_VIEW = "ipplan.errors.csrf_failure"

ROOT_URLCONF = "ipplan.urls"

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
                "agencies.context_processors.access",
                "notifications.context_processors.unread_notifications",
            ],
            "builtins": ["ipplan.formats"],
        },
    },
]

WSGI_APPLICATION = "ipplan.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Persistent connections, checked before each request reuses one: after PostgreSQL restarts
# the first request gets a fresh connection instead of failing on the dead one.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite keeps no persistent connections; WAL lets the dev server read while writing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (ipplan/logins.py): an account is locked after IPPLAN_LOGIN_ACCOUNT_LIMIT
# failed logins, an address after IPPLAN_LOGIN_ADDRESS_LIMIT, for IPPLAN_LOGIN_LOCK_MINUTES.
AUTHENTICATION_BACKENDS = [
    "ipplan.logins.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("IPPLAN_LOGIN_ACCOUNT_LIMIT", 5)
IPPLAN_LOGIN_ADDRESS_LIMIT = env_int("IPPLAN_LOGIN_ADDRESS_LIMIT", 30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("IPPLAN_LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "ipplan.logins.AccountAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "ipplan.logins.locked_out"
AXES_CLIENT_IP_CALLABLE = "ipplan.logins.client_address"
AXES_VERBOSE = False
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (0: none, use REMOTE_ADDR).
IPPLAN_PROXY_COUNT = env_int("IPPLAN_PROXY_COUNT", 0)

# Argon2id first (ipplan/hashers.py: why these parameters); PBKDF2, Django's default until
# 2026-11, after it so that existing hashes still verify: each is re-made as Argon2id at the
# person's next login.
PASSWORD_HASHERS = [
    "ipplan.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese for third-party strings that ship without it (django-axes in the admin).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Redis is the Celery broker and the cache when configured; without it Celery runs jobs
# in-process (eager) and the cache lives in memory, so the embedded mode needs nothing.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
if CELERY_TASK_ALWAYS_EAGER:
    # Jobs run in-process; the in-memory transport keeps kombu from looking for an AMQP
    # server on localhost (and warning "No hostname was supplied") when a job is sent.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")

if REDIS_URL:
    CACHES = {
        # Django's RedisCache, sharing one client per connection pool (ipplan/cache.py).
        # Short socket timeouts: a Redis that stops answering costs a request at most a
        # second, then the cache is bypassed (ipplan/cache.py RETRY_AFTER).
        "default": {
            "BACKEND": "ipplan.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            # Sites that share one Redis database keep their keys apart (and so do the
            # test suite's parallel workers: tests/parallel_workers.py).
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost" if DEBUG else None)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ipplan@localhost" if DEBUG else None)

# --- notifications: reminders, 催办 and 督办 (docs/reminders.md) -------------------------
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Where EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes messages.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
# Links in emails and webhook payloads point here (required in production).
IPPLAN_BASE_URL = env_str("IPPLAN_BASE_URL", "http://127.0.0.1:8000" if DEBUG else None) or ""
IPPLAN_BASE_URL = IPPLAN_BASE_URL.rstrip("/")
# Delivery rows per Celery task (a message to one person is never split).
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 500)
# Loaded into django-celery-beat's tables at beat start; edit times in the admin after.
CELERY_BEAT_SCHEDULE = {
    "open-due-periods": {
        "task": "notifications.jobs.open_due_periods",
        "schedule": crontab(hour=0, minute=5),
    },
    "mark-late-reports": {
        "task": "notifications.jobs.mark_late_reports",
        "schedule": crontab(hour=0, minute=15),
    },
    "send-due-reminders": {
        "task": "notifications.jobs.send_due_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "resume-deliveries": {
        "task": "notifications.jobs.resume_deliveries",
        "schedule": crontab(minute="*/5"),
    },
    "send-weekly-digest": {
        "task": "notifications.jobs.send_weekly_digest",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon"),
    },
    # Imports and exports that never reached a worker, and those whose worker died.
    "sweep-background-jobs": {
        "task": "tasks.jobs.sweep_jobs",
        "schedule": crontab(minute="*"),
    },
}
# --- end notifications ------------------------------------------------------------------

# Uploaded plan documents larger than this are refused with a message, not parsed.
IPPLAN_MAX_DOCUMENT_BYTES = env_int("IPPLAN_MAX_DOCUMENT_BYTES", 5 * 1024 * 1024)
# An uploaded Excel template is refused, before it is parsed, beyond these (a real template
# stays far below; within them a parse takes a few hundred milliseconds).
IPPLAN_EXCEL_MAX_INFLATED_BYTES = env_int("IPPLAN_EXCEL_MAX_INFLATED_BYTES", 8 * 1024 * 1024)
IPPLAN_EXCEL_MAX_ROWS = env_int("IPPLAN_EXCEL_MAX_ROWS", 1000)
IPPLAN_EXCEL_MAX_CELLS = env_int("IPPLAN_EXCEL_MAX_CELLS", 30000)
# Attachments to progress reports (PDF, Word, Excel, images) larger than this are refused.
IPPLAN_MAX_ATTACHMENT_BYTES = env_int("IPPLAN_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IPPLAN_MAX_DOCUMENT_BYTES + 1024 * 1024

# REST API v1 (api/): tokens or the web session, scopes, per-token throttling, one error shape.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"session": env_str("IPPLAN_API_SESSION_RATE", "600/min")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StablePageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ipplan API",
    "VERSION": "1.0.0",
    "DESCRIPTION": "行动计划督查系统接口 / REST API of ipplan. See docs/api.md.",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    # Vendored under static/vendor/ (see its README): the docs pages load nothing from a CDN.
    "SWAGGER_UI_DIST": f"/{STATIC_URL}vendor/swagger-ui-dist",
    "SWAGGER_UI_FAVICON_HREF": f"/{STATIC_URL}vendor/swagger-ui-dist/favicon-32x32.png",
    "REDOC_DIST": f"/{STATIC_URL}vendor/redoc",
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": True,
        "persistAuthorization": True,
        "validatorUrl": None,
    },
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "agencies.models.Agency.Kind",
        "IndicatorKindEnum": "indicators.models.Indicator.Kind",
        "PeriodKindEnum": "tasks.models.reporting.ReportingPeriod.Kind",
        "PeriodStatusEnum": "tasks.models.reporting.ReportingPeriod.Status",
        "PlanStatusEnum": "tasks.models.plans.Plan.Status",
        "MeasureStatusEnum": "tasks.models.plans.Measure.Status",
        "ReportStatusEnum": "tasks.models.reporting.ProgressReport.State",
        "AssignmentRoleEnum": "tasks.models.plans.Assignment.Role",
        "RevisionStatusEnum": "tasks.models.revisions.PlanRevision.Status",
    },
}

# Secure defaults whenever DEBUG is off; each can be relaxed for a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own static files, never inline
# (page data travels in data-* attributes and json_script blocks); <style> elements only
# with the request's nonce (the printable report and notice, which must stay
# self-contained for PDF); style="" attributes are allowed for the widths and positions the
# server computes (Gantt bars, progress bars) and the charts' tooltips. The API's Redoc page
# relaxes this for itself (api/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own console handler (DEBUG only) would print each of its lines a second time
    # beside the root's: its loggers keep no handler of their own and reach the root once.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# Production refuses to start half-configured: with DEBUG off each of these must be set, and
# the error names every one that is missing (the embedded mode, DEBUG on, needs none).
_PRODUCTION_REQUIRED = {
    "SECRET_KEY": (SECRET_KEY, "a long random string (or SECRET_KEY_FILE)"),
    "ALLOWED_HOSTS": (ALLOWED_HOSTS, "the host names people use, e.g. ipplan.example.gov.cn"),
    "IPPLAN_BASE_URL": (
        IPPLAN_BASE_URL,
        "the address people open ipplan at, e.g. https://ipplan.example.gov.cn; links in "
        "e-mails and webhooks point there",
    ),
}
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _PRODUCTION_REQUIRED["EMAIL_HOST"] = (EMAIL_HOST, "the SMTP server reminders are sent through")
    _PRODUCTION_REQUIRED["DEFAULT_FROM_EMAIL"] = (
        DEFAULT_FROM_EMAIL,
        "the sender address of reminders, e.g. ipplan@example.gov.cn",
    )
if not DEBUG:
    _missing = [
        f"  {name}: {meaning}"
        for name, (value, meaning) in _PRODUCTION_REQUIRED.items()
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DEBUG is false (production) but these variables are not set (see .env / "
            "docs/operations.md):\n" + "\n".join(_missing)
        )
    if not IPPLAN_BASE_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"IPPLAN_BASE_URL={IPPLAN_BASE_URL!r}: expected an address such as "
            "https://ipplan.example.gov.cn"
        )
