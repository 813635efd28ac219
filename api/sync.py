"""Delta sync for offline clients.

A client starts without a cursor and gets every live guide plus a cursor; it then sends the
cursor back and gets what changed since: guides (re)published, with their current body, and
the slugs of guides withdrawn or deleted, plus the next cursor. Cursors are opaque, signed
and bound to a language; they hold a position in the `GuideChange` feed, whose sequence is
commit-ordered (see `guide.publishing`), so no change is ever skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from django.conf import settings
from django.core import signing

from api import snapshots
from guide.languages import Language
from guide.models import ChangeSequence, GuideChange

_SALT = "api.sync.cursor"


class CursorError(ValueError):
    pass


def make_cursor(seq: int, language: Language) -> str:
    return signing.dumps({"s": seq, "l": language.code}, salt=_SALT)


def read_cursor(cursor: str, language: Language) -> int:
    try:
        data = signing.loads(cursor, salt=_SALT, max_age=settings.SYNC_CURSOR_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise CursorError("This cursor has expired. Start over: sync without a cursor.") from exc
    except signing.BadSignature as exc:
        raise CursorError("This cursor is not valid. Start over: sync without a cursor.") from exc
    # Signed is not the same as well formed: check the shape before the database sees it.
    seq = data.get("s") if isinstance(data, dict) else None
    if type(seq) is not int or not 0 <= seq < 2**63:
        raise CursorError("This cursor is not valid. Start over: sync without a cursor.")
    if data.get("l") != language.code:
        raise CursorError(
            f"This cursor was issued for language {data.get('l')!r}, not {language.tag!r}. "
            "Sync without a cursor to start over in this language."
        )
    return data["s"]


def current_seq() -> int:
    return ChangeSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0


@dataclass
class SyncPage:
    guides: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    seq: int = 0
    has_more: bool = False


def full(language: Language) -> SyncPage:
    """Every live guide. The position is read first, so a publish racing this read is
    delivered again by the next sync rather than lost."""
    page = SyncPage(seq=current_seq())
    _total, summaries = snapshots.live_page(language, 0, 10**9)
    for summary in summaries:
        snapshot = snapshots.live(summary["slug"], language, "detail")
        if snapshot is not None:
            page.guides.append(orjson.loads(snapshot.body))
    return page


def since(seq: int, language: Language) -> SyncPage:
    """What changed after position `seq`, at most SYNC_PAGE_SIZE changes at a time."""
    limit = settings.SYNC_PAGE_SIZE
    changes = list(
        GuideChange.objects.filter(seq__gt=seq)
        .order_by("seq")
        .values_list("seq", "slug", "kind")[: limit + 1]
    )
    page = SyncPage(seq=seq, has_more=len(changes) > limit)
    changes = changes[:limit]
    latest: dict[str, str] = {}
    for change_seq, slug, kind in changes:
        latest.pop(slug, None)
        latest[slug] = kind  # re-insert so the order is that of each guide's last change
        page.seq = change_seq
    for slug, kind in latest.items():
        if kind == GuideChange.Kind.PUBLISHED:
            snapshot = snapshots.live(slug, language, "detail")
            if snapshot is not None:
                page.guides.append(orjson.loads(snapshot.body))
            # else: withdrawn again after this window; a later change says so
        else:
            page.deleted.append(slug)
    return page
