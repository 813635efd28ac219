"""A real Celery worker on a real Redis broker, for tests that need tasks to leave the process.

`tests/conftest.py` imports the fixtures, so one session-wide worker serves every package
(a fixture imported by two `conftest.py` files would start two workers on one app).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

REDIS_BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")


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
    queue = f"test-worker-{uuid.uuid4().hex[:12]}"
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
