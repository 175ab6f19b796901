"""parindex settings: one module, driven by environment variables (see README, "Configuration")."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.utils.translation import gettext_lazy as _

from parindex.env import ImproperEnvironment, env_bool, env_int, env_list, env_path, env_str, stored_secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("PARINDEX_DATA_DIR", Path.cwd() / "var")

DEBUG = env_bool("DEBUG", False)
_INSECURE_KEY = "parindex-insecure-development-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if DEBUG or env_bool("PARINDEX_ALLOW_INSECURE_KEY", False):
        SECRET_KEY = _INSECURE_KEY
    else:
        # Never a guessable key outside development: a random one is made once and kept in the data directory
        # (mode 0600), so sessions survive restarts and every process of this installation signs alike.
        SECRET_KEY = stored_secret_key(DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # locks out a user name or an address after repeated failed log-ins
    "django_otp",
    "django_otp.plugins.otp_totp",  # the optional second factor: a 6-digit code from an authenticator app
    "parindex.audit",
    "parindex.org",
    "parindex.frameworks",
    "parindex.deadlines",
    "parindex.assessments",
    "parindex.ratings",
    "parindex.indicators",
    "parindex.surveys",
    "parindex.assignments",  # only the migrations of the tables tasks and reports took over
    "parindex.tasks",
    "parindex.reports",
    "parindex.plans",
    "parindex.gaps",  # where each unit lost its points (reads the results; adds to the sheet and the overview)
    "parindex.notifications",  # only the migrations of the tables deadlines took over
    "parindex.publication",
    "parindex.insights",  # the leaders' view across years (reads the results; nothing imports it)
    "parindex.api",  # the REST API under /api/v1/ (reads and writes through every app; nothing imports it)
    "parindex.benchmarks",
    "parindex.demo",
    "parindex.backups",  # backup and restore (no models)
    "parindex.security",  # log-in protection, two-step verification, private pages (the web server's hardening)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from STATIC_ROOT, before any session or database work (the production server).
    "parindex.security.middleware.StaticFilesMiddleware",  # WhiteNoise
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parindex.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "parindex.security.middleware.TwoFactorRequiredMiddleware",
    "parindex.security.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into our log-in page with the reason.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "parindex.urls"
WSGI_APPLICATION = "parindex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parindex.menu.menu",
            ],
        },
    },
]

_DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'parindex.sqlite3'}"
if "DATABASE_URL" not in os.environ:
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperEnvironment(f"PARINDEX_DATA_DIR={str(DATA_DIR)!r} cannot be created ({exc.strerror})") from None
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _DEFAULT_DATABASE_URL),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        )
    }
except ValueError as exc:  # dj_database_url raises ValueError for an unknown scheme
    raise ImproperEnvironment(f"DATABASE_URL cannot be used: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the web pages) work while a command writes; the busy timeout rides out short write locks.
    # Transactions take the write lock when they begin (IMMEDIATE): a transaction that read first and then wrote
    # would otherwise fail at once with "database is locked" when another writer got in between (bench-rush).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ""  # in-memory test database

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "parindex.security.passwords.MinimumLengthValidator",  # Django's, its message in Vietnamese
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:campaign-list"
LOGOUT_REDIRECT_URL = "login"
# django-axes checks every log-in first (it needs the request, which Django's log-in forms pass), then the database.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After LOGIN_FAILURE_LIMIT wrong passwords, the user name, and separately the address they came from, are locked
# out for LOGIN_COOLOFF_MINUTES (each new try during the lock starts it again); a right password resets the count.
# LOGIN_LOCKOUT_BY lists what is counted: "username,ip_address" (each alone; the default) or "username+ip_address"
# (the pair: an office behind one address is then never locked out as a whole). `parindex axes_reset` unlocks.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS: list[str | list[str]] = [
    part.split("+") if "+" in part else part for part in env_list("LOGIN_LOCKOUT_BY", ["username", "ip_address"])
]
for _parameter in [name for part in AXES_LOCKOUT_PARAMETERS for name in ([part] if isinstance(part, str) else part)]:
    if _parameter not in {"username", "ip_address", "user_agent"}:
        raise ImproperEnvironment(f"LOGIN_LOCKOUT_BY names {_parameter!r}: use username, ip_address or user_agent")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "parindex.security.views.locked_out"
AXES_VERBOSE = False  # no start-up banner on every command; failures and lockouts are still logged
# Behind a reverse proxy, the client's address is the one the proxy puts in X-Forwarded-For (PROXY_COUNT proxies).
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# Two-step verification (TOTP) is offered to everyone; with REQUIRE_TWO_FACTOR=1, Home Affairs staff and
# administrators must set it up before they can use the application.
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "parindex")

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperEnvironment(f"LANGUAGE_CODE={LANGUAGE_CODE!r} is not one of: vi, en")
# Vietnamese for everyone, whatever the browser asks (Accept-Language is ignored); English only for a person who
# picks it in the language menu (its cookie). Kept for a year, as a person's choice should be.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
try:
    ZoneInfo(TIME_ZONE)
except (ValueError, ZoneInfoNotFoundError):
    raise ImproperEnvironment(f"TIME_ZONE={TIME_ZONE!r} is not a known time zone (e.g. Asia/Ho_Chi_Minh)") from None
USE_I18N = True
USE_TZ = True
# Our own vi/en formats: dd/mm/yyyy and 80,11 (Django's stock Vietnamese short date is d-m-Y).
FORMAT_MODULE_PATH = ["parindex.formats"]
# Off: with it on, every integer a template prints is grouped, so a leaf whose id is 1216 became id="leaf-1.216"
# and the autosave could not find its row. Amounts that want grouping say so (the ``points`` filter forces it).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
# Evidence files are private: stored outside STATIC/MEDIA URLs and served only by a view that checks rights.
EVIDENCE_ROOT = env_path("EVIDENCE_ROOT", DATA_DIR / "evidence")
EVIDENCE_MAX_MB = env_int("EVIDENCE_MAX_MB", 20, minimum=1)
# STATIC_MANIFEST=1 (set by `make serve`): static files are collected with a hash in their names and compressed,
# and WhiteNoise serves them with a cache of a year; `parindex collectstatic` must have run (the serve script does).
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "parindex.security.staticfiles.ProductionStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(EVIDENCE_ROOT), "base_url": None},
    },
}
# E-mail for reminders: SMTP configured by the environment; without EMAIL_HOST, mails are printed (development).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "parindex <no-reply@localhost>")
# The address people open the links of a reminder e-mail at.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The columnar store of operational data (Parquet files read by DuckDB); shared storage if several servers run.
INDICATORS_DIR = env_path("PARINDEX_INDICATORS_DIR", DATA_DIR / "indicators")
# An export file handed in on the upload page may be this large (a year of a province's one-stop dossiers).
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 500, minimum=1)
# Uploads above this size go to a temporary file instead of memory; the evidence limit is checked separately.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)

# HTTPS (docs/install-and-configure.md, "Production"): off by default so the demo runs over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy: the header it sets and the value meaning HTTPS, e.g. "X-Forwarded-Proto: https".
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    _header, _sep, _value = _proxy_ssl_header.partition(":")
    if not _sep or not _header.strip() or not _value.strip():
        raise ImproperEnvironment(
            f"SECURE_PROXY_SSL_HEADER={_proxy_ssl_header!r} is not 'Header-Name: value' (e.g. X-Forwarded-Proto: https)"
        )
    _meta = _header.strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (_meta if _meta.startswith("HTTP_") else "HTTP_" + _meta, _value.strip())
# Every script, style sheet, image and font comes from the application itself: no inline script or style, no outside
# source (the vendored HTMX and Chart.js make it possible). QR codes are drawn as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperEnvironment(f"LOG_LEVEL={LOG_LEVEL!r} is not one of: DEBUG, INFO, WARNING, ERROR, CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
