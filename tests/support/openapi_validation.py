"""Validate a response body against a component of the served OpenAPI schema, strictly.

The OpenAPI 3.0 dialect differs from JSON Schema in `nullable`; components are converted,
and objects get `additionalProperties: false` unless they say otherwise, so a member the
schema does not document fails as surely as a missing one.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _convert(v) for k, v in node.items()}
    if "$ref" in out:
        return {"$ref": out["$ref"].replace("#/components/schemas/", "#/$defs/")}
    if out.pop("nullable", False):
        out = {"anyOf": [out, {"type": "null"}]}
        return out
    if out.get("type") == "object" and "properties" in out:
        out.setdefault("additionalProperties", False)
    return out


def validator(openapi: dict[str, Any], component: str) -> jsonschema.Draft202012Validator:
    defs = {
        name: _convert(s) for name, s in copy.deepcopy(openapi["components"]["schemas"]).items()
    }
    schema = {"$defs": defs, "$ref": f"#/$defs/{component}"}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid(openapi: dict[str, Any], component: str, body: Any) -> None:
    errors = sorted(validator(openapi, component).iter_errors(body), key=lambda e: e.path)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:10])
