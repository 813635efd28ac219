"""Conditional requests and cache headers for what the API serves.

Django's `get_conditional_response` evaluates If-None-Match / If-Modified-Since (RFC 9110)
and builds the 304; this module supplies strong ETags, Last-Modified and the headers a
shared cache or CDN needs: Cache-Control with stale-while-revalidate / stale-if-error, and
surrogate keys (`Surrogate-Key` for Fastly-style CDNs, `Cache-Tag` for others) naming the
guide, so a purge on publish reaches every cached representation of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags

from api import encodings
from api.encodings import CODINGS
from api.snapshots import Snapshot, make_etag
from guide.languages import Language

IMMUTABLE = "public, max-age=31536000, immutable"


def _surrogate(response: HttpResponse, keys: list[str]) -> None:
    if keys:
        response["Surrogate-Key"] = " ".join(keys)
        response["Cache-Tag"] = ",".join(keys)


@dataclass(frozen=True)
class HeaderBlock:
    """The headers of one stored representation in one coding: they never change, so they
    are made once per process (`_block`) rather than on every request."""

    etag: str  # of the bytes sent in this coding
    family: tuple[str, ...]  # every coding's ETag: a copy held under any is current
    last_modified: int
    headers: tuple[tuple[str, str], ...]


_BLOCKS: dict[tuple[str, str | None, str, str], HeaderBlock] = {}
_MAX_BLOCKS = 2048  # representations x codings a process serves; beyond, start over


def _block(
    snapshot: Snapshot, coding: str | None, language: Language, cache_control: str
) -> HeaderBlock:
    key = (snapshot.etag, coding, language.tag, cache_control)
    block = _BLOCKS.get(key)
    if block is not None:
        return block
    last_modified = int(snapshot.published_at.timestamp())
    keys = ["guides", f"guide-{snapshot.slug}", f"guide-{snapshot.slug}-v{snapshot.number}"]
    headers = [
        *([("Content-Encoding", coding)] if coding else []),
        ("Vary", "Accept-Encoding"),
        ("ETag", encodings.coded_etag(snapshot.etag, coding)),
        ("Last-Modified", http_date(last_modified)),
        ("Cache-Control", cache_control),
        ("Content-Language", language.tag),
        ("Surrogate-Key", " ".join(keys)),
        ("Cache-Tag", ",".join(keys)),
    ]
    block = HeaderBlock(
        etag=encodings.coded_etag(snapshot.etag, coding),
        family=(snapshot.etag, *(encodings.coded_etag(snapshot.etag, c) for c in CODINGS)),
        last_modified=last_modified,
        headers=tuple(headers),
    )
    if len(_BLOCKS) >= _MAX_BLOCKS:
        _BLOCKS.clear()
    _BLOCKS[key] = block
    return block


def snapshot_response(
    request: HttpRequest,
    snapshot: Snapshot,
    language: Language,
    *,
    immutable: bool = False,
    content_type: str = "application/json",
) -> HttpResponse:
    """A stored representation, or 304 when the client's copy is current.

    The bytes are the stored coding the client accepts (brotli, gzip, or none), compressed
    at publish time: nothing is compressed here, and middleware leaves a response that has
    a `Content-Encoding` alone (Django's GZipMiddleware does). Its headers come made
    (`HeaderBlock`)."""
    meta = request.META
    coding = encodings.choose(meta.get("HTTP_ACCEPT_ENCODING", ""), snapshot.encodings)
    cache_control = IMMUTABLE if immutable else settings.API_CACHE_CONTROL
    block = _block(snapshot, coding, language, cache_control)
    response = HttpResponse(
        snapshot.encodings[coding] if coding else snapshot.body, content_type=content_type
    )
    for name, value in block.headers:
        response[name] = value
    etag = block.etag
    held = meta.get("HTTP_IF_NONE_MATCH")
    if held:
        # A copy held under any coding's validator is the same content: a client that stored
        # the `etag` a sync gave (identity) and now asks with `Accept-Encoding: gzip` gets
        # its 304.
        tags = parse_etags(held)
        etag = next((tag for tag in block.family if tag in tags), etag)
        response["ETag"] = etag
    conditional = get_conditional_response(
        request, etag=etag, last_modified=block.last_modified, response=response
    )
    return conditional or response  # Django's stubs allow None: only for a None response


def json_response(
    request: HttpRequest,
    body: Any,
    *,
    cache_control: str | None = None,
    surrogate_keys: list[str] | None = None,
) -> HttpResponse:
    """A computed JSON body with a strong ETag over its bytes, honouring If-None-Match."""
    data = orjson.dumps(body)  # computed per request: the fast encoder (same compact UTF-8)
    etag = make_etag(data)
    response = HttpResponse(data, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = cache_control or settings.API_CACHE_CONTROL
    _surrogate(response, surrogate_keys or [])
    return get_conditional_response(request, etag=etag, response=response) or response
