"""Settings for danvan, read from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_str, load_env_file

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
    "core.apps.LoginAttemptsConfig",
    # Ours, in the order of their dependencies (docs/architecture.md): each imports only those above it.
    "core",
    "units",
    "imports",
    "models_registry",
    "surveys",
    "documents",
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
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: pages keep reading (e.g. an import's progress) while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    # Tests on a file too, not Django's shared-cache in-memory database: there a background
    # import thread writing its progress while the page (live server thread) reads it fails
    # at once with "database table is locked" instead of waiting as real SQLite does.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The dashboard's counted rows, keyed by the data version that database triggers keep (see
# dashboard/dataversion.py): an entry is never stale, so it may live as long as memory allows.
# In process memory: each gunicorn worker keeps its own. 0 entries turns the cache off.
DASHBOARD_CACHE_ENTRIES = env_int("DASHBOARD_CACHE_ENTRIES", 500)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboard": (
        {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dashboard",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": DASHBOARD_CACHE_ENTRIES},
        }
        if DASHBOARD_CACHE_ENTRIES > 0
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}

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
    "django.contrib.auth.backends.ModelBackend",
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

# Request bodies (README, "Configuration"). A body over MAX_REQUEST_BODY_BYTES (a non-file one
# over DATA_UPLOAD_MAX_MEMORY_SIZE) is refused with 413 before it is read
# (core.middleware.RequestSizeLimitMiddleware); an uploaded file over FILE_UPLOAD_MAX_MEMORY_SIZE
# waits in a temporary file, not in memory. Spreadsheets themselves are refused above 10 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_MB", 12) * 2**20

# Spreadsheet imports (imports/): what one file may hold, and how many imports
# may run at once. A job still checking or importing after IMPORT_JOB_TIMEOUT seconds is taken
# as dead (its thread ended with its process) and no longer counts.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = 200
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_MB", 256) * 2**20
IMPORT_MAX_COMPRESSION_RATIO = 100  # as Apache POI's zip-bomb check: real workbooks stay far below
IMPORT_MAX_ERRORS_SHOWN = 200
IMPORT_MAX_RUNNING = env_int("IMPORT_MAX_RUNNING", 2)
IMPORT_JOB_TIMEOUT = 30 * 60

# E-mail: the notifications of the publishing queue and the reminders of requests' due dates
# (docs/documents.md). Development prints them on the console; production sends through SMTP.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "danvan@localhost"
# The address of the site, for the links in e-mails written outside a request (reminders).
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
