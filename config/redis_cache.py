"""Django's Redis cache backend, reusing its client, and failing safe when Redis is down.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation,
and each one rebuilds redis-py's tables of response callbacks: a fifth of the time of
serving a published guide went there (profile in docs/performance.md). A `redis.Redis`
is thread-safe and holds nothing but its connection pool, so one per pool is reused.

The cache is an accelerator, never the source of truth, so its outage must not become an
outage of the service: a read that fails is a miss (the caller goes to the database), a write
that fails is skipped, and a delete that fails (an invalidation after a publish) is kept and
replayed as soon as Redis answers again, so a stale copy cannot outlive the outage. After a
failure, Redis is left alone for `RETRY_SECONDS` (a circuit breaker), so an outage costs one
timeout per process every few seconds rather than one per request.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import ConnectionPool, Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


class CacheUnavailable(Exception):
    """The shared cache cannot be reached right now."""


class Breaker:
    """Opens on a failure; lets one call through after RETRY_SECONDS; closes on success."""

    def __init__(self) -> None:
        self.open_until = 0.0
        self.pending_deletes: set[str] = set()
        self.lock = threading.Lock()
        self.replay: Any = None  # set by the cache: callable(keys) -> None

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Run a cache operation; CacheUnavailable if Redis is (or just went) down.

        Invalidations kept during an outage are replayed first, so no read after it can
        return a copy that a publish during the outage replaced."""
        if self.is_open():
            raise CacheUnavailable
        try:
            if self.pending_deletes and self.replay is not None:
                self._replay()
            yield
        except (RedisError, OSError) as exc:
            if not self.is_open():
                logger.error("cache unavailable (%s): serving without it", exc)
            self.open_until = time.monotonic() + RETRY_SECONDS
            raise CacheUnavailable from exc

    def _replay(self) -> None:
        with self.lock:
            keys, self.pending_deletes = self.pending_deletes, set()
        try:
            self.replay(keys)
        except BaseException:
            with self.lock:
                self.pending_deletes |= keys
            raise
        logger.warning("cache back: replayed %d invalidations kept during its outage", len(keys))


breaker = Breaker()


class ReusingRedisCacheClient(RedisCacheClient):
    # Django's own attributes that the stubs leave out (django/core/cache/backends/redis.py).
    _client: type[Redis]
    _get_connection_pool: Callable[[bool], ConnectionPool]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class FastRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with its client reused, failing safe."""

    _cache: RedisCacheClient  # Django's cached property, left out of the stubs

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        breaker.replay = self._replay_deletes

    def _replay_deletes(self, keys: set[str]) -> None:
        if keys:
            self._cache.delete_many(list(keys))  # already made keys

    # Reads: a failure is a miss.
    def get(self, key, default=None, version=None):
        try:
            with breaker.guard():
                return super().get(key, default, version)
        except CacheUnavailable:
            return default

    def get_many(self, keys, version=None):
        try:
            with breaker.guard():
                return super().get_many(keys, version)
        except CacheUnavailable:
            return {}

    def has_key(self, key, version=None):
        try:
            with breaker.guard():
                return super().has_key(key, version)
        except CacheUnavailable:
            return False

    # Writes: a failure is skipped (the value is recomputed next time).
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with contextlib.suppress(CacheUnavailable), breaker.guard():
            super().set(key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with breaker.guard():
                return super().set_many(data, timeout, version)
        except CacheUnavailable:
            return list(data)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with breaker.guard():
                return super().add(key, value, timeout, version)
        except CacheUnavailable:
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with breaker.guard():
                return super().touch(key, timeout, version)
        except CacheUnavailable:
            return False

    def incr(self, key, delta=1, version=None):
        """Raises CacheUnavailable: a counter has no safe default; callers decide."""
        with breaker.guard():
            return super().incr(key, delta, version)

    # Deletes: a failure is kept and replayed when Redis answers again.
    def delete(self, key, version=None):
        self.delete_many([key], version)
        return True

    def delete_many(self, keys, version=None):
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        if not made:  # `DEL` with no key is an error reply, which would open the breaker
            return
        try:
            with breaker.guard():
                self._cache.delete_many(made)
        except CacheUnavailable:
            with breaker.lock:
                breaker.pending_deletes.update(made)

    def clear(self):
        with contextlib.suppress(CacheUnavailable), breaker.guard():
            return super().clear()
