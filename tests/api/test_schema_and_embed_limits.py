"""The schema endpoint is built once and, like embeds, counted against the rate limit."""

from __future__ import annotations

import time

from api import schema_view
from tests.support.guides import SEED_SLUG


def test_the_schema_is_generated_once_per_process(seeded, client):
    schema_view._schemas.clear()
    started = time.perf_counter()
    first = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    warm = time.perf_counter() - started
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert warm < cold / 3, (cold, warm)


def test_the_schema_is_rate_limited(seeded, client, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "2/min"}
    statuses = [client.get("/api/v1/schema/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_embeds_are_rate_limited(seeded, client, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "2/min"}
    url = f"/embed/v1/guides/{SEED_SLUG}/"
    statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.get(url)
    assert int(limited["Retry-After"]) > 0
    assert limited["Content-Type"] == "application/problem+json"
