"""The catalogue-wide published representations (the glossary), frozen like the guides.

The glossary belongs to no one guide, so it is frozen by every publish and withdrawal:
each renders `api.registry.CATALOGUE` again in every language, inside the publishing
transaction, and a row whose bytes did not change is left as it was (same ETag, same
Last-Modified). An edit of the glossary is therefore public once any guide is published
or withdrawn, never before. Until the first publish after an upgrade there is no stored
row: the first request stores the glossary as it then is.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

from api import encodings
from api.models import RenderedCatalogue
from api.registry import CATALOGUE
from api.snapshots import API_VERSION, Snapshot, dumps, make_etag, stored
from guide.languages import Language, all_languages
from guide.publishing import guide_unpublished, version_published

logger = logging.getLogger(__name__)
_FIELDS = ("kind", "body", "etag", "published_at", "body_gzip", "body_br")


def _key(kind: str, language: str) -> str:
    return f"catalogue:{API_VERSION}:{kind}:{language}"


def _store(kind: str, language: Language, body: str) -> None:
    """Store `body` unless the stored row already has these bytes."""
    etag = make_etag(body)
    stored = RenderedCatalogue.objects.filter(
        kind=kind, language=language.code, api_version=API_VERSION
    )
    if stored.filter(etag=etag).exists():
        return
    coded = encodings.compress(body.encode())
    values = {
        "body": body,
        "body_gzip": coded["gzip"],
        "body_br": coded["br"],
        "etag": etag,
        "published_at": timezone.now(),
    }
    RenderedCatalogue.objects.update_or_create(
        kind=kind, language=language.code, api_version=API_VERSION, defaults=values
    )


def refresh(languages: list[Language] | None = None) -> None:
    """Freeze the catalogue's representations as the database now has them."""
    for rep in CATALOGUE:
        loaded = rep.load()
        for language in languages or list(all_languages()):
            _store(rep.kind, language, dumps(rep.render(loaded, language)))
    keys = [_key(rep.kind, lang.code) for rep in CATALOGUE for lang in all_languages()]
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver(version_published, dispatch_uid="catalogue-published")
def _on_published(sender, **kwargs) -> None:
    refresh()


@receiver(guide_unpublished, dispatch_uid="catalogue-withdrawn")
def _on_withdrawn(sender, **kwargs) -> None:
    refresh()


def _from_db(kind: str, language: Language) -> Snapshot | None:
    filters = {"kind": kind, "language": language.code, "api_version": API_VERSION}
    row = RenderedCatalogue.objects.filter(**filters).values_list(*_FIELDS).first()
    if row is None:
        try:
            with transaction.atomic():
                refresh([language])  # nothing frozen yet (the first request after an upgrade)
        except IntegrityError:
            pass  # another request stored it first
        row = RenderedCatalogue.objects.filter(**filters).values_list(*_FIELDS).first()
        if row is None:
            return None
    kind, body, etag, published_at, body_gzip, body_br = row
    coded = {
        coding: bytes(data)
        for coding, data in (("br", body_br), ("gzip", body_gzip))
        if data is not None
    }
    return Snapshot(kind, 0, body.encode(), etag, published_at, coded)


def live(kind: str, language: Language) -> Snapshot | None:
    """The frozen representation `kind` of the catalogue in `language`: a cache hit or one
    indexed lookup; a stale copy while the database cannot be reached."""
    key = _key(kind, language.code)
    snapshot = cache.get(key)
    if snapshot is not None:
        return snapshot
    return stored(key, lambda: _from_db(kind, language))
