"""The glossary: plain-language definitions of jargon, and where guides use it.

`glossary_entries()` turns the terms into plain dictionaries (texts by language, like a
guide document) so that marking terms in content is a pure function of a document and the
glossary: `mark_first_occurrences()` wraps the first use of each term in a guide with
`<dfn title="definition">` and the first use of each abbreviation with
`<abbr title="expansion">`, without rewriting stored content.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from guide.accessibility_analysis.readability import primary
from guide.accessibility_analysis.words import whole_word, words_of
from guide.document import iter_texts, texts
from guide.languages import SOURCE_LANGUAGE
from guide.models import GlossaryTerm
from guide.sanitize import html_to_text

GLOSSARY_SEED = Path(__file__).resolve().parent.parent / "seed" / "glossary.json"
TEXT_FIELDS = ("term", "abbreviation", "expansion", "definition", "pronunciation")
# Languages whose plurals mostly add -s/-es to the last word, so "flare" also finds "flares".
_PLURAL_S = {"en", "es", "fr"}
# Markup inside which nothing is marked again.
_NO_MARK_INSIDE = {"a", "abbr", "dfn"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")


def entry_of(term: GlossaryTerm) -> dict[str, Any]:
    """A term as a plain dictionary, texts by language code."""
    entry: dict[str, Any] = {"slug": term.slug}
    for name in TEXT_FIELDS:
        entry[name] = texts(term, name)
    entry["also_matches"] = {
        code: [line.strip() for line in value.splitlines() if line.strip()]
        for code, value in texts(term, "also_matches").items()
    }
    return entry


def glossary_entries() -> list[dict[str, Any]]:
    """Every glossary term, in one query."""
    return [entry_of(term) for term in GlossaryTerm.objects.order_by("slug")]


def attach_glossary(
    document: Mapping[str, Any], entries: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The document with the glossary it is to be rendered with (frozen with it at publish)."""
    return {**document, "glossary": glossary_entries() if entries is None else entries}


# Marking terms in HTML ---------------------------------------------------------------


@dataclass(frozen=True)
class _Pattern:
    key: tuple[str, str, str]  # (slug, "term" | "abbreviation", language code)
    pattern: regex.Pattern[str]
    tag: str
    title: str


def _form_regex(form: str, code: str) -> str:
    body = r"\s+".join(regex.escape(word) for word in form.split())
    plural = "(?:e?s)?" if primary(code) in _PLURAL_S and not form.endswith("s") else ""
    return whole_word(f"{body}{plural}")


def _patterns(entries: Iterable[dict[str, Any]], code: str) -> list[_Pattern]:
    """What to look for in a text written in `code`: only that language's own glossary texts,
    so a definition never appears in another language than the text it annotates."""
    out = []
    for entry in entries:
        term = entry["term"].get(code)
        definition = entry["definition"].get(code)
        if term and definition:
            forms = sorted({term, *entry["also_matches"].get(code, [])}, key=len, reverse=True)
            alternatives = "|".join(_form_regex(form, code) for form in forms)
            out.append(
                _Pattern(
                    (entry["slug"], "term", code),
                    regex.compile(alternatives, regex.I),
                    "dfn",
                    definition,
                )
            )
        abbreviation = entry["abbreviation"].get(code)
        expansion = entry["expansion"].get(code)
        if abbreviation and expansion:
            key = (entry["slug"], "abbreviation", code)
            found = regex.compile(whole_word(regex.escape(abbreviation)))
            out.append(_Pattern(key, found, "abbr", expansion))
    return out


def _mark_text(
    segment: str,
    patterns: list[_Pattern],
    seen: set[tuple[str, str, str]],
    found: list[dict[str, str]] | None = None,
) -> str:
    """Wrap, left to right, the first match of each pattern not yet seen (longest wins a tie);
    each mark made is added to `found` as data."""
    out, position = [], 0
    while True:
        best: tuple[_Pattern, regex.Match[str]] | None = None
        for pattern in patterns:
            if pattern.key in seen:
                continue
            match = pattern.pattern.search(segment, position)
            if match and (
                best is None
                or (match.start(), -len(match.group())) < (best[1].start(), -len(best[1].group()))
            ):
                best = (pattern, match)
        if best is None:
            break
        pattern, match = best
        seen.add(pattern.key)
        if found is not None:
            slug, kind, _code = pattern.key
            found.append(
                {
                    "term": slug,
                    "kind": kind,
                    "text": html_lib.unescape(match.group()),
                    "definition" if kind == "term" else "expansion": pattern.title,
                }
            )
        title = html_lib.escape(pattern.title, quote=True)
        out.append(segment[position : match.start()])
        out.append(f'<{pattern.tag} title="{title}">{match.group()}</{pattern.tag}>')
        position = match.end()
    out.append(segment[position:])
    return "".join(out)


def mark_html(
    html: str,
    code: str,
    entries: Iterable[dict[str, Any]],
    seen: set[tuple[str, str, str]],
    found: list[dict[str, str]] | None = None,
) -> str:
    """Mark in `html` (written in `code`) the terms not yet in `seen`, and add them to it
    (and each mark, as data, to `found`)."""
    patterns = _patterns(entries, code)
    if not patterns or not html:
        return html
    parts = _TAG.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = _TAG_NAME.match(part)
            if name and name.group(2).lower() in _NO_MARK_INSIDE and not part.endswith("/>"):
                depth += -1 if name.group(1) else 1
                depth = max(depth, 0)
        elif depth == 0 and part.strip():
            parts[i] = _mark_text(part, patterns, seen, found)
    return "".join(parts)


def mark_first_occurrences(
    blocks: Iterable[tuple[str, str]], entries: list[dict[str, Any]]
) -> list[str]:
    """`blocks` are (html, language code) in reading order. Each term is marked once per guide
    and language: at its first occurrence in texts of that language (a reader of a partial
    translation also meets English fallback texts, marked with English definitions)."""
    return [html for html, _marks in mark_first_occurrences_with_data(blocks, entries)]


def mark_first_occurrences_with_data(
    blocks: Iterable[tuple[str, str]], entries: list[dict[str, Any]]
) -> list[tuple[str, list[dict[str, str]]]]:
    """As `mark_first_occurrences`, with each block's marks as data, in reading order:
    `{"term": slug, "kind": "term" | "abbreviation", "text": as written, "definition"
    (or "expansion"): ...}`, for apps that show definitions natively."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for html, code in blocks:
        found: list[dict[str, str]] = []
        out.append((mark_html(html, code, entries, seen, found), found))
    return out


# Candidates for the glossary -------------------------------------------------------------

RARE_ZIPF = 3.0  # wordfreq's Zipf scale: 3 is about once per million words


@cache
def _wordfreq_languages() -> frozenset[str]:
    import wordfreq

    return frozenset(wordfreq.available_languages("best"))


def known_words(entries: Iterable[dict[str, Any]], code: str) -> set[str]:
    """Every word of every form of every glossary term in `code`, lower-cased."""
    known: set[str] = set()
    for entry in entries:
        forms = [
            entry["term"].get(code, ""),
            entry["abbreviation"].get(code, ""),
            entry["expansion"].get(code, ""),
            *entry["also_matches"].get(code, []),
        ]
        for form in forms:
            known.update(word.lower() for word in words_of(form))
    return known


_POSSESSIVE = re.compile(r"['\u2019]s$")


def _known(word: str, known: set[str]) -> bool:
    """In the glossary, also as a plural (flares, emolientes)."""
    return any(form in known for form in (word, word[:-1], word[:-2]) if form)


def unusual_words(
    document: Mapping[str, Any],
    code: str,
    entries: Iterable[dict[str, Any]],
    *,
    rare: float = RARE_ZIPF,
    limit: int = 40,
) -> list[tuple[str, int, float]]:
    """Rare words of a guide's texts in `code` that the glossary does not cover yet.

    Returns (word, occurrences, Zipf frequency), rarest first. wordfreq's lists ship in its
    wheel; languages it has no list for (or, like Chinese, cannot split into words without
    extra packages) give nothing.
    """
    lang = primary(code)
    if lang == "zh" or lang not in _wordfreq_languages():
        return []
    import wordfreq

    known = known_words(entries, code)
    counts: Counter[str] = Counter()
    for path, values in iter_texts(document):
        text = values.get(code)
        if not text:
            continue
        if path.endswith(".body"):
            text = html_to_text(text)
        for word in words_of(text):
            lower = _POSSESSIVE.sub("", word.lower())
            if (
                len(lower) > 3
                and not any(ch.isdigit() for ch in lower)
                and not _known(lower, known)
            ):
                counts[lower] += 1
    found = []
    for word, count in counts.items():
        zipf = wordfreq.zipf_frequency(word, lang)
        if zipf < rare:
            found.append((word, count, zipf))
    found.sort(key=lambda item: (item[2], -item[1], item[0]))
    return found[:limit]


# Seed import -------------------------------------------------------------------------------


@dataclass
class GlossaryImport:
    created: int = 0
    updated: int = 0


def _values(data: dict[str, Any], codes: Iterable[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for code in codes:
        for name in TEXT_FIELDS:
            values[build_localized_fieldname(name, code)] = data.get(name, {}).get(code) or None
        forms = data.get("also_matches", {}).get(code)
        field = build_localized_fieldname("also_matches", code)
        values[field] = "\n".join(forms) if forms else None
    return values


def import_glossary(path: Path = GLOSSARY_SEED, *, update: bool = False) -> GlossaryImport:
    """Create the seed's missing terms; with `update`, bring existing ones back in line.

    Idempotent like the guide import: values are compared first, so a second run writes
    nothing. Languages the seed does not give are left as editors set them.
    """
    from guide.languages import language_codes

    seed = json.loads(path.read_text("utf-8"))
    result = GlossaryImport()
    with transaction.atomic():
        for data in seed["terms"]:
            codes = {
                code
                for name in (*TEXT_FIELDS, "also_matches")
                for code in data.get(name, {})
                if code in language_codes()
            } | {SOURCE_LANGUAGE}
            values = _values(data, sorted(codes))
            term = GlossaryTerm.objects.filter(slug=data["slug"]).first()
            if term is None:
                GlossaryTerm(slug=data["slug"], **values).save()
                result.created += 1
            elif update:
                changed = [name for name, value in values.items() if getattr(term, name) != value]
                if changed:
                    for name in changed:
                        setattr(term, name, values[name])
                    term.save()
                    result.updated += 1
    return result
