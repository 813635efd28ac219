"""Search over published text in every language, and the guide list's filters.

The texts searched for are written for these tests (a small guide in all six languages,
tests/support/search.py), not taken from the seed, so every language is covered whatever the
seed holds. On PostgreSQL this checks the full-text search; run under SQLite (no DATABASE_URL)
the same tests check the documented fallback, and the tests that need stemming say so and skip.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guide.models import Section
from guide.publishing import publish, withdraw
from tests.support.openapi_validation import assert_valid
from tests.support.search import make_guide

SEARCH = "/api/v1/search/"
LIST = "/api/v1/guides/"

# What a reader of each language finds (TEXTS, in tests.support.search), and a query as a
# user might type it: without the accents, in another case, or (Chinese) a word inside a
# longer run of characters.
QUERIES = {
    "en": ("MOISTURISER", "moisturisers"),
    "es": ("despues del bano", "después"),
    "fr": ("demangeaisons", "démangeaisons"),
    "zh-Hans": ("皮肤瘙痒", "皮肤"),
    "vi": ("ngua da", "ngứa da"),
    "ar": ("الجلد", "الجلد"),
}


@pytest.fixture
def guides(db):
    return [make_guide("bathing-guide", tag="skin-care"), make_guide("other-guide", tag="misc")]


def search(client, **params):
    return client.get(SEARCH, params)


@pytest.mark.parametrize("language", list(QUERIES))
def test_each_language_finds_its_own_text(client, guides, language):
    for q in QUERIES[language]:
        response = search(client, q=q, lang=language)
        assert response.status_code == 200, response.content
        assert response["Content-Language"] == language
        body = response.json()
        assert body["language"] == language and body["query"] == q
        hits = [h for h in body["results"] if h["guide"]["slug"] == "bathing-guide"]
        assert hits, f"{language}: {q!r} found nothing"
        hit = next(h for h in hits if h["part"] == "section")
        assert hit["anchor"] == "bathing"
        assert "fallback" not in hit  # found in the language itself
        assert "<mark>" in hit["snippet"]
        assert hit["guide"]["url"].endswith(f"/api/v1/guides/bathing-guide/?lang={language}")
    if language == "zh-Hans":
        assert "<mark>皮肤瘙痒</mark>" in hit["snippet"] or "<mark>皮肤" in hit["snippet"]
        assert " " not in hit["snippet"]  # no spaces left from word splitting


def test_a_spanish_query_without_accents_finds_accented_text(client, guides):
    hits = search(client, q="bano despues", lang="es").json()["results"]
    section = next(h for h in hits if h["part"] == "section")
    assert "baño" in section["snippet"] and "<mark>" in section["snippet"]
    assert section["heading"] == "Baño y cremas"


@pytest.mark.postgres_only("full-text search stems words; the SQLite fallback matches substrings")
def test_words_are_stemmed_in_their_language(client, guides):
    # Spanish `cremas` (plural) finds `crema`; English `soothing` finds `soothe`.
    assert search(client, q="cremas hidratantes", lang="es").json()["count"] >= 2
    assert search(client, q="soothing", lang="en").json()["count"] >= 2
    # A Spanish stem is not an English one: Spanish search of an English-only text uses
    # the English configuration (the text fell back to English).
    hits = search(client, q="wraps", lang="es").json()["results"]
    assert hits and hits[0]["fallback"] == {"heading": "en", "snippet": "en"}


def test_untranslated_text_is_found_in_the_source_language_and_marked(client, guides):
    hits = search(client, q="wet wrap", lang="vi").json()["results"]
    assert hits
    assert all(h["anchor"] == "english-only" for h in hits)
    assert hits[0]["fallback"] == {"heading": "en", "snippet": "en"}
    faq = search(client, q="nadar", lang="es").json()["results"]
    assert faq[0]["part"] == "faq" and faq[0]["anchor"].startswith("faq-")
    assert faq[0]["heading"] == "¿Puedo nadar?"


def test_only_published_text_is_searchable(client, guides):
    guide = guides[0]
    Section.objects.filter(guide=guide, anchor="english-only").update(
        body_en="<p>Wet wrap therapy and zanzibarite.</p>"
    )
    assert search(client, q="zanzibarite").json()["count"] == 0  # a draft edit
    publish(guide, note="new word")
    found = search(client, q="zanzibarite").json()
    assert found["count"] == 1 and found["results"][0]["guide"]["slug"] == "bathing-guide"
    withdraw(guide)
    assert search(client, q="zanzibarite").json()["count"] == 0
    assert all(
        h["guide"]["slug"] != "bathing-guide" for h in search(client, q="wet").json()["results"]
    )


def test_search_costs_one_query(client, guides):
    search(client, q="skin")  # imports, jieba's dictionary and the like
    search(client, q="皮肤", lang="zh-Hans")
    for params in (
        {"q": "skin"},
        {"q": "皮肤", "lang": "zh-Hans"},
        {"q": "bano", "lang": "es", "tag": "skin-care", "page_size": "1"},
    ):
        with CaptureQueriesContext(connection) as queries:
            response = search(client, **params)
        assert response.status_code == 200 and response.json()["count"] >= 1
        assert len(queries) == 1, [q["sql"][:80] for q in queries]


def test_pagination_and_filters(client, guides):
    first = search(client, q="wet wrap", page_size="1").json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"] and second["results"][0] != first["results"][0]
    assert search(client, q="wet wrap", page="3", page_size="1").status_code == 404
    tagged = search(client, q="wet wrap", tag="misc").json()["results"]
    assert {h["guide"]["slug"] for h in tagged} == {"other-guide"}
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    assert search(client, q="wet wrap", updated_since=tomorrow).json()["count"] == 0
    newest = search(client, q="wet wrap", ordering="-updated").json()["results"]
    assert newest[0]["guide"]["slug"] == "other-guide"  # published last


def test_search_response_matches_the_schema(client, guides):
    openapi = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/search/" in openapi["paths"]
    for params in ({"q": "wet", "lang": "ar"}, {"q": "bathing"}, {"q": "皮肤", "lang": "zh-Hans"}):
        assert_valid(openapi, "SearchPage", search(client, **params).json())


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({}, "`q`"),
        ({"q": "   "}, "`q`"),
        ({"q": "x" * 101}, "`q`"),
        ({"q": "skin\x00pain"}, "control characters"),
        ({"q": "skin", "sort": "x"}, "`lang`, `ordering`, `page`, `page_size`, `q`, `tag`"),
        ({"q": "skin", "ordering": "random"}, "`ordering`"),
        ({"q": "skin", "updated_since": "yesterday"}, "`updated_since`"),
        ({"q": "skin", "updated_since": "2026-13-45"}, "`updated_since`"),
        ({"q": "skin", "tag": "Not A Slug"}, "`tag`"),
        ({"q": "skin", "lang": "xx"}, "not served"),
    ],
)
def test_bad_search_parameters_are_problems(client, guides, params, detail):
    response = search(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert detail in response.json()["detail"]


def test_odd_queries_never_fail(client, guides):
    for q in ['"', "-", "or", "&|!:*", "'; drop table x", "%_\\", "<script>", "\u27e6x\u27e7"]:
        response = search(client, q=q)
        assert response.status_code == 200, (q, response.content)
        for hit in response.json()["results"]:
            assert "<script>" not in hit["snippet"]


def test_the_guide_list_filters_and_orders(client, seeded, guides):
    everything = client.get(LIST).json()
    assert everything["count"] == 3
    tagged = client.get(LIST, {"tag": "skin-care"}).json()
    assert [g["slug"] for g in tagged["results"]] == ["bathing-guide"]
    assert tagged["results"][0] == next(
        g for g in everything["results"] if g["slug"] == "bathing-guide"
    )
    newest = client.get(LIST, {"ordering": "-updated"}).json()["results"]
    assert next(g["slug"] for g in newest) == "other-guide"  # published last
    oldest = client.get(LIST, {"ordering": "updated", "lang": "es"}).json()["results"]
    assert [g["slug"] for g in oldest] == [g["slug"] for g in reversed(newest)]
    later = timezone.now() + timedelta(hours=1)
    assert client.get(LIST, {"updated_since": later.isoformat()}).json()["count"] == 0
    by_title = client.get(LIST, {"ordering": "title", "page_size": "2"}).json()
    assert by_title["count"] == 3 and by_title["next"]
    bad = client.get(LIST, {"ordering": "nope"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_the_index_can_be_rebuilt_from_the_live_versions(client, guides):
    from django.core.management import call_command

    from api.search.models import SearchEntry

    SearchEntry.objects.all().delete()
    assert search(client, q="wet wrap").json()["count"] == 0
    call_command("search_reindex")
    assert search(client, q="wet wrap").json()["count"] == 2
    assert search(client, q="皮肤", lang="zh-Hans").json()["count"] == 2
