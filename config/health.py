"""Health endpoints for load balancers and orchestrators.

`/healthz`: the process answers (liveness; touches nothing else, so a database outage does
not get healthy app servers restarted). `/readyz`: the database and the cache answer
(readiness; take the server out of rotation while they do not).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from api.problems import problem_response
from config import client_address


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"database: {type(exc).__name__}"
    return None


def _check_cache() -> str | None:
    key = "health:probe"
    value = str(time.monotonic())
    try:
        cache.set(key, value, 10)
        if cache.get(key) != value:
            return "cache: the value written was not read back"
    except Exception as exc:  # any backend failure means not ready
        return f"cache: {type(exc).__name__}"
    return None


@require_safe
@never_cache
def readyz(request: HttpRequest):
    failures = [f for f in (_check_database(), _check_cache()) if f]
    if failures:
        response = problem_response(
            "service-unavailable",
            "Not ready: " + "; ".join(failures),
            headers={"Retry-After": str(settings.SERVICE_RETRY_AFTER_SECONDS)},
            checks={
                "database": "fail" if any("database" in f for f in failures) else "ok",
                "cache": "fail" if any("cache" in f for f in failures) else "ok",
            },
        )
        response["Cache-Control"] = "no-store"
        return response
    body: dict = {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    if client_address.untrusted_forwarding_seen:
        # Not a reason to leave rotation (a client can send the header), but said loudly.
        body["warnings"] = [
            "Requests carry X-Forwarded-For but NUM_PROXIES=0: clients behind the proxy "
            "share one rate limit and one login-failure count. Set NUM_PROXIES."
        ]
    return JsonResponse(body)
