"""Corners of the bad-input matrix: every answer under /api/ is a problem, never HTML."""

from __future__ import annotations

import pytest

from api.partners.keys import create_key
from api.partners.models import Partner
from tests.support.guides import DETAIL, SEED_SLUG
from tests.support.problems import PROBLEM


def test_a_failed_if_match_is_a_412_problem(seeded, client):
    response = client.get(DETAIL, HTTP_IF_MATCH='"nope"')
    assert response.status_code == 412
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "/problems/precondition-failed"
    assert client.get("/problems/precondition-failed").status_code == 200


def test_cors_preflights_carry_the_api_csp_and_no_html(seeded, client):
    Partner.objects.create(name="Clinic", slug="clinic", origins="https://c.example")
    response = client.options(
        DETAIL, HTTP_ORIGIN="https://c.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://c.example"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert not response.get("Content-Type", "").startswith("text/html")


def test_an_unknown_problem_type_is_a_problem(client):
    response = client.get("/problems/no-such-problem")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("name", ["api_key", "API_KEY", "apikey", "access_token"])
def test_a_key_in_the_query_string_is_refused_naming_the_header(seeded, client, name):
    partner = Partner.objects.create(name="Clinic", slug="clinic")
    _, key = create_key(partner, "site")
    response = client.get(DETAIL, {name: key})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "Authorization: Api-Key" in response.json()["detail"]
    assert key not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/guides/", {"page": "\uff11"}),  # fullwidth 1
        ("/api/v1/guides/", {"page_size": "\u0665"}),  # Arabic-Indic 5
        ("/api/v1/guides/", {"page": "\u00b2"}),  # superscript 2: int() refuses it
        ("/api/v1/guides/", {"page_size": "\u0968"}),  # Devanagari 2
    ],
)
def test_non_ascii_digits_are_not_numbers(seeded, client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400, response.content[:200]
    assert response["Content-Type"] == PROBLEM


def test_non_ascii_digits_in_a_version_number_are_a_404_problem(seeded, client):
    response = client.get(f"/api/v1/guides/{SEED_SLUG}/versions/\uff11/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
