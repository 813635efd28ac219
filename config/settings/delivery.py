"""The service's settings: delivery and caching of published content, partners and CORS,
embeds, the task queue, webhooks, handouts and medical governance."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import PRODUCTION, REDIS_URL, env_bool, env_list

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
# `celery -A config beat`: scheduled publishing that is due, every minute, in case its timed
# message was lost (guide.scheduling; `manage.py run_schedules` does the same from cron).
CELERY_BEAT_SCHEDULE = {
    "run-due-schedules": {"task": "guide.tasks.run_due_schedules", "schedule": 60.0},
}

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
