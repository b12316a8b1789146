"""journalfeed settings: one module, every value read from the environment.

Embedded defaults (no environment at all) give SQLite, eager Celery and in-process wake-ups.
Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and SITE_URL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state of the embedded default (SQLite file, media, generated admin password).
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# DEBUG: development conveniences and detailed errors; never on in production.
DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("TESTING", False)

# SECRET_KEY: signs sessions, LJ challenges and cursors. Required whenever DEBUG is off.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")

# ALLOWED_HOSTS: comma-separated host names this site answers to.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# SITE_URL: the public base URL, used in links the protocols hand out (LJ url, FF url).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")
# REDIS_URL: when set, the Celery broker and the real-time pub/sub; unset = embedded.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, not {REDIS_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "oauth2_provider",
    "journal",
    "feeds",
    "api.livejournal",
    "api.friendfeed",
]

# Every middleware here is async-capable, so an async view (a long poll) runs on the event
# loop without a thread of its own. Static files are served outside this chain: by Django's
# ASGI static handler in config/asgi.py, by WhiteNoise around the WSGI app in config/wsgi.py.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.livejournal.middleware.ljsession_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Protocol paths (/interface/flat, /v2/entry, ...) have no trailing slash; a redirect on
# POST breaks every LiveJournal and FriendFeed client, so never append one.
APPEND_SLASH = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

# DATABASE_URL: sqlite:///path (default var/journalfeed.sqlite3) or postgres://user:pw@h/db.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'journalfeed.sqlite3'}")
DATABASES = {"default": parse_database_url(DATABASE_URL, base_dir=BASE_DIR)}
# Persistent connections only where a server keeps its threads (gunicorn's single-threaded
# workers, config/gunicorn.conf.py): under ASGI every request runs on a fresh thread, so 0
# there, and PostgreSQL connections come from psycopg's pool (which Django does not combine
# with persistent connections). Kept, a connection saves the pool's checkout and return on
# every request (~0.18 ms on PostgreSQL, measured); a broken one (the database restarted) is
# dropped by Django after the request that met it.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0)
if DATABASES["default"]["CONN_MAX_AGE"] and "pool" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["OPTIONS"].pop("pool")
# A health check is free on SQLite; on PostgreSQL it is a round trip before each request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["ENGINE"].endswith("sqlite3")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "journal.User"
AUTHENTICATION_BACKENDS = ["journal.auth_backends.AccountBackend"]
# Peers whose X-Forwarded-For names the client (journal/net.py): the README's proxy runs on
# the same machine. Rate limits, login bans and bindtoip sessions key on that client.
TRUSTED_PROXIES = tuple(env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"]))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
if DEBUG or TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
# MEDIA_ROOT: where uploads, thumbnails and userpics are stored (local storage).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Plain names (no manifest): the ASGI static handler finds files by their source name.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Celery: eager in-process without Redis (embedded default), a Redis broker with it.
# (memory://localhost/: kombu warns about a missing host name on every eager call otherwise)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CACHES = {
    "default": (
        {"BACKEND": "config.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # journal/readcache.py: hot reads' answers, valid while the content version holds.
    "pages": (
        {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("READ_CACHE_ENTRIES", 500, minimum=1)},
        }
    ),
}
# Seconds a cached read answer may be kept (it is dropped sooner when anything changes);
# 0 turns the read cache off.
READ_CACHE_SECONDS = env_int("READ_CACHE_SECONDS", 600)
# With Redis as the pages cache, each process keeps a copy of recent answers in front of it,
# up to this many bytes.
READ_CACHE_PROCESS_BYTES = env_int("READ_CACHE_PROCESS_BYTES", 32 * 1024 * 1024, minimum=0)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "journalfeed@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # FriendFeed's own `format=` parameter is handled by the API door, not by DRF.
    "URL_FORMAT_OVERRIDE": None,
}

# Security: secure cookies and HSTS when served over https (production).
_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS and not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _HTTPS else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
X_FRAME_OPTIONS = "DENY"

# Domain limits (LiveJournal's client-facing numbers; FriendFeed's are smaller).
ENTRY_MAX_BYTES = env_int("ENTRY_MAX_BYTES", 65535, minimum=1024)
COMMENT_MAX_BYTES = env_int("COMMENT_MAX_BYTES", 16000, minimum=256)
# FriendFeed API rate limits (per user and per address, per hour) → 403 limit-exceeded.
FRIENDFEED_WRITE_LIMIT = (env_int("FRIENDFEED_WRITES_PER_HOUR", 600, minimum=1), 3600)
FRIENDFEED_UPLOAD_LIMIT = (env_int("FRIENDFEED_UPLOADS_PER_HOUR", 100, minimum=1), 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# OAuth (FriendFeed door). OAuth 1.0a: request tokens live this many seconds, and https is
# required off loopback when OAUTH1_ENFORCE_SSL is on (default: when SITE_URL is https).
OAUTH1_REQUEST_TOKEN_LIFETIME = env_int("OAUTH1_REQUEST_TOKEN_LIFETIME", 3600, minimum=60)
OAUTH1_ENFORCE_SSL = env_bool("OAUTH1_ENFORCE_SSL", _HTTPS)
# OAuth 2 (django-oauth-toolkit, a modern addition): the swappable model names its
# migrations need, and bearer tokens for the whole API (FriendFeed had no scopes).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER = {
    "SCOPES": {"read": "Read your feeds", "write": "Post and change things for you"},
    "DEFAULT_SCOPES": ["read", "write"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("OAUTH2_ACCESS_TOKEN_SECONDS", 36000, minimum=60),
    # OAuth 2 is the modern addition (old FriendFeed clients speak OAuth 1.0a or Basic), so
    # it follows RFC 9700 (the OAuth 2.0 Security BCP) fully: authorization code + PKCE S256
    # only, bearer tokens only in the Authorization header or body, `iss` in the
    # authorization response, tokens stored as checksums, refresh-token replay revoking the
    # family, and https redirect URIs outside development.
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"] if DEBUG or TESTING else ["https"],
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": not (DEBUG or TESTING),
}

# Uploads (FriendFeed file[] / image_url[] / picture): size cap per file, fetch limits, and
# whether image_url may point at private/loopback addresses (tests with a local server only).
MEDIA_UPLOAD_MAX_BYTES = env_int("MEDIA_UPLOAD_MAX_BYTES", 25 * 1024 * 1024, minimum=1024)
MEDIA_FETCH_MAX_BYTES = env_int("MEDIA_FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
MEDIA_FETCH_TIMEOUT = env_int("MEDIA_FETCH_TIMEOUT", 10, minimum=1)
MEDIA_FETCH_ALLOW_PRIVATE = env_bool("MEDIA_FETCH_ALLOW_PRIVATE", False)
