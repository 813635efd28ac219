"""Soak: mixed reads for a fixed time while a guide is republished every few seconds.

Starts the app under gunicorn with production settings (PostgreSQL, Redis), then runs
reader threads over keep-alive HTTP connections on loopback against the detail, FAQ, list,
sync and embed endpoints in several languages, with and without If-None-Match, while a
publisher changes the guide's subtitle in every language and publishes, every
SOAK_PUBLISH_EVERY seconds. It checks every response (status, language, and that the text
served belongs to the version it claims), samples worker memory, and writes
bench/soak.json. Bounded: SOAK_SECONDS (600) and SOAK_READERS (4) threads, loopback only.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    BENCH,
    SEED,
    WORK,
    Servers,
    app_env,
    gunicorn,
    manage,
    recreate_database,
    wait_until_up,
    worker_rss,
)

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
READERS = int(os.environ.get("SOAK_READERS", "4"))
PUBLISH_EVERY = float(os.environ.get("SOAK_PUBLISH_EVERY", "3"))
PORT_NAME = "app"
LANGS = ["en", "es", "ar"]


def marker(n: int, lang: str) -> str:
    return f"Soak revision {n} [{lang}]"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.seen: set[tuple[int, str, str]] = set()  # (version, language, subtitle)
        self.requests = 0

    def error(self, text: str) -> None:
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(text)


def reader(port: int, stop: float, results: Results, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    etags: dict[str, str] = {}
    cursor = None
    while time.monotonic() < stop:
        lang = rng.choice(LANGS)
        kind = rng.choices(["detail", "faq", "list", "sync", "embed"], [5, 2, 1, 1, 1])[0]
        path = {
            "detail": f"/api/v1/guides/{SEED}/?lang={lang}",
            "faq": f"/api/v1/guides/{SEED}/faq/?lang={lang}",
            "list": f"/api/v1/guides/?lang={lang}",
            "sync": "/api/v1/sync/?lang=es" + (f"&cursor={cursor}" if cursor else ""),
            "embed": f"/embed/v1/guides/{SEED}/?lang={lang}",
        }[kind]
        headers = {}
        if kind == "detail" and path in etags and rng.random() < 0.5:
            headers["If-None-Match"] = etags[path]
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            results.error(f"{path}: {type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        with results.lock:
            results.requests += 1
            results.statuses[response.status] += 1
        if response.status not in (200, 304):
            results.error(f"{path}: status {response.status}")
            continue
        if response.status == 304:
            continue
        if kind == "embed":
            if f'<html lang="{lang}"'.encode() not in body:
                results.error(f"{path}: wrong page language")
            continue
        data = json.loads(body)
        if kind == "sync":
            cursor = data["cursor"]
            for guide in data["guides"]:
                if guide["language"] != "es":
                    results.error("sync: a guide in another language")
                with results.lock:
                    results.seen.add((guide["version"], "es", guide["subtitle"]))
            continue
        if kind == "list":
            items = data["results"]
            if any(item["language"] != lang for item in items):
                results.error(f"{path}: a list item in another language")
            continue
        if data["language"] != lang:
            results.error(f"{path}: served {data['language']}")
        if kind == "detail":
            etags[path] = response.getheader("ETag") or ""
            with results.lock:
                results.seen.add((data["version"], lang, data["subtitle"]))


def publisher(stop: float, versions: dict[int, int], failures: list[str]) -> None:
    from guide.models import Guide
    from guide.publishing import publish

    n = 0
    while time.monotonic() < stop - PUBLISH_EVERY:
        time.sleep(PUBLISH_EVERY)
        n += 1
        try:
            guide = Guide.objects.get(slug=SEED)
            for lang in LANGS:
                setattr(guide, f"subtitle_{lang}", marker(n, lang))
            guide.save()
            version = publish(guide, note=f"soak {n}")
            versions[version.number] = n
        except Exception as exc:  # reported, and fails the soak
            failures.append(f"publish {n}: {exc}")


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    env = app_env("guides_soak", 13)
    recreate_database("guides_soak")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "import_seed")
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    import django

    django.setup()
    from bench.run import PORTS

    servers = Servers()
    try:
        master = gunicorn(servers, PORT_NAME, "config.wsgi:application", env)
        port = PORTS[PORT_NAME]
        wait_until_up(port, "/healthz")
        time.sleep(2)
        results = Results()
        warm_stop = time.monotonic() + 10
        reader(port, warm_stop, Results(), 0)  # warm every path once
        rss_start = worker_rss(master.pid)
        stop = time.monotonic() + SECONDS
        versions: dict[int, int] = {1: 0}
        failures: list[str] = []
        threads = [
            threading.Thread(target=reader, args=(port, stop, results, i + 1))
            for i in range(READERS)
        ]
        threads.append(threading.Thread(target=publisher, args=(stop, versions, failures)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples = []  # (seconds, total worker RSS): the first minute is warm-up
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            samples.append(
                (round(time.monotonic() - started), sum(worker_rss(master.pid).values()))
            )
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        rss_end = worker_rss(master.pid)
        warm = [kib for at, kib in samples if at >= min(60, SECONDS / 2)]
        if warm:
            rss_start = {0: warm[0]}
    finally:
        servers.stop()
    mixed = []
    for version, lang, subtitle in results.seen:
        n = versions.get(version)
        if n is None:
            mixed.append(f"v{version} {lang}: version never published by the soak")
        elif n > 0 and subtitle != marker(n, lang):
            mixed.append(f"v{version} {lang}: {subtitle!r} belongs to another version")
    start_total, end_total = sum(rss_start.values()), sum(rss_end.values())
    report = {
        "seconds": round(elapsed, 1),
        "readers": READERS,
        "requests": results.requests,
        "requests_per_second": round(results.requests / elapsed, 1),
        "statuses": dict(results.statuses),
        "publishes": len(versions) - 1,
        "errors": results.errors + failures,
        "mixed_versions_or_languages": mixed,
        "versions_seen": len({v for v, _, _ in results.seen}),
        "worker_rss_kib": {"after_warm_up": start_total, "end": end_total},
        "worker_rss_samples_kib": samples[::6],
        "worker_rss_change_percent": round(100 * (end_total - start_total) / start_total, 2),
    }
    (BENCH / "soak.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    change = round(100 * (end_total - start_total) / start_total, 2)
    ok = not report["errors"] and not mixed and abs(change) <= 10
    print("soak:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
