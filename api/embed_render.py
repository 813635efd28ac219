"""The embeddable HTML page of a guide, from its v1 JSON representation (pure).

Every text that fell back to English is wrapped with `lang="en" dir="ltr"` (WCAG 3.1.2);
headings never skip a level whatever part is shown; HTML bodies are cleaned again on the
way out (nh3), so content can never carry a script into a partner's page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from api.embed_trust import trust_context
from guide.languages import get_language
from guide.sanitize import sanitize_html

PARTS = ("faq", "comparison")
_PARAGRAPH_END = re.compile(r"(?<=</p>)")


def _lang_attrs(obj: dict[str, Any], field: str) -> SafeString:
    """`lang`/`dir` for a text served in another language than the page's, else nothing."""
    code = (obj.get("fallback") or {}).get(field)
    if not code:
        return mark_safe("")
    language = get_language(code)
    direction = language.direction if language else "ltr"
    return format_html(' lang="{}" dir="{}"', code, direction)


def _text(obj: dict[str, Any], field: str) -> dict[str, Any]:
    return {"value": obj.get(field) or "", "attrs": _lang_attrs(obj, field)}


def _html(obj: dict[str, Any], field: str) -> dict[str, Any]:
    return {
        "value": mark_safe(sanitize_html(obj.get(field) or "")),
        "attrs": _lang_attrs(obj, field),
    }


def _table(table: dict[str, Any]) -> dict[str, Any]:
    columns = table["columns"]
    return {
        "caption": _text(table, "caption"),
        "columns": [{"label": _text(c, "label"), "row_header": c["row_header"]} for c in columns],
        "rows": [
            [
                {
                    "value": row["cells"].get(c["key"], ""),
                    "attrs": _lang_attrs(row, c["key"]),
                    "row_header": c["row_header"],
                }
                for c in columns
            ]
            for row in table["rows"]
        ],
    }


def _section(section: dict[str, Any], table: dict[str, Any] | None) -> dict[str, Any]:
    body = sanitize_html(section.get("body") or "")
    before, after = body, ""
    placed = None
    if table and table["placement"].get("section") == section["anchor"]:
        paragraphs = [p for p in _PARAGRAPH_END.split(body) if p]
        n = table["placement"].get("after_paragraph", 0)
        before, after = "".join(paragraphs[:n]), "".join(paragraphs[n:])
        placed = _table(table)
    return {
        "anchor": section["anchor"],
        "heading": _text(section, "heading"),
        "body_attrs": _lang_attrs(section, "body"),
        "body_before": mark_safe(before),
        "table": placed,
        "body_after": mark_safe(after),
        "callouts": [
            {"kind": c["kind"], "label": _text(c, "label"), "body": _html(c, "body")}
            for c in section.get("callouts", [])
        ],
        "subsections": [_section(sub, table) for sub in section.get("subsections", [])],
    }


def _jsonld(data: dict[str, Any] | None) -> SafeString:
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(text)


def render_page(
    guide: dict[str, Any],
    *,
    part: str | None,
    canonical_url: str,
    provider: str,
    static_prefix: str = "",
    jsonld: dict[str, Any] | None = None,
) -> str:
    """The HTML page of `guide` (a v1 detail payload), whole or one `part`."""
    language = get_language(guide["language"])
    table = guide.get("comparison_table")
    sections = [_section(s, table) for s in guide["sections"]]
    part_title = None
    show = {"sections": sections, "faq": True, "table": None}
    if part == "faq":
        show = {"sections": [], "faq": True, "table": None}
    elif part == "comparison":
        show = {"sections": [], "faq": False, "table": _table(table) if table else None}
        part_title = show["table"]["caption"] if show["table"] else None
    elif part is not None:
        found = _find(sections, part)
        show = {"sections": [found] if found else [], "faq": False, "table": None}
    context = {
        "lang": language.tag if language else guide["language"],
        "dir": guide["dir"],
        "title": _text(guide, "title"),
        "subtitle": _text(guide, "subtitle") if part is None else None,
        "author": guide.get("author") if part is None else None,
        "part": part,
        "part_title": part_title,
        "sections": show["sections"],
        "faq": (
            {
                "heading": _text(guide, "faq_heading"),
                "entries": [
                    {"question": _text(e, "question"), "answer": _text(e, "answer")}
                    for e in guide["faq"]
                ],
            }
            if show["faq"] and guide["faq"]
            else None
        ),
        "standalone_table": show["table"],
        "last_reviewed": guide.get("last_reviewed"),
        "reviewed_by": guide.get("reviewed_by"),
        "published_on": guide.get("published_on"),
        "version": guide.get("version"),
        "canonical_url": canonical_url,
        "provider": provider,
        "jsonld": _jsonld(jsonld),
        "static_prefix": static_prefix,
        "trust": trust_context(guide, language.code if language else guide["language"]),
    }
    return render_to_string("embed/guide.html", context)


def _find(sections: list[dict[str, Any]], anchor: str) -> dict[str, Any] | None:
    for section in sections:
        if section["anchor"] == anchor:
            return section
        for sub in section["subsections"]:
            if sub["anchor"] == anchor:
                return {**sub, "subsections": []}
    return None


def part_exists(guide: dict[str, Any], part: str) -> bool:
    if part == "faq":
        return bool(guide["faq"])
    if part == "comparison":
        return bool(guide.get("comparison_table"))
    return _find([_section(s, None) for s in guide["sections"]], part) is not None
