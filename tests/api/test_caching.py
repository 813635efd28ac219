"""The headers and conditional answers of what the API serves: a stored representation in the
coding the client accepts, and computed JSON, each with its validators and cache headers."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from django.test import RequestFactory
from django.utils.http import http_date

from api import caching, encodings
from api.caching import IMMUTABLE, json_response, snapshot_response
from api.snapshots import Snapshot, make_etag
from guide.languages import get_language

PUBLISHED = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
ARABIC = get_language("ar")


@pytest.fixture(autouse=True)
def no_blocks_made_earlier(monkeypatch) -> None:
    """Header blocks are kept per process: each test makes its own."""
    monkeypatch.setattr(caching, "_BLOCKS", {})


def stored(slug: str = "eczema", number: int = 3, text: str = "x" * 400) -> Snapshot:
    body = orjson.dumps({"slug": slug, "version": number, "text": text})
    return Snapshot(slug, number, body, make_etag(body), PUBLISHED, encodings.compress(body))


def get(**headers: str):
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    return RequestFactory().get("/api/v1/guides/eczema/", **meta)


def test_a_stored_representation_carries_every_header_a_cache_needs(settings):
    snapshot = stored()
    response = snapshot_response(get(), snapshot, ARABIC)
    assert response.status_code == 200
    assert response.content == snapshot.body
    assert "Content-Encoding" not in response
    assert {name: response[name] for name in response.headers} == {
        "Content-Type": "application/json",
        "Vary": "Accept-Encoding",
        "ETag": snapshot.etag,
        "Last-Modified": http_date(PUBLISHED.timestamp()),
        "Cache-Control": settings.API_CACHE_CONTROL,
        "Content-Language": "ar",
        "Surrogate-Key": "guides guide-eczema guide-eczema-v3",
        "Cache-Tag": "guides,guide-eczema,guide-eczema-v3",
    }


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_a_client_accepting_a_coding_gets_the_stored_bytes_and_their_own_etag(coding):
    snapshot = stored()
    response = snapshot_response(get(accept_encoding=coding), snapshot, ARABIC)
    assert response["Content-Encoding"] == coding
    assert response.content == snapshot.encodings[coding]
    assert response["ETag"] == encodings.coded_etag(snapshot.etag, coding) != snapshot.etag


def test_versions_can_be_immutable_and_other_media_types_are_kept():
    response = snapshot_response(
        get(), stored(), ARABIC, immutable=True, content_type="application/ld+json"
    )
    assert response["Cache-Control"] == IMMUTABLE
    assert response["Content-Type"] == "application/ld+json"


def test_headers_follow_each_representation_and_coding_not_the_first_served():
    first, second = stored("eczema", 3), stored("psoriasis", 1, "y" * 400)
    assert snapshot_response(get(), first, ARABIC)["ETag"] == first.etag
    again = snapshot_response(get(accept_encoding="gzip"), first, ARABIC)
    assert again["Content-Encoding"] == "gzip"
    other = snapshot_response(get(), second, get_language("es"))
    assert other["ETag"] == second.etag
    assert other["Content-Language"] == "es"
    assert other["Surrogate-Key"] == "guides guide-psoriasis guide-psoriasis-v1"


def test_a_copy_held_under_any_codings_validator_is_current():
    snapshot = stored()
    # The identity ETag a sync handed out, revalidated by a client that now accepts gzip.
    response = snapshot_response(
        get(accept_encoding="gzip", if_none_match=snapshot.etag), snapshot, ARABIC
    )
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == snapshot.etag
    brotli_tag = encodings.coded_etag(snapshot.etag, "br")
    held = snapshot_response(get(if_none_match=f'"other", {brotli_tag}'), snapshot, ARABIC)
    assert held.status_code == 304 and held["ETag"] == brotli_tag


def test_a_copy_held_under_another_validator_gets_the_body():
    snapshot = stored()
    response = snapshot_response(get(if_none_match='"older"'), snapshot, ARABIC)
    assert response.status_code == 200
    assert response.content == snapshot.body
    assert response["ETag"] == snapshot.etag


def test_if_modified_since_is_answered_from_the_publication_time():
    snapshot = stored()
    same = snapshot_response(
        get(if_modified_since=http_date(PUBLISHED.timestamp())), snapshot, ARABIC
    )
    assert same.status_code == 304
    earlier = http_date(PUBLISHED.timestamp() - 3600)
    assert snapshot_response(get(if_modified_since=earlier), snapshot, ARABIC).status_code == 200


def test_computed_json_has_a_strong_etag_over_its_bytes(settings):
    body = {"languages": ["en", "ar"], "name": "عربي"}
    response = json_response(get(), body)
    assert response.status_code == 200
    assert response.content == orjson.dumps(body)
    assert response["Content-Type"] == "application/json"
    assert response["ETag"] == make_etag(orjson.dumps(body))
    assert response["Cache-Control"] == settings.API_CACHE_CONTROL
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response
    again = json_response(get(if_none_match=response["ETag"]), body)
    assert again.status_code == 304 and again.content == b""
    assert json_response(get(if_none_match='"older"'), body).status_code == 200


def test_computed_json_can_say_how_to_cache_and_purge_it():
    response = json_response(
        get(), {"a": 1}, cache_control="private, no-store", surrogate_keys=["guides", "guide-x"]
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["Surrogate-Key"] == "guides guide-x"
    assert response["Cache-Tag"] == "guides,guide-x"
