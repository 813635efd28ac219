"""Request counters: one atomic round trip to Redis per request, none more.

A fixed window lets twice the limit through around a boundary (the end of one minute and the
start of the next). The sliding-window counter (as in Cloudflare's and the `limits`
library's) weighs the previous window by how much of it still overlaps the last `period`
seconds: `previous * (1 - elapsed) + current`. On Redis, one Lua script increments the current
window, sets its expiry and reads the previous one, so the cost stays one round trip, as with
the fixed window it replaced.

A client far from its limit need not cost a round trip per request: each process counts a
client's requests locally and adds them to Redis in one `INCRBY` when the batch is full, a
second has passed, or the limit comes near (`_Batches`). The batch a process may hold is at
most BATCH_MAX requests and at most a twentieth of what the client has left, so close to the
limit every request is counted in Redis at once (exact at the boundary), and a client can
exceed its limit by at most `processes x min(BATCH_MAX, left / 20)` requests in a window
(with 100/min, at most 5 per process, fewer as the window fills). Requests a process counts
and never sends (it stops) are at most one batch per client.

When the shared cache cannot be reached, counting carries on in the process (`_LocalCounters`):
limits are then per process rather than shared, which is safe (requests are still served and
still limited) until the cache comes back.

Partners' usage (`Limiter.count`) is one script too: the day's counter incremented with its
expiry set, and, in the same round trip, whether the key's "last used" mark had lapsed.
Counting usage is best effort: while the cache is down it raises `CacheUnavailable` and the
caller skips it, at no cost (the breaker answers without trying Redis).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache

from config.redis_cache import CacheUnavailable, breaker

logger = logging.getLogger(__name__)

_HIT = """
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
if current == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {current, tonumber(redis.call('GET', KEYS[2]) or '0')}
"""
# Batching (see `_Batches`): at most this many requests of one client counted in the process
# before they are added to Redis, and never more than 1/HEADROOM_SHARE of what is left of
# its limit; a process's batch is sent at least every BATCH_SECONDS.
BATCH_MAX = 50
HEADROOM_SHARE = 20
BATCH_SECONDS = 1.0

_COUNT = """
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local first = 0
if #KEYS > 1 and redis.call('SET', KEYS[2], 1, 'NX', 'EX', ARGV[2]) then first = 1 end
return {current, first}
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


@dataclass
class _Batch:
    shared: int = 0  # the window's count in Redis when last sent (ours included)
    previous: int = 0  # the previous window's count, as read then
    pending: int = 0  # counted here since, not yet in Redis
    sent_at: float = 0.0


class _Batches:
    """Per-process batches of requests not yet added to Redis, by window key. Bounded."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.data: dict[str, _Batch] = {}

    def take(self, current: str, limit: int | None) -> tuple[int, int] | int:
        """Count one request: (count, previous) when it stays in the batch, else how many
        requests (this one included) to add to Redis now."""
        now = time.monotonic()
        with self.lock:
            batch = self.data.get(current)
            if batch is not None and limit is not None and now - batch.sent_at < BATCH_SECONDS:
                counted = batch.shared + batch.pending
                left = limit - counted - batch.previous  # the previous window at full weight
                if batch.pending < min(BATCH_MAX, left // HEADROOM_SHARE):
                    batch.pending += 1
                    return counted + 1, batch.previous
            pending = batch.pending if batch is not None else 0
            if batch is not None:
                batch.pending = 0
            return pending + 1

    def sent(self, current: str, shared: int, previous: int) -> int:
        """Record what Redis answered; the count including requests batched meanwhile."""
        with self.lock:
            if len(self.data) >= self.max_entries:
                self.data.clear()  # rare: that many clients at once; their batches are lost
            batch = self.data.setdefault(current, _Batch())
            if shared >= batch.shared:
                batch.shared, batch.previous = shared, previous
                batch.sent_at = time.monotonic()
            return batch.shared + batch.pending


class Limiter:
    def __init__(self) -> None:
        self.local = _LocalCounters()
        self.batches = _Batches()
        self._scripts: dict[str, Any] = {}

    def hit(
        self, current: str, previous: str, period: int, limit: int | None = None
    ) -> tuple[int, int]:
        """Count one request in window `current`: (its count, the previous window's).
        Given the client's `limit`, requests far from it are batched (see the module)."""
        cache = caches["default"]  # the backend itself (`django.core.cache.cache` is a proxy)
        if not isinstance(cache, RedisCache):
            return self._cache_hit(cache, current, previous, period)
        taken = self.batches.take(current, limit)
        if isinstance(taken, tuple):
            return taken
        try:
            shared, before = self._redis_hit(cache, current, previous, period, taken)
        except CacheUnavailable:
            return self.local.hit(current, previous, period)
        return self.batches.sent(current, shared, before), before

    def read(self, current: str, previous: str) -> tuple[int, int]:
        values = caches["default"].get_many([current, previous])  # a miss when the cache is down
        if breaker.is_open():
            return self.local.read(current, previous)
        return int(values.get(current) or 0), int(values.get(previous) or 0)

    def count(
        self, key: str, timeout: int, *, once: str | None = None, once_timeout: int = 0
    ) -> tuple[int, bool]:
        """Add one to counter `key` (expiring `timeout` seconds after its first count) and,
        given `once`, set that mark for `once_timeout` seconds if it is not set: (the count,
        whether the mark was set now). Raises `CacheUnavailable` while the cache is down."""
        cache = caches["default"]
        if not isinstance(cache, RedisCache):
            return self._cache_count(cache, key, timeout, once, once_timeout)
        keys = [cache.make_and_validate_key(k) for k in (key, once) if k is not None]
        current, first = self._run(cache, _COUNT, keys, [timeout, once_timeout])
        return int(current), bool(first)

    def _run(self, cache: RedisCache, source: str, keys: list[str], args: list[int]) -> Any:
        """One script, one round trip (EVALSHA; the script is loaded once per Redis)."""
        with breaker.guard():
            client = cache._cache.get_client(keys[0], write=True)  # type: ignore[attr-defined]
            script = self._scripts.get(source)
            if script is None:
                script = self._scripts[source] = client.register_script(source)
            return script(keys=keys, args=args, client=client)

    def _redis_hit(
        self, cache: RedisCache, current: str, previous: str, period: int, add: int
    ) -> tuple[int, int]:
        keys = [cache.make_and_validate_key(current), cache.make_and_validate_key(previous)]
        count, before = self._run(cache, _HIT, keys, [2 * period + 1, add])
        return int(count), int(before)

    @staticmethod
    def _cache_count(
        cache: BaseCache, key: str, timeout: int, once: str | None, once_timeout: int
    ) -> tuple[int, bool]:
        """Any other cache backend (local memory by default): not atomic across processes,
        which a process-local cache never needs."""
        if not cache.add(key, 1, timeout):
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout)
                count = 1
        else:
            count = 1
        return count, bool(once and cache.add(once, 1, once_timeout))

    @staticmethod
    def _cache_hit(cache: BaseCache, current: str, previous: str, period: int) -> tuple[int, int]:
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
