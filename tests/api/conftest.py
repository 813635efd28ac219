"""Webhook fixtures: a real HTTP receiver and a real Celery worker on a real Redis broker."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

REDIS_BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that records every request.

    `fail_first[path] = n` answers 500 to the first n requests to `path`; `redirects[path]`
    answers 302 to that URL; everything else gets 204.
    """

    base: str = ""
    requests: list[Received] = field(default_factory=list)
    fail_first: dict[str, int] = field(default_factory=dict)
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    lock: threading.Condition = field(default_factory=threading.Condition)

    def url(self, path: str) -> str:
        return self.base + path

    def to(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def wait_for(self, path: str, count: int, timeout: float = 15) -> list[Received]:
        with self.lock:
            self.lock.wait_for(lambda: len(self._to(path)) >= count, timeout)
            return self._to(path)

    def _to(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                seen = len(receiver._to(self.path))
                receiver.requests.append(
                    Received(self.path, dict(self.headers.items()), body, time.monotonic())
                )
                receiver.lock.notify_all()
            if self.path in receiver.redirects:
                code, location = receiver.redirects[self.path]
                self.send_response(code)
                self.send_header("Location", location)
            elif seen < receiver.fail_first.get(self.path, 0):
                self.send_response(500)
            else:
                self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _redis_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _reconnect(app) -> None:
    """Drop the app's cached broker pools and queue routing so that a changed `broker_url`
    and `task_default_queue` apply (eager calls open a producer on the old broker too)."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.__dict__.pop("amqp", None)


def _forget_queue(queue: str) -> None:
    """Remove what kombu keeps in Redis for a queue (and its exchange of the same name)."""
    import redis

    client = redis.Redis.from_url(REDIS_BROKER)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


@pytest.fixture(scope="session")
def _worker_on_redis() -> Iterator[object]:
    """A Celery worker in a thread, consuming a queue of its own on a dedicated Redis DB."""
    if not _redis_up(REDIS_BROKER):
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required at {REDIS_BROKER}")
        pytest.skip(f"Redis not reachable at {REDIS_BROKER}")
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from config.celery import app

    saved = {
        key: app.conf[key]
        for key in ("broker_url", "task_default_queue", "worker_hijack_root_logger")
    }
    queue = f"test-webhooks-{uuid.uuid4().hex[:12]}"
    app.conf.update(
        broker_url=REDIS_BROKER,
        task_default_queue=queue,
        worker_hijack_root_logger=False,
    )
    _reconnect(app)

    def close_connections(**kwargs) -> None:
        connections.close_all()  # the worker thread's own: the test database can be dropped

    task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as w:
            yield w
    finally:
        task_postrun.disconnect(close_connections)
        _forget_queue(queue)
        app.conf.update(saved)
        _reconnect(app)


@pytest.fixture
def celery_worker(_worker_on_redis) -> Iterator[object]:
    """Tasks go through Redis to the worker for this test (other tests run them eagerly).

    The worker runs them in its thread against the test database, so tests using it need
    `transactional_db`: the worker must see committed rows.
    """
    from config.celery import app

    app.conf.task_always_eager = False
    yield _worker_on_redis
    app.conf.task_always_eager = True


@pytest.fixture
def loopback_webhooks(settings):
    """The test receiver listens on loopback, which webhooks otherwise never reach."""
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
