"""Printable handouts: a guide (or its FAQ, or its comparison table) as a tagged PDF.

Pure over a frozen guide document: the v1 representation of the wanted language is laid
out as print HTML (`handout/guide.html`) and turned into PDF/UA-1 by WeasyPrint. Chosen
because it is a maintained HTML/CSS renderer in Python that writes tagged PDF (structure
tree, document language, title, bookmarks from headings), shapes Arabic and CJK through
Pango/HarfBuzz with the system's Noto fonts (embedded and subset), supports paged media
(running headers and footers with page counters, named landscape pages), and needs no
browser or network. Rendering is slow (about a second per handout): `api.handout_store`
does it once per published version, never per request.

WeasyPrint's structure tree does not carry `lang` attributes of elements below the root,
nor the scope of table headers; `_extend_tagging` adds both, so an English fallback
passage is read as English (PDF/UA 7.2, WCAG 3.1.2) and header cells say what they head.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from api.glossary import render_term
from api.handout_text import HandoutText, handout_text
from api.representation import render_guide
from guide.languages import SOURCE_LANGUAGE, Language, get_language
from guide.sanitize import html_to_text, sanitize_html

# The handouts of a guide: the whole guide, and the parts a clinic prints on their own.
PARTS = ("guide", "faq", "comparison")
PDF_VARIANT = "pdf/ua-1"
_PARAGRAPH_END = re.compile(r"(?<=</p>)")


class NoNetwork(ValueError):
    """A handout asked for an outside resource; nothing is fetched while rendering."""


def _lang_attrs(obj: dict[str, Any], field: str) -> SafeString:
    code = (obj.get("fallback") or {}).get(field)
    if not code:
        return mark_safe("")
    language = get_language(code)
    return format_html(' lang="{}" dir="{}"', code, language.direction if language else "ltr")


def _text(obj: dict[str, Any], field: str) -> dict[str, Any]:
    return {"value": obj.get(field) or "", "attrs": _lang_attrs(obj, field)}


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
    """A section with the comparison table placed where the editors put it."""
    body = sanitize_html(section.get("body") or "")
    before, after, placed = body, "", None
    if table and (table.get("placement") or {}).get("section") == section["anchor"]:
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
            {
                "label": _text(c, "label"),
                "body": {
                    "value": mark_safe(sanitize_html(c.get("body") or "")),
                    "attrs": _lang_attrs(c, "body"),
                },
            }
            for c in section.get("callouts", [])
        ],
        "subsections": [_section(sub, table) for sub in section.get("subsections", [])],
    }


def _uses_fallback(payload: Any) -> bool:
    if isinstance(payload, dict):
        return bool(payload.get("fallback")) or any(_uses_fallback(v) for v in payload.values())
    if isinstance(payload, list):
        return any(_uses_fallback(v) for v in payload)
    return False


def _glossary(document: dict[str, Any], language: Language, printed: str) -> list[dict]:
    """Glossary terms that occur in the printed text, in the order of the glossary."""
    haystack = printed.casefold()
    out = []
    for entry in document.get("glossary") or []:
        term = render_term(entry, language)
        forms = [term["term"], term["abbreviation"] or ""]
        if not any(_occurs(form, haystack) for form in forms if form):
            continue
        out.append(
            {
                "term": _text(term, "term"),
                "abbreviation": term["abbreviation"],
                "definition": _text(term, "definition"),
            }
        )
    return out


def _occurs(form: str, haystack: str) -> bool:
    needle = form.casefold()
    if not needle.isascii():  # scripts without spaces between words (Chinese) or accents
        return needle in haystack
    return re.search(rf"(?<![\w-]){re.escape(needle)}(?![\w-])", haystack) is not None


def _css_string(text: str) -> str:
    """`text` as a CSS string literal (for generated content in page margins)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    escaped = escaped.replace("<", "\\3C ")  # never `</style>` inside the style element
    return f'"{escaped}"'


def _page_counter(words: HandoutText) -> SafeString:
    """'Page {page} of {pages}' as CSS content: strings around the page counters."""
    out = []
    for piece in re.split(r"(\{page\}|\{pages\})", words.page):
        if piece == "{page}":
            out.append("counter(page)")
        elif piece == "{pages}":
            out.append("counter(pages)")
        elif piece:
            out.append(_css_string(piece))
    return mark_safe(" ".join(out))


def handout_context(
    document: dict[str, Any], language: Language, part: str, web_address: str
) -> dict[str, Any]:
    """What the print template needs, from the v1 representation of `document`."""
    if part not in PARTS:
        raise ValueError(f"unknown handout part {part!r}")
    guide = render_guide(document, language)
    table = guide.get("comparison_table")
    words = handout_text(language.code)
    words_attrs = (
        format_html(' lang="{}" dir="ltr"', SOURCE_LANGUAGE)
        if words.language != language.code
        else mark_safe("")
    )
    sections = [_section(s, table) for s in guide["sections"]] if part == "guide" else []
    faq = guide["faq"] if part in ("guide", "faq") else []
    standalone = _table(table) if part == "comparison" and table else None
    printed_parts: list[str] = []
    if part == "guide":
        printed_parts = [html_to_text(s.get("body") or "") for s in _flatten(guide["sections"])]
    if faq:
        printed_parts += [e["question"] + " " + e["answer"] for e in faq]
    if table and part in ("guide", "comparison"):
        printed_parts += [" ".join(r["cells"].values()) for r in table["rows"]]
    shown = {"sections": guide["sections"] if part == "guide" else [], "faq": faq}
    if part != "faq":
        shown["table"] = table
    disclaimer = (  # the published disclaimer ({"text": ...}, marked where it fell back)
        _text(guide["disclaimer"], "text")
        if guide.get("disclaimer")
        else {"value": words.disclaimer, "attrs": words_attrs}
    )
    reviewed = guide.get("last_reviewed")
    next_review = guide.get("next_review_due")
    return {
        "lang": language.tag,
        "dir": language.direction,
        "part": part,
        "title": _text(guide, "title"),
        "subtitle": _text(guide, "subtitle") if part == "guide" else None,
        "document_title": guide.get("title") or document["slug"],
        "author": (guide.get("author") or {}).get("name", ""),
        "version": (
            words.draft
            if guide["version"] is None
            else words.version.format(number=guide["version"])
        ),
        "reviewed": (words.reviewed.format(date=reviewed) if reviewed else words.not_reviewed),
        "next_review": words.next_review.format(date=next_review) if next_review else "",
        "words": words,
        "words_attrs": words_attrs,
        "page_counter": _page_counter(words),
        "disclaimer": disclaimer,
        # Left-to-right isolate: in a right-to-left line the address keeps its order (here
        # and in the page footer, which copies this line as plain text).
        "web_address_isolated": f"\u2066{web_address}\u2069",
        "english_note": words.english_note if _uses_fallback(shown) else "",
        "sections": sections,
        "faq": (
            {
                "heading": _text(guide, "faq_heading"),
                "entries": [
                    {"question": _text(e, "question"), "answer": _text(e, "answer")} for e in faq
                ],
            }
            if faq
            else None
        ),
        "standalone_table": standalone,
        "glossary": _glossary(document, language, "\n".join(printed_parts)),
        "css_disclaimer": mark_safe(_css_string(disclaimer["value"])),
    }


def _flatten(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(section.get("callouts", []))
        out.extend(_flatten(section.get("subsections", [])))
    return out


def render_html(document: dict[str, Any], language: Language, part: str, web_address: str) -> str:
    return render_to_string(
        "handout/guide.html", handout_context(document, language, part, web_address)
    )


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict:
    raise NoNetwork(f"handouts fetch nothing: {url[:80]}")


def render_pdf(document: dict[str, Any], language: Language, part: str, web_address: str) -> bytes:
    """The handout as PDF/UA-1 bytes (about a second: call it at publish, not per request)."""
    from weasyprint import HTML  # heavy import (Pango, fontconfig): only where rendering

    _extend_tagging()
    html = render_html(document, language, part, web_address)
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(pdf_variant=PDF_VARIANT)


_tagging_installed = False


def _extend_tagging() -> None:
    """Add to WeasyPrint's structure tree what it leaves out: languages of parts, and the
    scope of table header cells.

    WeasyPrint sets the document language (`/Lang` in the catalog) from `<html lang>` but
    not the language of parts, and links data cells to their headers (`/Headers`) without
    saying whether a header is a column's or a row's. Its tag builder is wrapped (once) so
    each structure element made for an element with its own `lang` gets `/Lang` (children
    inherit it, as in HTML), and each `<th>` gets `/Scope` from its `scope` attribute.
    `tests/api/test_handouts.py` reads the tag tree back, so an upgrade that changes the
    builder fails there rather than silently losing these marks.
    """
    global _tagging_installed
    if _tagging_installed:
        return
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def build_with_extras(box, parent, *args, **kwargs):
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        lang = scope = None
        if element is not None and tag not in ("html", "body"):
            lang = element.get("lang") or None
            if tag == "th":
                scope = "/Row" if element.get("scope") == "row" else "/Column"
        for built in build(box, parent, *args, **kwargs):
            if lang and "Lang" not in built:
                built["Lang"] = pydyf.String(lang)
            if scope and built.get("S") == "/TH" and "A" in built:
                built["A"]["Scope"] = scope  # a PDF name, as pydyf writes "/…" strings
            yield built

    tags._build_box_tree = build_with_extras
    _tagging_installed = True


def handout_link(guide: dict[str, Any], part: str | None) -> dict[str, Any] | None:
    """The link to a published guide's handout for its web page (None on a preview).

    `guide` is a v1 payload; `part` the page's part (a section anchor prints the guide).
    """
    from django.urls import reverse

    if guide.get("version") is None:
        return None
    which = part if part in ("faq", "comparison") else "guide"
    name = {"guide": "guide-handout", "faq": "guide-faq-handout"}.get(
        which, "guide-comparison-handout"
    )
    language = get_language(guide["language"])
    words = handout_text(language.code if language else SOURCE_LANGUAGE)
    attrs = (
        format_html(' lang="{}" dir="ltr"', SOURCE_LANGUAGE)
        if language is None or words.language != language.code
        else mark_safe("")
    )
    url = reverse(f"api:{name}", args=["v1", guide["slug"]]) + f"?lang={guide['language']}"
    return {"url": url, "label": words.print_link, "attrs": attrs}
