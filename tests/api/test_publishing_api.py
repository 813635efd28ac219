"""Publishing as API clients see it: versions, rollback, withdrawal, caching headers."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

import pytest

from guide.models import FAQEntry, Guide
from guide.publishing import publish, rollback, withdraw
from tests.support.guides import DETAIL, SEED_SLUG


def edit_and_publish(commit, text: str) -> None:
    entry = FAQEntry.objects.get(guide__slug=SEED_SLUG, order=1)
    entry.answer_en = text
    entry.save()
    with commit():
        publish(Guide.objects.get(slug=SEED_SLUG), note=text)


def test_publish_serves_the_new_version_and_keeps_the_old_byte_for_byte(http, commit):
    first = http.get(DETAIL, params={"lang": "es"})
    assert first.json()["version"] == 1
    edit_and_publish(commit, "Second edition.")
    second = http.get(DETAIL)
    assert second.json()["version"] == 2
    assert second.json()["faq"][0]["answer"] == "Second edition."
    old = http.get(DETAIL + "versions/1/", params={"lang": "es"})
    assert old.status_code == 200
    assert old.content == first.content
    # Not `immutable`: a withdrawal must reach caches of old versions too (purge or expiry).
    assert "immutable" not in old.headers["Cache-Control"]
    assert "max-age=300" in old.headers["Cache-Control"]
    assert f"guide-{SEED_SLUG}" in old.headers["Surrogate-Key"].split()
    listing = http.get(DETAIL + "versions/").json()
    assert [(v["number"], v["note"]) for v in listing["versions"]] == [
        (2, "Second edition."),
        (1, "Seed import"),
    ]
    assert listing["versions"][0]["url"].endswith(DETAIL + "versions/2/")


def test_rollback_over_the_api(http, commit):
    original = http.get(DETAIL).json()
    edit_and_publish(commit, "A mistake.")
    with commit():
        rollback(Guide.objects.get(slug=SEED_SLUG), 1)
    now = http.get(DETAIL).json()
    assert now["version"] == 3
    assert now["faq"] == original["faq"]


def test_withdraw_removes_the_guide_everywhere(http, commit):
    cursor = http.get("/api/v1/sync/").json()["cursor"]
    with commit():
        withdraw(Guide.objects.get(slug=SEED_SLUG))
    assert http.get(DETAIL).status_code == 404
    assert http.get(DETAIL + "faq/").status_code == 404
    assert http.get(DETAIL + "versions/1/").status_code == 404
    assert http.get("/api/v1/guides/").json()["count"] == 0
    delta = http.get("/api/v1/sync/", params={"cursor": cursor}).json()
    assert delta["deleted"] == [SEED_SLUG] and delta["guides"] == []
    assert http.get("/api/v1/sync/").json()["guides"] == []


@pytest.mark.parametrize("path", ["", "faq/", "sections/", "comparison/", "versions/1/"])
def test_etag_gives_304_without_a_body(http, path):
    first = http.get(DETAIL + path, params={"lang": "es"})
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = http.get(DETAIL + path, params={"lang": "es"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    other = http.get(DETAIL + path, params={"lang": "es"}, headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_if_modified_since(http):
    first = http.get(DETAIL)
    last_modified = first.headers["Last-Modified"]
    assert http.get(DETAIL, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(last_modified).replace(year=2020), usegmt=True)
    assert http.get(DETAIL, headers={"If-Modified-Since": earlier}).status_code == 200


def test_etags_differ_by_version_language_and_representation(http, commit):
    tags = {http.get(DETAIL, params={"lang": lang}).headers["ETag"] for lang in ("en", "es", "ar")}
    tags.add(http.get(DETAIL + "faq/").headers["ETag"])
    before = http.get(DETAIL).headers["ETag"]
    edit_and_publish(commit, "Changed.")
    tags.add(http.get(DETAIL).headers["ETag"])
    assert before in tags and len(tags) == 5


def test_cache_headers_let_shared_caches_keep_and_purge(http):
    headers = http.get(DETAIL).headers
    cache_control = headers["Cache-Control"]
    for directive in ("public", "max-age=", "stale-while-revalidate=", "stale-if-error="):
        assert directive in cache_control
    assert f"guide-{SEED_SLUG}" in headers["Surrogate-Key"].split()
    assert f"guide-{SEED_SLUG}" in headers["Cache-Tag"].split(",")
    assert "Accept-Language" in headers["Vary"]


def test_unknown_version_numbers_are_404_problems(http):
    for number in ("0", "2", "999999999999"):
        response = http.get(DETAIL + f"versions/{number}/")
        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/problem+json"
