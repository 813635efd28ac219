"""Search over 200 published guides: query count and time (opt-in: SEARCH_SCALE=1).

    SEARCH_SCALE=1 DATABASE_URL=postgres://... .venv/bin/python -m pytest \
        tests/api/test_search_scale.py -q -s

Builds 200 small guides (two sections, an FAQ entry, texts in all six languages), each
published through the normal path (so indexed at publish time), then times searches.
"""

from __future__ import annotations

import os
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.search import make_guide

pytestmark = pytest.mark.skipif(
    os.environ.get("SEARCH_SCALE") != "1", reason="opt-in measurement: SEARCH_SCALE=1"
)
WORDS = ["eczema", "flare", "itch", "sleep", "sunscreen", "steroid", "emollient", "bleach"]
QUERIES = [
    ("skin", "en"),
    ("wet wrap", "en"),
    ("eczema flare", "en"),
    ("despues del bano", "es"),
    ("demangeaisons", "fr"),
    ("皮肤瘙痒", "zh-Hans"),
    ("保湿", "zh-Hans"),
    ("ngua da", "vi"),
    ("الجلد", "ar"),
    ("sleep", "ar"),
]


def test_search_over_200_guides(client, db):
    started = time.perf_counter()
    for n in range(200):
        extra = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(3))
        make_guide(f"guide-{n:03}", tag=f"tag-{n % 10}", extra_en=extra)
    built = time.perf_counter() - started
    from api.search.models import SearchEntry

    entries = SearchEntry.objects.count()
    print(f"\n200 guides built and published in {built:.1f} s; {entries} search entries")
    for q, lang in QUERIES:
        client.get("/api/v1/search/", {"q": q, "lang": lang})  # warm (jieba's dictionary)
        times, count = [], None
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get("/api/v1/search/", {"q": q, "lang": lang})
                times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
            assert len(queries) == 1
            count = response.json()["count"]
        sql_ms = float(queries.captured_queries[0]["time"]) * 1000
        print(
            f"{q!r:22} {lang:8} hits {count:5}  queries 1  "
            f"median {statistics.median(times):6.1f} ms  (SQL {sql_ms:.1f} ms)"
        )
    for params in ({"tag": "tag-3"}, {"ordering": "-updated"}, {"ordering": "title"}):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get("/api/v1/guides/", params)
            ms = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200
        print(
            f"list {params}: {response.json()['count']} guides, {len(queries)} queries, {ms:.1f} ms"
        )
