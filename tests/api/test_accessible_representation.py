"""Accessibility members of the v1 guide: readability, the table, text bodies, reading time."""

from __future__ import annotations

import pytest

from tests.support.guides import DETAIL


def sections_of(body):
    for section in body["sections"]:
        yield section
        yield from section["subsections"]


def test_each_block_carries_the_readability_of_the_text_served(client, seeded_partial):
    english = client.get(DETAIL).json()
    spanish = client.get(DETAIL, {"lang": "es"}).json()
    arabic = client.get(DETAIL, {"lang": "ar"}).json()
    first = english["sections"][0]
    assert first["readability"]["formula"] == "flesch-kincaid-grade"
    assert first["readability"]["language"] == "en"
    assert first["readability"]["grade"] > 8
    assert spanish["sections"][0]["readability"]["formula"] == "fernandez-huerta"
    assert spanish["faq"][0]["readability"]["formula"] == "fernandez-huerta"
    translated = arabic["sections"][0]["readability"]
    assert translated["formula"] is None and "Arabic" in translated["reason"]
    # An Arabic reader of an untranslated block reads English: its figure is the English one.
    fell_back = next(s for s in sections_of(arabic) if "body" in s.get("fallback", {}))
    assert fell_back["readability"]["language"] == "en"
    assert fell_back["readability"]["formula"] == "flesch-kincaid-grade"
    assert arabic["sections"][-1]["readability"] is None  # no body of its own


def test_table_has_typed_headers_and_linearised_rows(client, seeded_partial):
    table = client.get(DETAIL + "comparison/").json()["comparison_table"]
    assert table["caption"]
    assert [c["type"] for c in table["columns"]] == ["text"] * 5
    assert table["columns"][0]["row_header"] is True
    first = table["rows"][0]
    cells = first["cells"]
    assert first["linearized"].startswith(f"{cells['option'].rstrip('.')}. Common Use: ")
    for column in table["columns"][1:]:
        assert f"{column['label']}: {cells[column['key']].rstrip('.')}." in first["linearized"]
    spanish = client.get(DETAIL + "comparison/", {"lang": "es"}).json()["comparison_table"]
    row = spanish["rows"][0]
    assert "fallback" not in row
    label = spanish["columns"][1]["label"]
    assert (
        f" {label}: {row['cells'][spanish['columns'][1]['key']].rstrip('.')}." in row["linearized"]
    )
    arabic = client.get(DETAIL + "comparison/", {"lang": "ar"}).json()["comparison_table"]
    assert arabic["rows"][0]["fallback"]["linearized"] == "en"
    assert arabic["rows"][0]["linearized"] == first["linearized"]


def test_bodies_as_plain_text(client, seeded):
    html = client.get(DETAIL).json()
    text = client.get(DETAIL, {"format": "text"})
    assert text.status_code == 200 and text["Content-Type"] == "application/json"
    text = text.json()
    assert html["body_format"] == "html" and text["body_format"] == "text"
    assert html["sections"][0]["body"].startswith("<p>")
    body = text["sections"][0]["body"]
    assert "<" not in body and "\n\n" in body
    assert body.split("\n\n")[0] in html["sections"][0]["body"].replace("<p>", "")
    sections = client.get(DETAIL + "sections/", {"format": "text", "lang": "es"}).json()
    assert all("<" not in s["body"] for s in sections_of(sections))


@pytest.mark.parametrize("value", ["xml", "json2"])
def test_unknown_body_format_is_a_problem(client, seeded, value):
    response = client.get(DETAIL, {"format": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "format" in response.json()["detail"]


def test_reading_time_per_language_keeps_the_editorial_figure(client, seeded):
    english = client.get(DETAIL).json()
    spanish = client.get(DETAIL, {"lang": "es"}).json()
    assert english["reading_time_editorial_minutes"] == 17
    assert english["reading_time_minutes"] == seeded.readability["reading_time_minutes"]["en"]
    assert spanish["reading_time_minutes"] == seeded.readability["reading_time_minutes"]["es"]
    assert spanish["reading_time_minutes"] != english["reading_time_minutes"]
    listed = client.get("/api/v1/guides/", {"lang": "es"}).json()["results"][0]
    assert listed["reading_time_minutes"] == spanish["reading_time_minutes"]


def test_schema_documents_the_new_members(client, seeded):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert "readability" in components["Section"]["properties"]
    assert "linearized" in components["TableRow"]["properties"]
    assert "type" in components["TableColumn"]["properties"]
    assert "/api/v1/glossary/" in schema["paths"]
    assert "/api/v1/guides/{slug}/jsonld/" in schema["paths"]
    assert "@context" in components["MedicalWebPage"]["properties"]
