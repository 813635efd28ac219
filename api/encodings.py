"""Content codings of stored representations: compressed once at publish, chosen per request.

A published representation never changes, so its gzip and brotli bytes are made when it is
rendered and stored beside it (`RenderedGuide.body_gzip` / `body_br`); serving one picks
the bytes the client accepts and costs no compression at all. Each coding has its own
strong ETag (RFC 9110 8.8.3: different bytes, different validator), derived from the
identity ETag so nothing more is stored.

Brotli quality, measured on the seed guide's 30 representations (6 languages x 5 kinds,
484 KB raw; docs/clients.md, "Compression"): quality 5 gives 28.6 % of the raw size in
11 ms, 9 gives 28.4 % in 239 ms, 10 gives 25.2 % in 299 ms, 11 gives 24.7 % in 1123 ms.
Rendering runs inside the publishing transaction (before the change-sequence lock, which is
taken last, so publishes of different guides do not wait on each other's compression), and
11's extra 0.8 s per publish is an editor's wait for 2 % fewer bytes; 10 keeps 97 % of 11's
saving at a quarter of its cost (settings.API_BROTLI_QUALITY). gzip 9 (30.5 %, 19 ms)
serves clients without brotli.
"""

from __future__ import annotations

import gzip

import brotli
from django.conf import settings

GZIP_LEVEL = 9
# Preference when the client accepts several equally: smallest first.
CODINGS = ("br", "gzip")


def compress(body: bytes) -> dict[str, bytes]:
    """Every stored coding of `body` (deterministic: gzip without a timestamp)."""
    return {
        "br": brotli.compress(body, quality=settings.API_BROTLI_QUALITY, mode=brotli.MODE_TEXT),
        "gzip": gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
    }


def _accepted(header: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[name] = q
    return weights


def choose(accept_encoding: str, available: dict[str, bytes]) -> str | None:
    """The stored coding to send for this `Accept-Encoding`, or None for identity."""
    if not accept_encoding or not available:
        return None
    weights = _accepted(accept_encoding)
    best, best_q = None, 0.0
    for coding in CODINGS:
        if coding not in available:
            continue
        q = weights.get(coding, weights.get("*", 0.0))
        if q > best_q:
            best, best_q = coding, q
    return best


def coded_etag(etag: str, coding: str | None) -> str:
    """The identity ETag `"abc"` becomes `"abc-br"` for the brotli bytes."""
    return etag if coding is None else f'{etag[:-1]}-{coding}"'
