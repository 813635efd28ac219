"""The embeddable HTML page of a guide, from its v1 JSON representation (pure).

Every text that fell back to English is wrapped with `lang="en" dir="ltr"` (WCAG 3.1.2),
and so is every interface string (footer, notices, labels) that the reader's language has
no translation of yet: those come from Django's gettext catalogues (`locale/`). Headings
never skip a level whatever part is shown, including headings inside bodies, which are
renumbered for the page they are on. HTML bodies are cleaned again on the way out (nh3), so
content can never carry a script into a partner's page. Glossary marks become links to a
list of definitions at the end of the page, reachable by keyboard, touch and screen readers.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language as active_language
from django.utils.translation import gettext, gettext_noop, ngettext, override, pgettext

from api.embed.trust import trust_context
from api.handout import handout_link
from guide.languages import SOURCE_LANGUAGE, Language, get_language
from guide.sanitize import sanitize_html

PARTS = ("faq", "comparison")
TITLE_SEPARATOR = " \N{EN DASH} "
_PARAGRAPH_END = re.compile(r"(?<=</p>)")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(\b[^>]*)>", re.I)
_MARK = re.compile(r'<(dfn|abbr) title="([^"]*)">(.*?)</\1>', re.S)
_LINK = re.compile(r"<a\s([^>]*?)>", re.I)


# Interface strings ------------------------------------------------------------------------


def _untranslated_attrs(language: Language | None) -> SafeString:
    if language is None or language.code == SOURCE_LANGUAGE:
        return mark_safe("")
    return mark_safe(' lang="en" dir="ltr"')


def interface_text(
    msgid: str,
    page_language: Language | None,
    /,
    *,
    translated: str | None = None,
    english: tuple[str, ...] = (),
    **params: Any,
) -> dict[str, Any]:
    """An interface string in the active language, as {value, attrs}.

    `attrs` is `lang="en" dir="ltr"` when the catalogue has no translation yet, so the
    English words are read as English. Parameters are escaped unless already safe (a
    `<time>` element, say). For plurals, pass `translated=ngettext(...)` and the English
    forms in `english`.
    """
    text = gettext(msgid) if translated is None else translated
    untranslated = text in (msgid, *english)
    value = conditional_escape(text)
    if params:
        value = mark_safe(value % {k: conditional_escape(v) for k, v in params.items()})
    return {
        "value": value,
        "attrs": _untranslated_attrs(page_language) if untranslated else mark_safe(""),
    }


def loader_strings() -> dict[str, str]:
    """The loader's words in the active language (it runs on partner pages, without us)."""
    language = get_language(active_language() or SOURCE_LANGUAGE)
    strings = {
        "title": gettext_noop("Patient guide"),
        "fallback": gettext_noop("Open the guide in a new tab"),
    }
    out: dict[str, str] = {}
    for name, msgid in strings.items():
        text = gettext(msgid)
        out[name] = text
        out[name + "_lang"] = (
            "en" if text == msgid and language and language.code != SOURCE_LANGUAGE else ""
        )
    return out


def _foreign(text: str, code: str, page: Language) -> SafeString | str:
    """`text` written in `code`, marked as such when the page is in another language."""
    if code == page.code:
        return text
    other = get_language(code)
    direction = other.direction if other else "ltr"
    return format_html('<span lang="{}" dir="{}">{}</span>', code, direction, text)


def _provider_language() -> str:
    from django.conf import settings

    return getattr(settings, "EMBED_PROVIDER_LANGUAGE", SOURCE_LANGUAGE)


def _date(value: str | None) -> SafeString | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day))


# Content ---------------------------------------------------------------------------------


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


class _Page:
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


def _table(table: dict[str, Any]) -> dict[str, Any]:
    """The comparison table. Its caption is a paragraph above the scrolling region (which
    the table and region are labelled by), so it wraps on a phone and in right-to-left
    pages instead of scrolling away with the table."""
    columns = table["columns"]
    return {
        "label": _text(table, "caption"),
        "columns": [
            {
                "label": {
                    "value": _breakable(c.get("label") or ""),
                    "attrs": _lang_attrs(c, "label"),
                },
                "row_header": c["row_header"],
            }
            for c in columns
        ],
        "rows": [
            [
                {
                    "value": _breakable(row["cells"].get(c["key"], "")),
                    "attrs": _lang_attrs(row, c["key"]),
                    "row_header": c["row_header"],
                }
                for c in columns
            ]
            for row in table["rows"]
        ],
    }


def _section(
    page: _Page, section: dict[str, Any], table: dict[str, Any] | None, level: int
) -> dict[str, Any]:
    body = sanitize_html(section.get("body") or "")
    before, after = body, ""
    placed = None
    if table and table["placement"].get("section") == section["anchor"]:
        paragraphs = [p for p in _PARAGRAPH_END.split(body) if p]
        n = table["placement"].get("after_paragraph", 0)
        before, after = "".join(paragraphs[:n]), "".join(paragraphs[n:])
        placed = _table(table)
    attrs = _lang_attrs(section, "body")
    return {
        "anchor": section["anchor"],
        "level": level,
        "landmark": level == 2,
        "heading": _text(section, "heading"),
        "body_attrs": attrs,
        "body_before": page.body(before, attrs, level) if before else "",
        "table": placed,
        "body_after": page.body(after, attrs, level) if after else "",
        "callouts": [
            {
                "id": f"{section['anchor']}-callout-{i}",
                "kind": c["kind"],
                "label": _text(c, "label"),
                "body": {
                    "value": page.body(c.get("body") or "", _lang_attrs(c, "body"), level + 1),
                    "attrs": _lang_attrs(c, "body"),
                },
            }
            for i, c in enumerate(section.get("callouts", []), start=1)
        ],
        "subsections": [
            _section(page, sub, table, min(level + 1, 6)) for sub in section.get("subsections", [])
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
        "alt": _text(figure, "alt"),
        "caption": _text(figure, "caption"),
        "credit": _text(figure, "credit"),
        "sources": [{"type": r[0]["media_type"], "srcset": _srcset(r)} for r in modern],
        "srcset": _srcset(universal),
        "src": largest["url"],
        "width": largest["width"],
        "height": largest["height"],
    }


def _jsonld(data: dict[str, Any] | None) -> SafeString:
    if not data:
        return mark_safe("")
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(text)


def _walk(value: Any):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _served_flags(guide: dict[str, Any]) -> set[str]:
    """Every `translation_status` value (machine, outdated) of a text on the page."""
    return {
        flag
        for obj in _walk({k: v for k, v in guide.items() if k != "available_languages"})
        for flag in (obj.get("translation_status") or {}).values()
    }


def _fell_back(guide: dict[str, Any]) -> bool:
    return any(
        obj.get("fallback")
        for obj in _walk({k: v for k, v in guide.items() if k != "available_languages"})
    )


def _notices(guide: dict[str, Any], language: Language) -> list[dict[str, Any]]:
    """What the reader must know about the language of what they read, driven by the data:
    per-text fallbacks and translation flags of the payload, and the language's status."""
    if language.code == SOURCE_LANGUAGE:
        return []
    status = next(
        (
            entry.get("status")
            for entry in guide.get("available_languages", [])
            if entry.get("code") == language.tag
        ),
        None,
    )
    name = pgettext("a language named inside a sentence", language.english_name)
    notices = []
    if status == "missing":
        notices.append(
            interface_text(
                gettext_noop(
                    "This guide is not yet available in %(language)s; it is shown in English."
                ),
                language,
                language=name,
            )
        )
    elif _fell_back(guide):
        notices.append(
            interface_text(
                gettext_noop(
                    "Parts of this guide are not yet available in %(language)s; "
                    "they are shown in English."
                ),
                language,
                language=name,
            )
        )
    flags = _served_flags(guide)
    if "machine" in flags:
        notices.append(
            interface_text(
                gettext_noop(
                    "Parts of this guide were translated by machine and have not yet been "
                    "checked by a medical reviewer."
                ),
                language,
            )
        )
    if "outdated" in flags:
        notices.append(
            interface_text(
                gettext_noop(
                    "Parts of this translation are older than the English guide and may "
                    "not include its latest changes."
                ),
                language,
            )
        )
    return notices


def _find(sections: list[dict[str, Any]], anchor: str) -> dict[str, Any] | None:
    for section in sections:
        if section["anchor"] == anchor:
            return section
        for sub in section.get("subsections", []):
            if sub["anchor"] == anchor:
                return {**sub, "subsections": []}
    return None


def part_exists(guide: dict[str, Any], part: str) -> bool:
    if part == "faq":
        return bool(guide["faq"])
    if part == "comparison":
        return bool(guide.get("comparison_table"))
    return _find(guide["sections"], part) is not None


def render_page(
    guide: dict[str, Any],
    *,
    part: str | None,
    canonical_url: str,
    provider: str,
    static_prefix: str = "",
    jsonld: dict[str, Any] | None = None,
    oembed_url: str | None = None,
) -> str:
    """The HTML page of `guide` (a v1 detail payload), whole or one `part`."""
    language = get_language(guide["language"])
    assert language is not None
    with override(language.code):
        return _render(
            guide, language, part, canonical_url, provider, static_prefix, jsonld, oembed_url
        )


def _render(guide, language, part, canonical_url, provider, static_prefix, jsonld, oembed_url):
    page = _Page()
    table = guide.get("comparison_table")
    title = _text(guide, "title")
    part_title = None
    sections: list[dict[str, Any]] = []
    faq = None
    standalone_table = None
    if part is None:
        sections = [_section(page, s, table, 2) for s in guide["sections"]]
        faq = guide["faq"] or None
    elif part == "faq":
        part_title = _text(guide, "faq_heading")
        faq = guide["faq"]
    elif part == "comparison":
        standalone_table = _table(table)
        part_title = standalone_table["label"]
    else:
        found = _find(guide["sections"], part)
        if found is not None:
            part_title = _text(found, "heading")
            # The part's own heading is the page's h1; its subsections become h2.
            inner = _section(page, found, table, 1)
            sections = [
                {**inner, "heading": None, "landmark": False, "subsections": inner["subsections"]}
            ]
    faq_context = None
    if faq:
        faq_context = {
            "heading": _text(guide, "faq_heading") if part is None else None,
            "entries": [
                {
                    "question": _text(e, "question"),
                    "answer": {
                        "value": page.body(e.get("answer") or "", _lang_attrs(e, "answer"), 3),
                        "attrs": _lang_attrs(e, "answer"),
                    },
                }
                for e in faq
            ],
        }
    reading = guide.get("reading_time_minutes")
    reviewed = _date(guide.get("last_reviewed"))
    reviewer = guide.get("reviewed_by") or ""
    if reviewed and reviewer:
        review = interface_text(
            gettext_noop("Last medically reviewed on %(date)s by %(name)s."),
            language,
            date=reviewed,
            name=reviewer,
        )
    elif reviewed:
        review = interface_text(
            gettext_noop("Last medically reviewed on %(date)s."), language, date=reviewed
        )
    else:
        review = interface_text(gettext_noop("Not yet medically reviewed."), language)
    published = _date(guide.get("published_on"))
    context = {
        "lang": language.tag,
        "dir": guide["dir"],
        "title": title,
        "page_title": (
            TITLE_SEPARATOR.join([part_title["value"], title["value"]])
            if part_title
            else title["value"]
        ),
        "heading": part_title or title,
        "from_guide": (
            interface_text(
                gettext_noop("From the guide: %(title)s"),
                language,
                title=format_html("<span{}>{}</span>", title["attrs"], title["value"]),
            )
            if part_title
            else None
        ),
        "subtitle": _text(guide, "subtitle") if part is None else None,
        "summary": _text(guide, "summary") if part is None and guide.get("summary") else None,
        "summary_label": interface_text(gettext_noop("In short"), language),
        "reading_time": (
            interface_text(
                "About %(count)s minute to read",
                language,
                translated=ngettext(
                    "About %(count)s minute to read", "About %(count)s minutes to read", reading
                ),
                english=("About %(count)s minutes to read",),
                count=str(reading),
            )
            if part is None and reading
            else None
        ),
        "author": guide.get("author") if part is None else None,
        "author_name": (
            _foreign(guide["author"]["name"], SOURCE_LANGUAGE, language)
            if part is None and guide.get("author")
            else None
        ),
        "byline_separator": pgettext("between a name and a role", ", "),
        "notices": _notices(guide, language),
        "part": part,
        "sections": sections,
        "faq": faq_context,
        "standalone_table": standalone_table,
        "definitions": page.definitions,
        "definitions_heading": interface_text(gettext_noop("Words used in this guide"), language),
        "back_to_text": interface_text(gettext_noop("Back to the text"), language),
        "scroll_cue": interface_text(
            gettext_noop(
                "The table is wider than the screen: scroll sideways to see every column."
            ),
            language,
        ),
        "review": review,
        "provider_line": interface_text(
            gettext_noop("%(provider)s · version %(version)s"),
            language,
            provider=_foreign(provider, _provider_language(), language),
            version=str(guide.get("version") or ""),
        ),
        "published": (
            interface_text(gettext_noop("Published %(date)s"), language, date=published)
            if published
            else None
        ),
        "full_guide": interface_text(gettext_noop("Read the full guide"), language),
        "new_tab": interface_text(gettext_noop("(opens in a new tab)"), language),
        "printed_from": interface_text(
            gettext_noop("This guide online: %(url)s"),
            language,
            url=format_html('<span dir="ltr" class="url">{}</span>', canonical_url),
        ),
        "canonical_url": canonical_url,
        "handout": handout_link(guide, part),
        "trust": trust_context(guide, language.code),
        "oembed_url": oembed_url,
        "jsonld": _jsonld(jsonld),
        "static_prefix": static_prefix,
    }
    return render_to_string("embed/guide.html", context)
