"""The v1 JSON representation of a guide document, for one language.

Pure functions over `guide.document` dictionaries: no database, no request. Where a
text is missing in the requested language the English text is served and the object
says so in `fallback` (`{"body": "en"}`), so that a client can mark it with `lang`/`dir`
(WCAG 3.1.2). Objects whose texts are all in the requested language carry no `fallback`.
"""

from __future__ import annotations

from typing import Any

from api import accessibility
from guide.document import language_coverage
from guide.languages import SOURCE_LANGUAGE, Language, all_languages, bcp47

API_VERSION = "1"


class _Localizer:
    def __init__(self, language: Language):
        self.code = language.code
        self.source_tag = bcp47(SOURCE_LANGUAGE)

    def fill(self, out: dict[str, Any], texts: dict[str, dict[str, str]]) -> dict[str, Any]:
        """Put each text into `out` in the wanted language, noting the fallbacks."""
        fallback = {}
        for name, values in texts.items():
            value = values.get(self.code)
            if value is None:
                value = values.get(SOURCE_LANGUAGE, "")
                if value:
                    fallback[name] = self.source_tag
            out[name] = value
        if fallback:
            out["fallback"] = fallback
        return out


def available_languages(document: dict[str, Any]) -> list[dict[str, Any]]:
    coverage = language_coverage(document)
    languages = document.get("languages", {})
    out = []
    for language in all_languages():
        counts = coverage[language.code]
        percent = round(100 * counts["translated"] / counts["total"]) if counts["total"] else 0
        if counts["translated"] == 0:
            status = "missing"
        elif counts["translated"] == counts["total"]:
            status = "complete"
        else:
            status = "partial"
        info = languages.get(language.code, {})
        out.append(
            {
                "code": language.tag,
                "name": language.name,
                "dir": language.direction,
                "status": status,
                "percent": percent,
                "provenance": info.get(
                    "provenance", "source" if language.code == SOURCE_LANGUAGE else None
                ),
                "last_reviewed": info.get("last_reviewed"),
            }
        )
    return out


def _section(loc: _Localizer, section: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": section["id"], "anchor": section["anchor"]}
    loc.fill(out, {"heading": section["heading"], "body": section["body"]})
    if section["callouts"]:
        out["callouts"] = [
            loc.fill({"id": c["id"], "kind": c["kind"]}, {"label": c["label"], "body": c["body"]})
            for c in section["callouts"]
        ]
    out["subsections"] = [_section(loc, sub) for sub in section["subsections"]]
    return out


def render_sections(document: dict[str, Any], language: Language) -> list[dict[str, Any]]:
    loc = _Localizer(language)
    sections = [_section(loc, s) for s in document["sections"]]
    return accessibility.annotate_sections(sections, document, language)


def render_faq(document: dict[str, Any], language: Language) -> list[dict[str, Any]]:
    loc = _Localizer(language)
    faq = [
        loc.fill({"id": e["id"]}, {"question": e["question"], "answer": e["answer"]})
        for e in document["faq"]
    ]
    return accessibility.annotate_faq(faq, document, language)


def render_table(document: dict[str, Any], language: Language) -> dict[str, Any] | None:
    table = document["comparison_table"]
    if table is None:
        return None
    loc = _Localizer(language)
    out = loc.fill({"id": table["id"]}, {"caption": table["caption"]})
    out["placement"] = table["placement"]
    out["columns"] = [
        loc.fill({"key": c["key"], "row_header": c["row_header"]}, {"label": c["label"]})
        for c in table["columns"]
    ]
    rows = []
    for row in table["rows"]:
        cells = loc.fill({}, {c["key"]: row["cells"].get(c["key"], {}) for c in table["columns"]})
        fallback = cells.pop("fallback", None)
        item: dict[str, Any] = {"id": row["id"], "cells": cells}
        if fallback:
            item["fallback"] = fallback
        rows.append(item)
    out["rows"] = rows
    return accessibility.annotate_table(out, table, language)


def _head(document: dict[str, Any], language: Language) -> dict[str, Any]:
    return {
        "api_version": API_VERSION,
        "slug": document["slug"],
        "version": document["content_version"],
        "language": language.tag,
        "dir": language.direction,
    }


def render_summary(document: dict[str, Any], language: Language) -> dict[str, Any]:
    """A guide as listed: enough to choose it and to know its languages."""
    loc = _Localizer(language)
    out = _head(document, language)
    loc.fill(
        out,
        {
            "title": document["title"],
            "subtitle": document["subtitle"],
            "summary": document["summary"],
        },
    )
    out["published_on"] = document["published_on"]
    out["last_reviewed"] = document["last_reviewed"]
    out["reading_time_minutes"] = accessibility.reading_time(document, language)
    out["reading_time_editorial_minutes"] = document["reading_time_minutes"]
    out["tags"] = [loc.fill({"slug": t["slug"]}, {"name": t["name"]}) for t in document["tags"]]
    out["available_languages"] = available_languages(document)
    return out


def render_guide(document: dict[str, Any], language: Language) -> dict[str, Any]:
    """The whole guide in `language`."""
    loc = _Localizer(language)
    out = _head(document, language)
    out["available_languages"] = available_languages(document)
    loc.fill(
        out,
        {
            "title": document["title"],
            "subtitle": document["subtitle"],
            "summary": document["summary"],
            "faq_heading": document["faq_heading"],
        },
    )
    author = document["author"]
    out["author"] = (
        None
        if author is None
        else loc.fill({"name": author["name"]}, {"role": author["role"], "bio": author["bio"]})
    )
    out["published_on"] = document["published_on"]
    out["updated_at"] = document["updated_at"]
    out["reading_time_minutes"] = accessibility.reading_time(document, language)
    out["reading_time_editorial_minutes"] = document["reading_time_minutes"]
    out["last_reviewed"] = document["last_reviewed"]
    out["reviewed_by"] = document["reviewed_by"]
    out["next_review_due"] = document["next_review_due"]
    out["tags"] = [loc.fill({"slug": t["slug"]}, {"name": t["name"]}) for t in document["tags"]]
    out["sections"] = render_sections(document, language)
    out["faq"] = render_faq(document, language)
    out["comparison_table"] = render_table(document, language)
    return out
