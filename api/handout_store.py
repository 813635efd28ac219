"""Printable handouts stored per published version, language and part; never made per request.

Laying out a PDF costs about a second for the whole seed guide (0.2-0.7 s for a part; see
docs/handouts.md), so rendering the 18 handouts of a version (6 languages x 3 parts) inside
the publishing transaction would hold every publish, and every test that publishes, for
tens of seconds. Instead, publishing enqueues the `render_handouts` task after the commit
(a worker renders them; without a broker Celery runs it at once in the publishing process).
A handout asked for before it exists is rendered then, once, by the same task, and the
request is answered 503 with Retry-After until it is stored. `HANDOUTS_RENDERING=0` renders
nothing by itself (the tests run so, except those about handouts, which render on purpose).

Stored handouts of older versions are deleted when a version is published: only the live
version's handouts are served.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.urls import reverse

from api.handout import PARTS, render_pdf
from api.models import RenderedHandout
from api.snapshots import Snapshot, live, make_etag
from guide.languages import Language, all_languages
from guide.models import GuideVersion
from guide.publishing import version_published

logger = logging.getLogger(__name__)
CACHE_SECONDS = 3600  # keyed by version number: a stored handout never changes


def web_address(slug: str, language: Language, part: str) -> str:
    """Where a reader of the printed handout finds the guide online (the embed page)."""
    path = (
        reverse("embed:guide", args=[slug])
        if part == "guide"
        else reverse("embed:part", args=[slug, part])
    )
    return f"{settings.HANDOUT_BASE_URL}{path}?{urlencode({'lang': language.tag})}"


def render_version(
    version_id: int, languages: list[str] | None = None, parts: list[str] | None = None
) -> int:
    """Render and store the missing handouts of a version; returns how many were made."""
    version = GuideVersion.objects.filter(pk=version_id).first()
    if version is None:
        return 0
    slug = version.document["slug"]
    wanted = [
        (language, part)
        for language in all_languages()
        if languages is None or language.code in languages
        for part in PARTS
        if parts is None or part in parts
    ]
    have = set(
        RenderedHandout.objects.filter(slug=slug, number=version.number).values_list(
            "language", "part"
        )
    )
    made = 0
    for language, part in wanted:
        if (language.code, part) in have or not _has_part(version.document, part):
            continue
        started = time.perf_counter()
        pdf = render_pdf(version.document, language, part, web_address(slug, language, part))
        try:
            with transaction.atomic():
                RenderedHandout.objects.create(
                    version=version,
                    slug=slug,
                    number=version.number,
                    language=language.code,
                    part=part,
                    pdf=pdf,
                    etag=make_etag(pdf),
                    published_at=version.published_at,
                    render_seconds=round(time.perf_counter() - started, 3),
                )
        except IntegrityError:
            continue  # rendered meanwhile by another worker
        made += 1
    return made


def _has_part(document: dict, part: str) -> bool:
    if part == "faq":
        return bool(document.get("faq"))
    if part == "comparison":
        return document.get("comparison_table") is not None
    return True


def enqueue(version_id: int, language: str | None = None, part: str | None = None) -> None:
    """Hand rendering to the task queue; a broker outage only delays the handouts."""
    try:
        render_handouts.delay(version_id, language, part)
    except Exception:  # the publication has committed: never fail it for a queue
        logger.exception("Could not enqueue handouts of version %s", version_id)


# Named as when it lived in api.tasks, so queued renders still find their task.
@shared_task(name="api.tasks.render_handouts", acks_late=True, ignore_result=True)
def render_handouts(version_id: int, language: str | None = None, part: str | None = None) -> int:
    """Render the printable handouts of a published version (all, or one language and part)."""
    return render_version(version_id, [language] if language else None, [part] if part else None)


@receiver(version_published, dispatch_uid="handouts-published")
def _on_published(sender, version: GuideVersion, **kwargs) -> None:
    # Only the live version's handouts are ever served: the older ones go with the publish.
    RenderedHandout.objects.filter(slug=version.document["slug"]).exclude(
        number=version.number
    ).delete()
    if settings.HANDOUTS_RENDERING:
        version_id = version.pk
        transaction.on_commit(lambda: enqueue(version_id))


def _key(slug: str, number: int, language: Language, part: str) -> str:
    return f"handouts:{slug}:{number}:{language.code}:{part}"


def _stored(slug: str, number: int, language: Language, part: str) -> Snapshot | None:
    row = (
        RenderedHandout.objects.filter(slug=slug, number=number, language=language.code, part=part)
        .values_list("pdf", "etag", "published_at")
        .first()
    )
    if row is None:
        return None
    pdf, etag, published_at = row
    return Snapshot(slug, number, bytes(pdf), etag, published_at)


class NotReady(Exception):
    """The handout is being rendered; ask again after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def live_handout(slug: str, language: Language, part: str) -> Snapshot | None:
    """The stored handout of a guide's live version; None when there is no such guide or
    part; NotReady when it is not rendered yet (its rendering is then queued, once)."""
    summary = live(slug, language, "summary")
    if summary is None:
        return None
    key = _key(slug, summary.number, language, part)
    snapshot = cache.get(key)
    if snapshot is not None:
        return snapshot
    snapshot = _stored(slug, summary.number, language, part)
    if snapshot is None:
        version = (
            GuideVersion.objects.filter(guide__slug=slug, number=summary.number)
            .only("id", "document")
            .first()
        )
        if version is None or not _has_part(version.document, part):
            return None
        retry_after = settings.HANDOUT_RETRY_AFTER_SECONDS
        if settings.HANDOUTS_RENDERING and cache.add(key + ":queued", True, retry_after):
            enqueue(version.pk, language.code, part)  # without a broker: rendered here, now
            snapshot = _stored(slug, summary.number, language, part)
        if snapshot is None:
            raise NotReady(retry_after)
    cache.set(key, snapshot, CACHE_SECONDS)
    return snapshot
