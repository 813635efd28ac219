"""Errors under /api/ and /embed/ never become HTML pages or stack traces.

Each middleware here decides from the path prefix alone (`config.url_prefixes`), and what
the settings decide is decided when the middleware is built, not per request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse

from api.problems import PROBLEM_CONTENT_TYPE, STATUS_SLUGS, problem_response
from config import url_prefixes

logger = logging.getLogger("config.errors")

PROBLEM_PREFIXES = url_prefixes.PROBLEMS
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"

GetResponse = Callable[[HttpRequest], HttpResponse]


def wants_problem(request: HttpRequest) -> bool:
    return request.path.startswith(PROBLEM_PREFIXES)


class ProblemDetailsMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        if not path.startswith(url_prefixes.API):
            return response
        response = self._as_problem(request, response)
        # JSON is never a document to run: the strictest policy, except for the docs page.
        if "Content-Security-Policy" not in response and not path.endswith("/docs/"):
            response["Content-Security-Policy"] = API_CSP
        return response

    @staticmethod
    def _as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Errors made outside DRF (Django's 412 for a failed If-Match, bare 4xx) become
        problems; an empty answer (a CORS preflight) claims no media type."""
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith(
            (PROBLEM_CONTENT_TYPE, "application/json")
        ):
            slug = STATUS_SLUGS.get(response.status_code, "server-error")
            problem = problem_response(
                slug,
                {
                    412: "If-Match does not match the current ETag of this resource.",
                }.get(response.status_code, "The request could not be answered as sent."),
                status=response.status_code,
            )
            for name in ("Allow", "Retry-After", "ETag", "Vary", "WWW-Authenticate"):
                if name in response:
                    problem[name] = response[name]
            for name, value in response.items():
                if name.lower().startswith("access-control-"):
                    problem[name] = value
            return problem
        if (
            not getattr(response, "streaming", False)
            and not response.content
            and content_type.startswith("text/html")
        ):
            del response["Content-Type"]
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not wants_problem(request):
            return None
        if isinstance(exception, Http404):
            return problem_response("not-found", "Nothing exists at this address.")
        if isinstance(exception, DatabaseError):
            logger.error(
                "database unavailable on %s %s: %s", request.method, request.path, exception
            )
            return problem_response(
                "service-unavailable",
                "The content database cannot be reached right now; this request needs it.",
                headers={"Retry-After": str(settings.SERVICE_RETRY_AFTER_SECONDS)},
            )
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return problem_response(
            "server-error", "Something went wrong on our side. It has been logged."
        )


class DeprecationMiddleware:
    """`Deprecation` / `Sunset` / `Link` headers on deprecated API versions (RFC 9745, 8594).

    Configured in settings.API_DEPRECATIONS, e.g.
    {"v1": {"deprecation": "@1798761600", "sunset": "Fri, 01 Jan 2027 00:00:00 GMT",
    "link": "https://docs.example/v2-migration"}}.
    """

    def __init__(self, get_response: GetResponse) -> None:
        if not getattr(settings, "API_DEPRECATIONS", None):
            raise MiddlewareNotUsed  # nothing deprecated: not a layer of any request
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        deprecations = getattr(settings, "API_DEPRECATIONS", None)
        if deprecations and request.path.startswith(url_prefixes.API):
            version = request.path.split("/", 3)[2]
            policy = deprecations.get(version)
            if policy:
                response["Deprecation"] = policy["deprecation"]
                if policy.get("sunset"):
                    response["Sunset"] = policy["sunset"]
                if policy.get("link"):
                    response["Link"] = f'<{policy["link"]}>; rel="deprecation"'
        return response
