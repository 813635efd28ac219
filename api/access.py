"""Who is calling and how fast they may call: API-key authentication and tiered rate limits.

The limiter is a fixed-window counter in Django's cache (Redis in production, so every app
server shares it). DRF's own throttles keep a list of timestamps per client, which grows
with the rate: fine for 60/min, not for a partner allowed tens of thousands.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import BaseThrottle

from api.partners import InvalidKey, KeyOwner, authenticate_key, count_request

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """`"600/min"` -> (600, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


class ApiKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`. No header: anonymous. A bad key: 401, never anonymous."""

    def authenticate(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "api-key" or not key.strip():
            raise AuthenticationFailed("Send your key as `Authorization: Api-Key <key>`.")
        try:
            owner = authenticate_key(key.strip())
        except InvalidKey as exc:
            raise AuthenticationFailed(str(exc)) from exc
        count_request(owner)
        return (None, owner)

    def authenticate_header(self, request) -> str:
        return 'Api-Key realm="api"'


@dataclass(frozen=True)
class RateState:
    limit: int
    remaining: int
    reset: int  # seconds until the window ends
    window: int  # window length in seconds


def consume(ident: str, tier: str) -> tuple[bool, RateState]:
    """Count one request of `ident` against its tier's window: (allowed, state)."""
    limit, period = parse_rate(settings.API_RATES[tier])
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{ident}:{period}:{window}"
    if cache.add(key, 1, period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, period + 1)
            count = 1
    reset = max(1, math.ceil((window + 1) * period - now))
    return count <= limit, RateState(limit, max(0, limit - count), reset, period)


def anonymous_ident(throttle: BaseThrottle, request) -> str:
    return f"ip:{throttle.get_ident(request)}"


class TieredRateThrottle(BaseThrottle):
    """Anonymous clients by IP at the low rate; keyed partners at their tier's rate."""

    def allow_request(self, request, view) -> bool:
        owner = request.auth if isinstance(request.auth, KeyOwner) else None
        if owner:
            allowed, self.state = consume(f"partner:{owner.partner_id}", owner.tier)
        else:
            allowed, self.state = consume(anonymous_ident(self, request), "anonymous")
        request.rate_state = self.state
        return allowed

    def wait(self) -> float:
        return float(self.state.reset)


def rate_limit_headers(response, state: RateState) -> None:
    """IETF draft RateLimit fields, in the widely deployed separate-header form."""
    response["RateLimit-Limit"] = str(state.limit)
    response["RateLimit-Remaining"] = str(state.remaining)
    response["RateLimit-Reset"] = str(state.reset)
    response["RateLimit-Policy"] = f"{state.limit};w={state.window}"
