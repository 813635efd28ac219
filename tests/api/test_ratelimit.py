"""The limiter and usage counters on real Redis, watched from the server's side (MONITOR):
one command per counted request, exact limits at a window's edges, and safe when Redis is
down."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import redis
from django.core.cache.backends.locmem import LocMemCache

from api import access
from api.partners.keys import KeyOwner, count_request, create_key
from api.partners.models import ApiKey, Partner, PartnerUsage
from api.ratelimit import _Batches, _LocalCounters, limiter
from config.redis_cache import CacheUnavailable, breaker
from tests.support.redis import REDIS, redis_caches, socket_closed_port

DB = int(urlsplit(REDIS).path.strip("/") or 0)
PERIOD = 60
T0 = 1_800_000_040.0  # 40 s into a minute window (1_800_000_000 is a multiple of 60)
WINDOW_START = T0 - 40


@pytest.fixture(autouse=True)
def fresh_limiter(monkeypatch) -> None:
    """The limiter keeps batches and fallback counters in the process: start each test
    without them, as a newly started process would (the windows here are fixed times)."""
    monkeypatch.setattr(limiter, "local", _LocalCounters())
    monkeypatch.setattr(limiter, "batches", _Batches())


@pytest.fixture
def on_redis(settings) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS)
    client.flushdb()
    settings.CACHES = redis_caches(REDIS)
    breaker.open_until = 0.0
    limiter._scripts.clear()
    yield client
    client.flushdb()


@contextlib.contextmanager
def monitored(*names: str) -> Iterator[list[dict]]:
    """What this database's Redis receives meanwhile about keys containing one of `names`, as
    MONITOR reports it: commands sent by clients, and those a script runs (client_type
    "lua"). Other tests may share the database (pytest-xdist): their keys are others."""
    seen: list[dict] = []
    marker = f"end-of-test-{time.monotonic_ns()}"
    ready = threading.Event()

    def watch() -> None:
        with redis.Redis.from_url(REDIS).monitor() as monitor:
            ready.set()
            for command in monitor.listen():
                if marker in command["command"]:
                    return
                if command["db"] == DB and any(n in command["command"] for n in names):
                    seen.append(command)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    assert ready.wait(5)
    time.sleep(0.2)  # MONITOR is registered once its reply is read
    try:
        yield seen
    finally:
        server = urlsplit(REDIS)
        redis.Redis(host=server.hostname or "127.0.0.1", port=server.port or 6379).echo(marker)
        thread.join(5)


def sent(commands: list[dict]) -> list[str]:
    """The commands clients sent (one per round trip), by name."""
    return [c["command"].split()[0].upper() for c in commands if c["client_type"] != "lua"]


def ran(commands: list[dict]) -> list[str]:
    return [c["command"].split()[0].upper() for c in commands if c["client_type"] == "lua"]


def consume(ident: str, now: float = T0) -> tuple[bool, access.RateState]:
    return access.consume(ident, "anonymous", now=now)


def test_each_counted_request_is_one_command_on_the_server(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "2/min"}
    consume("ip:warm-up")  # loads the script into Redis once
    with monitored("ip:203.0.113.1:") as commands:
        results = [consume("ip:203.0.113.1")[0] for _ in range(3)]
    assert results == [True, True, False]
    assert sent(commands) == ["EVALSHA"] * 3
    # Inside the script: the increment, the expiry on the first count only, the previous window.
    assert ran(commands) == ["INCRBY", "EXPIRE", "GET", "INCRBY", "GET", "INCRBY", "GET"]


@pytest.fixture
def owner(db) -> KeyOwner:
    # An id no other test's partner has: other workers may count in the same Redis database.
    partner = Partner.objects.create(pk=987_654, name="Riverside Clinic", slug="riverside")
    row, _ = create_key(partner, "website")
    return KeyOwner(key_id=row.pk, partner_id=partner.pk, partner_slug="riverside", tier="basic")


def test_far_from_its_limit_a_client_is_counted_in_batches(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "2100/min"}
    with monitored("ip:203.0.113.5:") as commands:
        states = [consume("ip:203.0.113.5") for _ in range(103)]
    # The first request is sent; then batches of 50 (a twentieth of the 2099 left, capped).
    assert sent(commands) == ["EVALSHA"] * 3
    assert [c["command"].split()[-1] for c in commands if "INCRBY" in c["command"]] == [
        "1",
        "51",
        "51",
    ]
    assert all(allowed for allowed, _ in states)
    assert [s.remaining for _, s in states] == list(range(2099, 1996, -1))
    (key,) = on_redis.keys("*ratelimit:ip:203.0.113.5*")
    assert int(on_redis.get(key)) == 103
    assert on_redis.ttl(key) == 2 * PERIOD + 1


def test_near_its_limit_every_request_is_sent(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "40/min"}
    with monitored("ip:203.0.113.6:") as commands:
        results = [consume("ip:203.0.113.6")[0] for _ in range(41)]
    assert results == [True] * 40 + [False]
    # While 20 or more are left (a twentieth of it is 1), every other request waits in the
    # batch and goes with the next; with fewer left, each one is sent at once.
    added = [c["command"].split()[-1] for c in commands if "INCRBY" in c["command"]]
    assert added == ["1"] + ["2"] * 10 + ["1"] * 20
    assert len(sent(commands)) == 31


def test_batched_requests_are_sent_within_a_second(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "100000/min"}
    for _ in range(5):
        consume("ip:203.0.113.7")
    (key,) = on_redis.keys("*ratelimit:ip:203.0.113.7*")
    assert int(on_redis.get(key)) == 1  # four wait in the batch
    time.sleep(1.05)
    allowed, state = consume("ip:203.0.113.7")
    assert allowed and int(on_redis.get(key)) == 6
    assert state.remaining == 100000 - 6


def test_a_partner_request_is_counted_in_one_command_too(on_redis, owner):
    count_request(owner)  # loads the script; the key's first use is written
    assert ApiKey.objects.get(pk=owner.key_id).last_used_at is not None
    usage, last_used = f"partners:usage:{owner.partner_id}:", f":last-used:{owner.key_id}"
    with monitored(usage, last_used) as commands:
        for _ in range(3):
            count_request(owner)
    assert sent(commands) == ["EVALSHA"] * 3
    assert ran(commands) == ["INCR", "SET"] * 3  # the day's count, the "last used" mark
    assert PartnerUsage.objects.get(partner_id=owner.partner_id).requests == 1  # every 100


def test_usage_counts_and_the_last_used_mark_lapses(on_redis):
    assert limiter.count("usage", 100, once="mark", once_timeout=1) == (1, True)
    assert limiter.count("usage", 100, once="mark", once_timeout=1) == (2, False)
    assert limiter.count("usage", 100) == (3, False)
    assert 98 <= on_redis.ttl(":1:usage") <= 100
    time.sleep(1.1)
    assert limiter.count("usage", 100, once="mark", once_timeout=1) == (4, True)


def test_the_limit_is_exact_at_the_boundary(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min"}
    states = [consume("ip:198.51.100.1") for _ in range(4)]
    assert [allowed for allowed, _ in states] == [True, True, True, False]
    assert [state.remaining for _, state in states] == [2, 1, 0, 0]
    assert {(s.limit, s.window, s.reset) for _, s in states} == {(3, PERIOD, 20)}
    # Another client has its own budget.
    assert consume("ip:198.51.100.2")[0]


def test_the_window_slides_and_expires(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "10/min"}
    for _ in range(10):
        assert consume("ip:192.0.2.1")[0]
    assert not consume("ip:192.0.2.1")[0]  # 11 in this window: 10 allowed
    # Half-way through the next window, half of the previous one still counts (11 / 2).
    allowed, state = consume("ip:192.0.2.1", now=WINDOW_START + PERIOD + 30)
    assert allowed and state.remaining == 3  # 1 + 5.5 = 6.5 counted
    assert state.reset == 30
    # Near its end, hardly any.
    allowed, state = consume("ip:192.0.2.1", now=WINDOW_START + 2 * PERIOD - 1)
    assert allowed and state.remaining == 7  # 2 + 11/60 = 2.18
    # Two windows later nothing of the burst is left.
    allowed, state = consume("ip:192.0.2.1", now=WINDOW_START + 3 * PERIOD)
    assert allowed and state.remaining == 9


def test_a_window_expires_from_its_first_count_not_its_last(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "10/min"}
    consume("ip:192.0.2.9")
    (key,) = on_redis.keys("*ratelimit:ip:192.0.2.9*")
    assert on_redis.ttl(key) == 2 * PERIOD + 1
    on_redis.expire(key, 50)
    consume("ip:192.0.2.9")
    assert on_redis.ttl(key) <= 50  # later counts do not push the expiry back
    assert int(on_redis.get(key)) == 2


def test_when_redis_is_down_requests_are_served_and_limited_in_process(settings, caplog, owner):
    with socket_closed_port() as port:
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
        settings.API_RATES = {**settings.API_RATES, "anonymous": "2/min"}
        breaker.open_until = 0.0
        started = time.monotonic()
        results = [consume("ip:203.0.113.77")[0] for _ in range(3)]
        assert results == [True, True, False]
        assert breaker.is_open()  # the next requests do not wait for Redis
        with pytest.raises(CacheUnavailable):
            limiter.count("usage", 100)
        count_request(owner)  # never raises
        assert time.monotonic() - started < 2
    assert "not counted" in caplog.text
    breaker.open_until = 0.0
    breaker.pending_deletes.clear()


def window_keys(ident: str, now: float = T0) -> tuple[str, str]:
    """The counters `access.consume` keeps for `ident`: this window's and the previous one."""
    window = int(now // PERIOD)
    return f"ratelimit:{ident}:{PERIOD}:{window}", f"ratelimit:{ident}:{PERIOD}:{window - 1}"


def test_reading_gives_both_windows_and_counts_nothing(on_redis, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "10/min"}
    for _ in range(3):
        consume("ip:192.0.2.20", now=WINDOW_START - 10)  # the previous window
    consume("ip:192.0.2.20")
    current, previous = window_keys("ip:192.0.2.20")
    assert limiter.read(current, previous) == (1, 3)
    assert limiter.read(current, previous) == (1, 3)
    assert consume("ip:192.0.2.20")[1].remaining == 10 - 2 - 1  # 2 + 3 x 40/60 counted


def test_when_redis_is_down_reads_come_from_the_process_counters(settings):
    with socket_closed_port() as port:
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
        settings.API_RATES = {**settings.API_RATES, "anonymous": "5/min"}
        breaker.open_until = 0.0
        consume("ip:192.0.2.21")
        consume("ip:192.0.2.21")
        assert limiter.read(*window_keys("ip:192.0.2.21")) == (2, 0)
    breaker.open_until = 0.0
    breaker.pending_deletes.clear()


def test_the_process_counters_stay_bounded_while_redis_is_down(settings, monkeypatch):
    """Once it holds as many counters as it may, the table starts over rather than grow."""
    monkeypatch.setattr(limiter, "local", _LocalCounters(max_entries=3))
    with socket_closed_port() as port:
        settings.CACHES = redis_caches(f"redis://127.0.0.1:{port}/0")
        settings.API_RATES = {**settings.API_RATES, "anonymous": "5/min"}
        breaker.open_until = 0.0
        assert consume("ip:192.0.2.31")[1].remaining == 4
        assert consume("ip:192.0.2.32")[1].remaining == 4
        assert consume("ip:192.0.2.31")[1].remaining == 3  # room left: counts kept
        assert consume("ip:192.0.2.33")[1].remaining == 4  # now full
        assert consume("ip:192.0.2.31")[1].remaining == 4  # so it started over
    breaker.open_until = 0.0
    breaker.pending_deletes.clear()


class ExpiringBetweenAddAndIncr(LocMemCache):
    """A counter that still exists when `add` looks and has expired when `incr` runs (as
    between two processes sharing a cache), once per key."""

    raced: set[str] = set()

    def incr(self, key, delta=1, version=None):
        if key not in self.raced:
            self.raced.add(key)
            self.delete(key, version=version)
        return super().incr(key, delta, version)


def local_memory(backend: str = "django.core.cache.backends.locmem.LocMemCache") -> dict:
    return {
        "default": {"BACKEND": backend, "LOCATION": f"ratelimit-{time.monotonic_ns()}"},
        "keys": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def test_usage_counts_and_the_mark_lapse_on_another_cache_backend(settings):
    settings.CACHES = local_memory()
    assert limiter.count("usage", 100, once="mark", once_timeout=1) == (1, True)
    assert limiter.count("usage", 100, once="mark", once_timeout=1) == (2, False)
    assert limiter.count("usage", 100) == (3, False)
    time.sleep(1.1)
    assert limiter.count("usage", 100, once="mark", once_timeout=1) == (4, True)


def test_a_counter_expiring_between_add_and_incr_starts_again_with_its_expiry(settings):
    settings.CACHES = local_memory(f"{__name__}.ExpiringBetweenAddAndIncr")
    ExpiringBetweenAddAndIncr.raced.clear()
    assert limiter.count("usage", 1) == (1, False)
    assert limiter.count("usage", 1) == (1, False)  # expired meanwhile: counted anew
    assert limiter.count("usage", 1) == (2, False)
    time.sleep(1.1)
    assert limiter.count("usage", 1) == (1, False)  # the new counter expires too
    # The same for request windows.
    assert limiter.hit("w:1", "w:0", 1) == (1, 0)
    assert limiter.hit("w:1", "w:0", 1) == (1, 0)
    assert limiter.hit("w:1", "w:0", 1) == (2, 0)


def test_on_another_cache_backend_the_previous_window_counts_until_the_next_one_ends(settings):
    settings.CACHES = local_memory()
    assert limiter.hit("w:1", "w:0", 1) == (1, 0)
    assert limiter.hit("w:1", "w:0", 1) == (2, 0)
    time.sleep(1.5)  # half-way through the next one-second window
    assert limiter.hit("w:2", "w:1", 1) == (1, 2)
