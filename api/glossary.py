"""The v1 representation of the glossary, for one language (pure, like the guide's)."""

from __future__ import annotations

from typing import Any

from api.representation import API_VERSION, _Localizer
from guide.languages import SOURCE_LANGUAGE, Language, bcp47

# A word's pronunciation and abbreviation belong to the word in its language: a Spanish term
# never borrows the English one's ("ay-TOP-ik", "TCS"). They follow the term: in the term's
# own language, or in English only when the term itself fell back to English.
_OF_THE_WORD = ("abbreviation", "expansion", "pronunciation")


def render_term(entry: dict[str, Any], language: Language) -> dict[str, Any]:
    """A term in `language`; texts that are missing there fall back, marked in `fallback`."""
    out = _Localizer(language).fill(
        {"slug": entry["slug"]},
        {"term": entry["term"], "definition": entry["definition"]},
    )
    term_fell_back = "term" in out.get("fallback", {})
    code = SOURCE_LANGUAGE if term_fell_back else language.code
    for name in _OF_THE_WORD:
        out[name] = entry[name].get(code) or None
        if term_fell_back and out[name] and language.code != SOURCE_LANGUAGE:
            out.setdefault("fallback", {})[name] = bcp47(SOURCE_LANGUAGE)
    return out


def render_glossary(entries: list[dict[str, Any]], language: Language) -> dict[str, Any]:
    return {
        "api_version": API_VERSION,
        "language": language.tag,
        "dir": language.direction,
        "terms": [render_term(entry, language) for entry in entries],
    }
