"""The 12-language bench server: ordinary settings, its cache keys apart from the 6-language
server's, so both can share one Redis database (`BENCH_REDIS_DBS=5`)."""

from config.settings import *  # noqa: F403

for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = f"bench12{_cache.get('KEY_PREFIX', '')}"
