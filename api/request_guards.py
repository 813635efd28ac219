"""Refuse malformed requests to /api/ and /embed/ before any view sees them, as problems.

The public API is read-only and its parameters are short, so an over-long query string,
a request body, or bytes that are not UTF-8 are client mistakes. Left alone they would be
truncated by a proxy, silently turned into U+FFFD by Django, or read for nothing; here they
get a 4xx problem that says what to fix. Django's own bare 405 (from `require_safe` on the
embed pages) is rewritten as a problem too, so every error under these prefixes is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse

from api.middleware import wants_problem
from api.problems import problem_response
from config import url_prefixes

# Below the 4094-byte request line gunicorn accepts, so this answer is the one clients see.
MAX_QUERY_STRING_BYTES = 2048
# No public endpoint reads a body; allow small ones (some clients send `{}` with a GET).
MAX_BODY_BYTES = 1024
# CDS Hooks services are called with a JSON body: hook context and prefetched FHIR data.
CDS_HOOKS_PATH = re.compile(r"^/api/v[0-9]+/cds-services/")
MAX_CDS_HOOKS_BODY_BYTES = 2 * 1024 * 1024
EMBED_PREFIX = url_prefixes.EMBED
EMBED_METHODS = {"GET", "HEAD", "OPTIONS"}


# Query parameters that try to carry an API key: a key in a URL lands in access logs, proxy
# cache keys and browser history, so it is refused rather than silently ignored.
KEY_PARAMETERS = {"api_key", "apikey", "api-key", "access_token"}


def is_ascii_digits(raw: str) -> bool:
    """`str.isdigit` accepts fullwidth, Arabic-Indic and superscript digits (`int` refuses
    the last): numbers in URLs are ASCII digits only."""
    return raw.isascii() and raw.isdigit()


def query_string_problem(raw: bytes) -> str | None:
    """Why a raw (still percent-encoded) query string is refused, if it is."""
    if len(raw) > MAX_QUERY_STRING_BYTES:
        return (
            f"The query string is {len(raw)} bytes; at most {MAX_QUERY_STRING_BYTES} are "
            "accepted. Send only the documented parameters."
        )
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            f"The query string is not UTF-8 once percent-decoded (byte {exc.start}). "
            "Percent-encode text as UTF-8, e.g. `é` as `%C3%A9`."
        )
    return None


def _raw_query(request: HttpRequest) -> bytes:
    # WSGI carries the query string as latin-1 text holding the bytes as sent.
    return request.META.get("QUERY_STRING", "").encode("latin-1", "replace")


class RequestGuardMiddleware:
    """414 for a long query string, 400 for one that is not UTF-8, 413 for a body, and 405
    problems for methods the embed pages never answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not wants_problem(request):
            return self.get_response(request)
        raw = _raw_query(request)
        problem = query_string_problem(raw)
        if problem:
            slug = "uri-too-long" if len(raw) > MAX_QUERY_STRING_BYTES else "invalid-request"
            return problem_response(slug, problem)
        keys = KEY_PARAMETERS.intersection(name.lower() for name in request.GET)
        if keys:
            return problem_response(
                "invalid-request",
                f"`{sorted(keys)[0]}` in the query string is refused: a key in a URL ends up in "
                "logs and caches (consider it exposed and rotate it). Send it in the header "
                "`Authorization: Api-Key <key>`.",
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response("invalid-request", "The Content-Length header is not a number.")
        if CDS_HOOKS_PATH.match(request.path):
            if length > MAX_CDS_HOOKS_BODY_BYTES:
                return problem_response(
                    "payload-too-large",
                    f"The body is {length} bytes; a CDS Hooks request may have at most "
                    f"{MAX_CDS_HOOKS_BODY_BYTES}. Prefetch only what the discovery document asks.",
                )
        elif length > MAX_BODY_BYTES:
            return problem_response(
                "payload-too-large",
                f"The body is {length} bytes; the public API is read-only and takes no body "
                f"(at most {MAX_BODY_BYTES} bytes are tolerated). Send the request without one.",
            )
        if request.path.startswith(EMBED_PREFIX) and request.method not in EMBED_METHODS:
            # Embed pages are plain Django views: without this, CSRF protection would answer
            # a POST with an HTML 403 before the view could say 405.
            return self._not_allowed(request, "GET, HEAD")
        response = self.get_response(request)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/html"):
            return self._not_allowed(request, response.get("Allow", "GET, HEAD"))
        return response

    @staticmethod
    def _not_allowed(request: HttpRequest, allow: str) -> HttpResponse:
        return problem_response(
            "method-not-allowed",
            f"{request.method} is not allowed here; use {allow}.",
            headers={"Allow": allow},
        )
