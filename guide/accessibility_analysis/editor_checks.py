"""Checks an editor should see after saving a guide: warnings, never blockers.

Pure functions over a guide document (and the glossary entries): skipped heading levels,
a table without a caption, an abbreviation used before its expansion, vague link text, and
translations that leave some texts empty so they silently fall back to English. The admin
shows the findings as messages; anything else (a publish step, CI) can call `run_checks()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from guide.document import iter_texts
from guide.languages import SOURCE_LANGUAGE, language_codes
from guide.sanitize import html_to_text


@dataclass(frozen=True)
class Finding:
    check: str  # headings | table-caption | abbreviation | link-text | fallback
    message: str
    language: str | None = None
    path: str | None = None  # the text, as named by `guide.document.iter_texts`
    target: dict[str, Any] = field(default_factory=dict)  # what the admin links to


def targets(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Where each text's object is edited, keyed by the path prefix (`sections.12`)."""
    out: dict[str, dict[str, Any]] = {}

    def walk(sections: list[dict[str, Any]]) -> None:
        for section in sections:
            target = {"model": "section", "id": section["id"], "anchor": section["anchor"]}
            out[f"sections.{section['id']}"] = target
            for callout in section["callouts"]:
                out[f"callouts.{callout['id']}"] = target
            walk(section["subsections"])

    walk(document["sections"])
    for index, entry in enumerate(document["faq"]):
        out[f"faq.{entry['id']}"] = {"model": "faq", "id": entry["id"], "index": index}
    if document["comparison_table"]:
        out[f"table.{document['comparison_table']['id']}"] = {
            "model": "comparisontable",
            "id": document["comparison_table"]["id"],
        }
    return out


def target_of(document_targets: dict[str, dict[str, Any]], path: str) -> dict[str, Any]:
    parts = path.split(".")
    return document_targets.get(".".join(parts[:2]), {"model": "guide", "field": parts[0]})


def _html_bodies(document: dict[str, Any]) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(path, heading level of the container, texts) of every HTML body, in reading order."""

    def walk(sections: list[dict[str, Any]], level: int) -> Iterator[tuple[str, int, dict]]:
        for section in sections:
            yield f"sections.{section['id']}.body", level, section["body"]
            for callout in section["callouts"]:
                yield f"callouts.{callout['id']}.body", level, callout["body"]
            yield from walk(section["subsections"], level + 1)

    yield from walk(document["sections"], 2)


# Skipped heading levels ------------------------------------------------------------------

_HEADING = re.compile(r"<h([1-6])\b", re.I)


def check_headings(document: dict[str, Any]) -> list[Finding]:
    """A section is an h2 and a subsection an h3; headings in their bodies must go down one
    level at a time from there (screen-reader users navigate by heading level)."""
    found = []
    for path, level, texts in _html_bodies(document):
        for code, html in texts.items():
            previous = level
            for match in _HEADING.finditer(html):
                current = int(match.group(1))
                if current > previous + 1:
                    found.append(
                        Finding(
                            "headings",
                            f"Heading level skipped: h{previous} is followed by h{current}.",
                            code,
                            path,
                        )
                    )
                previous = current
    return found


# Table caption -----------------------------------------------------------------------------


def check_table_caption(document: dict[str, Any]) -> list[Finding]:
    table = document["comparison_table"]
    if table and not table["caption"].get(SOURCE_LANGUAGE, "").strip():
        return [
            Finding(
                "table-caption",
                "The comparison table has no caption: screen readers announce a table by it.",
                SOURCE_LANGUAGE,
                f"table.{table['id']}.caption",
            )
        ]
    return []


# Abbreviation before its expansion ---------------------------------------------------------

_PARENTHESISED_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]*[A-Z]s?)\)")


def _reading_order(document: dict[str, Any], code: str) -> list[tuple[str, str]]:
    """(path, plain text) of the texts written in `code`, in reading order."""
    out = []
    for path, texts in iter_texts(document):
        text = texts.get(code)
        if text:
            out.append((path, html_to_text(text) if path.endswith(".body") else unescape(text)))
    return out


def _word(abbreviation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])")


def check_abbreviations(
    document: dict[str, Any], glossary: Iterable[dict[str, Any]] = ()
) -> list[Finding]:
    """An abbreviation must not be used before the place that spells it out, whether that is
    "Long form (ABBR)" in the text or the glossary's expansion."""
    found = []
    glossary = list(glossary)
    for code in language_codes():
        blocks = _reading_order(document, code)
        if not blocks:
            continue
        # The text as one string, with the path each offset belongs to.
        joined, starts = "", []
        for path, text in blocks:
            starts.append((len(joined), path))
            joined += text + "\n\n"

        def path_at(offset: int, starts: list[tuple[int, str]] = starts) -> str:
            return [p for s, p in starts if s <= offset][-1]

        expansions: dict[str, int] = {}
        for match in _PARENTHESISED_ABBREVIATION.finditer(joined):
            expansions.setdefault(match.group(1), match.start(1))
        for entry in glossary:
            abbreviation = entry["abbreviation"].get(code)
            expansion = entry["expansion"].get(code)
            if abbreviation and expansion:
                at = joined.lower().find(expansion.lower())
                if at >= 0:
                    expansions[abbreviation] = min(at, expansions.get(abbreviation, at))
        for abbreviation, expanded_at in sorted(expansions.items()):
            first = _word(abbreviation).search(joined)
            if first and first.start() < expanded_at:
                found.append(
                    Finding(
                        "abbreviation",
                        f"“{abbreviation}” is used before it is spelled out.",
                        code,
                        path_at(first.start()),
                    )
                )
    return found


# Vague link text -------------------------------------------------------------------------

VAGUE_LINK_TEXT: dict[str, set[str]] = {
    "en": {"click here", "here", "read more", "more", "learn more", "this link", "link", "click"},
    "es": {"haga clic aquí", "haz clic aquí", "clic aquí", "aquí", "leer más", "más", "enlace"},
    "fr": {"cliquez ici", "ici", "lire la suite", "en savoir plus", "plus", "lien"},
}
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)


def _normal(text: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", "", text)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text)).strip()


def check_link_text(document: dict[str, Any]) -> list[Finding]:
    """Link text must say where the link goes: screen readers list links out of context."""
    found = []
    for path, _level, texts in _html_bodies(document):
        for code, html in texts.items():
            vague = VAGUE_LINK_TEXT.get(code.split("-")[0], set()) | VAGUE_LINK_TEXT["en"]
            for match in _LINK.finditer(html):
                if _normal(match.group(1)) in vague:
                    found.append(
                        Finding(
                            "link-text",
                            f"Link text “{_normal(match.group(1))}” does not say where it goes.",
                            code,
                            path,
                        )
                    )
    return found


# Silent fallbacks -------------------------------------------------------------------------


def check_fallbacks(document: dict[str, Any]) -> list[Finding]:
    """A language that has begun (some texts translated) but left others empty: readers of it
    get English there. The API marks it, but an editor should know."""
    texts = list(iter_texts(document))
    found = []
    for code in language_codes():
        if code == SOURCE_LANGUAGE:
            continue
        translated = [path for path, t in texts if t.get(code)]
        missing = [path for path, t in texts if t.get(SOURCE_LANGUAGE) and not t.get(code)]
        if translated and missing:
            found.append(
                Finding(
                    "fallback",
                    f"{len(missing)} text(s) are empty in this language and fall back to "
                    "English, e.g. " + ", ".join(missing[:3]) + ".",
                    code,
                    missing[0],
                )
            )
    return found


def run_checks(document: dict[str, Any], glossary: Iterable[dict[str, Any]] = ()) -> list[Finding]:
    """Every check over a guide document; each finding knows where it is edited."""
    findings = [
        *check_headings(document),
        *check_table_caption(document),
        *check_abbreviations(document, glossary),
        *check_link_text(document),
        *check_fallbacks(document),
    ]
    where = targets(document)
    return [
        Finding(f.check, f.message, f.language, f.path, target_of(where, f.path or ""))
        for f in findings
    ]
