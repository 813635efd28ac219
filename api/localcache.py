"""A per-process cache, for about a second, in front of the shared cache.

With Redis, every request for a published guide was one Redis round trip; the profile
showed it as the largest single cost left on the hot path (docs/performance.md). Holding
the few hottest representations in each process for `API_LOCAL_CACHE_SECONDS` removes it
for all but one request per second per key and process. The price: after a publish,
processes other than the publishing one can serve the previous version for up to that
long (the publishing process drops its copy at once, as Redis does for every process).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any


class LocalCache:
    """Thread-safe through the GIL: single dict operations only."""

    def __init__(self, seconds: float, max_entries: int = 512) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._data: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any | None:
        if self.seconds <= 0:
            return None
        entry = self._data.get(key)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def set(self, key: str, value: Any) -> None:
        if self.seconds <= 0:
            return
        if len(self._data) >= self.max_entries:
            self._data.clear()  # rare: more hot keys than entries; start over
        self._data[key] = (time.monotonic() + self.seconds, value)

    def delete_many(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._data.pop(key, None)
