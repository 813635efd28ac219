"""`?format=html|text`: the format of the bodies in a response, not of the response.

Voice and SMS clients want plain text; everyone else gets sanitised HTML. DRF would read
`?format=` as a renderer choice (and answer 404 for `text`), so our read-only views use a
content negotiation that leaves `format` to us; the response itself is always JSON.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from rest_framework.request import Request

from api.accessibility import BODY_FORMATS, to_text
from api.blocks import to_blocks
from api.content_negotiation import JSONFirstNegotiation
from api.problems import ProblemException


class BodyFormatNegotiation(JSONFirstNegotiation):
    """Negotiates on Accept only; `?format=` is the body format."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # type: ignore[assignment]  # only this is read


def body_format(request: Request) -> str:
    # Exactly as documented (the schema's enum): `?format=` empty or `TEXT` is refused
    # rather than guessed at, so the contract and the server agree on every value.
    value = request.query_params.get("format", "html")
    if value not in BODY_FORMATS:
        raise ProblemException(
            "invalid-request",
            f"`format` must be one of {', '.join(BODY_FORMATS)}; got {value[:20]!r}.",
        )
    return value


def apply_body_format(
    payload: dict[str, Any], request: Request, document: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The payload with its bodies in the requested format, saying which in `body_format`.

    `document` (the guide document the payload was rendered from) names glossary terms in
    blocks; published guides have their blocks stored, so this is for previews and versions
    rendered before blocks existed."""
    fmt = body_format(request)
    if fmt == "text":
        return to_text(payload)
    if fmt == "blocks":
        return to_blocks(payload, document or {})
    return {**payload, "body_format": "html"}
