"""Finds changes between two OpenAPI documents that would break an existing v1 client.

Written here because the maintained diff tools (oasdiff, openapi-diff) are Go and Java
programs; this covers the rules of our versioning policy and nothing more: paths,
operations and response members may be added, never removed; a member keeps its type,
stays present when it was required, and does not become nullable.
"""

from __future__ import annotations

from typing import Any


def _nullable_form(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.1 spells a null with JSON Schema (`type: [T, "null"]`, or `oneOf` with
    `{type: null}`); 3.0 with `nullable: true`. Both are read as the 3.0 form here, so a
    document moving from 3.0 to 3.1 is compared member by member."""
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [k for k in kind if k != "null"]
        schema = {**schema, "type": rest[0] if len(rest) == 1 else rest, "nullable": True}
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            if len(rest) == 1:
                others = {k: v for k, v in schema.items() if k != key}
                schema = {"allOf": rest, **others, "nullable": True}
    return schema


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    schema = _nullable_form(schema)
    seen = set()
    while "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        node: Any = doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        schema = _nullable_form(node)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = {
            **_resolve(schema["allOf"][0], doc),
            **{k: v for k, v in schema.items() if k != "allOf"},
        }
    return schema


def _compare(old, new, where: str, old_doc, new_doc, out: list[str], depth: int = 0) -> None:
    if depth > 20:
        return
    old, new = _resolve(old, old_doc), _resolve(new, new_doc)
    if old.get("type") and new.get("type") != old.get("type"):
        out.append(f"{where}: type {old.get('type')} became {new.get('type')}")
        return
    if not old.get("nullable") and new.get("nullable"):
        out.append(f"{where}: became nullable")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, sub in old_props.items():
        if name not in new_props:
            out.append(f"{where}.{name}: removed")
            continue
        _compare(sub, new_props[name], f"{where}.{name}", old_doc, new_doc, out, depth + 1)
    for name in old.get("required", []):
        if name in new_props and name not in new.get("required", []):
            out.append(f"{where}.{name}: no longer required")
    if "items" in old and "items" in new:
        _compare(old["items"], new["items"], f"{where}[]", old_doc, new_doc, out, depth + 1)
    if isinstance(old.get("additionalProperties"), dict) and isinstance(
        new.get("additionalProperties"), dict
    ):
        _compare(
            old["additionalProperties"],
            new["additionalProperties"],
            f"{where}{{}}",
            old_doc,
            new_doc,
            out,
            depth + 1,
        )


def _parameters(parameters: list[dict[str, Any]], doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [_resolve(p, doc) if "$ref" in p else p for p in parameters]


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for path, operations in old.get("paths", {}).items():
        if path not in new.get("paths", {}):
            out.append(f"{path}: removed")
            continue
        for method, operation in operations.items():
            new_operation = new["paths"][path].get(method)
            if new_operation is None:
                out.append(f"{method.upper()} {path}: removed")
                continue
            old_params = {
                (p["name"], p["in"]) for p in _parameters(operation.get("parameters", []), old)
            }
            for param in _parameters(new_operation.get("parameters", []), new):
                key = (param["name"], param["in"])
                if key not in old_params and param.get("required"):
                    out.append(f"{method.upper()} {path}: new required parameter {key[0]}")
            for status, response in operation.get("responses", {}).items():
                new_response = new_operation.get("responses", {}).get(status)
                if new_response is None:
                    out.append(f"{method.upper()} {path} {status}: response removed")
                    continue
                for media, content in response.get("content", {}).items():
                    new_content = new_response.get("content", {}).get(media)
                    if new_content is None:
                        out.append(f"{method.upper()} {path} {status} {media}: removed")
                        continue
                    _compare(
                        content["schema"],
                        new_content["schema"],
                        f"{method.upper()} {path} {status}",
                        old,
                        new,
                        out,
                    )
    return out
