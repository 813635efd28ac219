"""Rate limits and login throttles count the real client, behind the shipped proxy too."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from api import access
from config import client_address
from tests.support.guides import DETAIL

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def via_proxy(client_ip: str) -> dict:
    # What nginx sends: whatever the client wrote, then the address it saw.
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {client_ip}"}


def test_the_compose_stack_trusts_its_one_proxy():
    compose = (ROOT / "docker-compose.yml").read_text()
    web_env = compose[compose.index("environment: &web-env") : compose.index("depends_on")]
    assert 'NUM_PROXIES: "1"' in web_env


def test_one_client_behind_the_proxy_does_not_use_up_another_clients_limit(
    seeded, settings, behind_proxy
):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min"}
    client = Client()
    statuses = [client.get(DETAIL, **via_proxy("203.0.113.1")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(DETAIL, **via_proxy("203.0.113.2")).status_code == 200


def test_forwarded_requests_without_a_trusted_proxy_are_shouted_about(seeded, client, caplog):
    client_address.untrusted_forwarding_seen = False
    assert "warnings" not in client.get("/readyz").json()
    client.get(DETAIL, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert any("NUM_PROXIES=0" in r.getMessage() for r in caplog.records)
    assert "NUM_PROXIES" in client.get("/readyz").json()["warnings"][0]
    client_address.untrusted_forwarding_seen = False


def test_ipv6_clients_are_counted_per_64(seeded, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min"}
    client = Client()
    addresses = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3", "2001:db8:1:2::4"]
    statuses = [client.get(DETAIL, REMOTE_ADDR=a).status_code for a in addresses]
    assert statuses == [200, 200, 200, 429]
    assert client.get(DETAIL, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_the_window_slides_so_a_boundary_does_not_double_the_limit(seeded, settings, monkeypatch):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "4/min"}
    now = [1_800_000_000 // 60 * 60 + 58.0]  # two seconds before a minute ends
    monkeypatch.setattr(access.time, "time", lambda: now[0])
    client = Client()
    assert [client.get(DETAIL).status_code for _ in range(4)] == [200] * 4
    now[0] += 4  # two seconds into the next minute: a fixed window would allow 4 more
    assert client.get(DETAIL).status_code == 429
    now[0] += 45  # most of the last minute has slid out
    assert client.get(DETAIL).status_code == 200


def test_failed_authentication_is_throttled_per_address(seeded, settings):
    settings.API_RATES = {**settings.API_RATES, "auth_failures": "20/min"}
    client = Client()
    statuses = [
        client.get(
            DETAIL, HTTP_AUTHORIZATION=f"Api-Key pk_{secrets.token_hex(4)}_{secrets.token_hex(8)}"
        ).status_code
        for _ in range(25)
    ]
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 5
    limited = client.get(DETAIL, HTTP_AUTHORIZATION="Api-Key garbage")
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert client.get(DETAIL, REMOTE_ADDR="198.51.100.7").status_code == 200  # others unaffected


def test_unknown_keys_do_not_evict_rate_counters(seeded, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min"}
    reader = Client(REMOTE_ADDR="198.51.100.1")
    assert [reader.get(DETAIL).status_code for _ in range(3)] == [200, 200, 200]
    guesser = Client()
    for n in range(400):
        guesser.get(
            DETAIL,
            REMOTE_ADDR=f"192.0.2.{n % 200}",
            HTTP_AUTHORIZATION=f"Api-Key pk_{secrets.token_hex(4)}_x",
        )
    assert reader.get(DETAIL).status_code == 429


@pytest.fixture
def target(db):
    User.objects.create_user("target", password="the-right-password-123", is_staff=True)
    User.objects.create_user("other", password="another-right-password-456", is_staff=True)


def login(client: Client, username: str, password: str, **meta) -> int:
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **meta
    ).status_code


def test_a_stranger_behind_the_proxy_cannot_lock_out_an_admin(target, behind_proxy):
    attacker, owner = Client(), Client()
    for _ in range(5):
        login(attacker, "target", "guess", **via_proxy("203.0.113.66"))
    assert login(attacker, "target", "guess", **via_proxy("203.0.113.66")) == 429
    assert login(owner, "target", "the-right-password-123", **via_proxy("198.51.100.5")) == 302


def test_one_address_cannot_spray_a_password_over_every_account(target, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    sprayer = Client()
    meta = {"REMOTE_ADDR": "203.0.113.77"}
    for n in range(5):
        assert login(sprayer, f"user{n}", "Summer2026!", **meta) == 200  # form with an error
    # Past the cap, even a right password from this address is refused.
    assert login(sprayer, "other", "another-right-password-456", **meta) == 200
    assert "_auth_user_id" not in sprayer.session
    assert login(Client(), "other", "another-right-password-456", REMOTE_ADDR="198.51.100.9") == 302
