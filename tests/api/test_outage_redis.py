"""Redis goes away and comes back, under a real server process; the database stays up.

As in test_outage.py, the app runs as its own process and reaches Redis through a TCP relay
owned by the test: cutting the relay is Redis' outage as the app sees it.
"""

from __future__ import annotations

import os
import re
import time

import pytest
import redis
import requests
from django.contrib.auth.models import User
from django.db import connection

from api.partners.keys import create_key
from api.partners.models import Partner
from guide.seed_import import import_seed
from tests.support.guides import SEED_SLUG
from tests.support.servers import Relay, app_server, wait_for

REDIS = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")

pytestmark = pytest.mark.postgres_only("a separate app process sharing a database server")


def database_url() -> str:
    s = connection.settings_dict
    user, host, port = s["USER"] or "postgres", s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def app_with_redis_relay(transactional_db):
    import_seed(SEED_SLUG)
    User.objects.create_superuser("boss", password="a-long-enough-password-789")
    partner = Partner.objects.create(name="Clinic", slug="clinic", origins="https://c.example")
    _, key = create_key(partner, "site")
    parts = redis.Redis.from_url(REDIS).connection_pool.connection_kwargs
    redis.Redis.from_url(REDIS).flushdb()
    relay = Relay((parts.get("host", "127.0.0.1"), int(parts.get("port", 6379))))
    relay.start()
    env = {
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://127.0.0.1:{relay.port}/{parts.get('db', 0)}",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "API_LIVE_CACHE_SECONDS": "300",
        "API_LOCAL_CACHE_SECONDS": "0",
        "API_RATE_ANONYMOUS": "100000/min",
        "SERVICE_RETRY_AFTER_SECONDS": "7",
        "DEBUG": "false",
    }
    try:
        with app_server(env) as base:
            yield base, relay, key
    finally:
        relay.cut()
        redis.Redis.from_url(REDIS).flushdb()


def admin_session(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    session.post(
        base + "/admin/login/?next=/admin/",
        data={
            "username": "boss",
            "password": "a-long-enough-password-789",
            "csrfmiddlewaretoken": token,
        },
        timeout=10,
    )
    return session


def publish_from_admin(session: requests.Session, base: str, guide_id: int) -> requests.Response:
    url = f"{base}/admin/guide/guide/{guide_id}/publish/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text)[1]
    return session.post(
        url,
        data={"note": "during the outage", "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )


def test_redis_outage_serves_from_the_database_and_loses_no_invalidation(app_with_redis_relay):
    base, relay, key = app_with_redis_relay
    from guide.models import Guide

    guide_id = Guide.objects.get(slug=SEED_SLUG).pk
    detail = f"{base}/api/v1/guides/{SEED_SLUG}/"
    keyed = {"Authorization": f"Api-Key {key}"}
    cors = {"Origin": "https://c.example"}
    before = requests.get(detail, timeout=5)
    assert before.status_code == 200 and before.json()["version"] == 1
    assert requests.get(detail, headers=keyed, timeout=5).status_code == 200
    session = admin_session(base)

    relay.cut()
    paths = [
        (detail, {}),
        (detail, keyed),
        (detail, cors),
        (f"{base}/api/v1/guides/", {}),
        (f"{base}/api/v1/guides/{SEED_SLUG}/faq/", {"Accept-Language": "es"}),
        (f"{base}/api/v1/languages/", {}),
        (f"{base}/api/v1/sync/", {}),
        (f"{base}/embed/v1/guides/{SEED_SLUG}/", {}),
        (f"{base}/embed/v1/guides/{SEED_SLUG}/?partner=clinic", {}),
    ]
    for url, headers in paths:
        response = requests.get(url, headers=headers, timeout=10)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
    assert (
        requests.get(detail, headers=cors, timeout=5).headers.get("Access-Control-Allow-Origin")
        == "https://c.example"
    )
    not_ready = requests.get(base + "/readyz", timeout=10)
    assert not_ready.status_code == 503 and not_ready.json()["checks"]["cache"] == "fail"

    started = time.monotonic()
    published = publish_from_admin(session, base, guide_id)
    assert published.status_code == 302, published.text[:300]
    # Not stuck behind Redis timeouts: the publish itself (about forty representations
    # rendered, compressed, indexed) takes a few seconds on a loaded two-core machine.
    assert time.monotonic() - started < 30
    assert requests.get(detail, timeout=10).json()["version"] == 2

    relay.start()
    wait_for(lambda: requests.get(base + "/readyz", timeout=5).status_code == 200)
    # The copy of version 1 still in Redis was dropped: the invalidation was replayed.
    assert requests.get(detail, timeout=5).json()["version"] == 2
    listed = requests.get(f"{base}/api/v1/guides/", timeout=5).json()
    assert [g["version"] for g in listed["results"] if g["slug"] == SEED_SLUG] == [2]
