"""The limiter on real Redis: one round trip per request, and safe when Redis is down."""

from __future__ import annotations

import time

import pytest
import redis

from api import access
from api.ratelimit import _Batches, _LocalCounters, limiter
from config.redis_cache import breaker
from tests.support.redis import REDIS, redis_caches, socket_closed_port


@pytest.fixture(autouse=True)
def fresh_limiter(monkeypatch) -> None:
    """Batches and fallback counters live in the process: none left from an earlier test."""
    monkeypatch.setattr(limiter, "local", _LocalCounters())
    monkeypatch.setattr(limiter, "batches", _Batches())


@pytest.fixture
def on_redis(settings):
    client = redis.Redis.from_url(REDIS)
    client.flushdb()
    settings.CACHES = redis_caches(REDIS)
    breaker.open_until = 0.0
    yield client
    client.flushdb()


def test_one_redis_round_trip_per_counted_request(on_redis, settings, monkeypatch):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "2/min"}
    access.consume("ip:warm-up", "anonymous")  # loads the script once
    sent: list[object] = []
    original = redis.connection.Connection.send_packed_command

    def counting(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counting)
    results = [access.consume("ip:203.0.113.1", "anonymous")[0] for _ in range(3)]
    assert results == [True, True, False]
    assert len(sent) == 3  # one EVALSHA each: INCR, EXPIRE and the previous window's GET


def test_the_limiter_keeps_limiting_in_process_when_redis_is_down(settings):
    with socket_closed_port() as port:
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
        settings.API_RATES = {**settings.API_RATES, "anonymous": "2/min"}
        breaker.open_until = 0.0
        started = time.monotonic()
        results = [access.consume("ip:203.0.113.2", "anonymous")[0] for _ in range(3)]
        assert results == [True, True, False]
        assert time.monotonic() - started < 2
    breaker.open_until = 0.0
    breaker.pending_deletes.clear()
