"""RFC 9457 problem details for every error the API and the embed give.

Each problem type has a stable `type` URI (served as documentation at `/problems/<slug>`),
a title, and the HTTP status. Clients can switch on `type`; people read `detail`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

# slug: (status, title, what it means and what to do)
PROBLEM_TYPES: dict[str, tuple[int, str, str]] = {
    "unsupported-language": (
        400,
        "Unsupported language",
        "The `lang` parameter names a language this API does not serve. Use one of the codes "
        "listed in `supported_languages` (also at /api/v1/languages/), or omit `lang` to use "
        "Accept-Language.",
    ),
    "invalid-request": (
        400,
        "Invalid request",
        "The request could not be understood. `detail` says which part to fix.",
    ),
    "invalid-cursor": (
        400,
        "Invalid sync cursor",
        "The sync cursor is malformed, expired or for another language. Start over: call "
        "/api/v1/sync/ without a cursor and replace your local copy with the result.",
    ),
    "invalid-preview-token": (
        403,
        "Invalid preview link",
        "The preview link is altered or expired. Open a fresh one from the guide's admin page.",
    ),
    "not-found": (404, "Not found", "Nothing exists at this address. Check the slug or path."),
    "unknown-api-version": (
        404,
        "Unknown API version",
        "This API version does not exist. `supported_versions` lists the ones that do.",
    ),
    "method-not-allowed": (
        405,
        "Method not allowed",
        "The public API is read-only. Use GET (or HEAD, OPTIONS).",
    ),
    "not-acceptable": (
        406,
        "Not acceptable",
        "The API answers with JSON. Accept application/json or */*.",
    ),
    "precondition-failed": (
        412,
        "Precondition failed",
        "`If-Match` (or `If-Unmodified-Since`) does not match the current representation. "
        "Fetch it again and use its `ETag`; `If-None-Match` is what revalidates a cached copy.",
    ),
    "payload-too-large": (
        413,
        "Payload too large",
        "The public API is read-only and takes no request body. Send the request without one.",
    ),
    "uri-too-long": (
        414,
        "URI too long",
        "The query string is longer than the API accepts. Send only the documented parameters.",
    ),
    "unsupported-media-type": (
        415,
        "Unsupported media type",
        "Send JSON with Content-Type: application/json.",
    ),
    "authentication-failed": (
        401,
        "Authentication failed",
        "The credentials sent are wrong, revoked or inactive.",
    ),
    "permission-denied": (403, "Permission denied", "You may not do this."),
    "prefetch-required": (
        412,
        "Prefetch required",
        "A CDS Hooks service fetches nothing from your FHIR server: send every prefetch key "
        "its discovery document lists (`null` when there is no data). `detail` names the "
        "missing ones.",
    ),
    "rate-limited": (
        429,
        "Too many requests",
        "Slow down: wait for the number of seconds in Retry-After before trying again.",
    ),
    "not-implemented": (
        501,
        "Not implemented",
        "This variant is not offered. `detail` says what is.",
    ),
    "service-unavailable": (
        503,
        "Service unavailable",
        "A service we depend on is down. Published guides you have cached stay valid; try "
        "again after the number of seconds in Retry-After.",
    ),
    "handout-not-ready": (
        503,
        "Handout not ready",
        "The printable handout of this version is being rendered (it is made once after each "
        "publication). Ask again after the number of seconds in Retry-After.",
    ),
    "server-error": (
        500,
        "Internal server error",
        "Something went wrong on our side. It has been logged; try again later.",
    ),
}


# What a bare error response (no body, or an HTML page from Django) becomes under /api/.
STATUS_SLUGS = {
    400: "invalid-request",
    401: "authentication-failed",
    403: "permission-denied",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    412: "precondition-failed",
    413: "payload-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    429: "rate-limited",
    501: "not-implemented",
    503: "service-unavailable",
}


def problem_type_uri(slug: str) -> str:
    return f"/problems/{slug}"


def problem_body(slug: str, detail: str, status: int | None = None, **extra: Any) -> dict:
    default_status, title, _help = PROBLEM_TYPES[slug]
    return {
        "type": problem_type_uri(slug),
        "title": title,
        "status": status or default_status,
        "detail": detail,
        **extra,
    }


def problem_response(
    slug: str, detail: str, status: int | None = None, headers: dict | None = None, **extra: Any
) -> JsonResponse:
    """A problem response outside DRF (middleware, plain Django views)."""
    body = problem_body(slug, detail, status, **extra)
    response = JsonResponse(
        body,
        status=body["status"],
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class ProblemException(exceptions.APIException):
    """An API error with its problem type and any extension members."""

    def __init__(self, slug: str, detail: str, **extra: Any):
        self.slug = slug
        self.status_code = PROBLEM_TYPES[slug][0]
        self.extra = extra
        super().__init__(detail)


_DRF_SLUGS: list[tuple[type[Exception], str]] = [
    (exceptions.NotFound, "not-found"),
    (exceptions.MethodNotAllowed, "method-not-allowed"),
    (exceptions.NotAcceptable, "not-acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported-media-type"),
    (exceptions.AuthenticationFailed, "authentication-failed"),
    (exceptions.NotAuthenticated, "authentication-failed"),
    (exceptions.PermissionDenied, "permission-denied"),
    (exceptions.Throttled, "rate-limited"),
    # Django's own, which DRF answers with their status: the type must match it.
    (Http404, "not-found"),
    (PermissionDenied, "permission-denied"),
]


def _flatten(detail: Any) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_flatten(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return "; ".join(_flatten(item) for item in detail)
    return str(detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, then the body rewritten as problem details."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # the middleware turns it into a 500 problem
    if isinstance(exc, ProblemException):
        slug, extra = exc.slug, exc.extra
    else:
        slug = next((s for cls, s in _DRF_SLUGS if isinstance(exc, cls)), "invalid-request")
        extra = {}
        if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
            extra["errors"] = exc.detail
    detail = _flatten(exc.detail) if isinstance(exc, exceptions.APIException) else str(exc)
    body = problem_body(slug, detail, status=response.status_code, **extra)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
