"""The served OpenAPI document: what drf-spectacular derives, completed once here.

drf-spectacular builds operations, parameters and bodies from the views and `api.schemas`;
this hook adds what it has no place for, each declared once and referenced everywhere:
the shared components (`api.schema_fields.SHARED_COMPONENTS`), the conditional and language
request headers, the response headers every read carries (validators, caching, language,
encoding, rate limits, deprecation), a HEAD operation beside every GET, and a package-safe
`info.version`. `tests/contract/` validates real responses against the result with strict
tools (openapi-core, Ajv, Redocly) and builds clients from it.
"""

from __future__ import annotations

import copy
from typing import Any

from api.schema_fields import SHARED_COMPONENTS

# Semantic version of the v1 contract: the major is the URL's version; the minor grows with
# each additive change. Packaging tools (PEP 440, npm semver) accept it as is.
CONTRACT_VERSION = "1.2.0"

_REQUEST_HEADERS: dict[str, dict[str, Any]] = {
    "If-None-Match": {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "schema": {"type": "string"},
        "description": "An `ETag` received before: 304 with no body when it is still current.",
    },
    "If-Modified-Since": {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "schema": {"type": "string"},
        "description": "An HTTP date; used when `If-None-Match` is absent.",
    },
    "Accept-Language": {
        "in": "header",
        "name": "Accept-Language",
        "required": False,
        "schema": {"type": "string"},
        "description": "Languages in order of preference (q-values, region subtags allowed). "
        "`lang` beats it; an unsupported list quietly gets English.",
    },
    "Accept-Encoding": {
        "in": "header",
        "name": "Accept-Encoding",
        "required": False,
        "schema": {"type": "string"},
        "description": "`br` or `gzip`: published guides are served compressed, from bytes "
        "compressed once at publish time.",
    },
}

_HEADERS: dict[str, tuple[str, str]] = {
    "ETag": ("string", "Strong validator of the exact bytes (one per content encoding)."),
    "Last-Modified": ("string", "When the version served was published (HTTP date)."),
    "Cache-Control": ("string", "How long shared caches and apps may keep the response."),
    "Content-Language": ("string", "BCP 47 tag of the language served."),
    "Content-Encoding": ("string", "`br` or `gzip` when the body is compressed."),
    "Vary": ("string", "`Accept-Language` and, for stored guides, `Accept-Encoding`."),
    "RateLimit-Limit": ("integer", "Requests allowed in the window."),
    "RateLimit-Remaining": ("integer", "Requests left in the window."),
    "RateLimit-Reset": ("integer", "Seconds until the window resets."),
    "RateLimit-Policy": ("string", "`<limit>;w=<seconds>`."),
    "Retry-After": ("integer", "Seconds to wait before trying again."),
    "Deprecation": ("string", "Present when this API version is deprecated (`@<epoch>`)."),
    "Sunset": ("string", "When a deprecated API version stops answering (HTTP date)."),
    "Link": ("string", '`rel="deprecation"` documentation, when deprecated.'),
}
_HEADER_COMPONENTS = {
    name: {"description": text, "required": False, "schema": {"type": kind}}
    for name, (kind, text) in _HEADERS.items()
}
_ALWAYS = ["Vary", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"]
_DEPRECATION = ["Deprecation", "Sunset", "Link"]
_SUCCESS = ["ETag", "Last-Modified", "Cache-Control", "Content-Language", "Content-Encoding"]
_BY_STATUS = {
    "2": [*_SUCCESS, *_ALWAYS, *_DEPRECATION],
    "304": ["ETag", "Last-Modified", "Cache-Control", "Content-Language", *_ALWAYS],
    "429": ["Retry-After", *_ALWAYS],
    "503": ["Retry-After", *_ALWAYS],
}


def _headers_for(status: str) -> dict[str, Any]:
    names = _BY_STATUS.get(status) or _BY_STATUS.get(status[:1]) or _ALWAYS
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _head_of(get: dict[str, Any]) -> dict[str, Any]:
    """HEAD answers GET's statuses and headers without a body."""
    head = copy.deepcopy(get)
    head["operationId"] = f"{get['operationId']}_head"
    head["summary"] = f"Headers of: {get.get('summary', get['operationId'])}"
    head["description"] = "As GET, without the body: for checking freshness cheaply."
    for response in head["responses"].values():
        response.pop("content", None)
    return head


def postprocess(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result["info"]["version"] = CONTRACT_VERSION
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update(copy.deepcopy(SHARED_COMPONENTS))
    components["schemas"] = dict(sorted(schemas.items()))
    components["headers"] = copy.deepcopy(_HEADER_COMPONENTS)
    components["parameters"] = copy.deepcopy(_REQUEST_HEADERS)
    header_refs = [{"$ref": f"#/components/parameters/{name}"} for name in _REQUEST_HEADERS]
    for path_item in result.get("paths", {}).values():
        get = path_item.get("get")
        if get is None:
            continue
        get.setdefault("parameters", []).extend(header_refs)
        for status, response in get["responses"].items():
            response.setdefault("headers", {}).update(_headers_for(str(status)))
        path_item["head"] = _head_of(get)
    return result
