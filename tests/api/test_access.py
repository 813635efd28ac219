"""Partner keys, tiered rate limits and CORS (over real HTTP: browsers are the point)."""

from __future__ import annotations

import pytest

from api.partners.keys import create_key, flush_all_usage, revoke, rotate
from api.partners.models import ApiKey, Partner, PartnerUsage
from tests.support.guides import DETAIL

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
