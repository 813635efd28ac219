"""Settings, read from the environment with safe development defaults.

One module for every environment: production differs only by its variables
(`DJANGO_ENV=production`, `SECRET_KEY`, `DATABASE_URL`, `ALLOWED_HOSTS`, ...).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Fail closed: debug mode and the public development key only when DJANGO_ENV=development is
# said out loud (the Makefile and the test run say it); unset or unknown values refuse to start.
ENVIRONMENTS = ("development", "production")
ENVIRONMENT = os.environ.get("DJANGO_ENV", "").strip().lower()
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {ENVIRONMENT[:20]!r}."
        " `make run` and `make test` set development; servers set production."
    )
PRODUCTION = ENVIRONMENT == "production"


def weak_secret(key: str) -> str | None:
    """Why `key` cannot sign production tokens, or None: long and varied enough to guess."""
    distinct = len(set(key))
    if len(key) < 50 or distinct < 10 or len(key) * math.log2(max(distinct, 2)) < 256:
        return "at least 50 characters with at least 256 bits of entropy"
    if key == _DEV_SECRET or key.startswith("django-insecure-"):
        return "not the public development key"
    return None


_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnop"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and weak_secret(SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs SECRET_KEY set to a random value: "
        f"{weak_secret(SECRET_KEY)} (e.g. python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its patches apply.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "guide",
    "api",
    "api.partners",
    "api.embed",
    "api.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above CORS, so its preflight answers get the API's CSP too.
    "api.middleware.ProblemDetailsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "api.request_guards.RequestGuardMiddleware",
    "api.middleware.DeprecationMiddleware",
    # Django's and simple_history's, skipped on /api/ where nothing reads them (see module).
    "config.scoped_middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.scoped_middleware.AuthenticationMiddleware",
    "config.scoped_middleware.MessageMiddleware",
    "config.scoped_middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# Embedded SQLite unless DATABASE_URL names a server (PostgreSQL in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Short socket timeouts: a cache that does not answer is treated as down (config.redis_cache).
    _REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its client object (see the module).
            "BACKEND": "config.redis_cache.FastRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_OPTIONS,
        },
        "keys": {
            "BACKEND": "config.redis_cache.FastRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_OPTIONS,
            "KEY_PREFIX": "keys",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        # API-key lookups apart from the rate-limit counters, so a flood of unknown keys
        # cannot evict the counters (api.partners.keys).
        "keys": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "keys",
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        },
    }

# Admin logins are throttled against guessing: after AXES_FAILURE_LIMIT failures for a
# username from one address, that pair is locked out for AXES_COOLOFF_TIME; and one address
# gets at most LOGIN_FAILURES_PER_ADDRESS failures over all usernames in that time
# (config.login_throttle). The address is the client's, read as the API reads it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "config.login_throttle.AddressFailureLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip_for_axes"
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content languages. English is the source; adding one is documented in docs/development.md.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("zh-hans", "简体中文"),
    ("vi", "Tiếng Việt"),
    ("ar", "العربية"),
]
# More languages without editing this file: EXTRA_LANGUAGES=pt-br or "pt-br:Português (Brasil)",
# comma-separated; each needs its migration (see "Adding a language" in docs/development.md).
for _item in env_list("EXTRA_LANGUAGES", ""):
    _code, _, _name = _item.partition(":")
    _code = _code.strip().lower()
    if _code not in {code for code, _ in LANGUAGES}:
        from django.conf.locale import LANG_INFO

        LANGUAGES.append(
            (_code, _name.strip() or LANG_INFO.get(_code, {}).get("name_local", _code))
        )
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _ in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The tabbed admin needs jQuery UI; it is shipped with the project, never fetched from a CDN.
JQUERY_UI_URL = "guide/vendor/jquery-ui.min.js"

TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded figures and their renditions (guide.figures). MEDIA_URL may be a CDN's address.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.content_negotiation.JSONFirstNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.GuidePagination",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Patient Guides API",
    "DESCRIPTION": (
        "Accessible, multilingual patient guides as versioned JSON. "
        "Choose a language with `?lang=` or `Accept-Language`; texts that fell back to "
        "English are listed per object in `fallback`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_NO_READ_ONLY_REQUIRED": False,
    # 3.1: nulls are JSON Schema's own `null` type, which strict validators and client
    # generators read the same way (3.0's `nullable` beside `allOf` they did not).
    "OAS_VERSION": "3.1.0",
    "SERVERS": [{"url": "/", "description": "This service"}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.openapi.postprocess",
    ],
    "TAGS": [
        {"name": "guides", "description": "Published guides and their parts."},
        {"name": "versions", "description": "Every published version, as it was served."},
        {"name": "sync", "description": "Offline copies: a paged first sync, then deltas."},
        {"name": "glossary", "description": "Plain-language definitions of medical terms."},
        {"name": "languages", "description": "The languages served."},
        {"name": "embeds", "description": "oEmbed for guide addresses."},
        {"name": "preview", "description": "Unpublished edits behind a signed link."},
        {"name": "handouts", "description": "Printable, tagged PDFs of published guides."},
        {"name": "search", "description": "Full-text search of published guides."},
    ],
}
# A medical review's status, shared by `available_languages[]` and `review`.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {"ReviewStatusEnum": "api.schemas.REVIEW_STATUSES"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each layout step of every handout at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Delivery of published content (see docs/api.md, "Caching").
# With Redis every app server sees a publish at once; a process-local cache can lag by this much.
API_LIVE_CACHE_SECONDS = int(os.environ.get("API_LIVE_CACHE_SECONDS", "300" if REDIS_URL else "5"))
# With Redis, each process also keeps the hottest representations this long (api.localcache):
# other processes see a publish up to this late. 0 turns it off.
API_LOCAL_CACHE_SECONDS = float(
    os.environ.get("API_LOCAL_CACHE_SECONDS", "1" if REDIS_URL else "0")
)
API_CACHE_CONTROL = os.environ.get(
    "API_CACHE_CONTROL",
    "public, max-age=300, stale-while-revalidate=86400, stale-if-error=604800",
)
# How long the app keeps a last-known-good copy to serve while the database is down.
API_STALE_SECONDS = int(os.environ.get("API_STALE_SECONDS", str(7 * 24 * 3600)))
# How long key lookups and partner origins are cached (changes drop them at once anyway).
API_PARTNER_CACHE_SECONDS = int(os.environ.get("API_PARTNER_CACHE_SECONDS", "60"))
# Retry-After (seconds) sent with 503 answers while a dependency is down.
SERVICE_RETRY_AFTER_SECONDS = int(os.environ.get("SERVICE_RETRY_AFTER_SECONDS", "30"))
PREVIEW_MAX_AGE_SECONDS = int(os.environ.get("PREVIEW_MAX_AGE_SECONDS", str(7 * 24 * 3600)))
SYNC_CURSOR_MAX_AGE_SECONDS = int(
    os.environ.get("SYNC_CURSOR_MAX_AGE_SECONDS", str(90 * 24 * 3600))
)
SYNC_PAGE_SIZE = 100
# Brotli quality of the encodings stored at publish (api.encodings explains the choice).
API_BROTLI_QUALITY = int(os.environ.get("API_BROTLI_QUALITY", "10"))
# Guides per page of a first sync (each in every language asked for): ~25 x 50 KB per language.
SYNC_FULL_PAGE_SIZE = int(os.environ.get("SYNC_FULL_PAGE_SIZE", "25"))
# Deprecated API versions: {"v1": {"deprecation": "@1798761600", "sunset": "Sat, 01 Jan 2028 ...",
# "link": "https://.../migrating-to-v2"}}; see docs/api.md, "Versioning policy".
API_DEPRECATIONS: dict[str, dict[str, str]] = {}

# Partners: rate limits per tier (anonymous clients are limited per IP address).
API_RATES = {
    "anonymous": os.environ.get("API_RATE_ANONYMOUS", "100/min"),
    "basic": os.environ.get("API_RATE_BASIC", "1000/min"),
    "standard": os.environ.get("API_RATE_STANDARD", "5000/min"),
    "premium": os.environ.get("API_RATE_PREMIUM", "50000/min"),
    # Requests with a wrong or malformed key, per address: past it, credentials are not read.
    "auth_failures": os.environ.get("API_RATE_AUTH_FAILURES", "20/min"),
}

# CORS: only origins registered to an active partner (decided per request by
# api.partners.cors_allows), never "*", never with credentials.
CORS_URLS_REGEX = r"^/(api|embed)/.*$"
CORS_ALLOWED_ORIGINS: list[str] = []
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "if-modified-since",
    "if-none-match",
]
CORS_EXPOSE_HEADERS = [
    "Content-Language",
    "ETag",
    "Last-Modified",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "Retry-After",
    "Deprecation",
    "Sunset",
]
CORS_PREFLIGHT_MAX_AGE = 86400

# Embeds: the name shown in the attribution line of embedded pages.
EMBED_PROVIDER_NAME = os.environ.get("EMBED_PROVIDER_NAME", "Patient Guides")
# CDS Hooks: the public URL before `/cds-services` that EHR JWTs name in `aud`, when the
# app cannot see it (a proxy rewriting the host); empty: the URL the request arrived at.
CDS_HOOKS_BASE_URL = os.environ.get("CDS_HOOKS_BASE_URL", "")
EMBED_PROVIDER_LANGUAGE = os.environ.get("EMBED_PROVIDER_LANGUAGE", "en")  # the name's language
# The service's public address (https://guides.example.org), used for the links that embed
# pages, oEmbed answers and cached HTML carry. Unset, each request's own scheme and host are
# used (and cached pages are kept apart by them), so a forged Host can never reach others.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")

# Task queue (Celery; see docs/partners.md, "Webhooks"). A broker means a worker runs the tasks:
# `celery -A config worker -l info`. Without one, tasks run at once in the web process
# (retries follow immediately, without waiting), so `make run` needs no worker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not (os.environ.get("CELERY_BROKER_URL") or REDIS_URL)
)
if PRODUCTION and CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks would send webhooks inside the publishing request, at a receiver's pace.
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a task broker (REDIS_URL or CELERY_BROKER_URL) and "
        "CELERY_TASK_ALWAYS_EAGER off: webhooks are never sent inside a web request."
    )
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-delivery leaves the task queued
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Webhooks: attempts per delivery, backoff base (attempt n waits base * 2**(n-1) seconds),
# and the HTTP timeout of each attempt.
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))
WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("WEBHOOK_BACKOFF_SECONDS", "2"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
# Total time one attempt may take, redirects included (the timeout above is per socket read).
WEBHOOK_DEADLINE_SECONDS = float(os.environ.get("WEBHOOK_DEADLINE_SECONDS", "15"))
# Webhooks go to public addresses only (api.partners.targets); networks listed here are
# allowed anyway, e.g. "10.20.0.0/16" for a receiver inside a private network.
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", "")

# Printable handouts (docs/handouts.md): rendered by a task after each publish, and once when
# asked for before they exist (answered 503 with this Retry-After meanwhile). 0 renders
# none by itself (most tests): only code that calls api.handout_store does.
HANDOUTS_RENDERING = env_bool("HANDOUTS_RENDERING", True)
HANDOUT_RETRY_AFTER_SECONDS = int(os.environ.get("HANDOUT_RETRY_AFTER_SECONDS", "30"))
# Handouts are rendered without a request, so the address they print is PUBLIC_BASE_URL
# (above); unset, the development server's.
HANDOUT_BASE_URL = PUBLIC_BASE_URL or "http://localhost:8000"

# Medical content governance (docs/governance.md): the default time until a language's next
# medical review, and who publishes the guides (schema.org `publisher`, embed, API).
MEDICAL_REVIEW_INTERVAL_DAYS = int(os.environ.get("MEDICAL_REVIEW_INTERVAL_DAYS", "365"))
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", EMBED_PROVIDER_NAME)
PUBLISHER_URL = os.environ.get("PUBLISHER_URL", "")
PUBLISHER_CORRECTIONS_EMAIL = os.environ.get("PUBLISHER_CORRECTIONS_EMAIL", "")
PUBLISHER_CORRECTIONS_URL = os.environ.get("PUBLISHER_CORRECTIONS_URL", "")
