"""The bad-input matrix (docs/operations.md, "Bad input"): one test per row.

Rows about the request line and body themselves (length, encoding, size) go over real HTTP to
a live server; the rest go through the whole middleware stack in process.

Each bad request gets a 4xx `application/problem+json` whose `detail` tells the client what
to fix, never a 500, and writes nothing: the row counts of every table of the content and
API apps are the same before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps

from api.partners.keys import create_key, revoke
from api.partners.models import Partner
from api.request_guards import MAX_BODY_BYTES, MAX_QUERY_STRING_BYTES
from guide.models import Guide
from guide.preview import make_token
from tests.support.guides import DETAIL, SEED_SLUG
from tests.support.problems import assert_problem


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("guide", "api")
        for model in apps.get_app_config(app).get_models()
    }


@contextmanager
def nothing_written() -> Iterator[None]:
    before = row_counts()
    yield
    assert row_counts() == before


def test_malformed_accept_language(http):
    with nothing_written():
        for header in ["en;q=abc", ";;;,,,", "en_US", "es;q=2", "a" * 600, "fr-" + "x" * 20]:
            response = http.get(DETAIL, headers={"Accept-Language": header})
            assert_problem(response, 400, "invalid-request", "Accept-Language", "q=")
    # Well-formed but not served is a browser's preference, not an error: English.
    served = http.get(DETAIL, headers={"Accept-Language": "de-DE, ja;q=0.5"})
    assert served.status_code == 200 and served.headers["Content-Language"] == "en"


def test_odd_lang_values(http):
    with nothing_written():
        for value in ["", "xx", "zh-TW", "e" * 100, "es\x00", "../en", "*"]:
            body = assert_problem(
                http.get(DETAIL, params={"lang": value}), 400, "unsupported-language", "supported"
            )
            assert "es" in body["supported_languages"]


def test_very_long_query_string(live_http):
    http = live_http
    with nothing_written():
        for path in [DETAIL, "/api/v1/sync/", f"/embed/v1/guides/{SEED_SLUG}/"]:
            response = http.get(path + "?lang=en&q=" + "a" * (MAX_QUERY_STRING_BYTES + 10))
            assert_problem(response, 414, "uri-too-long", str(MAX_QUERY_STRING_BYTES))


def test_query_string_that_is_not_utf8(live_http):
    http = live_http
    with nothing_written():
        for query in ["lang=%FF", "cursor=%C3%28", "x=%ED%A0%80", "page=%80"]:
            response = http.get(f"{DETAIL}?{query}")
            assert_problem(response, 400, "invalid-request", "UTF-8", "percent-encode")


def test_unknown_slug(http):
    with nothing_written():
        body = assert_problem(http.get("/api/v1/guides/no-such-guide/"), 404, "not-found")
        assert "no-such-guide" in body["detail"]
        assert_problem(http.get(f"{DETAIL}no-such-part/"), 404, "not-found", "Check the path")


def test_malformed_slug(http):
    with nothing_written():
        for slug in ["bad%20slug!", "%00", "..%2F..%2Fetc", "x" * 300 + ".json"]:
            response = http.get(f"/api/v1/guides/{slug}/")
            assert_problem(response, 404, "not-found", "Check the path", "slugs are")


def test_negative_and_huge_page_numbers(http):
    with nothing_written():
        for page, status, words in [
            ("-1", 400, ("page", "whole number")),
            ("0", 400, ("page",)),
            ("1.5", 400, ("page",)),
            ("99999999999999999999", 400, ("page",)),
            ("1000", 404, ("page 1000", "page 1")),
        ]:
            response = http.get("/api/v1/guides/", params={"page": page})
            slug = "invalid-request" if status == 400 else "not-found"
            assert_problem(response, status, slug, *words)
        response = http.get("/api/v1/guides/", params={"page_size": "-5"})
        assert_problem(response, 400, "invalid-request", "page_size")


def test_negative_and_huge_version_numbers(http):
    with nothing_written():
        for number, words in [
            ("-1", ("Check the path", "version numbers")),
            ("0", ("no version",)),
            ("99999999999999999999", ("no version",)),
            ("1e3", ("Check the path",)),
        ]:
            response = http.get(f"{DETAIL}versions/{number}/")
            assert_problem(response, 404, "not-found", *words)


def test_tampered_preview_token(http):
    token = make_token(Guide.objects.get(slug=SEED_SLUG))
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with nothing_written():
        for path in (f"/api/v1/preview/{tampered}/", f"/embed/v1/preview/{tampered}/"):
            assert_problem(http.get(path), 403, "invalid-preview-token", "not valid", "admin")
        assert_problem(http.get("/api/v1/preview/nonsense/"), 403, "invalid-preview-token")


def test_tampered_sync_cursor(http):
    cursor = http.get("/api/v1/sync/", params={"lang": "es"}).json()["cursor"]
    with nothing_written():
        for bad in (cursor[:-2] + "xx", "not-a-cursor", ""):
            response = http.get("/api/v1/sync/", params={"lang": "es", "cursor": bad})
            assert_problem(response, 400, "invalid-cursor", "without a cursor")
        other = http.get("/api/v1/sync/", params={"lang": "ar", "cursor": cursor})
        assert_problem(other, 400, "invalid-cursor", "'es'")


def test_unknown_api_version(http):
    with nothing_written():
        for version in ["v2", "v0", "V1", "latest", "v1.1"]:
            body = assert_problem(
                http.get(f"/api/{version}/guides/"), 404, "unknown-api-version", "Supported: v1"
            )
            assert body["supported_versions"] == ["v1"]


def test_wrong_methods(http):
    with nothing_written():
        for method in ["POST", "PUT", "PATCH", "DELETE", "TRACE"]:
            for path in ("/api/v1/guides/", DETAIL, "/api/v1/sync/?lang=xx", "/api/v2/guides/"):
                response = http.request(method, path, json={"title": "x"})
                if path.startswith("/api/v2/"):  # no such version: that is the first problem
                    assert_problem(response, 404, "unknown-api-version")
                    continue
                assert_problem(response, 405, "method-not-allowed", method)
                assert "GET" in response.headers["Allow"]
            for path in (f"/embed/v1/guides/{SEED_SLUG}/", "/embed/v1/loader.js"):
                embed = http.request(method, path)
                assert_problem(embed, 405, "method-not-allowed", method, "GET")
                assert "GET" in embed.headers["Allow"]


def test_oversized_bodies(live_http):
    http = live_http
    body = b'{"a":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    with nothing_written():
        for method in ("POST", "GET"):
            response = http.request(
                method, "/api/v1/guides/", data=body, headers={"Content-Type": "application/json"}
            )
            assert_problem(response, 413, "payload-too-large", "read-only", str(MAX_BODY_BYTES))


@pytest.fixture
def partner(seeded) -> Partner:
    return Partner.objects.create(name="Clinic", slug="clinic", tier=Partner.Tier.BASIC)


def test_wrong_or_revoked_key(http, partner):
    row, key = create_key(partner, "website")
    revoke(row)
    with nothing_written():
        for header, words in [
            ("Api-Key not-a-real-key", ()),
            ("Api-Key " + key, ("revoked",)),
            ("Bearer abc", ("Api-Key <key>",)),
            ("Api-Key ", ("Api-Key <key>",)),
        ]:
            response = http.get(DETAIL, headers={"Authorization": header})
            assert_problem(response, 401, "authentication-failed", *words)
            assert response.headers["WWW-Authenticate"].startswith("Api-Key")


def test_over_the_rate_limit(http, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "3/min"}
    for _ in range(3):
        assert http.get("/api/v1/languages/").status_code == 200
    with nothing_written():
        response = http.get(DETAIL)
        body = assert_problem(response, 429, "rate-limited")
        assert "available in" in body["detail"] or "throttled" in body["detail"].lower()
        assert int(response.headers["Retry-After"]) > 0
        assert response.headers["RateLimit-Remaining"] == "0"
