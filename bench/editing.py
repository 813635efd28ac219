"""The editors' side of `make bench`: publish latency, concurrent publishing, the admin form.

Run by bench/run.py inside `manage.py shell` against the 6-language bench database, after
the serving figures (it publishes, so the served versions change). Prints one JSON line;
`main_12_languages()` prints the admin's figures on the 12-language database.

- Publish latency: `guide.publishing.publish` of the seed guide and the 200-section guide,
  median of a few, with the database and Redis the servers used.
- Concurrent publishing: PUBLISHERS processes, each publishing its own guide (synthetic,
  about the seed's size) again and again for PUBLISH_SECONDS: publishes per minute in all.
  They share one change-sequence row; it is taken last in the transaction, so they wait on
  each other only for the commit.
- The admin (as a superuser): the guide change form's server time, queries and size, and
  the time of a save of the guide's page and of a section's page (POST of every field),
  for the seed guide and the 200-section guide.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guide.models import Guide, Section
from guide.publishing import publish
from tests.support import big_guide
from tests.support.admin_forms import change_form_data

SEED = "opzelura-atopic-dermatitis"
PUBLISHERS = int(os.environ.get("BENCH_PUBLISHERS", "4"))
PUBLISH_SECONDS = float(os.environ.get("BENCH_PUBLISH_SECONDS", "20"))
REPEATS = 2


def publish_latency(slug: str) -> dict[str, float]:
    guide = Guide.objects.get(slug=slug)
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        publish(guide, note="bench")
        times.append(time.perf_counter() - started)
    return {"median_ms": round(statistics.median(times) * 1000, 1), "runs": REPEATS}


def _publisher(slug: str, until: float, results: Any) -> None:
    connections.close_all()  # a connection of its own, not the parent's
    guide = Guide.objects.get(slug=slug)
    count = 0
    while time.time() < until:
        publish(guide, note="bench")
        count += 1
    results.put(count)


def concurrent_publishing() -> dict[str, Any]:
    slugs = [f"bench-publisher-{i}" for i in range(PUBLISHERS)]
    for slug in slugs:
        big_guide.create(top_level=8, subsections_each=2, slug=slug)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    until = time.time() + PUBLISH_SECONDS
    workers = [context.Process(target=_publisher, args=(s, until, results)) for s in slugs]
    for worker in workers:
        worker.start()
    counts = [results.get(timeout=PUBLISH_SECONDS + 120) for _ in workers]
    for worker in workers:
        worker.join()
    return {
        "publishers": PUBLISHERS,
        "seconds": PUBLISH_SECONDS,
        "publishes": sum(counts),
        "per_minute": round(sum(counts) * 60 / PUBLISH_SECONDS, 1),
        "sections_each": 8 * 3,
    }


def _admin_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(user)
    return client


def admin_change_form(slug: str, repeats: int = REPEATS) -> dict[str, Any]:
    """Server time, queries and size of the guide's change form (GET, as a superuser).

    Time is given as measured (`median_ms`) and as this process's CPU time (`median_cpu_ms`,
    without the database's), which moves less on a busy machine."""
    client = _admin_client()
    url = f"/admin/guide/guide/{Guide.objects.get(slug=slug).pk}/change/"
    assert client.get(url).status_code == 200  # warm
    times, cpu, queries, size = [], [], 0, 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.status_code
        queries, size = len(captured), len(response.content)
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "median_cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "queries": queries,
        "html_kb": round(size / 1024),
    }


def admin_save(url: str, repeats: int = REPEATS) -> dict[str, Any]:
    """Saving a change form unchanged, as a browser posts it: time and fields posted.

    A page whose form is larger than `DATA_UPLOAD_MAX_NUMBER_FIELDS` cannot be saved at all
    (`TooManyFieldsSent`, status 400): reported as such."""
    client = _admin_client()
    times, cpu, fields, status = [], [], 0, 0
    for _ in range(repeats):
        data = change_form_data(client.get(url).content.decode(), FORM_IDS[url.split("/")[3]])
        fields = sum(len(values) for values in data.values())
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post(url, {**data, "_continue": "1"})
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        status = response.status_code
        if status != 302:
            break
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "median_cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "fields_posted": fields,
        "status": status,
    }


FORM_IDS = {"guide": "guide_form", "section": "section_form"}


def guide_url(slug: str) -> str:
    return f"/admin/guide/guide/{Guide.objects.get(slug=slug).pk}/change/"


def section_url(slug: str) -> str:
    section = Section.objects.filter(guide__slug=slug, parent=None).order_by("order").first()
    assert section is not None
    return f"/admin/guide/section/{section.pk}/change/"


def admin_figures(repeats: int = REPEATS) -> dict[str, Any]:
    """The admin's figures for the seed guide and the 200-section guide."""
    return {
        name: {
            "change_form": admin_change_form(slug, repeats),
            "save": admin_save(guide_url(slug), repeats),
            "section_save": admin_save(section_url(slug), repeats),
        }
        for name, slug in (("seed", SEED), ("200_sections", big_guide.SLUG))
    }


def main() -> None:
    results = {
        "publish_latency": {
            "seed": publish_latency(SEED),
            "200_sections": publish_latency(big_guide.SLUG),
        },
        "admin": admin_figures(),
        "concurrent_publishing": concurrent_publishing(),
    }
    print("BENCH_EDITING " + json.dumps(results))


def main_12_languages() -> None:
    """The admin's figures on the 12-language database (its 200-section guide made here)."""
    if not Guide.objects.filter(slug=big_guide.SLUG).exists():
        big_guide.create()
    print("BENCH_EDITING_12 " + json.dumps(admin_figures()))


if __name__ == "__main__":
    main()
