"""The lean path for published guides: the same response as the DRF view, with less work.

Serving a published guide is one cache lookup of stored bytes; the profile showed most of
the time going around it (README, "Performance"): DRF's request wrapping, content
negotiation and dispatch. `lean_view` answers the common case (GET/HEAD, JSON acceptable, a
served language, a live guide) itself, through the same `snapshot_response` and with the
headers the DRF view adds (`Allow`, `Content-Language`, `Vary: Accept-Language`), and hands
everything else to the DRF view unchanged: errors (problem+json), other methods, other
media types, unknown guides, preview and versions.

It only runs while the view has no authentication, permission or throttle policy: give the
view (or DRF's defaults) one and every request goes through DRF again, so partner keys and
rate limits can never be skipped. Anything added to `ReadOnlyAPIView.initial` or
`finalize_response` must be mirrored here; `tests/api/test_fastpath.py` compares both paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny

from api import snapshots
from api.caching import snapshot_response
from api.negotiation import UnsupportedLanguage, choose_language

_ANY = ("", "*/*")
JSON = "application/json"


class JSONFirstNegotiation(DefaultContentNegotiation):
    """DRF's content negotiation, answered without parsing for `*/*` and `application/json`
    (what apps, wrk and curl send); any other Accept header or `?format=` gets DRF's own."""

    def select_renderer(self, request: Any, renderers: list, format_suffix: str | None = None):
        if renderers and not format_suffix:
            query = getattr(request, "query_params", request.GET)
            if self.settings.URL_FORMAT_OVERRIDE not in query:
                accept = request.META.get("HTTP_ACCEPT", "").strip()
                if accept in _ANY:
                    return renderers[0], renderers[0].media_type
                if accept == JSON:
                    for renderer in renderers:
                        if renderer.media_type == JSON:
                            return renderer, JSON
        return super().select_renderer(request, renderers, format_suffix)


def _lean_allowed(view_class: type) -> bool:
    """No policy that the DRF path would enforce, and JSON is what it renders."""
    return (
        not view_class.authentication_classes
        and not view_class.throttle_classes
        and all(permission is AllowAny for permission in view_class.permission_classes)
        and view_class.renderer_classes[:1]
        and view_class.renderer_classes[0].media_type == JSON
    )


def lean_view(view_class: type, kind: str) -> Callable[..., HttpResponse]:
    """`view_class.as_view()` with the lean path in front of it, for a snapshot `kind`."""
    drf_view = view_class.as_view()
    methods = [m for m in view_class.http_method_names if hasattr(view_class, m)]
    if "get" in methods and "head" not in methods:
        methods.insert(methods.index("get") + 1, "head")  # Django's View adds it per instance
    allow = ", ".join(m.upper() for m in methods)

    def view(request: HttpRequest, version: str, slug: str) -> HttpResponse:
        if (
            request.method in ("GET", "HEAD")
            and request.META.get("HTTP_ACCEPT", "").strip() in (*_ANY, JSON)
            and "format" not in request.GET
            and _lean_allowed(view_class)
        ):
            try:
                language = choose_language(
                    request.GET.get("lang"), request.META.get("HTTP_ACCEPT_LANGUAGE", "")
                )
            except UnsupportedLanguage:
                language = None  # the DRF view answers with the problem
            snapshot = snapshots.live(slug, language, kind) if language else None
            if snapshot is not None:
                response = snapshot_response(request, snapshot, language)
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
