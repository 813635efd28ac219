"""Fail closed: debug and the development key only when DJANGO_ENV=development is explicit."""

from __future__ import annotations

import pytest
from django.core import signing

from tests.support.production import PRODUCTION, ROOT, manage


@pytest.mark.parametrize("value", ["prod", "Production2", "staging", ""])
def test_unknown_or_missing_environment_refuses_to_start(value):
    result = manage("check", **{**PRODUCTION, "DJANGO_ENV": value})
    assert result.returncode != 0
    assert "DJANGO_ENV must be one of development, production" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "a" * 80,  # long, one character
        "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc",  # three characters
        "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnop",
        "django-insecure-" + "q8z!w3x@e4c#r5v$t6b%y7n^u8m&i9,o0.p-_=+",
    ],
)
def test_production_refuses_guessable_keys(key):
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_development_is_said_out_loud_by_make_and_by_the_test_run():
    makefile = (ROOT / "Makefile").read_text()
    assert "export DJANGO_ENV ?= development" in makefile
    result = manage("check", DJANGO_ENV="development")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "payload", [{"g": [1, 2]}, {"g": {"a": 1}}, {"g": 10**30}, {"g": True}, [1], "x", {"g": "1"}]
)
def test_odd_signed_preview_tokens_are_a_problem_not_a_500(seeded, client, payload):
    token = signing.dumps(payload, salt="guide.preview")
    response = client.get(f"/api/v1/preview/{token}/")
    assert response.status_code in (400, 403, 404), response.content[:200]
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "payload",
    [{"s": 10**30, "l": "en"}, {"s": -1, "l": "en"}, {"s": True, "l": "en"}, {"s": [1], "l": "en"}],
)
def test_odd_signed_sync_cursors_are_a_400(seeded, client, payload):
    cursor = signing.dumps(payload, salt="api.sync.cursor")
    response = client.get("/api/v1/sync/", {"cursor": cursor, "lang": "en"})
    assert response.status_code == 400, response.content[:200]
    assert response.json()["type"].endswith("invalid-cursor")
