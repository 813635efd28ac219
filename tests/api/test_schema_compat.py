"""The v1 contract may grow but never break: compared with the committed copy."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.api.schema_compat import breaking_changes

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "openapi" / "v1.json"


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(COMMITTED.read_text("utf-8"))


@pytest.fixture(scope="module")
def current(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("schema") / "v1.json"
    call_command("spectacular", api_version="v1", format="openapi-json", file=str(out))
    return json.loads(out.read_text("utf-8"))


def test_current_schema_is_compatible_with_the_committed_v1(committed, current):
    assert breaking_changes(committed, current) == []


def test_an_addition_passes(committed):
    grown = copy.deepcopy(committed)
    grown["components"]["schemas"]["FAQEntry"]["properties"]["audio_url"] = {"type": "string"}
    grown["paths"]["/api/v1/new-thing/"] = {"get": {"responses": {}}}
    assert breaking_changes(committed, grown) == []


def test_a_removal_fails(committed):
    shrunk = copy.deepcopy(committed)
    del shrunk["components"]["schemas"]["FAQEntry"]["properties"]["answer"]
    del shrunk["paths"]["/api/v1/sync/"]
    problems = breaking_changes(committed, shrunk)
    assert any("answer: removed" in p for p in problems)
    assert "/api/v1/sync/: removed" in problems


def test_a_type_change_fails(committed):
    changed = copy.deepcopy(committed)
    changed["components"]["schemas"]["FAQEntry"]["properties"]["id"] = {"type": "string"}
    assert any("type integer became string" in p for p in breaking_changes(committed, changed))


def test_deprecated_versions_announce_their_sunset(client, settings, seeded):
    settings.API_DEPRECATIONS = {
        "v1": {
            "deprecation": "@1798761600",
            "sunset": "Sat, 01 Jan 2028 00:00:00 GMT",
            "link": "https://example.org/migrating-to-v2",
        }
    }
    response = client.get("/api/v1/guides/")
    assert response["Deprecation"] == "@1798761600"
    assert response["Sunset"] == "Sat, 01 Jan 2028 00:00:00 GMT"
    assert 'rel="deprecation"' in response["Link"]
    settings.API_DEPRECATIONS = {}
    assert "Deprecation" not in client.get("/api/v1/guides/")


def test_nulls_are_compared_the_same_in_openapi_3_0_and_3_1():
    def doc(author: dict, count: dict) -> dict:
        schema = {"type": "object", "properties": {"author": author, "count": count}}
        return {
            "paths": {
                "/x/": {
                    "get": {
                        "responses": {"200": {"content": {"application/json": {"schema": schema}}}}
                    }
                }
            },
            "components": {"schemas": {"Author": {"type": "object", "properties": {}}}},
        }

    ref = {"$ref": "#/components/schemas/Author"}
    old = doc({"allOf": [ref], "nullable": True}, {"type": "integer"})
    same = doc({"oneOf": [ref, {"type": "null"}]}, {"type": "integer"})
    assert breaking_changes(old, same) == []
    worse = doc({"oneOf": [ref, {"type": "null"}]}, {"type": ["integer", "null"]})
    assert breaking_changes(old, worse) == ["GET /x/ 200.count: became nullable"]
