"""The lean path for published guides: the same response as the DRF view, with less work.

Serving a published guide is one cache lookup of stored bytes; the profile showed most of
the time going around it (docs/performance.md): DRF's request wrapping, content
negotiation and dispatch. `lean_view` answers the common case (GET/HEAD, JSON acceptable, a
served language, a live guide) itself, through the same `snapshot_response` and with the
headers the DRF view adds (`Allow`, `Content-Language`, `Vary: Accept-Language`), and hands
everything else to the DRF view unchanged: errors (problem+json), other methods, other
media types, unknown guides, preview and versions.

It runs only for anonymous requests to views whose policy it knows how to apply itself:
API-key authentication (a request with credentials always goes through DRF) and the tiered
rate limit, applied here with the same counter (`api.access.consume`) and the same headers.
Any other authentication, permission or throttle class sends every request through DRF, so
partner keys and rate limits can never be skipped. Anything added to `ReadOnlyAPIView.initial` or
`finalize_response` must be mirrored here; `tests/api/test_fastpath.py` compares both paths.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from rest_framework.permissions import AllowAny

from api import snapshots
from api.access import (
    ApiKeyAuthentication,
    RateState,
    TieredRateThrottle,
    anonymous_ident,
    consume,
    rate_limit_headers,
)
from api.caching import snapshot_response
from api.negotiation import UnsupportedLanguage, accept_language_problem, choose_language
from api.problems import problem_response

_ANY = ("", "*/*")
JSON = "application/json"


def _lean_allowed(view_class: type) -> bool:
    """Only policies applied here too, and JSON is what it renders."""
    return (
        all(a is ApiKeyAuthentication for a in view_class.authentication_classes)
        and all(t is TieredRateThrottle for t in view_class.throttle_classes)
        and all(permission is AllowAny for permission in view_class.permission_classes)
        and view_class.renderer_classes[:1]
        and view_class.renderer_classes[0].media_type == JSON
    )


def _throttled(state: RateState) -> HttpResponse:
    """The 429 the DRF view gives (see api.problems.exception_handler)."""
    response = problem_response(
        "rate-limited",
        f"Request was throttled. Expected available in {state.reset} seconds.",
        headers={"Retry-After": str(state.reset)},
    )
    rate_limit_headers(response, state)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def lean_view(view_class: type, kind: str) -> Callable[..., HttpResponse]:
    """`view_class.as_view()` with the lean path in front of it, for a snapshot `kind`."""
    drf_view = view_class.as_view()
    methods = [m for m in view_class.http_method_names if hasattr(view_class, m)]
    if "get" in methods and "head" not in methods:
        methods.insert(methods.index("get") + 1, "head")  # Django's View adds it per instance
    allow = ", ".join(m.upper() for m in methods)
    known = view_class.known_query_parameters  # anything else: the DRF view's 400

    def view(request: HttpRequest, version: str, slug: str) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and request.META.get("HTTP_ACCEPT", "").strip() in (*_ANY, JSON)
            and "format" not in request.GET
            and all(name in known for name in request.GET)
            and "HTTP_AUTHORIZATION" not in request.META
            and _lean_allowed(view_class)
        ):
            header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
            lang = request.GET.get("lang")
            try:
                language = choose_language(lang, header)
            except UnsupportedLanguage:
                language = None  # the DRF view answers with the problem
            if lang is None and accept_language_problem(header):
                language = None  # likewise for a malformed Accept-Language
            snapshot = snapshots.live(slug, language, kind) if language else None
            if snapshot is not None:
                state = None
                if view_class.throttle_classes:
                    throttle = TieredRateThrottle()
                    allowed, state = consume(anonymous_ident(throttle, request), "anonymous")
                    if not allowed:
                        return _throttled(state)
                response = snapshot_response(request, snapshot, language)
                if state is not None:
                    rate_limit_headers(response, state)
                response["Allow"] = allow
                response["Content-Language"] = language.tag  # on a 304 too, as DRF's view
                patch_vary_headers(response, ["Accept-Language"])
                return response
        return drf_view(request, version=version, slug=slug)

    # What drf-spectacular, csrf and URL reversing look for on a view.
    view.cls = drf_view.cls  # type: ignore[attr-defined]
    view.initkwargs = drf_view.initkwargs  # type: ignore[attr-defined]
    view.csrf_exempt = True  # type: ignore[attr-defined]
    view.__name__ = view.__qualname__ = drf_view.__name__
    view.__doc__ = drf_view.__doc__
    return view
