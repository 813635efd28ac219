"""Errors under /api/ and /embed/ never become HTML pages or stack traces."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse

from api.problems import problem_response

logger = logging.getLogger("api.errors")

PROBLEM_PREFIXES = ("/api/", "/embed/")
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


def wants_problem(request: HttpRequest) -> bool:
    return request.path.startswith(PROBLEM_PREFIXES)


class ProblemDetailsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # JSON is never a document to run: the strictest policy, except for the docs page.
        if (
            request.path.startswith("/api/")
            and "Content-Security-Policy" not in response
            and not request.path.endswith("/docs/")
        ):
            response["Content-Security-Policy"] = API_CSP
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

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        deprecations = getattr(settings, "API_DEPRECATIONS", None)
        if deprecations and request.path.startswith("/api/"):
            version = request.path.split("/", 3)[2]
            policy = deprecations.get(version)
            if policy:
                response["Deprecation"] = policy["deprecation"]
                if policy.get("sunset"):
                    response["Sunset"] = policy["sunset"]
                if policy.get("link"):
                    response["Link"] = f'<{policy["link"]}>; rel="deprecation"'
        return response
