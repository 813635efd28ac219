"""Errors under /api/ and /embed/ never become HTML pages or stack traces."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse

from api.problems import problem_response

logger = logging.getLogger("api.errors")

PROBLEM_PREFIXES = ("/api/", "/embed/")


def wants_problem(request: HttpRequest) -> bool:
    return request.path.startswith(PROBLEM_PREFIXES)


class ProblemDetailsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not wants_problem(request):
            return None
        if isinstance(exception, Http404):
            return problem_response("not-found", "Nothing exists at this address.")
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return problem_response(
            "server-error", "Something went wrong on our side. It has been logged."
        )
