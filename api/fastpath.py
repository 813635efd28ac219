"""The lean path for published guides: the same response as the DRF view, with less work.

Serving a published guide is one cache lookup of stored bytes; the profile showed most of
the time going around it (docs/performance.md): DRF's request wrapping, content
negotiation and dispatch. `lean_view` answers the common case (GET/HEAD, JSON acceptable, no
credentials, a served language, a live guide) itself and hands everything else to the DRF
view unchanged: errors (problem+json), other methods, other media types, unknown guides,
preview and versions.

Both paths apply one policy (`api.request_policy`): the same negotiation, the same anonymous
rate limit and 429, the same decoration of the answer. Whether the lean path may serve a
view at all is decided once per view class (`view_policy(...).lean`): any authentication,
permission or throttle class it does not apply sends every request through DRF, so partner
keys and rate limits can never be skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from rest_framework.views import APIView

from api import snapshots
from api.access import RateState, consume_anonymous
from api.caching import snapshot_response
from api.problems import ProblemException
from api.request_policy import JSON, decorate, negotiate, throttled, view_policy

_ACCEPTED = frozenset({"", "*/*", JSON})


def lean_view(view_class: type[APIView], kind: str) -> Callable[..., HttpResponseBase]:
    """`view_class.as_view()` with the lean path in front of it, for a snapshot `kind`."""
    drf_view = view_class.as_view()
    policy = view_policy(view_class)
    known = policy.known_query_parameters or frozenset()  # anything else: the DRF view's 400
    vary_language = getattr(view_class, "vary_language", True)

    def lean(request: HttpRequest, slug: str) -> HttpResponseBase | None:
        """The answer, or None where only the DRF view can give it."""
        meta = request.META
        if (
            request.method not in ("GET", "HEAD")
            or meta.get("HTTP_ACCEPT", "").strip() not in _ACCEPTED
            or "HTTP_AUTHORIZATION" in meta
            or "format" in request.GET
            or not known.issuperset(request.GET)
        ):
            return None
        try:
            language = negotiate(request.GET.get("lang"), meta.get("HTTP_ACCEPT_LANGUAGE", ""))
        except ProblemException:
            return None  # the DRF view answers with the problem
        snapshot = snapshots.live(slug, language, kind)
        if snapshot is None:
            return None
        response: HttpResponse | None = None
        state: RateState | None = None
        if policy.throttled:
            allowed, state = consume_anonymous(request)
            response = None if allowed else throttled(state)
        if response is None:
            response = snapshot_response(request, snapshot, language)
        response["Allow"] = policy.allow
        return decorate(response, state=state, languages=[language], vary_language=vary_language)

    def view(request: HttpRequest, version: str, slug: str) -> HttpResponseBase:
        return view.lean(request, slug) or drf_view(request, version=version, slug=slug)  # type: ignore[attr-defined]

    if not (policy.lean and policy.known_query_parameters is not None):
        return drf_view
    view.lean = lean  # type: ignore[attr-defined]
    # What drf-spectacular, csrf and URL reversing look for on a view.
    view.cls = drf_view.cls  # type: ignore[attr-defined]
    view.initkwargs = drf_view.initkwargs  # type: ignore[attr-defined]
    view.csrf_exempt = True  # type: ignore[attr-defined]
    view.__name__ = view.__qualname__ = getattr(drf_view, "__name__", "view")
    view.__doc__ = drf_view.__doc__
    return view
