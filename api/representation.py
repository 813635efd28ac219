"""The v1 JSON representation of a guide document, for one language.

Pure functions over `guide.document` dictionaries: no database, no request. Where a
text is missing in the requested language the English text is served and the object
says so in `fallback` (`{"body": "en"}`), so that a client can mark it with `lang`/`dir`
(WCAG 3.1.2). Objects whose texts are all in the requested language carry no `fallback`.
Likewise, texts served in the requested language that are machine translations or outdated
(their English changed since) are named in `translation_status` (`{"body": "machine"}`).
"""

from __future__ import annotations

from typing import Any

from api import accessibility
from guide.document import language_coverage
from guide.document_walk import callout_path, caption_path, cell_path, faq_path, section_path
from guide.languages import SOURCE_LANGUAGE, Language, all_languages, bcp47
from guide.reviews import review_state
from guide.sanitize import sanitize_html
from guide.translating.document_statuses import COUNTED, language_counts

API_VERSION = "1"


class _Localizer:
    def __init__(self, language: Language):
        self.code = language.code
        self.source_tag = bcp47(SOURCE_LANGUAGE)

    def fill(
        self,
        out: dict[str, Any],
        texts: dict[str, dict[str, str]],
        statuses: dict[str, dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Put each text into `out` in the wanted language, noting fallbacks and flags.

        `statuses` is the object's `translation` member of the document; texts served in
        the wanted language that are machine-made or outdated are named in
        `translation_status` (outdated wins: the text may no longer say what English says).
        """
        fallback = {}
        flagged = {}
        for name, values in texts.items():
            value = values.get(self.code)
            if value is None:
                value = values.get(SOURCE_LANGUAGE, "")
                if value:
                    fallback[name] = self.source_tag
            elif statuses and (info := statuses.get(name, {}).get(self.code)):
                if info["outdated"]:
                    flagged[name] = "outdated"
                elif info["status"] == "machine":
                    flagged[name] = "machine"
            out[name] = value
        if fallback:
            out["fallback"] = fallback
        if flagged:
            out["translation_status"] = flagged
        return out


def available_languages(document: dict[str, Any]) -> list[dict[str, Any]]:
    coverage = language_coverage(document)
    counts_by_language = language_counts(document)
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
        review = review_state(document, language.code)
        out.append(
            {
                "code": language.tag,
                "name": language.name,
                "dir": language.direction,
                "status": status,
                "percent": percent,
                # A current review makes a translation "reviewed" before the next publish.
                "provenance": "reviewed"
                if review["status"] == "reviewed" and language.code != SOURCE_LANGUAGE
                else info.get("provenance", "source" if language.code == SOURCE_LANGUAGE else None),
                "last_reviewed": review.get("last_reviewed"),
                "review_status": review["status"],
                **_status_counts(counts_by_language.get(language.code)),
            }
        )
    return out


def _status_counts(counts: dict[str, int] | None) -> dict[str, int]:
    """How many texts of a language are machine, human, reviewed, outdated or missing."""
    return {name: (counts or {}).get(name, 0) for name in COUNTED}


class _Parts:
    """Renders a guide's sections, FAQ and table for one language, each block with its
    accessibility members (readability, glossary marks, typed and linearised table data)
    as it is rendered: one pass per representation."""

    def __init__(self, document: dict[str, Any], language: Language):
        self.document = document
        self.language = language
        self.loc = _Localizer(language)
        self.bodies: list[dict[str, Any]] = []  # rendered HTML bodies, in reading order

    def readability(self, path: str, out: dict[str, Any], field: str) -> dict[str, Any] | None:
        """Readability of block `path` in the language `out[field]` is served in."""
        code = accessibility.served_code(out, field, self.language)
        return accessibility.readability_member(self.document, path, code)

    def sections(self) -> list[dict[str, Any]]:
        sections = [self.section(s) for s in self.document["sections"]]
        accessibility.mark_terms(self.bodies, self.document, self.language)
        return sections

    def section(self, section: dict[str, Any]) -> dict[str, Any]:
        loc = self.loc
        out: dict[str, Any] = {"id": section["id"], "anchor": section["anchor"]}
        loc.fill(
            out,
            {"heading": section["heading"], "body": section["body"]},
            section.get("translation"),
        )
        # Cleaned on the way out too (bodies are cleaned on save): rows written around the
        # models, or by an older allow-list, still cannot carry markup we do not serve.
        out["body"] = sanitize_html(out["body"])
        self.bodies.append(out)
        if section["callouts"]:
            out["callouts"] = [self.callout(c) for c in section["callouts"]]
        if section.get("figures"):
            out["figures"] = [render_figure(loc, figure) for figure in section["figures"]]
        out["citations"] = list(section.get("cites", []))
        out["subsections"] = [self.section(sub) for sub in section["subsections"]]
        out["readability"] = self.readability(section_path(section, "body"), out, "body")
        out["heading_readability"] = self.readability(
            section_path(section, "heading"), out, "heading"
        )
        return out

    def callout(self, callout: dict[str, Any]) -> dict[str, Any]:
        out = self.loc.fill(
            {"id": callout["id"], "kind": callout["kind"]},
            {"label": callout["label"], "body": callout["body"]},
            callout.get("translation"),
        )
        out["body"] = sanitize_html(out["body"])
        self.bodies.append(out)
        out["readability"] = self.readability(callout_path(callout, "body"), out, "body")
        return out

    def faq(self) -> list[dict[str, Any]]:
        out = []
        for entry in self.document["faq"]:
            item = self.loc.fill(
                {"id": entry["id"]},
                {"question": entry["question"], "answer": entry["answer"]},
                entry.get("translation"),
            )
            item["citations"] = list(entry.get("cites", []))
            item["readability"] = self.readability(faq_path(entry, "answer"), item, "answer")
            out.append(item)
        return out

    def table(self) -> dict[str, Any] | None:
        table = self.document["comparison_table"]
        if table is None:
            return None
        loc = self.loc
        out = loc.fill({"id": table["id"]}, {"caption": table["caption"]}, table.get("translation"))
        out["editorial"] = list(table.get("editorial", []))
        out["placement"] = table["placement"]
        out["columns"] = [
            loc.fill(
                {"key": c["key"], "row_header": c["row_header"]},
                {"label": c["label"]},
                c.get("translation"),
            )
            | {"type": accessibility.column_type(table, c["key"])}
            for c in table["columns"]
        ]
        out["rows"] = [self.row(table, row) for row in table["rows"]]
        out["caption_readability"] = self.readability(caption_path(table), out, "caption")
        return out

    def row(self, table: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
        cells = self.loc.fill(
            {},
            {c["key"]: row["cells"].get(c["key"], {}) for c in table["columns"]},
            row.get("translation"),
        )
        fallback = cells.pop("fallback", None)
        flagged = cells.pop("translation_status", None)
        item: dict[str, Any] = {"id": row["id"], "cells": cells}
        if fallback:
            item["fallback"] = fallback
        if flagged:
            item["translation_status"] = flagged
        item["readability"] = {
            key: self.readability(cell_path(table, row["id"], key), item, key) for key in cells
        }
        accessibility.linearize(item, table, row, self.language)
        return item


def render_figure(loc: _Localizer, figure: dict[str, Any]) -> dict[str, Any]:
    """A figure with its texts in the wanted language; a decorative one has an empty alt
    (screen readers skip it) that never falls back."""
    texts = {"caption": figure["caption"], "credit": figure["credit"]}
    if not figure["decorative"]:
        texts = {"alt": figure["alt"], **texts}
    out = loc.fill({"id": figure["id"], "decorative": figure["decorative"]}, texts)
    if figure["decorative"]:
        out["alt"] = ""
    out["width"] = figure["width"]
    out["height"] = figure["height"]
    out["renditions"] = [
        {k: r[k] for k in ("url", "width", "height", "format", "media_type")}
        for r in figure["renditions"]
    ]
    return out


def render_sections(document: dict[str, Any], language: Language) -> list[dict[str, Any]]:
    return _Parts(document, language).sections()


def render_faq(document: dict[str, Any], language: Language) -> list[dict[str, Any]]:
    return _Parts(document, language).faq()


def render_table(document: dict[str, Any], language: Language) -> dict[str, Any] | None:
    return _Parts(document, language).table()


def head(document: dict[str, Any], language: Language) -> dict[str, Any]:
    return {
        "api_version": API_VERSION,
        "slug": document["slug"],
        "version": document["content_version"],
        "language": language.tag,
        "dir": language.direction,
    }


def links(document: dict[str, Any], language: Language) -> dict[str, str]:
    """Where this guide lives, for sharing and deep links: its API address and the
    accessible reading page (embed). Relative to the service's origin, since representations
    are rendered once at publish, whatever host serves them. A section is deep-linked by
    appending `#<anchor>`; the FAQ by `#faq`."""
    query = f"?lang={language.tag}"
    slug = document["slug"]
    page = f"/embed/v1/guides/{slug}/{query}"
    return {"self": f"/api/v1/guides/{slug}/{query}", "page": page, "faq": f"{page}#faq"}


def render_summary(document: dict[str, Any], language: Language) -> dict[str, Any]:
    """A guide as listed: enough to choose it and to know its languages."""
    loc = _Localizer(language)
    out = head(document, language)
    loc.fill(
        out,
        {
            "title": document["title"],
            "subtitle": document["subtitle"],
            "summary": document["summary"],
        },
        document.get("translation"),
    )
    out["published_on"] = document["published_on"]
    out["last_reviewed"] = review_state(document, language.code).get("last_reviewed")
    out["reading_time_minutes"] = accessibility.reading_time(document, language)
    out["reading_time_editorial_minutes"] = document["reading_time_minutes"]
    out["tags"] = [
        loc.fill({"slug": t["slug"]}, {"name": t["name"]}, t.get("translation"))
        for t in document["tags"]
    ]
    out["available_languages"] = available_languages(document)
    out["links"] = links(document, language)
    return out


def render_guide(document: dict[str, Any], language: Language) -> dict[str, Any]:
    """The whole guide in `language`."""
    loc = _Localizer(language)
    out = head(document, language)
    out["available_languages"] = available_languages(document)
    loc.fill(
        out,
        {
            "title": document["title"],
            "subtitle": document["subtitle"],
            "summary": document["summary"],
            "faq_heading": document["faq_heading"],
        },
        document.get("translation"),
    )
    author = document["author"]
    out["author"] = (
        None
        if author is None
        else loc.fill(
            {"name": author["name"]},
            {"role": author["role"], "bio": author["bio"]},
            author.get("translation"),
        )
    )
    out["published_on"] = document["published_on"]
    out["updated_at"] = document["updated_at"]
    out["reading_time_minutes"] = accessibility.reading_time(document, language)
    out["reading_time_editorial_minutes"] = document["reading_time_minutes"]
    review = review_state(document, language.code)
    out["last_reviewed"] = review.get("last_reviewed")
    out["reviewed_by"] = review["reviewed_by"]["name"] if "reviewed_by" in review else None
    out["next_review_due"] = review.get("next_review_due")
    out["review"] = review
    out["editorial"] = list(document.get("editorial", []))
    out["summary_readability"] = accessibility.readability_member(
        document, "summary", accessibility.served_code(out, "summary", language)
    )
    out["canonical_url"] = canonical_url(document, language)
    out["references"] = [dict(ref) for ref in document.get("references", [])]
    out["disclaimer"] = render_disclaimer(document, loc)
    out["publisher"] = dict(document["publisher"]) if document.get("publisher") else None
    out["tags"] = [
        loc.fill({"slug": t["slug"]}, {"name": t["name"]}, t.get("translation"))
        for t in document["tags"]
    ]
    out["sections"] = render_sections(document, language)
    out["faq"] = render_faq(document, language)
    out["comparison_table"] = render_table(document, language)
    out["links"] = links(document, language)
    return out


def canonical_url(document: dict[str, Any], language: Language) -> str | None:
    """The guide's configured public page in `language` (`{lang}` in it becomes the tag)."""
    url = document.get("canonical_url")
    return url.replace("{lang}", language.tag) if url else None


def render_disclaimer(document: dict[str, Any], loc: _Localizer) -> dict[str, Any] | None:
    """The disclaimer in the reader's language (machine-assisted ones are marked)."""
    texts = document.get("disclaimer")
    if not texts:
        return None
    provenance = document.get("disclaimer_provenance", {})
    statuses = {
        "text": {
            code: {"status": status, "outdated": False}
            for code, status in provenance.items()
            if code != SOURCE_LANGUAGE
        }
    }
    return loc.fill({}, {"text": texts}, statuses)


def render_part(document: dict[str, Any], language: Language, kind: str) -> dict[str, Any] | None:
    """One representation of a guide by name; None where the guide has no such part."""
    if kind == "detail":
        return render_guide(document, language)
    if kind == "summary":
        return render_summary(document, language)
    out = head(document, language)
    if kind == "sections":
        out["sections"] = render_sections(document, language)
    elif kind == "faq":
        out["faq"] = render_faq(document, language)
    elif kind == "comparison":
        table = render_table(document, language)
        if table is None:
            return None
        out["comparison_table"] = table
    else:
        raise ValueError(f"unknown representation {kind!r}")
    return out
