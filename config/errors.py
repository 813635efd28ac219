"""Views for what no other view answers: unknown API paths and versions, problem docs,
and refusals (a problem under /api/, an admin page that explains itself in the admin)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from api.middleware import wants_problem
from api.problems import PROBLEM_TYPES, problem_response, problem_type_uri
from guide.refusals import explain

_VERSION = re.compile(r"^/api/(?P<version>[^/]+)/")


@csrf_exempt  # it writes nothing; a POST to an unknown address is a 404 problem, not a CSRF page
def api_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    allowed: list[str] = settings.REST_FRAMEWORK["ALLOWED_VERSIONS"]  # type: ignore[assignment]
    match = _VERSION.match(request.path)
    if match and match["version"] not in allowed:
        return problem_response(
            "unknown-api-version",
            f"API version {match['version'][:20]!r} does not exist. "
            f"Supported: {', '.join(allowed)}.",
            supported_versions=allowed,
        )
    if not request.path.endswith("/") and _is_api_path(request.path + "/"):
        return _slash_redirect(request)
    return problem_response(
        "not-found",
        f"Nothing exists at {request.path[:120]!r}. Check the path (slugs are letters, "
        "digits, `-` and `_`; version numbers are positive integers) against /api/v1/docs/.",
    )


def _is_api_path(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "not-found"


def _slash_redirect(request: HttpRequest) -> HttpResponse:
    """Our addresses end with `/`: a client that left it off is sent there (308: the method
    and query are kept)."""
    target = request.path + "/"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponse(status=308, headers={"Location": target})


def problem_doc(request: HttpRequest, slug: str) -> HttpResponse:
    """The documentation a problem's `type` URI points at."""
    if slug not in PROBLEM_TYPES:
        return problem_response(
            "not-found",
            f"No problem type is called {slug[:60]!r}. Known: {', '.join(sorted(PROBLEM_TYPES))}.",
        )
    status, title, help_text = PROBLEM_TYPES[slug]
    return JsonResponse(
        {"type": problem_type_uri(slug), "title": title, "status": status, "description": help_text}
    )


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_problem(request):
        return problem_response("invalid-request", "The request could not be understood.")
    return defaults.bad_request(request, exception or SuspiciousOperation())


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_problem(request):
        return problem_response("permission-denied", "You may not do this.")
    if _in_admin(request):
        return _admin_refusal(request, exception)
    return defaults.permission_denied(request, exception or PermissionDenied())


def _in_admin(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(
        request.path.startswith(reverse("admin:index")) and user is not None and user.is_staff
    )


def _admin_refusal(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    """An admin page saying what was refused, the user's role and who can (never a bare 403)."""
    response = TemplateResponse(
        request,
        "admin/refused.html",
        {
            **admin.site.each_context(request),
            "title": gettext("Not open to your role"),
            "explanation": explain(request, exception),
        },
        status=403,
    )
    return response.render()


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_problem(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if wants_problem(request):
        return problem_response("server-error", "Something went wrong on our side.")
    return defaults.server_error(request)
