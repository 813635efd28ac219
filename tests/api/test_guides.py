"""The read API over real HTTP against a live server."""

from __future__ import annotations

import pytest

from api.negotiation import supported_tags
from tests.support.guides import DETAIL, SEED_SLUG
from tests.support.problems import assert_problem


def walk(obj):
    """Every dict inside a JSON value."""
    if isinstance(obj, dict):
        yield obj
        for value in obj.values():
            yield from walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from walk(value)


def test_list(http):
    response = http.get("/api/v1/guides/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["slug"] == SEED_SLUG
    assert item["api_version"] == "1"
    assert item["version"] == 1
    assert {lang["code"] for lang in item["available_languages"]} == set(supported_tags())


def test_detail_in_spanish_has_no_fallback(http):
    response = http.get(DETAIL, params={"lang": "es"})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "es"
    assert "Accept-Language" in response.headers["Vary"]
    body = response.json()
    assert (body["language"], body["dir"], body["api_version"], body["version"]) == (
        "es",
        "ltr",
        "1",
        1,
    )
    assert not [o for o in walk(body) if "fallback" in o]
    assert body["faq"][0]["question"] == "¿Qué es Opzelura?"
    assert len(body["sections"]) == 10
    assert sum(len(s["subsections"]) for s in body["sections"]) == 26
    table = body["comparison_table"]
    assert len(table["rows"]) == 5 and len(table["columns"]) == 5


def test_arabic_is_rtl_and_marks_each_fallback(http_partial):
    body = http_partial.get(DETAIL, params={"lang": "ar"}).json()
    assert (body["language"], body["dir"]) == ("ar", "rtl")
    assert "fallback" not in body or "title" not in body["fallback"]
    assert body["fallback"] == {"subtitle": "en"}
    translated, fell_back = body["sections"][0], body["sections"][-1]
    assert "fallback" not in translated
    assert fell_back["fallback"] == {"heading": "en"}  # a section with subsections only
    assert fell_back["subsections"][0]["fallback"] == {"heading": "en", "body": "en"}
    assert fell_back["subsections"][0]["heading"] == "What the new data add"
    assert all("fallback" not in entry for entry in body["faq"])
    assert body["comparison_table"]["fallback"] == {"caption": "en"}
    assert all(row["fallback"] for row in body["comparison_table"]["rows"])
    arabic = next(lang for lang in body["available_languages"] if lang["code"] == "ar")
    assert arabic["status"] == "partial" and 0 < arabic["percent"] < 100


def test_accept_language_and_query_precedence(http):
    by_header = http.get(DETAIL, headers={"Accept-Language": "es-MX,en;q=0.5"})
    assert by_header.headers["Content-Language"] == "es"
    both = http.get(DETAIL, params={"lang": "ar"}, headers={"Accept-Language": "es"})
    assert both.json()["language"] == "ar"
    unsupported_header = http.get(DETAIL, headers={"Accept-Language": "de-DE"})
    assert unsupported_header.status_code == 200
    assert unsupported_header.json()["language"] == "en"
    chinese = http.get(DETAIL, headers={"Accept-Language": "zh-CN"})
    assert chinese.headers["Content-Language"] == "zh-Hans"


@pytest.mark.parametrize(
    ("path", "key"),
    [("sections/", "sections"), ("faq/", "faq"), ("comparison/", "comparison_table")],
)
def test_sub_resources(http, path, key):
    response = http.get(DETAIL + path, params={"lang": "es"})
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == SEED_SLUG and body["language"] == "es"
    assert body[key]


def test_languages(http):
    body = http.get("/api/v1/languages/").json()
    codes = {lang["code"]: lang["dir"] for lang in body["languages"]}
    assert codes == {
        "en": "ltr",
        "es": "ltr",
        "fr": "ltr",
        "zh-Hans": "ltr",
        "vi": "ltr",
        "ar": "rtl",
    }


def test_drafts_and_unpublished_edits_are_invisible(http):
    from guide.models import FAQEntry, Guide

    Guide.objects.create(slug="a-draft", title_en="Never published")
    assert http.get("/api/v1/guides/a-draft/").status_code == 404
    assert http.get("/api/v1/guides/").json()["count"] == 1
    entry = FAQEntry.objects.get(guide__slug=SEED_SLUG, order=1)
    entry.answer_en = "An unpublished edit"
    entry.save()
    assert http.get(DETAIL + "faq/").json()["faq"][0]["answer"] != "An unpublished edit"


def test_unsupported_lang_is_400_listing_codes(http):
    body = assert_problem(http.get(DETAIL, params={"lang": "xx"}), 400, "unsupported-language")
    assert body["supported_languages"] == supported_tags()
    assert "es" in body["detail"]


def test_unknown_slug_is_404_problem(http):
    assert_problem(http.get("/api/v1/guides/no-such-guide/"), 404, "not-found")


def test_unknown_api_version_is_404_problem(http):
    body = assert_problem(http.get("/api/v2/guides/"), 404, "unknown-api-version")
    assert body["supported_versions"] == ["v1"]


def test_unknown_api_path_is_404_problem(http):
    assert_problem(http.get("/api/v1/nothing-here/"), 404, "not-found")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_are_405_problem(http, method):
    response = http.request(method, DETAIL, json={"title": "x"})
    assert_problem(response, 405, "method-not-allowed")
    assert http.get(DETAIL).json()["title"] != "x"


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999"])
def test_bad_page_numbers_are_400_problem(http, page):
    assert_problem(http.get("/api/v1/guides/", params={"page": page}), 400, "invalid-request")


def test_page_past_the_end_is_404_problem(http):
    assert_problem(http.get("/api/v1/guides/", params={"page": "7"}), 404, "not-found")


def test_problem_types_are_documented(http):
    response = http.get("/problems/unsupported-language")
    assert response.status_code == 200
    assert response.json()["status"] == 400


def test_schema_and_local_docs(live_http):
    http = live_http  # the static assets come from the server
    schema = http.get("/api/v1/schema/", params={"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/guides/{slug}/" in paths
    docs = http.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()
    assert "/static/drf_spectacular_sidecar/" in docs.text
    asset = http.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
