"""Building the search index when a guide is published, and dropping it when withdrawn.

Entries are made from the guide as rendered for each language (`api.representation`), so
search finds exactly the text a reader of that language is served, fallbacks included. On
PostgreSQL one UPDATE then fills each entry's `tsvector` with its language's configuration
(see the migration `0002_postgres_search`): English, Spanish, French and Arabic have
PostgreSQL stemmers; Chinese is split into words with jieba before the `simple`
configuration sees it; Vietnamese words are syllables already, so `simple` suits it. Every
configuration removes accents first (unaccent).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.dispatch import receiver

from api.blocks import glossary_terms
from api.representation import render_guide
from api.search import text as search_text
from api.search.models import SearchEntry
from guide.languages import SOURCE_LANGUAGE, Language, all_languages
from guide.models import GuideVersion
from guide.publishing import guide_unpublished, version_published
from guide.sanitize import html_to_text

# PostgreSQL configurations created by the migration, by language; others use `simple`.
CONFIGS = {
    "en": "guides_english",
    "es": "guides_spanish",
    "fr": "guides_french",
    "ar": "guides_arabic",
}
SIMPLE = "guides_simple"
SEGMENTED = {"zh-hans", "zh-hant", "zh", "ja"}  # written without spaces between words
_MARK_TITLE = re.compile(r'<(dfn|abbr) title="([^"]*)"')


def config_for(code: str) -> str:
    return CONFIGS.get(code, SIMPLE)


def _served(out: dict[str, Any], field: str, code: str) -> str:
    return SOURCE_LANGUAGE if field in out.get("fallback", {}) else code


def _parts(guide: dict[str, Any], document: dict[str, Any], code: str) -> Iterator[dict]:
    """(part, object id, anchor, heading, its language, text, its language) in reading order."""
    summary = "\n\n".join(t for t in (guide["subtitle"], guide["summary"]) if t)
    yield {
        "part": SearchEntry.Part.GUIDE,
        "object_id": None,
        "anchor": "",
        "heading": guide["title"],
        "heading_language": _served(guide, "title", code),
        "text": summary,
        "text_language": _served(guide, "summary", code),
    }
    marked: set[tuple[str, str]] = set()

    def section(obj: dict[str, Any], part: str) -> Iterator[dict]:
        marked.update(
            ("definition" if tag == "dfn" else "abbreviation", title)
            for tag, title in _MARK_TITLE.findall(obj["body"])
        )
        yield {
            "part": part,
            "object_id": obj["id"],
            "anchor": obj["anchor"],
            "heading": obj["heading"],
            "heading_language": _served(obj, "heading", code),
            "text": html_to_text(obj["body"]),
            "text_language": _served(obj, "body", code),
        }
        for callout in obj.get("callouts", []):
            yield {
                "part": SearchEntry.Part.CALLOUT,
                "object_id": callout["id"],
                "anchor": obj["anchor"],
                "heading": callout["label"],
                "heading_language": _served(callout, "label", code),
                "text": html_to_text(callout["body"]),
                "text_language": _served(callout, "body", code),
            }
        for sub in obj.get("subsections", []):
            yield from section(sub, SearchEntry.Part.SUBSECTION)

    for obj in guide["sections"]:
        yield from section(obj, SearchEntry.Part.SECTION)
    for entry in guide["faq"]:
        yield {
            "part": SearchEntry.Part.FAQ,
            "object_id": entry["id"],
            "anchor": f"faq-{entry['id']}",
            "heading": entry["question"],
            "heading_language": _served(entry, "question", code),
            "text": entry["answer"],
            "text_language": _served(entry, "answer", code),
        }
    # Glossary terms this guide uses (marked in its bodies), as the reader gets them.
    slugs = {slug for key, slug in glossary_terms(document).items() if key in marked}
    for entry in document.get("glossary") or []:
        if entry["slug"] not in slugs:
            continue
        term_code = code if entry["term"].get(code) else SOURCE_LANGUAGE
        definition_code = code if entry["definition"].get(code) else SOURCE_LANGUAGE
        yield {
            "part": SearchEntry.Part.GLOSSARY,
            "object_id": None,
            "anchor": entry["slug"],
            "heading": entry["term"].get(term_code, ""),
            "heading_language": term_code,
            "text": entry["definition"].get(definition_code, ""),
            "text_language": definition_code,
        }


def entries_for(version: GuideVersion, language: Language) -> list[SearchEntry]:
    document = version.document
    guide = render_guide(document, language)
    tags = " " + " ".join(t["slug"] for t in document["tags"]) + " "
    out = []
    for position, part in enumerate(_parts(guide, document, language.code)):
        heading = search_text.clean(part["heading"])
        body = search_text.clean(part["text"])
        both = f"{heading}\n{body}"
        tokens = ""
        if part["text_language"] in SEGMENTED:  # heading, newline, text (see api.search.query)
            tokens = f"{search_text.segment(heading)}\n{search_text.segment(body)}"
        out.append(
            SearchEntry(
                version=version,
                slug=document["slug"],
                language=language.code,
                position=position,
                config=config_for(part["text_language"]),
                tokens=tokens if tokens != both else "",
                folded=search_text.fold(both),
                guide_title=guide["title"],
                tags=tags,
                published_at=version.published_at,
                **{**part, "heading": heading, "text": body},
            )
        )
    return out


_FILL_VECTORS = """
UPDATE search_searchentry
SET vector = to_tsvector(
    config::regconfig, CASE WHEN tokens <> '' THEN tokens ELSE heading || E'\\n' || text END
)
WHERE version_id = %s
"""


def index_version(version: GuideVersion) -> int:
    """Replace the guide's entries with those of `version`; returns how many were written."""
    slug = version.document["slug"]
    SearchEntry.objects.filter(slug=slug).delete()
    rows = [entry for lang in all_languages() for entry in entries_for(version, lang)]
    SearchEntry.objects.bulk_create(rows, batch_size=500)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_FILL_VECTORS, [version.pk])
    return len(rows)


@receiver(version_published)
def _index_published(sender, version: GuideVersion, **kwargs) -> None:
    index_version(version)


@receiver(guide_unpublished)
def _drop_unpublished(sender, slug: str, **kwargs) -> None:
    SearchEntry.objects.filter(slug=slug).delete()


def reindex() -> int:
    """Rebuild the whole index from the live versions (after installing search, or a change
    of languages). Each guide is replaced in its own transaction."""
    from guide.models import Guide

    total = 0
    live = Guide.objects.filter(status=Guide.Status.PUBLISHED).select_related("live_version")
    for guide in live:
        if guide.live_version is not None:
            with transaction.atomic():
                total += index_version(guide.live_version)
    return total
