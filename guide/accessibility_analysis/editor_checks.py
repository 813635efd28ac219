"""Checks an editor should see after saving a guide: warnings, never blockers.

Pure functions over a guide document (and the glossary entries): skipped heading levels,
a table without a caption, an abbreviation used before its expansion, vague link text, and
translations that leave some texts empty so they silently fall back to English. The admin
shows the findings as messages; anything else (a publish step, CI) can call `run_checks()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

import regex

from guide.accessibility_analysis.words import strip_punctuation, whole_word
from guide.document import iter_texts
from guide.document_walk import SECTION_LEVEL, caption_path, walk
from guide.languages import SOURCE_LANGUAGE, language_codes
from guide.sanitize import html_to_text


@dataclass(frozen=True)
class Finding:
    check: str  # headings | table-caption | abbreviation | link-text | fallback
    message: str
    language: str | None = None
    path: str | None = None  # the text's id (`guide.document_walk`)
    target: dict[str, Any] = field(default_factory=dict)  # what the admin links to


def _html_bodies(document: Mapping[str, Any]) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(path, heading level of the container, texts) of every HTML body, in reading order."""
    for node in walk(document):
        if node.html:
            yield node.path, node.level or SECTION_LEVEL, node.texts


# Skipped heading levels ------------------------------------------------------------------

_HEADING = re.compile(r"<h([1-6])\b", re.I)


def check_headings(document: Mapping[str, Any]) -> list[Finding]:
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


def check_table_caption(document: Mapping[str, Any]) -> list[Finding]:
    table = document["comparison_table"]
    if table and not table["caption"].get(SOURCE_LANGUAGE, "").strip():
        return [
            Finding(
                "table-caption",
                "The comparison table has no caption: screen readers announce a table by it.",
                SOURCE_LANGUAGE,
                caption_path(table),
            )
        ]
    return []


# Abbreviation before its expansion ---------------------------------------------------------

_PARENTHESISED_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z]*[A-Z]s?)\)")


def _reading_order(document: Mapping[str, Any], code: str) -> list[tuple[str, str]]:
    """(path, plain text) of the texts written in `code`, in reading order."""
    out = []
    for node in walk(document):
        text = node.texts.get(code)
        if text:
            out.append((node.path, html_to_text(text) if node.html else unescape(text)))
    return out


def _word(abbreviation: str) -> regex.Pattern[str]:
    return regex.compile(whole_word(regex.escape(abbreviation)))


def check_abbreviations(
    document: Mapping[str, Any], glossary: Iterable[dict[str, Any]] = ()
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
    return re.sub(r"\s+", " ", strip_punctuation(text)).strip()


def check_link_text(document: Mapping[str, Any]) -> list[Finding]:
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


def check_fallbacks(document: Mapping[str, Any]) -> list[Finding]:
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


def run_checks(
    document: Mapping[str, Any], glossary: Iterable[dict[str, Any]] = ()
) -> list[Finding]:
    """Every check over a guide document; each finding knows where it is edited."""
    findings = [
        *check_headings(document),
        *check_table_caption(document),
        *check_abbreviations(document, glossary),
        *check_link_text(document),
        *check_fallbacks(document),
    ]
    where = {node.path: dict(node.target) for node in walk(document)}
    return [
        Finding(f.check, f.message, f.language, f.path, where.get(f.path or "", {"model": "guide"}))
        for f in findings
    ]
