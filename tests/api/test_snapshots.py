"""Stored representations as clients get them: the bytes rendered at publish, the list of live
guides, and what is rendered on first request when a language or kind came after publishing."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from api.models import RenderedGuide
from api.snapshots import Snapshot, forget, make_etag, stored
from guide.models import Guide
from guide.publishing import publish
from tests.support.guides import DETAIL, SEED_SLUG, about_section

GUIDES = "/api/v1/guides/"


def forget_cached() -> None:
    """What a process starts from once the cache entries have expired."""
    cache.clear()
    forget(SEED_SLUG)  # the process's own copies too


def test_stored_bodies_are_compact_utf8(http):
    response = http.get(DETAIL, params={"lang": "ar"})
    body = response.json()
    assert body["language"] == "ar"
    # The bytes are the compact serialisation, with Arabic as UTF-8 rather than \u escapes.
    assert response.content == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    assert body["title"].encode("utf-8") in response.content


def test_the_list_pages_through_the_live_guides_by_slug(http, commit):
    first = http.get(GUIDES, params={"lang": "es"}).json()
    assert first["count"] == 1
    assert [(g["slug"], g["language"], g["version"]) for g in first["results"]] == [
        (SEED_SLUG, "es", 1)
    ]
    guide = Guide.objects.create(slug="aa-first", title_en="First", title_es="Primera")
    about_section(guide).save()
    with commit():
        publish(guide)
    # A publish starts a new list generation: the cached first page is not served again.
    again = http.get(GUIDES, params={"lang": "es"}).json()
    assert again["count"] == 2
    assert [(g["slug"], g["title"]) for g in again["results"]] == [
        ("aa-first", "Primera"),
        (SEED_SLUG, first["results"][0]["title"]),
    ]
    second = http.get(GUIDES, params={"lang": "es", "page": 2, "page_size": 1}).json()
    assert (second["count"], [g["slug"] for g in second["results"]]) == (2, [SEED_SLUG])


def test_a_language_configured_after_publishing_is_rendered_on_first_request(http):
    es_kinds = set(
        RenderedGuide.objects.filter(slug=SEED_SLUG, language="es").values_list("kind", flat=True)
    )
    RenderedGuide.objects.filter(language="fr").delete()
    forget_cached()
    response = http.get(DETAIL, params={"lang": "fr"})
    assert response.status_code == 200
    assert (response.json()["language"], response.json()["version"]) == ("fr", 1)
    rows = RenderedGuide.objects.filter(slug=SEED_SLUG, language="fr")
    assert set(rows.values_list("kind", flat=True)) == es_kinds
    assert set(rows.values_list("live", "number")) == {(True, 1)}
    assert http.get(DETAIL + "faq/", params={"lang": "fr"}).status_code == 200


def test_a_kind_declared_after_publishing_is_rendered_on_first_request(http):
    RenderedGuide.objects.filter(kind="jsonld").delete()
    forget_cached()
    response = http.get(DETAIL + "jsonld/", params={"lang": "es"})
    assert response.status_code == 200
    assert response.json()["@type"] == "MedicalWebPage"
    rows = RenderedGuide.objects.filter(slug=SEED_SLUG, kind="jsonld")
    assert list(rows.values_list("language", "live", "number")) == [("es", True, 1)]


def test_a_part_the_version_was_rendered_without_is_not_made_up(http):
    """The guide's renders exist for the language: a missing optional part means it has none."""
    RenderedGuide.objects.filter(kind="faq").delete()
    forget_cached()
    assert http.get(DETAIL + "faq/", params={"lang": "es"}).status_code == 404
    assert not RenderedGuide.objects.filter(kind="faq").exists()
    assert http.get(DETAIL, params={"lang": "es"}).status_code == 200


def test_an_old_version_in_a_language_added_since_is_rendered_as_it_was(http, commit):
    with commit():
        publish(Guide.objects.get(slug=SEED_SLUG), note="second")
    RenderedGuide.objects.filter(number=1, language="fr").delete()
    forget_cached()
    old = http.get(DETAIL + "versions/1/", params={"lang": "fr"})
    assert old.status_code == 200
    assert (old.json()["version"], old.json()["language"]) == (1, "fr")
    rows = RenderedGuide.objects.filter(slug=SEED_SLUG, number=1, language="fr", kind="detail")
    assert list(rows.values_list("live", flat=True)) == [False]  # the live one stays version 2
    assert http.get(DETAIL, params={"lang": "fr"}).json()["version"] == 2
    # Served from the cache next time, byte for byte.
    RenderedGuide.objects.filter(number=1, language="fr").delete()
    assert http.get(DETAIL + "versions/1/", params={"lang": "fr"}).content == old.content


def test_while_the_database_is_down_the_last_copy_loaded_is_served(caplog):
    """`stored` loads from the database; when that fails, the copy kept from the last load
    (for API_STALE_SECONDS) is served, as `stale-if-error` promises shared caches."""
    cache.clear()
    copy = Snapshot("eczema", 2, b"{}", make_etag(b"{}"), timezone.now())

    def down() -> Snapshot | None:
        raise OperationalError("connection refused")

    with pytest.raises(OperationalError):
        stored("guides:test:eczema", down)  # nothing loaded before: nothing to serve
    assert stored("guides:test:eczema", lambda: copy) == copy
    cache.delete("guides:test:eczema")  # the short-lived entry expired
    assert stored("guides:test:eczema", down) == copy
    assert "serving a stale copy of guides:test:eczema" in caplog.text
