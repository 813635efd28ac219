"""The JSON shapes CDS Hooks defines, as JSON Schemas committed beside this module.

`schemas/*.schema.json` transcribe the specification's tables (each cites its section);
requests are validated against them before use, and tests validate our discovery document
and cards against them, so what we send is checked by the same text a client reads.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DISCOVERY = "cds-hooks-discovery"
REQUEST = "cds-hooks-request"
RESPONSE = "cds-hooks-response"


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, instance: Any) -> list[str]:
    """What is wrong with `instance` against schema `name`, as `path: message` lines."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message[:200]}"
        for error in found
    ]
