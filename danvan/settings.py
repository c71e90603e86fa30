"""Settings for danvan, read from the environment (every setting: docs/configuration.md)."""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_redis_url, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Local .env (development): the environment wins over it; see core/env.py -------------
load_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: DEBUG is on, so this never serves production traffic.
    SECRET_KEY = "django-insecure-danvan-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_filters",
    "django_tables2",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "core.apps.LoginAttemptsConfig",
    # Ours, in the order of their dependencies (docs/architecture.md): each imports only those above it.
    "core",
    "units",
    "imports",
    "models_registry",
    "surveys",
    "documents",
    "reports",
    "dashboard",
    "devtools",
]

MIDDLEWARE = [
    "core.middleware.RequestSizeLimitMiddleware",  # first: refuses a body too large before anything reads it
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out login into the lockout page
]

ROOT_URLCONF = "danvan.urls"

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
                "units.context_processors.permissions",
                "units.context_processors.governing_body",
            ],
            "builtins": ["core.template_filters"],
        },
    },
]

WSGI_APPLICATION = "danvan.wsgi.application"

# SQLite in the project folder by default, so `make run` works anywhere;
# PostgreSQL in production through DATABASE_URL=postgres://user:pass@host:5432/name.
# Production keeps each connection open for DATABASE_CONN_MAX_AGE seconds (opening one starts a
# PostgreSQL server process: more work than most pages), checked before reuse so a restarted
# database costs no error. Development closes it after each request: runserver opens a thread per
# request, and kept connections would pile up.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")


def sqlite_sibling(name, suffix: str) -> str:
    """The file beside SQLite file `name` whose stem ends in `suffix` (db.sqlite3 -> db-progress.sqlite3)."""
    path = Path(name)
    return str(path.with_name(f"{path.stem}{suffix}{path.suffix}"))


# The task worker (docs/tasks.md) writes an import's progress and heartbeat through a second
# connection, "progress", so that web processes see them while the import's transaction is open.
# PostgreSQL: the same database. SQLite: the import's transaction holds the file's only write lock,
# so progress goes to a small file of its own beside it (db-progress.sqlite3), which holds only
# that table (imports/progress.py routes it); `migrate --database progress`.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # A web process and the task worker write concurrently: each write transaction takes the
        # lock when it begins (no deadlock on upgrading a read), and waits up to `timeout` seconds
        # for the other's. WAL: pages keep reading while an import writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 25,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    # Tests on a file too, not Django's shared-cache in-memory database: the task worker of
    # tests/test_worker.py is another process, and the progress file must be another file.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    DATABASES["progress"] = {
        **DATABASES["default"],
        "NAME": sqlite_sibling(DATABASES["default"]["NAME"], "-progress"),
        "TEST": {"NAME": sqlite_sibling(DATABASES["default"]["TEST"]["NAME"], "-progress")},
    }
else:
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {}}
DATABASE_ROUTERS = ["imports.progress.ProgressRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches -------------------------------------------------------------------------------
# CACHE_URL (redis://127.0.0.1:6379/1): one cache that every process shares, in Redis. Unset:
# each process keeps its own, in memory (LocMem), which is right for one process (`make run`).
# The dashboard's counted rows are kept in the "dashboard" cache, keyed by the data version that
# database triggers keep (see core/dataversion.py): an entry is never stale, so it may live as
# long as memory allows: DASHBOARD_CACHE_ENTRIES in memory (0 turns the cache off), and in Redis
# DASHBOARD_CACHE_SECONDS, so that entries of old versions go (Redis' maxmemory bounds the rest).
CACHE_URL = env_redis_url("CACHE_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX") or "danvan"
DASHBOARD_CACHE_ENTRIES = env_int("DASHBOARD_CACHE_ENTRIES", 500)
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 7 * 24 * 3600)


def cache_settings(url, key_prefix, dashboard_entries, dashboard_seconds):
    """CACHES: both caches in Redis at `url`, or each process's memory when `url` is None."""
    if url is None:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        dashboard = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dashboard",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": dashboard_entries},
        }
    else:
        # Short socket timeouts: with Redis away a page is counted again (core/dataversion.py), not hung.
        default = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        dashboard = {**default, "KEY_PREFIX": f"{key_prefix}:dashboard", "TIMEOUT": dashboard_seconds}
    if dashboard_entries <= 0:
        dashboard = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    return {"default": default, "dashboard": dashboard}


CACHES = cache_settings(CACHE_URL, CACHE_KEY_PREFIX, DASHBOARD_CACHE_ENTRIES, DASHBOARD_CACHE_SECONDS)

# The dashboard's covering indexes (INCLUDE columns) exist on PostgreSQL; SQLite builds them
# without the extra columns and Django warns on every command. Nothing to act on there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes; core/login_throttle.py) -------------------------------
# LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address, lock that account or
# address out of /dang-nhap/ and /admin/login/ for LOGIN_LOCKOUT_MINUTES (a new try restarts the
# wait). An admin unlocks in the admin (delete the row of failed logins) or with `manage.py axes_reset*`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "units.backends.OfficerBackend",  # Django's ModelBackend, the profile loaded with the user
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not only the pair
# Failures expire with the cool-off only: a success resets nothing, or an officer could clear the
# count of an account they are guessing by logging into their own from the same address.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.login_throttle.client_ip"
AXES_USERNAME_CALLABLE = "core.login_throttle.client_username"
# Behind a reverse proxy every request comes from the proxy: name the header it sets to the
# client's address (nginx: proxy_set_header X-Real-IP $remote_addr), or all share one lockout.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER") or ""
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME.total_seconds() < 60:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be at least 1.")
# --- end of login throttling ---------------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Vietnamese interface, Vietnamese formats (danvan/formats/vi: 3.372; 50,5; dd/mm/yyyy).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["danvan.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Grouping is applied explicitly where a number is a quantity (the `intcomma`/`number`
# filters); switching it on globally would also print years and ids as "2.023".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Request bodies (docs/configuration.md). A body over MAX_REQUEST_BODY_BYTES (a non-file one
# over DATA_UPLOAD_MAX_MEMORY_SIZE) is refused with 413 before it is read
# (core.middleware.RequestSizeLimitMiddleware); an uploaded file over FILE_UPLOAD_MAX_MEMORY_SIZE
# waits in a temporary file, not in memory. Spreadsheets themselves are refused above 10 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_MB", 12) * 2**20

# Spreadsheet imports (imports/): what one file may hold, and how many imports
# may run at once (checking or importing, or waiting for the task worker). A job still counted
# after IMPORT_JOB_TIMEOUT seconds (e.g. queued while no worker ran) no longer counts.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = 200
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_MB", 256) * 2**20
IMPORT_MAX_COMPRESSION_RATIO = 100  # as Apache POI's zip-bomb check: real workbooks stay far below
IMPORT_MAX_ERRORS_SHOWN = 200
IMPORT_MAX_RUNNING = env_int("IMPORT_MAX_RUNNING", 2)
IMPORT_JOB_TIMEOUT = 30 * 60

# --- Task worker (django-tasks, database backend; docs/tasks.md) -----------------------------
# Background work is queued in the database and run by `manage.py db_worker`, a process of its
# own (`make run` starts one beside the development server). Django 6 has this API built in
# (django.tasks): the backport and its backend then give way to it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker writes a job's progress, its heartbeat, at most every IMPORT_HEARTBEAT_SECONDS; a
# job whose heartbeat is older than IMPORT_LEASE_SECONDS has lost its worker (killed, machine
# restarted): it is shown as failed, nothing written (its write is one transaction), and can be
# started again.
IMPORT_HEARTBEAT_SECONDS = env_int("IMPORT_HEARTBEAT_SECONDS", 2)
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 30)
if not 0 < IMPORT_HEARTBEAT_SECONDS * 5 <= IMPORT_LEASE_SECONDS:
    raise ImproperlyConfigured("IMPORT_LEASE_SECONDS must be at least 5 times IMPORT_HEARTBEAT_SECONDS (> 0).")
# The worker runs the periodic jobs (the reminders) daily at SCHEDULE_TIME, local time, HH:MM
# (imports/scheduler.py; `manage.py start_schedules` before each worker start).
SCHEDULE_TIME = env_str("SCHEDULE_TIME") or "07:00"
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", SCHEDULE_TIME):
    raise ImproperlyConfigured(f"SCHEDULE_TIME={SCHEDULE_TIME!r}: a time of day, HH:MM (e.g. 07:00).")
# --- end of task worker -------------------------------------------------------------------

# Mail: periodic-report reminders (docs/reports.md), the publishing queue's notifications and the
# reminders of requests' due dates (docs/documents.md), all sent by the task worker (units/mail.py).
# Printed on the worker's console in development, sent through SMTP otherwise (EMAIL_FILE_PATH:
# the directory of Django's file backend, which the worker tests read). SITE_URL starts the links
# in the mails, which are written outside a request (e.g. https://danvan.hatinh.gov.vn).
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
EMAIL_TIMEOUT = 10
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "danvan@localhost"
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

# Security: strict by default once DEBUG is off (`manage.py check --deploy` is clean).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        # Only behind a proxy that sets this header itself (nginx: proxy_set_header).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Content-Security-Policy (django-csp; core/csp.py) ------------------------------------
# Our pages load scripts and styles only from our own static files: no inline <script>, style=
# or on…= attribute (data for scripts goes in json_script, which is not executable). One
# exception, under /admin/ only: one style attribute of simple-history's, by hash (core/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- end of Content-Security-Policy --------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
}
