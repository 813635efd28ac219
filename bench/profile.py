"""Profile the hot path in process (pyinstrument): the guide detail and its 304.

Runs the production WSGI application against the bench database and Redis that `make bench`
leaves behind (run `make bench` once first), calling it directly so the profile shows only
the app: no server, no network but the Redis round trip. Prints the top entries by own time.
"""

from __future__ import annotations

import io
import os
import secrets
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = "opzelura-atopic-dermatitis"
REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "3000"))


def setup() -> Any:
    os.environ.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            # As in `make bench`: one client address, so lift its anonymous limit.
            "API_RATE_ANONYMOUS": "1000000000/min",
            "DATABASE_URL": os.environ.get(
                "BENCH_PROFILE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/guides_bench"
            ),
            "REDIS_URL": os.environ.get("BENCH_PROFILE_REDIS_URL", "redis://127.0.0.1:6379/14"),
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def environ(path: str, query: str, headers: dict[str, str]) -> dict:
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    for name, value in headers.items():
        env["HTTP_" + name.upper().replace("-", "_")] = value
    return env


def call(app, env: dict) -> tuple[str, bytes]:
    status: list[str] = []
    body = b"".join(
        app(dict(env, **{"wsgi.input": io.BytesIO(b"")}), lambda s, h: status.append(s))
    )
    return status[0], body


def profile(app, label: str, env: dict) -> None:
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer

    for _ in range(200):  # warm: caches, connections
        call(app, env)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(REQUESTS):
        status, _body = call(app, env)
    session = profiler.stop()
    per_request = session.duration / REQUESTS * 1e6
    print(f"\n=== {label}: {status}, {REQUESTS} requests, {per_request:.0f} us each (profiled)")
    renderer = ConsoleRenderer(
        flat=True, show_all=False, unicode=False, color=False, time="percent_of_total"
    )
    print("\n".join(renderer.render(session).splitlines()[:28]))


def main() -> None:
    app = setup()
    detail = environ(f"/api/v1/guides/{SEED}/", "lang=es", {})
    status, _ = call(app, detail)
    assert status.startswith("200"), status
    etag = None
    headers: list = []
    app(dict(detail), lambda s, h: headers.extend(h))
    etag = dict(headers)["ETag"]
    profile(app, "guide detail (es)", detail)
    profile(
        app,
        "guide detail, If-None-Match (304)",
        environ(detail["PATH_INFO"], "lang=es", {"If-None-Match": etag}),
    )


if __name__ == "__main__":
    main()
