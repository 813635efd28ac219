"""Real Redis for the tests that need it, and a port where no Redis listens."""

from __future__ import annotations

import os
import socket
from typing import Any

REDIS = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")


def redis_caches(location: str) -> dict[str, Any]:
    """CACHES for the default and the keys cache, both on Redis at `location`."""
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    backend = "config.redis_cache.FastRedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": location, "OPTIONS": options},
        "keys": {"BACKEND": backend, "LOCATION": location, "OPTIONS": options, "KEY_PREFIX": "k"},
    }


class socket_closed_port:
    """A port nothing listens on."""

    def __enter__(self) -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc) -> None:
        pass
