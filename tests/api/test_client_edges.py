"""What a generated client trips on: slashes, unknown parameters, `format` on every address."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.guides import DETAIL, SEED_SLUG


def test_a_missing_trailing_slash_redirects_with_308(seeded):
    response = Client().get(f"/api/v1/guides/{SEED_SLUG}?lang=es")
    assert response.status_code == 308
    assert response["Location"] == f"/api/v1/guides/{SEED_SLUG}/?lang=es"
    assert Client().get("/api/v1/nothing-here").status_code == 404


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/guides/?fields=slug", "fields"),
        ("/api/v1/guides/?search=eczema", "search"),
        (f"{DETAIL}?fields=title", "fields"),
        (f"{DETAIL}?lang=es&fields=title", "fields"),
        ("/api/v1/sync/?since=1", "since"),
        ("/api/v1/glossary/?page=2", "page"),
    ],
)
def test_an_unknown_query_parameter_is_a_400_listing_the_known_ones(seeded, path, parameter):
    response = Client().get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert f"`{parameter}`" in body["detail"]
    assert "lang" in body["known_parameters"]


def test_known_parameters_are_those_the_schema_documents(seeded):
    assert Client().get("/api/v1/guides/?page=1&page_size=5&lang=es").status_code == 200
    assert Client().get(f"{DETAIL}?format=text&lang=ar").status_code == 200


def test_versions_honour_format_like_the_detail(seeded):
    text = Client().get(f"{DETAIL}versions/1/?format=text").json()
    assert text["body_format"] == "text"
    assert "<p>" not in text["sections"][0]["body"]
    bad = Client().get(f"{DETAIL}versions/1/?format=xml")
    assert bad.status_code == 400 and "`format`" in bad.json()["detail"]
    assert Client().get(f"{DETAIL}?format=xml").status_code == 400


def test_jsonld_names_a_wrong_format(seeded):
    response = Client().get(f"{DETAIL}jsonld/?format=text")
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/invalid-request"
    assert "`format`" in response.json()["detail"]
    assert (
        Client().get(f"{DETAIL}jsonld/?format=json")["Content-Type"].startswith("application/json")
    )
