"""Settings for Wat Helpt.

Every value that differs between a laptop and production is read from the
environment here, and only here. Defaults are for development: SQLite, DEBUG on,
e-mail to the console. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL (see README).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-wat-helpt"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "schools.apps.BeheerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "schools",
    "pupils",
    "groupplans",
    "conversations",
    "coaching",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their cache lifetime; every response Django renders gets the CSP,
    # the Permissions-Policy and no-store (docs/security.md).
    "core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "schools.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "schools.middleware.CurrentSchoolMiddleware",
    "schools.middleware.TwoFactorRequiredMiddleware",
    # After the school is known (the page shows the layout), before any view reads the input.
    "core.middleware.RefuseNulMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "schools.context_processors.school_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock from the start of their transaction instead of failing when two
    # transactions that read first both try to write ("database is locked"); 20 s before giving up.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Where manage.py backup writes (docs/operations.md); backups/ beside the project when unset.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or BASE_DIR / "backups")

AUTH_USER_MODEL = "schools.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Django's checks, with help texts that say "je" (core/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "core.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "core.passwords.CommonPasswordValidator"},
    {"NAME": "core.passwords.NumericPasswordValidator"},
]

# Sessions end after inactivity: the cookie is renewed on every request and
# IdleTimeoutMiddleware tells the user why they were sent to the login page.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# The server-side session lives longer than the idle limit so that the
# middleware, not a vanished cookie, ends it and can say why.
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 12 * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Cache and sessions (docs/performance.md, "Belasting"). With REDIS_URL (production: Redis on
# 127.0.0.1:6379) every gunicorn worker shares one cache, and sessions live there too: the session is
# saved on every request (the idle clock), which on the database is an UPDATE and a commit per page
# view. Without REDIS_URL each process has its own local-memory cache and sessions stay in the
# database, which every worker sees. The cache holds no pupil names or care content (see the docs).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# One Redis may serve several installs (or a benchmark next to a running site): keys carry a prefix.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "wathelpt")
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# Figures computed from the school's data (core.datacache), made stale by any write: only with a cache
# that every process shares.
DATA_CACHE = env_bool("DATA_CACHE", bool(REDIS_URL))
# Templates are parsed once per process: Django's cached loader is on by default for both DEBUG
# settings (Django >= 4.1, when no "loaders" are set), so TEMPLATES below names none.

# Throttling of failed logins (schools.throttle, docs/login.md).
# Per (account, address) or (account, known device): this many failures are free, then 1, 2, 4 ... minutes.
LOGIN_FREE_FAILURES = 5
LOGIN_BACKOFF_MAX_MINUTES = 60
LOGIN_PAIR_WINDOW_SECONDS = 24 * 3600
# One address (a school behind one NAT address): only slowed down, only for unknown devices.
LOGIN_ADDRESS_WINDOW_SECONDS = 15 * 60
LOGIN_ADDRESS_SLOW_AFTER = 50
LOGIN_ADDRESS_DELAY_SECONDS = 2
# A whole account name locks for unknown devices only after this many failures from them within the window.
LOGIN_ACCOUNT_LOCK_AFTER = 100
LOGIN_ACCOUNT_WINDOW_SECONDS = 24 * 3600
LOGIN_UNKNOWN_LOCK_DAYS = 7
LOGIN_DEVICE_COOKIE_NAME = "known_device"
LOGIN_DEVICE_DAYS = 180
# Reset mails: per e-mail address typed and per client address, within the window.
PASSWORD_RESET_WINDOW_SECONDS = 15 * 60
PASSWORD_RESET_MAX_PER_EMAIL = 5
PASSWORD_RESET_MAX_PER_ADDRESS = 20

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CSRF_FAILURE_VIEW = "core.views.csrf_failure"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wat Helpt <noreply@localhost>")

# Behind a TLS-terminating proxy in production. Every value can be switched
# off from the environment for a plain-HTTP test install.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The proxy may probe the health endpoint over plain HTTP (core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # WeasyPrint logs every CSS step at INFO; only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if not DEBUG else "WARNING")},
}
