"""The v1 representation of the glossary, for one language (pure, like the guide's)."""

from __future__ import annotations

from typing import Any

from api.representation import API_VERSION, _Localizer
from guide.languages import Language


def render_term(entry: dict[str, Any], language: Language) -> dict[str, Any]:
    """A term in `language`; texts that are missing there fall back, marked in `fallback`."""
    out = _Localizer(language).fill(
        {"slug": entry["slug"]},
        {
            "term": entry["term"],
            "abbreviation": entry["abbreviation"],
            "expansion": entry["expansion"],
            "definition": entry["definition"],
            "pronunciation": entry["pronunciation"],
        },
    )
    for name in ("abbreviation", "expansion", "pronunciation"):
        if not out[name]:
            out[name] = None
    return out


def render_glossary(entries: list[dict[str, Any]], language: Language) -> dict[str, Any]:
    return {
        "api_version": API_VERSION,
        "language": language.tag,
        "dir": language.direction,
        "terms": [render_term(entry, language) for entry in entries],
    }
