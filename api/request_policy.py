"""The API's request policy, in one place: negotiate, authenticate, throttle, decorate.

Two paths serve the API: DRF views (`PolicyAPIView` and the views built on it) and the lean
path for published guides (`api.fastpath`), which skips DRF's request wrapping for the
common anonymous GET. Both call the functions here, so a response's language, rate-limit
headers, `Vary`, `Allow` and problems come from the same code whichever path served it;
`tests/api/test_request_policy.py` holds the two side by side.

What depends only on the view class (its `Allow` header, its known query parameters,
whether the lean path may serve it) is decided once per class (`view_policy`). The rate
state of a request lives on the view instance that counted it, never on the request.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.access import (
    ApiKeyAuthentication,
    RateState,
    TieredRateThrottle,
    rate_limit_headers,
    throttled_response,
)
from api.negotiation import (
    UnsupportedLanguage,
    accept_language_problem,
    choose_language,
    supported_tags,
)
from api.problems import ProblemException
from guide.languages import Language

JSON = "application/json"


@dataclass(frozen=True)
class ViewPolicy:
    """What a view class decides once: computed on first use, kept for the process."""

    allow: str  # the `Allow` header of every answer
    known_query_parameters: frozenset[str] | None  # None: the view reads any
    lean: bool  # the lean path may serve it: every policy of the class is applied there too
    throttled: bool  # anonymous requests count against the anonymous rate


def _lean(view_class: type[APIView]) -> bool:
    renderers = view_class.renderer_classes
    return bool(
        all(a is ApiKeyAuthentication for a in view_class.authentication_classes)
        and all(t is TieredRateThrottle for t in view_class.throttle_classes)
        and all(p is AllowAny for p in view_class.permission_classes)
        and renderers
        and getattr(renderers[0], "media_type", None) == JSON
    )


def view_policy(view_class: type[APIView]) -> ViewPolicy:
    """The class's policy, decided on first use (classes are hashable; mypy's stubs disagree)."""
    return _view_policy(view_class)  # type: ignore[arg-type]


@functools.cache
def _view_policy(view_class: type[APIView]) -> ViewPolicy:
    methods = [m for m in view_class.http_method_names if hasattr(view_class, m)]
    if "get" in methods and "head" not in methods:
        methods.insert(methods.index("get") + 1, "head")  # Django's View adds it per instance
    return ViewPolicy(
        allow=", ".join(m.upper() for m in methods),
        known_query_parameters=getattr(view_class, "known_query_parameters", None),
        lean=_lean(view_class),
        throttled=bool(view_class.throttle_classes),
    )


# Negotiate.


def negotiate(query_lang: str | None, accept_language: str) -> Language:
    """`?lang=` beats Accept-Language beats the default; a problem for a bad `?lang=` or a
    malformed Accept-Language (an unsupported but well-formed one gets the default)."""
    if query_lang is None:
        problem = accept_language_problem(accept_language)
        if problem:
            raise ProblemException("invalid-request", problem)
    try:
        return choose_language(query_lang, accept_language)
    except UnsupportedLanguage as exc:
        raise ProblemException(
            "unsupported-language",
            f"Language {exc.requested[:40]!r} is not served. "
            f"Supported: {', '.join(supported_tags())}.",
            supported_languages=supported_tags(),
        ) from exc


def unknown_parameter(
    known: frozenset[str] | None, names: Sequence[str]
) -> ProblemException | None:
    """The 400 for the first query parameter a view does not take, if any."""
    unknown = [] if known is None else sorted(set(names) - known)
    if known is None or not unknown:
        return None
    listed = ", ".join(f"`{name}`" for name in sorted(known))
    return ProblemException(
        "invalid-request",
        f"Unknown query parameter `{unknown[0][:40]}`. "
        f"This address takes: {listed or 'no query parameters'}.",
        known_parameters=sorted(known),
    )


# Throttle.


def throttled(state: RateState) -> HttpResponse:
    """The 429 of a request over its rate, as DRF's exception handler makes it."""
    return throttled_response(state)


# Decorate.


def decorate(
    response: HttpResponseBase,
    *,
    state: RateState | None,
    languages: Sequence[Language] = (),
    vary_language: bool = True,
) -> HttpResponseBase:
    """What every API answer carries: its content language(s) unless it is an error, `Vary:
    Accept-Language` where the language was negotiated, and the rate-limit fields."""
    if languages and response.status_code < 400:
        response["Content-Language"] = ", ".join(language.tag for language in languages)
    if vary_language:
        patch_vary_headers(response, ["Accept-Language"])
    if state is not None:
        rate_limit_headers(response, state)
    return response


class RequestPolicy:
    """The policy for any DRF view (mixed in before `APIView` or a subclass of it): a 405 first
    for a method never answered, and the decoration of every answer (a 429 and any other
    problem included) with the rate state its throttle counted.

    Views that negotiate a language set `languages`; `vary_language` says whether their
    answers vary by Accept-Language."""

    vary_language = False
    rate_state: RateState | None = None
    languages: Sequence[Language] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # A method we never answer is a 405 whatever else is wrong with the request.
        if (request.method or "").lower() not in self.http_method_names:  # type: ignore[attr-defined]
            raise MethodNotAllowed(request.method or "")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def check_throttles(self, request: Request) -> None:
        """DRF's (every throttle counts; the longest wait is reported), keeping the counted
        state on the view for `finalize_response`."""
        waits = []
        for throttle in self.get_throttles():  # type: ignore[attr-defined]
            if not throttle.allow_request(request, self):
                waits.append(throttle.wait())
            self.rate_state = getattr(throttle, "state", None) or self.rate_state
        if waits:
            durations = [wait for wait in waits if wait is not None]
            self.throttled(request, max(durations, default=None))  # type: ignore[attr-defined]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        decorate(
            response,
            state=self.rate_state,
            languages=self.languages,
            vary_language=self.vary_language,
        )
        return response


class PolicyAPIView(RequestPolicy, APIView):
    """The API's views: API-key authentication and the tiered rate limit, under the policy."""

    authentication_classes: Sequence[type] = [ApiKeyAuthentication]
    throttle_classes: Sequence[type] = [TieredRateThrottle]
