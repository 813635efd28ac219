"""Partner keys, tiered rate limits and CORS (over real HTTP: browsers are the point)."""

from __future__ import annotations

import time

import pytest

from api.access import parse_rate
from api.partners.keys import create_key, flush_all_usage, revoke, rotate
from api.partners.models import ApiKey, Partner, PartnerUsage
from tests.support.guides import DETAIL, SEED_SLUG

CLINIC = "https://clinic.example.org"


@pytest.fixture
def partner(seeded) -> Partner:
    return Partner.objects.create(
        name="Riverside Clinic",
        slug="riverside",
        origins=f"{CLINIC}\nhttp://localhost:9999",
        tier=Partner.Tier.STANDARD,
    )


def auth(key: str) -> dict:
    return {"Authorization": f"Api-Key {key}"}


def test_key_is_shown_once_and_stored_only_as_a_digest(partner):
    row, key = create_key(partner, "website")
    stored = ApiKey.objects.filter(pk=row.pk).values().get()
    assert key not in str(stored)
    assert key.startswith(f"pk_{row.prefix}_")
    assert len(stored["digest"]) == 64


def test_a_key_raises_the_rate_to_the_partner_tier(http, partner, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "5/min", "standard": "50/min"}
    _, key = create_key(partner, "website")
    anonymous = http.get(DETAIL)
    assert anonymous.headers["RateLimit-Limit"] == "5"
    keyed = http.get(DETAIL, headers=auth(key))
    assert keyed.status_code == 200
    assert keyed.headers["RateLimit-Limit"] == "50"
    assert keyed.headers["RateLimit-Remaining"] == "49"
    assert 0 < int(keyed.headers["RateLimit-Reset"]) <= 60
    assert keyed.headers["RateLimit-Policy"] == "50;w=60"


def test_over_the_limit_is_429_with_retry_after(http, partner, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min", "standard": "4/min"}
    for _ in range(3):
        assert http.get(DETAIL).status_code == 200
    limited = http.get(DETAIL)
    assert limited.status_code == 429
    assert limited.headers["Content-Type"] == "application/problem+json"
    assert limited.json()["type"] == "/problems/rate-limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["RateLimit-Remaining"] == "0"
    _, key = create_key(partner, "server")  # the partner has its own budget
    statuses = [http.get(DETAIL, headers=auth(key)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.parametrize(
    "header",
    ["Api-Key pk_nothere_abc", "Api-Key garbage", "Bearer something", "Api-Key ", "Basic dXNlcg=="],
)
def test_wrong_keys_are_401_problems(http, partner, header):
    response = http.get(DETAIL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Api-Key")


def test_revoked_and_inactive_keys_are_refused(http, partner):
    row, key = create_key(partner, "website")
    assert http.get(DETAIL, headers=auth(key)).status_code == 200
    revoke(row)
    response = http.get(DETAIL, headers=auth(key))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    _, other = create_key(partner, "other")
    partner.active = False
    partner.save()
    response = http.get(DETAIL, headers=auth(other))
    assert response.status_code == 401 and "inactive" in response.json()["detail"]


def test_rotation_replaces_the_key(http, partner):
    row, old = create_key(partner, "website")
    new_row, new = rotate(row)
    assert http.get(DETAIL, headers=auth(old)).status_code == 401
    assert http.get(DETAIL, headers=auth(new)).status_code == 200
    row.refresh_from_db()
    assert row.replaced_by == new_row and new_row.name == "website"


def test_usage_is_counted_per_partner_per_day(http, partner):
    row, key = create_key(partner, "website")
    for _ in range(7):
        http.get(DETAIL, headers=auth(key))
    http.get(DETAIL)  # anonymous: not the partner's
    flush_all_usage()
    usage = PartnerUsage.objects.get(partner=partner)
    assert usage.requests == 7
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_cors_allows_registered_origins_only(live_http, partner):
    http = live_http
    allowed = http.get(DETAIL, headers={"Origin": CLINIC})
    assert allowed.headers["Access-Control-Allow-Origin"] == CLINIC
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    assert "ETag" in allowed.headers["Access-Control-Expose-Headers"]
    denied = http.get(DETAIL, headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in denied.headers
    preflight = http.request(
        "OPTIONS",
        DETAIL,
        headers={
            "Origin": CLINIC,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == CLINIC
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"]
    partner.active = False
    partner.save()
    assert "Access-Control-Allow-Origin" not in http.get(DETAIL, headers={"Origin": CLINIC}).headers


def test_origins_are_validated(partner):
    from django.core.exceptions import ValidationError

    partner.origins = "https://ok.example\nnot a url\nhttps://x.example/path"
    with pytest.raises(ValidationError) as excinfo:
        partner.full_clean()
    assert "not a url" in str(excinfo.value)


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [
        ("600/min", (600, 60)),
        ("5/s", (5, 1)),
        ("5/sec", (5, 1)),
        ("30/m", (30, 60)),
        ("1000/h", (1000, 3600)),
        ("1000/hour", (1000, 3600)),
        ("20000/d", (20000, 86400)),
        ("20000/day", (20000, 86400)),
        ("10/ MIN ", (10, 60)),  # as an operator might type it into the environment
    ],
)
def test_rates_are_read_as_a_count_per_period_in_seconds(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["10/week", "10", "ten/min"])
def test_a_rate_that_is_not_a_count_per_known_period_is_an_error(rate):
    with pytest.raises((KeyError, ValueError)):
        parse_rate(rate)


def test_anonymous_requests_share_one_budget_per_address_across_endpoints(http, settings):
    """The guide list and the languages go through the API's throttle, a guide's own address
    through the lean path: all count against the same anonymous budget."""
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min"}
    listing = http.get("/api/v1/guides/")
    assert listing.status_code == 200
    assert (listing.headers["RateLimit-Limit"], listing.headers["RateLimit-Remaining"]) == (
        "3",
        "2",
    )
    assert listing.headers["RateLimit-Policy"] == "3;w=60"
    assert http.get(DETAIL).headers["RateLimit-Remaining"] == "1"
    assert http.get("/api/v1/languages/").headers["RateLimit-Remaining"] == "0"
    limited = http.get("/api/v1/guides/")
    assert limited.status_code == 429
    assert limited.headers["Content-Type"] == "application/problem+json"
    body = limited.json()
    assert (body["type"], body["status"]) == ("/problems/rate-limited", 429)
    retry = int(limited.headers["Retry-After"])
    assert 0 < retry <= 60
    assert f"Expected available in {retry} second" in body["detail"]


def test_embed_pages_count_against_the_anonymous_budget(http, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "1/min"}
    page = http.get(f"/embed/v1/guides/{SEED_SLUG}/")
    assert page.status_code == 200
    assert (page.headers["RateLimit-Limit"], page.headers["RateLimit-Remaining"]) == ("1", "0")
    limited = http.get(f"/embed/v1/guides/{SEED_SLUG}/")
    assert limited.status_code == 429
    assert limited.headers["Content-Type"] == "application/problem+json"
    retry = limited.headers["Retry-After"]
    assert 0 < int(retry) <= 60 and limited.headers["RateLimit-Reset"] == retry
    assert (
        limited.json()["detail"] == f"Request was throttled. Expected available in {retry} seconds."
    )


def a_minute_with_time_left() -> None:
    """Limits count per minute, sliding: a test sending a budget's worth of requests starts where
    they all fall in one window (at a boundary, part of the count has already decayed)."""
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.1)


def test_wrong_credentials_are_limited_to_20_a_minute_per_address_by_default(http, settings):
    a_minute_with_time_left()
    settings.API_RATES = {k: v for k, v in settings.API_RATES.items() if k != "auth_failures"}
    wrong = {"Authorization": "Api-Key pk_nothere_abc"}
    assert {http.get(DETAIL, headers=wrong).status_code for _ in range(20)} == {401}
    refused = http.get(DETAIL, headers=wrong)
    assert refused.status_code == 429
    assert refused.json()["detail"] == (
        "Too many requests with wrong credentials from your address. "
        "Expected available in 60 seconds."
    )
    assert refused.headers["Retry-After"] == "60"
    assert http.get(DETAIL).status_code == 200  # without credentials: the anonymous budget


def test_a_valid_key_under_another_scheme_is_refused_with_how_to_send_it(http, partner):
    _, key = create_key(partner, "website")
    response = http.get(DETAIL, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Send your key as `Authorization: Api-Key <key>`."
