"""Partner keys, origins and usage.

Keys look like `pk_<prefix>_<secret>`. Only the prefix and SHA-256 of the whole key are
stored; the key itself is shown once, when it is made. Lookups are cached briefly and
dropped when a key or partner changes, so a revocation takes effect at once. They live in
their own cache (`caches["keys"]`), so a flood of unknown keys cannot evict rate counters.

While the database is down, the last-known-good copies of keys and origins are used (kept
for API_STALE_SECONDS, dropped at once on a change), so partners keep being served from the
stale snapshots like anonymous clients; usage counting is best effort and never fails a
request.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from api.partners.models import ApiKey, Partner, PartnerUsage
from api.partners.origins import normalise_origin
from api.ratelimit import limiter
from config.redis_cache import CacheUnavailable

logger = logging.getLogger(__name__)

ORIGINS_CACHE_KEY = "partners:origins"
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class KeyOwner:
    """What a request authenticated by a key may do; cached, so plain data."""

    key_id: int
    partner_id: int
    partner_slug: str
    tier: str


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(partner: Partner, name: str, user=None) -> tuple[ApiKey, str]:
    """A new key for `partner`: the row, and the key itself (never stored, show it once)."""
    prefix = secrets.token_hex(4)
    key = f"pk_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey.objects.create(
        partner=partner, name=name, prefix=prefix, digest=_digest(key), created_by=user
    )
    return row, key


def revoke(key: ApiKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])


def rotate(key: ApiKey, user=None) -> tuple[ApiKey, str]:
    """Replace a key: a new one with the same name, and the old one revoked."""
    with transaction.atomic():
        new, secret = create_key(key.partner, key.name, user)
        key.replaced_by = new
        key.revoked_at = timezone.now()
        key.save(update_fields=["replaced_by", "revoked_at"])
    return new, secret


def _key_cache(prefix: str) -> str:
    return f"partners:key:{prefix}"


class InvalidKey(Exception):
    pass


def authenticate_key(key: str) -> KeyOwner:
    """The owner of a key, or InvalidKey for a wrong, revoked or inactive one."""
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "pk" or len(key) > 200:
        raise InvalidKey("The API key is malformed.")
    prefix = parts[1]
    keys_cache = caches["keys"]
    cached = keys_cache.get(_key_cache(prefix))
    if cached is None:
        try:
            cached = _key_row(prefix)
        except DatabaseError:
            cached = keys_cache.get(_key_cache(prefix) + ":stale")
            if cached is None:
                raise
            logger.warning("database unavailable: using the last-known copy of key %s", prefix)
        else:
            keys_cache.set(_key_cache(prefix), cached, settings.API_PARTNER_CACHE_SECONDS)
            if cached:
                keys_cache.set(_key_cache(prefix) + ":stale", cached, settings.API_STALE_SECONDS)
    if not cached:
        raise InvalidKey("The API key is not known.")
    key_id, digest, revoked_at, partner_id, slug, tier, active = cached
    if not hmac.compare_digest(digest, _digest(key)):
        raise InvalidKey("The API key is not known.")
    if revoked_at is not None:
        raise InvalidKey("The API key was revoked. Ask for a new one.")
    if not active:
        raise InvalidKey("The partner of this API key is inactive.")
    return KeyOwner(key_id, partner_id, slug, tier)


def _key_row(prefix: str) -> tuple:
    row = (
        ApiKey.objects.filter(prefix=prefix)
        .select_related("partner")
        .values_list(
            "id",
            "digest",
            "revoked_at",
            "partner_id",
            "partner__slug",
            "partner__tier",
            "partner__active",
        )
        .first()
    )
    return row or ()


_last_origins: dict[str, list[str]] | None = None


def partner_origins() -> dict[str, list[str]]:
    """Active partners' origins by partner slug (cached; refreshed when partners change).

    With the database down: the last-known-good copy (shared, then this process's), else
    none, so CORS and frame-ancestors refuse rather than fail."""
    global _last_origins
    origins = cache.get(ORIGINS_CACHE_KEY)
    if origins is None:
        try:
            origins = {}
            for partner in Partner.objects.filter(active=True):
                cleaned = [o for o in (normalise_origin(x) for x in partner.origin_list()) if o]
                origins[partner.slug] = cleaned
        except DatabaseError:
            origins = cache.get(ORIGINS_CACHE_KEY + ":stale") or _last_origins or {}
            logger.warning("database unavailable: using the last-known partner origins")
            return origins
        cache.set(ORIGINS_CACHE_KEY, origins, settings.API_PARTNER_CACHE_SECONDS)
        cache.set(ORIGINS_CACHE_KEY + ":stale", origins, settings.API_STALE_SECONDS)
        _last_origins = origins
    return origins


def all_origins() -> set[str]:
    return {origin for origins in partner_origins().values() for origin in origins}


def origin_allowed(origin: str) -> bool:
    normalised = normalise_origin(origin)
    return normalised is not None and normalised in all_origins()


@receiver([post_save, post_delete], sender=Partner)
def _partner_changed(sender, instance: Partner, **kwargs) -> None:
    global _last_origins
    _last_origins = None
    cache.delete_many([ORIGINS_CACHE_KEY, ORIGINS_CACHE_KEY + ":stale"])
    prefixes = list(instance.keys.values_list("prefix", flat=True)) if instance.pk else []
    caches["keys"].delete_many([_key_cache(p) + s for p in prefixes for s in ("", ":stale")])


@receiver([post_save, post_delete], sender=ApiKey)
def _key_changed(sender, instance: ApiKey, **kwargs) -> None:
    caches["keys"].delete_many(
        [_key_cache(instance.prefix), _key_cache(instance.prefix) + ":stale"]
    )


def cors_allows(sender, request, **kwargs) -> bool:
    """django-cors-headers asks this for every cross-origin request to /api/ or /embed/."""
    origin = request.headers.get("Origin", "")
    return origin_allowed(origin)


# Usage counting ---------------------------------------------------------------------------


def _usage_key(partner_id: int, day) -> str:
    return f"partners:usage:{partner_id}:{day.isoformat()}"


def count_request(owner: KeyOwner) -> None:
    """Count one request in the cache; the database gets the count every 100 requests
    and the key's last use at most once a minute. One round trip to the cache for both
    (`api.ratelimit.Limiter.count`). Best effort: an outage of the cache or the database
    loses counts, never the request."""
    try:
        if _count_usage(owner.partner_id, last_used=f"partners:last-used:{owner.key_id}"):
            ApiKey.objects.filter(pk=owner.key_id).update(last_used_at=timezone.now())
    except (DatabaseError, CacheUnavailable) as exc:
        logger.warning("request of key %s not counted: %s", owner.key_id, exc)


def count_usage(partner_id: int) -> None:
    """Count one request of a partner, however it authenticated (API key, CDS Hooks JWT).
    Best effort, like `count_request`."""
    try:
        _count_usage(partner_id)
    except (DatabaseError, CacheUnavailable) as exc:
        logger.warning("usage of partner %s not counted: %s", partner_id, exc)


def _count_usage(partner_id: int, last_used: str | None = None) -> bool:
    """Count the request; whether `last_used` had lapsed (the key's use is then written)."""
    today = timezone.now().date()
    count, first_use = limiter.count(
        _usage_key(partner_id, today),
        2 * 86400,
        once=last_used,
        once_timeout=int(LAST_USED_EVERY.total_seconds()),
    )
    if count % 100 == 1:
        flush_usage(partner_id, today, count)
    return first_use


def flush_usage(partner_id: int, day, count: int | None = None) -> None:
    """Write the day's count for a partner to the database (never lowers it)."""
    if count is None:
        count = cache.get(_usage_key(partner_id, day)) or 0
    updated = PartnerUsage.objects.filter(
        partner_id=partner_id, day=day, requests__lt=count
    ).update(requests=count)
    if not updated:
        PartnerUsage.objects.get_or_create(
            partner_id=partner_id, day=day, defaults={"requests": count}
        )


def flush_all_usage() -> int:
    """Flush today's counters for every partner; returns how many partners were written."""
    today = timezone.now().date()
    flushed = 0
    for partner_id in Partner.objects.values_list("id", flat=True):
        if cache.get(_usage_key(partner_id, today)):
            flush_usage(partner_id, today)
            flushed += 1
    return flushed
