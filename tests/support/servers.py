"""Real servers for outage tests: a TCP relay to cut, and this project in its own process."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]


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
