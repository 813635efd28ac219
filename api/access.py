"""Who is calling and how fast they may call: API-key authentication and tiered rate limits.

The limiter is a sliding-window counter (`api.ratelimit`) in Django's cache (Redis in
production, so every app server shares it). DRF's own throttles keep a list of timestamps
per client, which grows with the rate: fine for 60/min, not for a partner allowed tens of
thousands. Anonymous clients are counted by address (an IPv6 client by its /64,
`config.client_address`).

Failed authentication is limited per address too (`API_RATES["auth_failures"]`): once an
address is over it, every request from it that carries credentials is a 429 before its key
is looked at, so guessing keys teaches nothing and costs no database lookups.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from api.partners.keys import InvalidKey, KeyOwner, authenticate_key, count_request
from api.problems import PROBLEM_CONTENT_TYPE, problem_body
from api.ratelimit import limiter, sliding_count
from config.client_address import rate_ident

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """`"600/min"` -> (600, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


def tier_rate(tier: str) -> tuple[int, int]:
    """The (count, period) of a tier; the failed-authentication budget defaults to 20/min."""
    return parse_rate(settings.API_RATES.get(tier) or {"auth_failures": "20/min"}[tier])


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`. No header: anonymous. A bad key: 401, never anonymous."""

    def authenticate(self, request: Request) -> tuple[None, KeyOwner] | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        ident = f"auth-failures:{rate_ident(request)}"
        if peek(ident, "auth_failures"):
            raise Throttled(
                wait=tier_rate("auth_failures")[1],
                detail="Too many requests with wrong credentials from your address.",
            )
        scheme, _, key = header.partition(" ")
        try:
            if scheme.lower() != "api-key" or not key.strip():
                raise InvalidKey("Send your key as `Authorization: Api-Key <key>`.")
            owner = authenticate_key(key.strip())
        except InvalidKey as exc:
            consume(ident, "auth_failures")
            raise AuthenticationFailed(str(exc)) from exc
        count_request(owner)
        return (None, owner)

    def authenticate_header(self, request: Request) -> str:
        return 'Api-Key realm="api"'


@dataclass(frozen=True)
class RateState:
    limit: int
    remaining: int
    reset: int  # seconds until the window ends
    window: int  # window length in seconds


def consume(ident: str, tier: str, *, now: float | None = None) -> tuple[bool, RateState]:
    """Count one request of `ident` against its tier's window: (allowed, state).
    `now` (seconds since the epoch) is the clock, for tests at a window's edges."""
    limit, period = tier_rate(tier)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"ratelimit:{ident}:{period}"
    current, previous = limiter.hit(f"{key}:{window}", f"{key}:{window - 1}", period, limit)
    count = sliding_count(current, previous, now / period - window)
    reset = max(1, math.ceil((window + 1) * period - now))
    return count <= limit, RateState(limit, max(0, math.floor(limit - count)), reset, period)


def peek(ident: str, tier: str) -> bool:
    """Whether `ident` is over its tier's budget, without counting a request."""
    limit, period = tier_rate(tier)
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{ident}:{period}"
    current, previous = limiter.read(f"{key}:{window}", f"{key}:{window - 1}")
    return sliding_count(current, previous, now / period - window) >= limit


def anonymous_ident(request: HttpRequest) -> str:
    return f"ip:{rate_ident(request)}"


def consume_anonymous(request: HttpRequest) -> tuple[bool, RateState]:
    """Count one request of an anonymous client (by address) at the anonymous rate."""
    return consume(anonymous_ident(request), "anonymous")


class TieredRateThrottle(BaseThrottle):
    """Anonymous clients by IP at the low rate; keyed partners at their tier's rate. The
    counted state stays on the throttle (`api.request_policy` decorates the answer with it)."""

    state: RateState

    def allow_request(self, request: Request, view: APIView) -> bool:
        owner = request.auth if isinstance(request.auth, KeyOwner) else None
        if owner:
            allowed, self.state = consume(f"partner:{owner.partner_id}", owner.tier)
        else:
            allowed, self.state = consume_anonymous(request)
        return allowed

    def wait(self) -> float:
        return float(self.state.reset)


def rate_limit_headers(response: HttpResponseBase, state: RateState) -> None:
    """IETF draft RateLimit fields, in the widely deployed separate-header form."""
    response["RateLimit-Limit"] = str(state.limit)
    response["RateLimit-Remaining"] = str(state.remaining)
    response["RateLimit-Reset"] = str(state.reset)
    response["RateLimit-Policy"] = f"{state.limit};w={state.window}"


def throttled_response(state: RateState) -> HttpResponse:
    """The 429 problem of a request over its rate, with its rate-limit fields: the bytes DRF's
    exception handler and renderer give for `Throttled`, wherever it is refused."""
    body = problem_body("rate-limited", str(Throttled(wait=state.reset).detail))
    response = HttpResponse(
        JSONRenderer().render(body), status=429, content_type=PROBLEM_CONTENT_TYPE
    )
    response["Retry-After"] = str(state.reset)
    rate_limit_headers(response, state)
    return response


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Plain Django views (embed pages) counted against the anonymous limit, as the API is."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowed, state = consume_anonymous(request)
        if not allowed:
            return throttled_response(state)
        response = view(request, *args, **kwargs)
        rate_limit_headers(response, state)
        return response

    return wrapped
