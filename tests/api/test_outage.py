"""The database goes away and comes back, under a real server process.

The app runs as its own process (manage.py runserver) and reaches PostgreSQL through a TCP
relay owned by the test. Cutting the relay is an outage as the app sees it (connections
drop, new ones are refused); restoring it is the database coming back.
"""

from __future__ import annotations

import time

import pytest
import requests
from django.db import connection

from guide.seed_import import import_seed
from tests.support.guides import SEED_SLUG
from tests.support.servers import Relay, app_server, wait_for

pytestmark = pytest.mark.postgres_only("a database server to cut off")


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
