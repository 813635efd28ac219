"""Sync for offline clients: a paged first sync, then deltas, in one or several languages.

A client starts without a cursor. The first sync lists every live guide by slug, a page of
`SYNC_FULL_PAGE_SIZE` guides at a time (`full` true, `has_more` until the last page), each
guide in every requested language with its `etag` and `last_modified`, and the glossary.
Then the client sends the cursor back and gets what changed since: guides (re)published,
with their current body, and the slugs of guides withdrawn or deleted, plus the next
cursor; the glossary again only when it changed.

The position is read before the first page, so a guide published or withdrawn while the
pages are fetched is delivered by the delta that follows, never lost. The `GuideChange`
feed is commit-ordered (see `guide.publishing`), so no change is ever skipped.

Cursors are opaque and stable. The same position always gives the same cursor (nothing
time-dependent in it), so re-sending a cursor with the `ETag` of its last answer is a 304
while nothing changed. They are authenticated with an HMAC of the server's secret and
masked with an HMAC-derived key stream (a synthetic-IV construction: the MAC is the IV), so
clients cannot read or forge a position and must treat the cursor as a token.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from api import snapshots
from api.glossary import render_glossary
from guide.accessibility_analysis.glossary_terms import glossary_entries
from guide.languages import Language, get_language
from guide.models import ChangeSequence, Guide, GuideChange

_LEGACY_SALT = "api.sync.cursor"
_FORMAT = 1
_INITIAL, _DELTA = 0, 1
_HEAD = struct.Struct(">BBQ6s")  # format, phase, seq, glossary digest
_MAC_BYTES = 16


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Position:
    """Where a client is: in the first sync (after `after`) or in the feed (after `seq`)."""

    seq: int
    languages: tuple[str, ...]
    initial: bool = False
    after: str = ""
    glossary: bytes = b"\0" * 6


def _stream(iv: bytes, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += salted_hmac("api.sync.cursor.stream", iv + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def _mac(payload: bytes) -> bytes:
    return salted_hmac("api.sync.cursor.mac", payload).digest()[:_MAC_BYTES]


def make_cursor(position: Position) -> str:
    head = _HEAD.pack(
        _FORMAT, _INITIAL if position.initial else _DELTA, position.seq, position.glossary
    )
    payload = head + ",".join(position.languages).encode() + b"\0" + position.after.encode()
    iv = _mac(payload)
    masked = bytes(a ^ b for a, b in zip(payload, _stream(iv, len(payload)), strict=True))
    return base64.urlsafe_b64encode(iv + masked).rstrip(b"=").decode()


_INVALID = "This cursor is not valid. Start over: sync without a cursor."


def _legacy(cursor: str) -> Position:
    """Cursors issued before this format (signed JSON, one language): still honoured."""
    try:
        data = signing.loads(
            cursor, salt=_LEGACY_SALT, max_age=settings.SYNC_CURSOR_MAX_AGE_SECONDS
        )
    except signing.SignatureExpired as exc:
        raise CursorError("This cursor has expired. Start over: sync without a cursor.") from exc
    except signing.BadSignature as exc:
        raise CursorError(_INVALID) from exc
    # Signed is not the same as well formed: check the shape before the database sees it.
    seq = data.get("s") if isinstance(data, dict) else None
    if type(seq) is not int or not 0 <= seq < 2**63:
        raise CursorError(_INVALID)
    return Position(seq=data["s"], languages=(str(data.get("l")),))


def read_cursor(cursor: str, languages: list[Language]) -> Position:
    """The position in `cursor`, checked to belong to the languages asked for."""
    if ":" in cursor:
        position = _legacy(cursor)
    else:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except ValueError as exc:
            raise CursorError(_INVALID) from exc
        if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != cursor:
            raise CursorError(_INVALID)  # one position, one spelling: no altered padding bits
        iv, masked = raw[:_MAC_BYTES], raw[_MAC_BYTES:]
        if len(masked) < _HEAD.size + 1:
            raise CursorError(_INVALID)
        payload = bytes(a ^ b for a, b in zip(masked, _stream(iv, len(masked)), strict=True))
        if not constant_time_compare(_mac(payload), iv):
            raise CursorError(_INVALID)
        fmt, phase, seq, glossary = _HEAD.unpack(payload[: _HEAD.size])
        langs, _, after = payload[_HEAD.size :].partition(b"\0")
        if fmt != _FORMAT:
            raise CursorError(_INVALID)
        position = Position(
            seq=seq,
            languages=tuple(langs.decode().split(",")),
            initial=phase == _INITIAL,
            after=after.decode(),
            glossary=glossary,
        )
    asked = tuple(language.code for language in languages)
    if set(position.languages) != set(asked):
        tags = [repr(getattr(get_language(code), "tag", code)) for code in position.languages]
        raise CursorError(
            f"This cursor was issued for {', '.join(tags)}, not "
            f"{', '.join(repr(language.tag) for language in languages)}. "
            "Send the same `lang` as the first sync, or sync without a cursor to start over."
        )
    return position


def current_seq() -> int:
    return ChangeSequence.objects.filter(pk=1).values_list("value", flat=True).first() or 0


@dataclass
class SyncPage:
    guides: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    glossaries: list[dict[str, Any]] = field(default_factory=list)
    position: Position | None = None
    full: bool = False
    has_more: bool = False


def _item(snapshot: snapshots.Snapshot) -> dict[str, Any]:
    """A guide as stored, with the validators its own address answers with."""
    return {
        **orjson.loads(snapshot.body),
        "etag": snapshot.etag,
        "last_modified": snapshot.published_at.isoformat(),
    }


def _glossaries(languages: list[Language], held: bytes, page: SyncPage) -> bytes:
    """Adds the glossary to `page` in each language when it differs from the one held."""
    entries = glossary_entries()
    bodies = [render_glossary(entries, language) for language in languages]
    digest = hashlib.sha256(orjson.dumps(bodies)).digest()[:6]
    if digest != held:
        page.glossaries = bodies
    return digest


def _add_guides(page: SyncPage, slugs: list[str], languages: list[Language]) -> None:
    # The live version of each guide as committed (one query a page): a cached copy older
    # than that is not served, or the cursor would pass a version the client never got.
    committed = dict(
        Guide.objects.filter(slug__in=slugs).values_list("slug", "live_version__number")
    )
    for slug in slugs:
        for language in languages:
            snapshot = snapshots.live(slug, language, "detail", at_least=committed.get(slug))
            if snapshot is not None:
                page.guides.append(_item(snapshot))


def first_page(languages: list[Language], position: Position | None = None) -> SyncPage:
    """A page of the first sync: live guides after `position.after`, by slug."""
    codes = tuple(language.code for language in languages)
    if position is None:
        position = Position(seq=current_seq(), languages=codes, initial=True)
    size = settings.SYNC_FULL_PAGE_SIZE
    slugs = snapshots.live_slugs(after=position.after, limit=size + 1)
    page = SyncPage(full=True, has_more=len(slugs) > size)
    slugs = slugs[:size]
    _add_guides(page, slugs, languages)
    glossary = _glossaries(languages, position.glossary, page)
    if page.has_more:
        page.position = Position(position.seq, codes, True, slugs[-1], glossary)
    else:
        page.position = Position(position.seq, codes, glossary=glossary)
    return page


def since(position: Position, languages: list[Language]) -> SyncPage:
    """What changed after `position.seq`, at most SYNC_PAGE_SIZE changes at a time."""
    limit = settings.SYNC_PAGE_SIZE
    changes = list(
        GuideChange.objects.filter(seq__gt=position.seq)
        .order_by("seq")
        .values_list("seq", "slug", "kind")[: limit + 1]
    )
    page = SyncPage(has_more=len(changes) > limit)
    seq = position.seq
    latest: dict[str, str] = {}
    for change_seq, slug, kind in changes[:limit]:
        latest.pop(slug, None)
        latest[slug] = kind  # re-insert so the order is that of each guide's last change
        seq = change_seq
    published = [slug for slug, kind in latest.items() if kind == GuideChange.Kind.PUBLISHED]
    # A guide published then withdrawn again after this window: a later change says so.
    _add_guides(page, published, languages)
    page.deleted = [slug for slug, kind in latest.items() if kind != GuideChange.Kind.PUBLISHED]
    glossary = _glossaries(languages, position.glossary, page)
    page.position = Position(seq, position.languages, glossary=glossary)
    return page


def sync(languages: list[Language], cursor: str | None) -> SyncPage:
    if cursor is None:
        return first_page(languages)
    position = read_cursor(cursor, languages)
    if position.initial:
        return first_page(languages, position)
    return since(position, languages)
