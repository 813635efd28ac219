"""`?format=blocks`: a JSON block tree of every body, stored at publish time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.blocks import html_to_blocks, to_html
from guide.languages import all_languages
from guide.sanitize import html_to_text
from tests.support.guides import DETAIL
from tests.support.openapi_validation import assert_valid


def bodies(payload):
    """(object, kind) of every object with a body, in reading order."""

    def walk(section):
        yield section
        yield from section.get("callouts", [])
        for sub in section.get("subsections", []):
            yield from walk(sub)

    for section in payload["sections"]:
        yield from walk(section)


def all_ids(blocks):
    for block in blocks:
        yield block["id"]
        for item in block.get("items", []):
            yield item["id"]
            yield from all_ids(item.get("blocks", []))
        yield from all_ids(block.get("blocks", []))


@pytest.fixture
def seeded(seeded):
    """The seed guide published again with the seed glossary, so bodies carry marks."""
    from guide.accessibility_analysis.glossary_terms import import_glossary
    from guide.publishing import publish

    import_glossary()
    publish(seeded, note="with the glossary")
    return seeded


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/schema/", {"format": "json"}).json()


@pytest.mark.parametrize("language", [lang.tag for lang in all_languages()])
def test_blocks_validate_and_give_the_same_text_as_the_html(client, seeded, openapi, language):
    html = client.get(DETAIL, {"lang": language}).json()
    response = client.get(DETAIL, {"lang": language, "format": "blocks"})
    assert response.status_code == 200
    assert response["Content-Language"] == language
    blocks = response.json()
    assert blocks["body_format"] == "blocks"
    assert_valid(openapi, "GuideDetail", blocks)
    pairs = list(zip(bodies(html), bodies(blocks), strict=True))
    assert len(pairs) > 30  # sections, subsections and the callout of the seed guide
    ids = []
    for from_html, from_blocks in pairs:
        assert from_blocks["id"] == from_html["id"]
        expected = html_to_text(from_html["body"])
        assert html_to_text(to_html(from_blocks["blocks"])) == expected
        assert from_blocks["body"] == expected  # the body itself is the plain text
        assert from_blocks.get("fallback") == from_html.get("fallback")
        ids.extend(all_ids(from_blocks["blocks"]))
    assert len(ids) == len(set(ids)), "block ids are unique within a guide"
    assert blocks["title"] == html["title"] and blocks["faq"] == html["faq"]


def test_glossary_marks_name_their_terms(client, seeded):
    payload = client.get(DETAIL, {"format": "blocks"}).json()
    glossary = {t["slug"] for t in client.get("/api/v1/glossary/").json()["terms"]}

    def marks(nodes):
        for node in nodes:
            if node["type"] == "glossary":
                yield node
            yield from marks(node.get("children", []))

    found = [
        mark
        for obj in bodies(payload)
        for block in obj["blocks"]
        for mark in marks(block.get("children", []))
    ]
    assert found, "the seed guide's bodies mark glossary terms"
    assert all(mark["term"] in glossary for mark in found)
    assert {mark["role"] for mark in found} <= {"definition", "abbreviation"}
    assert all(mark["title"] and mark["children"] for mark in found)


def test_sections_part_has_blocks_and_ids_are_the_same_in_every_language(client, seeded):
    english = client.get(DETAIL + "sections/", {"format": "blocks"}).json()
    arabic = client.get(DETAIL + "sections/", {"format": "blocks", "lang": "ar"}).json()
    assert english["body_format"] == "blocks"
    first_en, first_ar = english["sections"][0]["blocks"], arabic["sections"][0]["blocks"]
    assert first_en[0]["id"] == first_ar[0]["id"] == f"section-{english['sections'][0]['id']}.1"


def test_blocks_are_served_from_storage_in_one_query(client, seeded):
    client.get(DETAIL, {"format": "blocks", "lang": "es"})  # warm nothing but Python imports
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DETAIL, {"format": "blocks", "lang": "es"})
    assert response.status_code == 200
    assert len(queries) == 1
    again = client.get(
        DETAIL, {"format": "blocks", "lang": "es"}, HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_preview_offers_blocks(client, seeded):
    from guide.preview import make_token

    response = client.get(f"/api/v1/preview/{make_token(seeded)}/", {"format": "blocks"})
    assert response.status_code == 200
    assert response.json()["body_format"] == "blocks"
    assert response.json()["sections"][0]["blocks"][0]["type"] == "paragraph"


def test_the_tree_of_each_kind_of_markup():
    body = (
        '<h3>Before <em>you</em> start</h3><p lang="en" dir="ltr">Use <strong><em>a '
        'little</em></strong> cream<br>twice <a href="https://example.org/x" hreflang="es">'
        "a day</a>.</p><ul><li>one<ol><li>nested</li></ol></li><li>two &amp; three</li></ul>"
        '<blockquote><p>Quoted</p></blockquote><p>H<sub>2</sub>O <abbr title="Food and '
        'Drug Administration">FDA</abbr> <dfn title="unknown">Z</dfn> <span lang="fr">oui'
        "</span></p>"
    )
    terms = {("abbreviation", "Food and Drug Administration"): "fda"}
    blocks = html_to_blocks(body, "section-7", terms)
    assert [b["type"] for b in blocks] == ["heading", "paragraph", "list", "quote", "paragraph"]
    assert [b["id"] for b in blocks] == [f"section-7.{n}" for n in range(1, 6)]
    assert blocks[0]["level"] == 3
    assert blocks[0]["children"][1] == {"type": "text", "text": "you", "marks": ["em"]}
    paragraph = blocks[1]
    assert paragraph["lang"] == "en" and paragraph["dir"] == "ltr"
    assert paragraph["children"][1] == {
        "type": "text",
        "text": "a little",
        "marks": ["strong", "em"],
    }
    assert {"type": "break"} in paragraph["children"]
    link = paragraph["children"][-2]
    assert link == {
        "type": "link",
        "href": "https://example.org/x",
        "hreflang": "es",
        "children": [{"type": "text", "text": "a day"}],
    }
    listing = blocks[2]
    assert listing["ordered"] is False
    assert listing["items"][0]["id"] == "section-7.3.1"
    assert listing["items"][0]["blocks"][0]["ordered"] is True
    assert listing["items"][0]["blocks"][0]["items"][0]["id"] == "section-7.3.1.1.1"
    assert listing["items"][1]["children"] == [{"type": "text", "text": "two & three"}]
    assert blocks[3]["blocks"][0]["id"] == "section-7.4.1"
    last = blocks[4]["children"]
    assert last[1] == {"type": "text", "text": "2", "marks": ["sub"]}
    abbr = next(n for n in last if n["type"] == "glossary" and n["role"] == "abbreviation")
    assert abbr["term"] == "fda" and abbr["title"] == "Food and Drug Administration"
    dfn = next(n for n in last if n["type"] == "glossary" and n["role"] == "definition")
    assert dfn["term"] is None  # written by an editor, not from the glossary
    assert last[-1] == {"type": "span", "lang": "fr", "children": [{"type": "text", "text": "oui"}]}
    assert html_to_text(to_html(blocks)) == html_to_text(body)


def test_loose_text_becomes_a_paragraph():
    blocks = html_to_blocks("Just text, <em>no</em> paragraph", "callout-1", {})
    assert blocks == [
        {
            "id": "callout-1.1",
            "type": "paragraph",
            "children": [
                {"type": "text", "text": "Just text, "},
                {"type": "text", "text": "no", "marks": ["em"]},
                {"type": "text", "text": " paragraph"},
            ],
        }
    ]
    assert html_to_blocks("", "x", {}) == []
