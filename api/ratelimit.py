"""Sliding-window request counters: one atomic round trip to Redis per request.

A fixed window lets twice the limit through around a boundary (the end of one minute and the
start of the next). The sliding-window counter (as in Cloudflare's and the `limits`
library's) weighs the previous window by how much of it still overlaps the last `period`
seconds: `previous * (1 - elapsed) + current`. On Redis, one Lua script increments the current
window, sets its expiry and reads the previous one, so the cost stays one round trip, as with
the fixed window it replaced.

When the shared cache cannot be reached, counting carries on in the process (`_LocalCounters`):
limits are then per process rather than shared, which is safe (requests are still served and
still limited) until the cache comes back.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from config.redis_cache import CacheUnavailable, breaker

logger = logging.getLogger(__name__)

_HIT = """
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {current, tonumber(redis.call('GET', KEYS[2]) or '0')}
"""


def sliding_count(current: int, previous: int, elapsed: float) -> float:
    """Requests in the last period: the previous window weighted by its overlap."""
    return current + previous * max(0.0, 1.0 - elapsed)


class _LocalCounters:
    """Per-process counters, used only while the shared cache is down. Bounded."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._data: dict[str, tuple[float, int]] = {}

    def hit(self, current: str, previous: str, period: int) -> tuple[int, int]:
        now = time.monotonic()
        if len(self._data) >= self.max_entries:
            self._data = {k: v for k, v in self._data.items() if v[0] > now}
            if len(self._data) >= self.max_entries:
                self._data.clear()
        expires, count = self._data.get(current, (now + 2 * period, 0))
        self._data[current] = (expires, count + 1)
        return count + 1, self._read(previous, now)

    def read(self, current: str, previous: str) -> tuple[int, int]:
        now = time.monotonic()
        return self._read(current, now), self._read(previous, now)

    def _read(self, key: str, now: float) -> int:
        expires, count = self._data.get(key, (0.0, 0))
        return count if expires > now else 0


class Limiter:
    def __init__(self) -> None:
        self.local = _LocalCounters()
        self._script = None

    def hit(self, current: str, previous: str, period: int) -> tuple[int, int]:
        """Count one request in window `current`: (its count, the previous window's)."""
        cache = caches["default"]  # the backend itself (`django.core.cache.cache` is a proxy)
        try:
            if isinstance(cache, RedisCache):
                return self._redis_hit(cache, current, previous, period)
            return self._cache_hit(cache, current, previous, period)
        except CacheUnavailable:
            return self.local.hit(current, previous, period)

    def read(self, current: str, previous: str) -> tuple[int, int]:
        values = caches["default"].get_many([current, previous])  # a miss when the cache is down
        if breaker.is_open():
            return self.local.read(current, previous)
        return int(values.get(current) or 0), int(values.get(previous) or 0)

    def _redis_hit(self, cache, current: str, previous: str, period: int) -> tuple[int, int]:
        keys = [cache.make_and_validate_key(current), cache.make_and_validate_key(previous)]
        with breaker.guard():
            client = cache._cache.get_client(keys[0], write=True)
            if self._script is None:
                self._script = client.register_script(_HIT)
            count, before = self._script(keys=keys, args=[2 * period + 1], client=client)
        return int(count), int(before)

    @staticmethod
    def _cache_hit(cache, current: str, previous: str, period: int) -> tuple[int, int]:
        """Any other cache backend (local memory by default): not atomic across processes,
        which a process-local cache never needs."""
        if cache.add(current, 1, 2 * period + 1):
            count = 1
        else:
            try:
                count = cache.incr(current)
            except ValueError:  # expired between add and incr
                cache.add(current, 1, 2 * period + 1)
                count = 1
        return count, int(cache.get(previous) or 0)


limiter = Limiter()
