"""Database down: partners (CORS, keys, embeds) are served from last-known-good copies.

Same relay as test_outage.py; the partner caches are made to expire at once, so what is
served during the outage comes from the stale copies, not from a fresh cache entry.
"""

from __future__ import annotations

import time

import pytest
import requests
from django.db import connection

from api.partners.keys import create_key
from api.partners.models import Partner
from guide.seed_import import import_seed
from tests.support.guides import SEED_SLUG
from tests.support.servers import Relay, app_server, wait_for

pytestmark = pytest.mark.postgres_only("a database server to cut off")
ORIGIN = "https://clinic.example.org"


@pytest.fixture
def partner_app_through_relay(transactional_db):
    import_seed(SEED_SLUG)
    partner = Partner.objects.create(name="Clinic", slug="clinic", origins=ORIGIN)
    _, key = create_key(partner, "site")
    settings = connection.settings_dict
    relay = Relay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    relay.start()
    user = settings["USER"] or "postgres"
    env = {
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:{relay.port}/{settings['NAME']}",
        "API_LIVE_CACHE_SECONDS": "1",
        "API_PARTNER_CACHE_SECONDS": "1",
        "API_RATE_ANONYMOUS": "100000/min",
        "DEBUG": "false",
    }
    try:
        with app_server(env, without=("REDIS_URL",)) as base:
            yield base, relay, key
    finally:
        relay.cut()


def test_partners_are_served_from_the_stale_snapshot_while_the_database_is_down(
    partner_app_through_relay,
):
    base, relay, key = partner_app_through_relay
    detail = f"{base}/api/v1/guides/{SEED_SLUG}/"
    embed = f"{base}/embed/v1/guides/{SEED_SLUG}/?partner=clinic"
    keyed = {"Authorization": f"Api-Key {key}"}
    cors = {"Origin": ORIGIN}
    before = {
        "keyed": requests.get(detail, headers=keyed, timeout=5),
        "cors": requests.get(detail, headers=cors, timeout=5),
        "embed": requests.get(embed, timeout=5),
    }
    assert all(r.status_code == 200 for r in before.values())

    relay.cut()
    time.sleep(1.5)  # past every short cache lifetime: only the stale copies are left
    keyed_during = requests.get(detail, headers=keyed, timeout=10)
    assert keyed_during.status_code == 200
    assert keyed_during.content == before["keyed"].content
    assert keyed_during.headers["RateLimit-Limit"] == before["keyed"].headers["RateLimit-Limit"]
    cors_during = requests.get(detail, headers=cors, timeout=10)
    assert cors_during.status_code == 200
    assert cors_during.headers["Access-Control-Allow-Origin"] == ORIGIN
    preflight = requests.options(
        detail, headers={**cors, "Access-Control-Request-Method": "GET"}, timeout=10
    )
    assert preflight.status_code < 500
    embed_during = requests.get(embed, timeout=10)
    assert embed_during.status_code == 200
    assert ORIGIN in embed_during.headers["Content-Security-Policy"]
    # A key never seen before cannot be checked: 503, not a 500 and not a pass.
    unknown = requests.get(detail, headers={"Authorization": "Api-Key pk_00000000_x"}, timeout=10)
    assert unknown.status_code == 503

    relay.start()
    wait_for(lambda: requests.get(base + "/readyz", timeout=5).status_code == 200)
    assert requests.get(detail, headers=keyed, timeout=5).status_code == 200
