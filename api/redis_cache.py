"""Django's Redis cache backend, minus a per-operation client object.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation,
and each one rebuilds redis-py's tables of response callbacks: a fifth of the time of
serving a published guide went there (profile in docs/performance.md). A `redis.Redis`
is thread-safe and holds nothing but its connection pool, so one per pool is reused.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
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
    """`django.core.cache.backends.redis.RedisCache` with its client reused."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
