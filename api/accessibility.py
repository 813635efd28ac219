"""Accessibility members of the v1 representation, as pure functions over documents.

`api.representation` calls these as it renders each block of a guide document:
readability per block (figures computed when the content was saved, carried in the
document), glossary marks on the first use of each term, typed and linearised table data,
reading time per language. `to_text()` turns a rendered payload's HTML bodies into plain
text for voice and SMS clients. No database, no request: a frozen document renders the same
way at publish time as on a live request.
"""

from __future__ import annotations

from typing import Any

from guide.accessibility_analysis.glossary_terms import mark_first_occurrences_with_data
from guide.languages import SOURCE_LANGUAGE, Language, bcp47
from guide.sanitize import html_to_text

BODY_FORMATS = ("html", "text", "blocks")


def served_code(out: dict[str, Any], field: str, language: Language) -> str:
    """The language code a rendered field is actually in (its fallback, if it fell back)."""
    return SOURCE_LANGUAGE if field in out.get("fallback", {}) else language.code


def readability_member(document: dict[str, Any], path: str, code: str) -> dict[str, Any] | None:
    """Readability of block `path` as served in `code`; None for an empty block."""
    block = document.get("readability", {}).get("blocks", {}).get(path)
    figure = block["figures"].get(code) if block else None
    if figure is None:
        return None
    return {
        "language": bcp47(code),
        "formula": figure["formula"],
        "score": figure["score"],
        "grade": figure["grade"],
        "scale": figure["scale"],
        "reason": figure["reason"],
        # The counts behind the score, so an editor knows what to shorten.
        "words": figure["words"],
        "sentences": figure["sentences"],
        "syllables": figure["syllables"],
        "characters": figure.get("characters"),
        "long_sentences": figure.get("long_sentences", []),
    }


def mark_terms(bodies: list[dict[str, Any]], document: dict[str, Any], language: Language) -> None:
    """Mark the first use of each glossary term across rendered bodies (in reading order),
    and list each body's marks in `terms`."""
    glossary = document.get("glossary")
    if not glossary:
        return
    marked = mark_first_occurrences_with_data(
        [(out["body"], served_code(out, "body", language)) for out in bodies], glossary
    )
    for out, (html, terms) in zip(bodies, marked, strict=True):
        out["body"] = html
        if terms:
            out["terms"] = terms


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("%", "").strip())
    except ValueError:
        return False
    return True


def column_type(table: dict[str, Any], key: str) -> str:
    """`number` when every source cell of the column is numeric, else `text`."""
    values = [row["cells"].get(key, {}).get(SOURCE_LANGUAGE, "") for row in table["rows"]]
    values = [v for v in values if v.strip()]
    return "number" if values and all(_is_number(v) for v in values) else "text"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".;:")
    return f"{text}." if text else ""


def linearize_row(table: dict[str, Any], row: dict[str, Any], code: str) -> str:
    """One row as prose: the row header, then "Column: value." for each other column."""
    parts: list[str] = []
    for column in table["columns"]:
        value = row["cells"].get(column["key"], {}).get(code, "")
        if not value.strip():
            continue
        if column["row_header"]:
            parts.insert(0, _sentence(value))
        else:
            parts.append(f"{column['label'].get(code, '').strip()}: {_sentence(value)}")
    return " ".join(parts)


def _row_complete(table: dict[str, Any], row: dict[str, Any], code: str) -> bool:
    for column in table["columns"]:
        source = row["cells"].get(column["key"], {})
        if source.get(SOURCE_LANGUAGE) and not source.get(code):
            return False
        if not column["row_header"] and not column["label"].get(code):
            return False
    return True


def linearize(
    out: dict[str, Any], table: dict[str, Any], row: dict[str, Any], language: Language
) -> None:
    """Add a rendered row's text for voice and screen-reader-only views, in one language:
    the requested one when the row's cells and column labels are all translated, else wholly
    in the source language, marked in `fallback`."""
    code = language.code if _row_complete(table, row, language.code) else SOURCE_LANGUAGE
    out["linearized"] = linearize_row(table, row, code)
    if code != language.code:
        out.setdefault("fallback", {})["linearized"] = bcp47(SOURCE_LANGUAGE)


def reading_time(document: dict[str, Any], language: Language) -> int | None:
    """Minutes to read the guide as served in `language`; the editorial figure until the
    per-language one has been computed."""
    computed = document.get("readability", {}).get("reading_time_minutes", {})
    return computed.get(language.code, document["reading_time_minutes"])


def to_text(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with every HTML body (sections, subsections, callouts) as plain text.

    Pure and non-destructive: returns a converted copy, the input is left as it was.
    """

    def section(obj: dict[str, Any]) -> dict[str, Any]:
        out = dict(obj)
        if "body" in out:
            out["body"] = html_to_text(out["body"])
        if "callouts" in out:
            out["callouts"] = [{**c, "body": html_to_text(c["body"])} for c in out["callouts"]]
        if "subsections" in out:
            out["subsections"] = [section(s) for s in out["subsections"]]
        return out

    result = dict(payload)
    if "sections" in result:
        result["sections"] = [section(s) for s in result["sections"]]
    result["body_format"] = "text"
    return result
