"""The content of an embed page: sections, tables and figures from the v1 JSON, cleaned.

Headings inside bodies are renumbered for the page they are on; HTML bodies are cleaned again
on the way out (nh3); glossary marks are collected for the list of definitions.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from guide.languages import get_language
from guide.sanitize import sanitize_html

_PARAGRAPH_END = re.compile(r"(?<=</p>)")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(\b[^>]*)>", re.I)
_MARK = re.compile(r'<(dfn|abbr) title="([^"]*)">(.*?)</\1>', re.S)
_LINK = re.compile(r"<a\s([^>]*?)>", re.I)


def lang_attrs(obj: dict[str, Any], field: str) -> SafeString:
    """`lang`/`dir` for a text served in another language than the page's, else nothing."""
    code = (obj.get("fallback") or {}).get(field)
    if not code:
        return mark_safe("")
    language = get_language(code)
    direction = language.direction if language else "ltr"
    return format_html(' lang="{}" dir="{}"', code, direction)


def text_context(obj: dict[str, Any], field: str) -> dict[str, Any]:
    return {"value": obj.get(field) or "", "attrs": lang_attrs(obj, field)}


class Page:
    """State collected while a page's bodies are prepared: glossary terms met, in order."""

    def __init__(self) -> None:
        self.definitions: list[dict[str, Any]] = []
        self._ids: dict[tuple[str, str], str] = {}
        self.new_tab = gettext("(opens in a new tab)")

    def body(self, html: str, attrs: SafeString, level: int) -> SafeString:
        """A cleaned body: headings renumbered under `level`, terms linked to their
        definitions, links opening outside the frame."""
        html = renumber_headings(sanitize_html(html), level)
        html = _MARK.sub(lambda m: self._term(m, attrs), html)
        return mark_safe(_LINK.sub(self._link, html))

    def _term(self, match: re.Match[str], attrs: SafeString) -> str:
        kind, definition, text = match.group(1), html_lib.unescape(match.group(2)), match.group(3)
        key = (kind, definition)
        anchor = self._ids.get(key)
        if anchor is None:
            anchor = f"term-{len(self._ids) + 1}"
            self._ids[key] = anchor
            self.definitions.append(
                {
                    "anchor": anchor,
                    "term": mark_safe(text),
                    "kind": kind,
                    "definition": definition,
                    "attrs": attrs,
                }
            )
        inner = f"<abbr>{text}</abbr>" if kind == "abbr" else text
        # The definition is the link's description: a screen reader says it on focus.
        return (
            f'<a class="term" href="#{anchor}" id="{anchor}-use" '
            f'aria-describedby="{anchor}-definition">{inner}</a>'
        )

    def _link(self, match: re.Match[str]) -> str:
        attrs = match.group(1)
        href = re.search(r'href="([^"]*)"', attrs)
        if not href or href.group(1).startswith("#") or "target=" in attrs:
            return match.group(0)
        # Inside a frame a link would replace the guide; it opens beside the partner's page.
        attrs = re.sub(r'\srel="[^"]*"', "", " " + attrs).strip()
        return f'<a {attrs} target="_blank" rel="noopener noreferrer">'


def renumber_headings(html: str, level: int) -> str:
    """Headings inside a body placed under a heading of `level`: the first becomes
    level + 1 and none skips a level (h5 under h3 becomes h4), whatever the source said."""
    found = [int(m.group(2)) for m in _HEADING_TAG.finditer(html) if not m.group(1)]
    if not found:
        return html
    mapping: list[int] = []
    previous = level
    for original in found:
        # Deeper than the last one by at most one; shallower returns to its peers' depth.
        wanted = level + 1 + (original - min(found))
        new = min(wanted, previous + 1)
        new = max(level + 1, min(new, 6))
        mapping.append(new)
        previous = new
    levels = iter(mapping)
    stack: list[int] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return f"</h{stack.pop() if stack else level + 1}>"
        new = next(levels)
        stack.append(new)
        return f"<h{new}{match.group(3)}>"

    return _HEADING_TAG.sub(replace, html)


def _breakable(text: str) -> SafeString:
    """Cell text that may wrap after a slash ("Moisturizers/emollients"), not mid-word."""
    return mark_safe(conditional_escape(text).replace("/", "/<wbr>"))


def table_context(table: dict[str, Any]) -> dict[str, Any]:
    """The comparison table. Its caption is a paragraph above the scrolling region (which
    the table and region are labelled by), so it wraps on a phone and in right-to-left
    pages instead of scrolling away with the table."""
    columns = table["columns"]
    return {
        "label": text_context(table, "caption"),
        "columns": [
            {
                "label": {
                    "value": _breakable(c.get("label") or ""),
                    "attrs": lang_attrs(c, "label"),
                },
                "row_header": c["row_header"],
            }
            for c in columns
        ],
        "rows": [
            [
                {
                    "value": _breakable(row["cells"].get(c["key"], "")),
                    "attrs": lang_attrs(row, c["key"]),
                    "row_header": c["row_header"],
                }
                for c in columns
            ]
            for row in table["rows"]
        ],
    }


def section_context(
    page: Page, section: dict[str, Any], table: dict[str, Any] | None, level: int
) -> dict[str, Any]:
    body = sanitize_html(section.get("body") or "")
    before, after = body, ""
    placed = None
    if table and table["placement"].get("section") == section["anchor"]:
        paragraphs = [p for p in _PARAGRAPH_END.split(body) if p]
        n = table["placement"].get("after_paragraph", 0)
        before, after = "".join(paragraphs[:n]), "".join(paragraphs[n:])
        placed = table_context(table)
    attrs = lang_attrs(section, "body")
    return {
        "anchor": section["anchor"],
        "level": level,
        "landmark": level == 2,
        "heading": text_context(section, "heading"),
        "body_attrs": attrs,
        "body_before": page.body(before, attrs, level) if before else "",
        "table": placed,
        "body_after": page.body(after, attrs, level) if after else "",
        "callouts": [
            {
                "id": f"{section['anchor']}-callout-{i}",
                "kind": c["kind"],
                "label": text_context(c, "label"),
                "body": {
                    "value": page.body(c.get("body") or "", lang_attrs(c, "body"), level + 1),
                    "attrs": lang_attrs(c, "body"),
                },
            }
            for i, c in enumerate(section.get("callouts", []), start=1)
        ],
        "subsections": [
            section_context(page, sub, table, min(level + 1, 6))
            for sub in section.get("subsections", [])
        ],
        "figures": [_figure(f) for f in section.get("figures", [])],
    }


def _srcset(renditions: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r['url']} {r['width']}w" for r in renditions)


def _figure(figure: dict[str, Any]) -> dict[str, Any]:
    """A `<picture>`: modern formats as `<source>`s, the universal one in the `<img>`."""
    by_format: dict[str, list[dict[str, Any]]] = {}
    for rendition in figure["renditions"]:
        by_format.setdefault(rendition["format"], []).append(rendition)
    *modern, universal = by_format.values()
    largest = universal[-1]
    return {
        "decorative": figure["decorative"],
        "alt": text_context(figure, "alt"),
        "caption": text_context(figure, "caption"),
        "credit": text_context(figure, "credit"),
        "sources": [{"type": r[0]["media_type"], "srcset": _srcset(r)} for r in modern],
        "srcset": _srcset(universal),
        "src": largest["url"],
        "width": largest["width"],
        "height": largest["height"],
    }
