"""The database goes away and comes back, under a real server process.

The app runs as its own process (manage.py runserver) and reaches PostgreSQL through a TCP
relay owned by the test. Cutting the relay is an outage as the app sees it (connections
drop, new ones are refused); restoring it is the database coming back.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.db import connection

from guide.seed_import import import_seed
from tests.conftest import SEED_SLUG

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres_only("a database server to cut off")


class Relay:
    """127.0.0.1:<port> -> the database server, with a switch."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = self._free_port()
        self.pairs: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    @staticmethod
    def _free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        if self.listener:
            self.listener.close()
            self.listener = None
        with self.lock:
            for s in self.pairs:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.pairs.clear()


@pytest.fixture
def app_through_relay(transactional_db):
    import_seed(SEED_SLUG)
    settings = connection.settings_dict
    relay = Relay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    relay.start()
    user = settings["USER"] or "postgres"
    env = {
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:{relay.port}/{settings['NAME']}",
        "API_LIVE_CACHE_SECONDS": "1",
        "API_RATE_ANONYMOUS": "100000/min",
        "SERVICE_RETRY_AFTER_SECONDS": "7",
        "DEBUG": "false",
    }
    try:
        with app_server(env, without=("REDIS_URL",)) as base:
            yield base, relay
    finally:
        relay.cut()


@contextmanager
def app_server(env: dict[str, str], without: tuple[str, ...] = ()) -> Iterator[str]:
    """This project under `runserver` in its own process, with `env` over ours (less the
    names in `without`), on a free port; yields its base URL once /healthz answers."""
    port = Relay._free_port()
    environment = {k: v for k, v in {**os.environ, **env}.items() if k not in without}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: requests.get(base + "/healthz", timeout=1).status_code == 200)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def wait_for(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


def test_cached_guides_survive_an_outage_and_the_service_recovers(app_through_relay):
    base, relay = app_through_relay
    detail = f"{base}/api/v1/guides/{SEED_SLUG}/"
    before = requests.get(detail, params={"lang": "es"}, timeout=5)
    assert before.status_code == 200
    assert requests.get(base + "/readyz", timeout=5).status_code == 200

    relay.cut()
    time.sleep(1.5)  # past the short cache lifetime: only the stale copy is left
    during = requests.get(detail, params={"lang": "es"}, timeout=10)
    assert during.status_code == 200
    assert during.content == before.content
    assert "stale-if-error" in during.headers["Cache-Control"]

    for path, params in [(detail, {"lang": "fr"}), (f"{base}/api/v1/guides/", {})]:
        failed = requests.get(path, params=params, timeout=10)
        assert failed.status_code == 503
        assert failed.headers["Content-Type"] == "application/problem+json"
        assert failed.headers["Retry-After"] == "7"
        assert failed.json()["type"] == "/problems/service-unavailable"
    not_ready = requests.get(base + "/readyz", timeout=10)
    assert not_ready.status_code == 503 and not_ready.json()["checks"]["database"] == "fail"
    assert requests.get(base + "/healthz", timeout=5).status_code == 200

    relay.start()
    wait_for(lambda: requests.get(base + "/readyz", timeout=5).status_code == 200)
    recovered = requests.get(detail, params={"lang": "fr"}, timeout=5)
    assert recovered.status_code == 200 and recovered.json()["language"] == "fr"
