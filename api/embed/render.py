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

import json
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop, ngettext, override, pgettext

from api.embed.bodies import Page, lang_attrs, section_context, table_context, text_context
from api.embed.interface import date_text, foreign, interface_text, provider_language
from api.embed.trust import trust_context
from api.handout import handout_link
from api.registry import EMBED_PARTS
from guide.languages import SOURCE_LANGUAGE, Language, get_language

TITLE_SEPARATOR = " \N{EN DASH} "


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
    """`part` names an embed part of the registry the guide has, or a section's anchor."""
    if part in EMBED_PARTS:
        return bool(guide.get(EMBED_PARTS[part]))
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
    page = Page()
    table = guide.get("comparison_table")
    title = text_context(guide, "title")
    part_title = None
    sections: list[dict[str, Any]] = []
    faq = None
    standalone_table = None
    if part is None:
        sections = [section_context(page, s, table, 2) for s in guide["sections"]]
        faq = guide["faq"] or None
    elif part == "faq":
        part_title = text_context(guide, "faq_heading")
        faq = guide["faq"]
    elif part == "comparison":
        standalone_table = table_context(table)
        part_title = standalone_table["label"]
    else:
        found = _find(guide["sections"], part)
        if found is not None:
            part_title = text_context(found, "heading")
            # The part's own heading is the page's h1; its subsections become h2.
            inner = section_context(page, found, table, 1)
            sections = [
                {**inner, "heading": None, "landmark": False, "subsections": inner["subsections"]}
            ]
    faq_context = None
    if faq:
        faq_context = {
            "heading": text_context(guide, "faq_heading") if part is None else None,
            "entries": [
                {
                    "question": text_context(e, "question"),
                    "answer": {
                        "value": page.body(e.get("answer") or "", lang_attrs(e, "answer"), 3),
                        "attrs": lang_attrs(e, "answer"),
                    },
                }
                for e in faq
            ],
        }
    reading = guide.get("reading_time_minutes")
    reviewed = date_text(guide.get("last_reviewed"))
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
    published = date_text(guide.get("published_on"))
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
        "subtitle": text_context(guide, "subtitle") if part is None else None,
        "summary": text_context(guide, "summary")
        if part is None and guide.get("summary")
        else None,
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
            foreign(guide["author"]["name"], SOURCE_LANGUAGE, language)
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
            provider=foreign(provider, provider_language(), language),
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
