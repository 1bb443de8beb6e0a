"""Ruche settings, read from environment variables.

Without any variable set, Ruche runs as the embedded demo: SQLite, local-memory cache, background
tasks run in-process, e-mails printed to the console. Production sets ``RUCHE_ENV=production`` with
``SECRET_KEY``, ``DATABASE_URL``, ``REDIS_URL`` and ``ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ruche.core.conf import NOT_SETTINGS

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


RUCHE_ENV = env("RUCHE_ENV", "demo")
PRODUCTION = RUCHE_ENV == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEMO_SECRET = "insecure-demo-key-only-for-local-use-never-in-production"
SECRET_KEY = env("SECRET_KEY", "" if PRODUCTION else _DEMO_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEMO_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set in production (RUCHE_ENV=production).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django_countries",
    "allauth",
    "allauth.account",
    "ninja",
    "ruche.core",
    "ruche.accounts",
    "ruche.products",
    "ruche.spaces",
    "ruche.activity",
    "ruche.forum",
    "ruche.search",
    "ruche.notifications",
    "ruche.ideas",
    "ruche.recognition",
    "ruche.site",
    "ruche.demo",
    "ruche.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ruche.core.middleware.MemberLanguageMiddleware",
    "ruche.recognition.middleware.EngagementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "ruche.urls"
WSGI_APPLICATION = "ruche.wsgi.application"
ASGI_APPLICATION = "ruche.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ruche" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ruche.core.context_processors.ruche",
                "ruche.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a background write is running.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Personal API tokens, for the API (``authenticate(request, api_token=…)``); never a session.
    "ruche.accounts.backends.ApiTokenBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; a member must verify it before signing in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ruche] "
ACCOUNT_ADAPTER = "ruche.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "ruche.accounts.forms.SignupForm"

LANGUAGE_CODE = "en"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Languages members may speak and write in; the interface falls back to English for those
# without a translation yet.
MEMBER_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "ruche" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "ruche" / "static"]
# The demo serves static files straight from the source tree; production collects them.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "ruche",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Embedded default: tasks run in-process, nothing else has to be started.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
# Periodic work for `celery -A ruche beat` in production.
CELERY_BEAT_SCHEDULE = {
    # After-commit listeners that failed or could not be queued are retried (nothing is lost).
    "ledger-deliveries-retry": {
        "task": "ruche.activity.tasks.deliveries_retry_task",
        "schedule": 60,
    },
    "escalate-unanswered-questions": {
        "task": "ruche.forum.tasks.escalate_unanswered_questions",
        "schedule": 15 * 60,
    },
    # Levels with a window demote inactive members; anniversary badges.
    "recognition-daily-refresh": {
        "task": "ruche.recognition.tasks.engagement_refresh_task",
        "schedule": 24 * 60 * 60,
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Ruche <community@ruche.example>")

# Security: strict in production, relaxed for the local demo over plain HTTP.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}


# Product rules that administrators may tune: each app declares its own, with their defaults, in
# its conf.py (``ruche.core.conf.declare``). Every ``RUCHE_<NAME>`` environment variable lands
# here as raw text, parsed by the app that declares it; ``ruche check`` names an unknown or
# malformed one.
def ruche_environment() -> dict[str, str]:
    return {
        name.removeprefix("RUCHE_"): value
        for name, value in os.environ.items()
        if name.startswith("RUCHE_") and name.removeprefix("RUCHE_") not in NOT_SETTINGS
    }


RUCHE = ruche_environment()
