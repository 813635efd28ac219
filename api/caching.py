"""Conditional requests and cache headers for what the API serves.

Django's `get_conditional_response` evaluates If-None-Match / If-Modified-Since (RFC 9110)
and builds the 304; this module supplies strong ETags, Last-Modified and the headers a
shared cache or CDN needs: Cache-Control with stale-while-revalidate / stale-if-error, and
surrogate keys (`Surrogate-Key` for Fastly-style CDNs, `Cache-Tag` for others) naming the
guide, so a purge on publish reaches every cached representation of it.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
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
    a `Content-Encoding` alone (Django's GZipMiddleware does)."""
    coding = encodings.choose(request.META.get("HTTP_ACCEPT_ENCODING", ""), snapshot.encodings)
    body = snapshot.encodings[coding] if coding else snapshot.body
    etag = encodings.coded_etag(snapshot.etag, coding)
    # A copy held under any coding's validator is the same content: a client that stored the
    # `etag` a sync gave (identity) and now asks with `Accept-Encoding: gzip` gets its 304.
    held = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    family = [snapshot.etag, *(encodings.coded_etag(snapshot.etag, c) for c in CODINGS)]
    etag = next((tag for tag in family if tag in held), etag)
    response = HttpResponse(body, content_type=content_type)
    if coding:
        response["Content-Encoding"] = coding
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    last_modified = int(snapshot.published_at.timestamp())
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = IMMUTABLE if immutable else settings.API_CACHE_CONTROL
    response["Content-Language"] = language.tag
    _surrogate(
        response, ["guides", f"guide-{snapshot.slug}", f"guide-{snapshot.slug}-v{snapshot.number}"]
    )
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


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
    return get_conditional_response(request, etag=etag, response=response)
