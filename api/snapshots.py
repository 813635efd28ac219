"""Published guides as stored response bytes, rendered once and looked up by key.

Every published version is rendered at publish time for every language and every
representation (`RenderedGuide`). Serving one costs a cache hit or one indexed lookup.
Caches are Django's cache framework (local memory by default, Redis with REDIS_URL);
entries are dropped when a guide is published or withdrawn, after the commit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from api import encodings
from api.blocks import to_blocks
from api.localcache import LocalCache
from api.models import RenderedGuide
from api.registry import BY_KIND, GUIDE, STORED_KINDS
from guide.languages import Language, all_languages
from guide.models import Guide, GuideVersion
from guide.publishing import guide_unpublished, version_published
from guide.reviews import attach_reviews, review_recorded

API_VERSION = "v1"
logger = logging.getLogger(__name__)
KINDS = list(STORED_KINDS)
# In front of the shared cache when it is Redis (see api.localcache).
local_cache = LocalCache(settings.API_LOCAL_CACHE_SECONDS)


@dataclass(frozen=True)
class Snapshot:
    slug: str
    number: int
    body: bytes
    etag: str
    published_at: datetime
    # Stored content codings of `body` ("br", "gzip"), compressed at publish time.
    encodings: dict[str, bytes] = field(default_factory=dict)


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def make_etag(body: str | bytes) -> str:
    """A strong validator: the digest of the exact bytes served."""
    data = body.encode() if isinstance(body, str) else body
    return '"' + hashlib.sha256(data).hexdigest()[:40] + '"'


def _rows(
    version: GuideVersion, languages: list[Language], live: bool, kinds: set[str] | None = None
) -> list[RenderedGuide]:
    """The stored representations of `version` (all of `api.registry.GUIDE`, or `kinds`)."""
    rows = []

    def add(language: Language, kind: str, payload: dict) -> None:
        body = dumps(payload)
        coded = encodings.compress(body.encode())
        rows.append(
            RenderedGuide(
                version=version,
                slug=version.document["slug"],
                number=version.number,
                language=language.code,
                kind=kind,
                api_version=API_VERSION,
                body=body,
                body_gzip=coded["gzip"],
                body_br=coded["br"],
                etag=make_etag(body),
                published_at=version.published_at,
                live=live,
            )
        )

    # Reviews are recorded after publishing: they are joined here, not frozen in the version.
    document = attach_reviews(version.document)
    for language in languages:
        for rep in GUIDE:
            if kinds is not None and rep.kind not in kinds:
                continue
            payload = rep.render(document, language)
            if payload is None:
                continue
            if rep.blocks_kind:
                payload["body_format"] = "html"  # `?format=text` is derived from this
                # Stored beside it, derived from its HTML payload rather than rendered anew.
                add(language, rep.blocks_kind, to_blocks(payload, document))
            add(language, rep.kind, payload)
    return rows


def _key(slug: str, language: str, kind: str, number: int | None = None) -> str:
    which = "live" if number is None else f"n{number}"
    # `e`: entries carry their encodings (a namespace of their own, so no older pickle
    # without them is ever read back).
    return f"guides:{API_VERSION}:e:{which}:{slug}:{language}:{kind}"


def forget(slug: str) -> None:
    """Drop the cached live representations of a guide."""
    keys = [_key(slug, lang.code, kind) for lang in all_languages() for kind in KINDS]
    local_cache.delete_many([*keys, _LIST_GENERATION])
    # Deleting the generation starts a new one (`_list_generation`). One call, which the
    # Redis cache keeps and replays if Redis is down (config.redis_cache): never raises.
    cache.delete_many([*keys, _LIST_GENERATION])


@receiver(pre_delete, sender=Guide, dispatch_uid="snapshots-guide-deleted")
def _guide_deleted(sender, instance: Guide, **kwargs) -> None:
    """Versions are cached for ever under the slug: drop them with the guide, or a new
    guide reusing the slug would be served the old guide's `/versions/N/`."""
    numbers = list(GuideVersion.objects.filter(guide=instance).values_list("number", flat=True))
    keys = [
        _key(instance.slug, lang.code, "detail", number)
        for number in numbers
        for lang in all_languages()
    ]
    slug = instance.slug

    def purge() -> None:
        cache.delete_many(keys)
        forget(slug)

    transaction.on_commit(purge)


@receiver(version_published)
def render_version(sender, version: GuideVersion, **kwargs) -> None:
    slug = version.document["slug"]
    RenderedGuide.objects.filter(version__guide_id=version.guide_id, live=True).update(live=False)
    RenderedGuide.objects.bulk_create(_rows(version, list(all_languages()), live=True))
    transaction.on_commit(lambda: forget(slug))


@receiver(review_recorded)
def rerender_reviewed(sender, review, **kwargs) -> None:
    """A recorded review changes what the live version says about itself: render it again."""
    guide = Guide.objects.select_related("live_version").get(pk=review.guide_id)
    version = guide.live_version
    if version is None:
        return
    RenderedGuide.objects.filter(version=version).delete()
    RenderedGuide.objects.bulk_create(_rows(version, list(all_languages()), live=True))
    slug, number = guide.slug, version.number
    numbered = [_key(slug, lang.code, "detail", number) for lang in all_languages()]

    def purge() -> None:
        forget(slug)
        cache.delete_many(numbered)

    transaction.on_commit(purge)


@receiver(guide_unpublished)
def unpublish(sender, slug: str, **kwargs) -> None:
    RenderedGuide.objects.filter(slug=slug, live=True).update(live=False)
    transaction.on_commit(lambda: forget(slug))


def _snapshot(row: tuple) -> Snapshot:
    slug, number, body, etag, published_at, body_gzip, body_br = row
    coded = {
        coding: bytes(data)
        for coding, data in (("br", body_br), ("gzip", body_gzip))
        if data is not None
    }
    return Snapshot(slug, number, body.encode(), etag, published_at, coded)


_FIELDS = ("slug", "number", "body", "etag", "published_at", "body_gzip", "body_br")


def _render_late(
    version: GuideVersion, language: Language, live: bool, kinds: set[str] | None = None
) -> None:
    """Render a version for a language configured after it was published (or the `kinds`
    declared after it was published)."""
    try:
        with transaction.atomic():
            RenderedGuide.objects.bulk_create(_rows(version, [language], live, kinds))
    except IntegrityError:
        pass  # another request rendered it first


def _live_from_db(slug: str, language: Language, kind: str) -> Snapshot | None:
    filters = {"slug": slug, "language": language.code, "kind": kind, "api_version": API_VERSION}
    row = RenderedGuide.objects.filter(live=True, **filters).values_list(*_FIELDS).first()
    if row is None:
        guide = (
            Guide.objects.filter(slug=slug, status=Guide.Status.PUBLISHED)
            .select_related("live_version")
            .first()
        )
        if guide is None or guide.live_version is None:
            return None
        stored = RenderedGuide.objects.filter(version=guide.live_version, language=language.code)
        if stored.exists():
            if kind not in BY_KIND or BY_KIND[kind].optional:
                return None  # rendered, but the guide has no such part
            # A kind every guide has, declared after this version was published.
            _render_late(guide.live_version, language, live=True, kinds={kind})
        else:
            _render_late(guide.live_version, language, live=True)
        row = RenderedGuide.objects.filter(live=True, **filters).values_list(*_FIELDS).first()
        if row is None:
            return None
    return _snapshot(row)


def live(
    slug: str, language: Language, kind: str, *, at_least: int | None = None
) -> Snapshot | None:
    """The live representation of a published guide, or None.

    Besides the short-lived cache entry, a copy is kept for API_STALE_SECONDS: when the
    database cannot be reached, that copy is served (what `stale-if-error` promises to
    shared caches, kept by the app too) rather than an error.

    `at_least`: a version number the caller knows is committed (sync read it in the change
    feed). A cached copy older than that is skipped: the purge after a publish runs just
    after its commit, and serving the older copy then would let a sync cursor pass a version
    the client never received.
    """
    key = _key(slug, language.code, kind)

    def fresh(snapshot: Snapshot) -> bool:
        return at_least is None or snapshot.number >= at_least

    snapshot = local_cache.get(key)
    if snapshot is not None and fresh(snapshot):
        return snapshot
    snapshot = cache.get(key)
    if snapshot is not None and fresh(snapshot):
        local_cache.set(key, snapshot)
        return snapshot
    return stored(key, lambda: _live_from_db(slug, language, kind), local_cache.set)


def stored(
    key: str,
    load: Callable[[], Snapshot | None],
    loaded: Callable[[str, Snapshot], None] | None = None,
) -> Snapshot | None:
    """`load()` from the database, then cached under `key` with a last-known-good copy, which
    is served instead while the database cannot be reached. `loaded`: told of a fresh load."""
    try:
        snapshot = load()
    except DatabaseError:
        stale = cache.get(key + ":stale")
        if stale is None:
            raise
        logger.warning("database unavailable: serving a stale copy of %s", key)
        return stale
    if snapshot is not None:
        cache.set(key, snapshot, settings.API_LIVE_CACHE_SECONDS)
        cache.set(key + ":stale", snapshot, settings.API_STALE_SECONDS)
        if loaded is not None:
            loaded(key, snapshot)
    return snapshot


def version(slug: str, number: int, language: Language) -> Snapshot | None:
    """The detail of version `number` exactly as it was served, if the guide is public."""
    if live(slug, language, "summary") is None:
        return None
    key = _key(slug, language.code, "detail", number)
    snapshot = cache.get(key)
    if snapshot is not None:
        return snapshot
    filters = {
        "slug": slug,
        "number": number,
        "language": language.code,
        "kind": "detail",
        "api_version": API_VERSION,
    }
    row = RenderedGuide.objects.filter(**filters).values_list(*_FIELDS).first()
    if row is None:
        old = GuideVersion.objects.filter(guide__slug=slug, number=number).first()
        if old is None:
            return None
        _render_late(old, language, live=False)
        row = RenderedGuide.objects.filter(**filters).values_list(*_FIELDS).first()
        if row is None:
            return None
    snapshot = _snapshot(row)
    cache.set(key, snapshot, None)  # versions never change
    return snapshot


def live_slugs(after: str, limit: int) -> list[str]:
    """Slugs of published guides after `after`, in order: the pages of a first sync."""
    rows = Guide.objects.filter(
        status=Guide.Status.PUBLISHED, live_version__isnull=False, slug__gt=after
    ).order_by("slug")
    return list(rows.values_list("slug", flat=True)[:limit])


_LIST_GENERATION = f"guides:{API_VERSION}:list-generation"


def _list_generation() -> str:
    generation = local_cache.get(_LIST_GENERATION) or cache.get(_LIST_GENERATION)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(_LIST_GENERATION, generation, None)
        generation = cache.get(_LIST_GENERATION, generation)
    local_cache.set(_LIST_GENERATION, generation)
    return generation


def live_page(language: Language, offset: int, limit: int) -> tuple[int, list[dict]]:
    """Summaries of live guides for a list page: (total count, items).

    Cached like the guides themselves: under a generation that every publish or withdrawal
    replaces (`forget`), and for at most API_LIVE_CACHE_SECONDS.
    """
    key = f"guides:{API_VERSION}:list:{_list_generation()}:{language.code}:{offset}:{limit}"
    page = local_cache.get(key) or cache.get(key)
    if page is None:
        rows = RenderedGuide.objects.filter(
            live=True, api_version=API_VERSION, language=language.code, kind="summary"
        ).order_by("slug")
        total = rows.count()
        bodies = rows.values_list("body", flat=True)[offset : offset + limit]
        page = (total, [orjson.loads(body) for body in bodies])
        cache.set(key, page, settings.API_LIVE_CACHE_SECONDS)
    local_cache.set(key, page)
    return page
