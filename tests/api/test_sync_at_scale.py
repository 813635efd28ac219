"""A first sync of 250 guides in two languages, in pages, then deltas and a 304."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.utils import timezone

from api.models import RenderedGuide
from api.snapshots import _rows
from guide.accessibility_analysis.glossary_terms import attach_glossary
from guide.document import build_document, guide_tree_queryset
from guide.languages import all_languages
from guide.models import ChangeSequence, Guide, GuideChange, GuideVersion, Section
from guide.publishing import publish, withdraw
from tests.support.guides import about_section

SYNC = "/api/v1/sync/"
COUNT = 250


def publish_in_bulk(guides: list[Guide]) -> None:
    """What `publish` leaves behind (version, renders, change feed), for many guides in a few
    queries: the same documents and the same rendering, without a transaction per guide."""
    now = timezone.now()
    documents = {
        guide.pk: attach_glossary(build_document(guide))
        for guide in guide_tree_queryset().filter(pk__in=[g.pk for g in guides])
    }
    versions = GuideVersion.objects.bulk_create(
        GuideVersion(
            guide=guide,
            number=1,
            published_at=now,
            note="bulk",
            document={**documents[guide.pk], "content_version": 1, "published_at": now.isoformat()},
        )
        for guide in guides
    )
    languages = list(all_languages())
    RenderedGuide.objects.bulk_create(
        [row for version in versions for row in _rows(version, languages, live=True)]
    )
    for guide, version in zip(guides, versions, strict=True):
        guide.status, guide.live_version = Guide.Status.PUBLISHED, version
    Guide.objects.bulk_update(guides, ["status", "live_version"])
    start = ChangeSequence.objects.get_or_create(pk=1)[0].value
    GuideChange.objects.bulk_create(
        GuideChange(
            seq=start + n + 1, slug=g.slug, kind=GuideChange.Kind.PUBLISHED, version_number=1
        )
        for n, g in enumerate(guides)
    )
    ChangeSequence.objects.filter(pk=1).update(value=start + len(guides))


def make_guides(count: int) -> list[Guide]:
    guides = Guide.objects.bulk_create(
        Guide(
            slug=f"guide-{n:03d}",
            title_en=f"Guide {n}",
            title_es=f"Guía {n}",
            title_ar=f"دليل {n}",
        )
        for n in range(count)
    )
    Section.objects.bulk_create(about_section(guide) for guide in guides)
    started = time.monotonic()
    publish_in_bulk(guides)
    print(f"\npublished {count} guides in {time.monotonic() - started:.1f} s")
    return guides


@pytest.fixture
def fast_publishing(db, settings):
    settings.SYNC_FULL_PAGE_SIZE = 25
    settings.API_BROTLI_QUALITY = 5  # what is tested here is sync, not the compression ratio


@pytest.fixture
def many_guides(fast_publishing):
    return make_guides(COUNT)


def sync_all(client: Client, lang: str, cursor: str | None = None) -> tuple[list[dict], str]:
    pages = []
    while True:
        params = {"lang": lang, **({"cursor": cursor} if cursor else {})}
        response = client.get(SYNC, params)
        assert response.status_code == 200, response.content[:300]
        assert response["Content-Language"] == ", ".join(lang.split(","))
        page = response.json()
        pages.append(page)
        cursor = page["cursor"]
        if not page["has_more"]:
            return pages, cursor


def test_first_sync_in_pages_in_two_languages_then_deltas_and_a_304(many_guides):
    client = Client()
    pages, cursor = sync_all(client, "es,ar")

    assert len(pages) == COUNT // 25
    assert all(page["full"] for page in pages)
    assert [page["has_more"] for page in pages] == [True] * (len(pages) - 1) + [False]
    items = [guide for page in pages for guide in page["guides"]]
    assert len(items) == 2 * COUNT
    assert {(g["slug"], g["language"]) for g in items} == {
        (f"guide-{n:03d}", lang) for n in range(COUNT) for lang in ("es", "ar")
    }
    assert all(page["languages"] == ["es", "ar"] for page in pages)
    arabic = next(g for g in items if g["slug"] == "guide-007" and g["language"] == "ar")
    assert arabic["title"] == "دليل 7" and arabic["dir"] == "rtl"
    assert arabic["sections"][0]["heading"] == "حول"
    # The glossary comes once, on the first page, in both languages.
    assert [g["language"] for g in pages[0]["glossaries"]] == ["es", "ar"]
    assert all(page["glossaries"] == [] for page in pages[1:])
    # The cursor is opaque: no JSON, no language code to read in it.
    assert "{" not in cursor and '"es"' not in cursor

    # Each item carries its validator: the next GET of that guide is a 304, compressed or not.
    for encoding in ("", "gzip", "br"):
        again = client.get(
            "/api/v1/guides/guide-007/",
            {"lang": "ar"},
            HTTP_IF_NONE_MATCH=arabic["etag"],
            HTTP_ACCEPT_ENCODING=encoding,
        )
        assert again.status_code == 304, encoding

    # Nothing changed: the delta is empty, its cursor the same, and with its ETag a 304.
    delta = client.get(SYNC, {"lang": "es,ar", "cursor": cursor})
    assert delta.json()["guides"] == [] and delta.json()["deleted"] == []
    assert delta.json()["cursor"] == cursor
    assert delta.json()["full"] is False
    unchanged = client.get(
        SYNC, {"lang": "es,ar", "cursor": cursor}, HTTP_IF_NONE_MATCH=delta["ETag"]
    )
    assert unchanged.status_code == 304

    # A republish and a withdrawal: both languages of the first, the slug of the second.
    publish(Guide.objects.get(slug="guide-010"), note="again")
    withdraw(Guide.objects.get(slug="guide-020"))
    changed = client.get(
        SYNC, {"lang": "es,ar", "cursor": cursor}, HTTP_IF_NONE_MATCH=delta["ETag"]
    )
    assert changed.status_code == 200
    body = changed.json()
    assert [(g["slug"], g["language"], g["version"]) for g in body["guides"]] == [
        ("guide-010", "es", 2),
        ("guide-010", "ar", 2),
    ]
    assert body["deleted"] == ["guide-020"]
    assert body["cursor"] != cursor


def test_a_cursor_is_bound_to_its_languages_and_cannot_be_forged(fast_publishing):
    make_guides(30)
    client = Client()
    cursor = client.get(SYNC, {"lang": "es,ar"}).json()["cursor"]
    other = client.get(SYNC, {"lang": "es", "cursor": cursor})
    assert other.status_code == 400
    assert other.json()["type"] == "/problems/invalid-cursor"
    assert "'es', 'ar'" in other.json()["detail"]
    same_set = client.get(SYNC, {"lang": "ar,es", "cursor": cursor})
    assert same_set.status_code == 200
    forged = cursor[:-4] + ("AAAA" if not cursor.endswith("AAAA") else "BBBB")
    assert client.get(SYNC, {"lang": "es,ar", "cursor": forged}).status_code == 400
    assert client.get(SYNC, {"lang": "es,xx"}).status_code == 400
