"""Django's own settings: environment, security, apps, database, cache, auth, languages,
static files, DRF and the schema, logging. The service's are in `config.settings.delivery`.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django_prose_editor.config import html_tags
from js_asset import static_lazy

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
    "django_prose_editor",
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
        # The admin's project-wide templates (base_site.html: the product's name; the tabular
        # inline with a label per input), ahead of Django's own.
        "DIRS": [BASE_DIR / "config" / "templates"],
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
# The rich-text editor of HTML bodies (guide/admin_widgets.py) is django-prose-editor, whose
# scripts ship in the package. Our one extension keeps what guide/sanitize.py allows beyond
# the editor's own marks; its allow-list here is what the editor may produce, checked
# against the sanitiser's in tests/guide/test_admin_widgets.py.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("guide/prose_text_language.js")],
        "extensions": {
            "TextLanguage": html_tags(
                ["abbr", "dfn", "span"],
                {
                    "abbr": ["title"],
                    "dfn": ["title"],
                    "span": ["lang", "dir"],
                    "p": ["lang", "dir"],
                    "a": ["hreflang"],
                },
            )
        },
    }
]

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
