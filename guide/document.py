"""A guide's whole content, in every language, as one plain dictionary.

Each object also carries `translation`: for each field, the status of each existing
translation (`{"body": {"es": {"status": "machine", "outdated": false}}}`), so a frozen
document still says which texts were machine-made or outdated when it was built.

The document is the neutral form of a guide: the API renders it per language, and
publishing freezes it. Loading it costs a fixed number of queries whatever the size
of the guide or the number of languages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from modeltranslation.utils import build_localized_fieldname

from guide.document_nodes import (
    CalloutNode,
    Document,
    FigureNode,
    ReferenceNode,
    SectionNode,
    TableNode,
    Texts,
)
from guide.document_walk import walk
from guide.figures import renditions
from guide.languages import SOURCE_LANGUAGE, language_codes
from guide.models import (
    Callout,
    Figure,
    Guide,
    Section,
    TableCell,
    TableRow,
)
from guide.translating.status import StatusLookup
from guide.trust import trust_members


def texts(obj: Any, field: str) -> Texts:
    """The non-empty values of a translated field, by language code."""
    out: Texts = {}
    for code in language_codes():
        value = getattr(obj, build_localized_fieldname(field, code), None)
        if value:
            out[code] = value
    return out


def guide_tree_queryset() -> QuerySet[Guide]:
    """Guides with everything the document needs, prefetched."""
    callouts = Prefetch("callouts", queryset=Callout.objects.order_by("order", "id"))
    figures = Prefetch("figures", queryset=Figure.objects.order_by("order", "id"))
    subsections = Prefetch(
        "subsections",
        queryset=Section.objects.order_by("order", "id").prefetch_related(
            callouts, figures, "references"
        ),
    )
    top_sections = Prefetch(
        "sections",
        queryset=Section.objects.filter(parent=None)
        .order_by("order", "id")
        .prefetch_related(callouts, figures, subsections, "references"),
        to_attr="top_sections",
    )
    rows = Prefetch(
        "comparison_table__rows",
        queryset=TableRow.objects.order_by("order", "id").prefetch_related(
            Prefetch("cells", queryset=TableCell.objects.select_related("column"))
        ),
    )
    return Guide.objects.select_related(
        "author", "comparison_table", "comparison_table__section"
    ).prefetch_related(
        "tags",
        top_sections,
        "faq_entries__references",
        "references",
        "comparison_table__columns",
        rows,
        "languages",
        # translation statuses: the guide's own texts, then the shared author and tags
        "text_statuses",
        "author__translation_statuses",
        "tags__translation_statuses",
    )


def _status_lookup(guide: Guide) -> StatusLookup:
    """The guide's status records, from the prefetches of `guide_tree_queryset()`."""
    records = list(guide.text_statuses.all())
    # Author and Tag get `translation_statuses` from guide.models after their class bodies.
    author: Any = guide.author
    if author is not None:
        records.extend(author.translation_statuses.all())
    tag: Any
    for tag in guide.tags.all():
        records.extend(tag.translation_statuses.all())
    return StatusLookup(records)


def _figure(figure: Figure) -> FigureNode:
    extension = figure.image.name.rsplit(".", 1)[-1].lower()
    return {
        "id": figure.pk,
        "image": figure.image.name,
        "width": figure.width,
        "height": figure.height,
        "decorative": figure.decorative,
        "alt": texts(figure, "alt"),
        "caption": texts(figure, "caption"),
        "credit": texts(figure, "credit"),
        "renditions": renditions(figure.sha256, figure.width, figure.height, extension),
    }


def _cites(obj: Any) -> list[str]:
    """Keys of the references an object cites, in the guide's reference order."""
    return [ref.key for ref in sorted(obj.references.all(), key=lambda r: (r.order, r.pk))]


def _reference(ref: Any) -> ReferenceNode:
    return {
        "key": ref.key,
        "title": ref.title,
        "author": ref.author or None,
        "publisher": ref.publisher or None,
        "date": ref.date or None,
        "url": ref.url or None,
        "doi": ref.doi or None,
        "language": ref.language,
        "note": ref.note or None,
    }


def _callout(callout: Callout, statuses: StatusLookup) -> CalloutNode:
    return {
        "id": callout.pk,
        "kind": callout.kind,
        "label": texts(callout, "label"),
        "body": texts(callout, "body"),
        "translation": statuses.for_object(callout, ("label", "body")),
    }


def _section(section: Section, statuses: StatusLookup) -> SectionNode:
    return {
        "id": section.pk,
        "anchor": section.anchor,
        "heading": texts(section, "heading"),
        "body": texts(section, "body"),
        "cites": _cites(section),
        "translation": statuses.for_object(section, ("heading", "body")),
        "callouts": [_callout(callout, statuses) for callout in section.callouts.all()],
        "figures": [_figure(figure) for figure in section.figures.all()],
        "subsections": [_section(sub, statuses) for sub in section.subsections.all()]
        if section.parent_id is None
        else [],
    }


def _table(guide: Guide, statuses: StatusLookup) -> TableNode | None:
    try:
        table = guide.comparison_table
    except Guide.comparison_table.RelatedObjectDoesNotExist:
        return None
    columns = list(table.columns.all())
    return {
        "id": table.pk,
        "caption": texts(table, "caption"),
        "editorial": ["caption"] if table.caption_is_editorial else [],
        "translation": statuses.for_object(table, ("caption",)),
        "placement": {
            "section": table.section.anchor if table.section else None,
            "after_paragraph": table.after_paragraph,
        },
        "columns": [
            {
                "key": c.key,
                "label": texts(c, "label"),
                "row_header": c.is_row_header,
                "translation": statuses.for_object(c, ("label",)),
            }
            for c in columns
        ],
        "rows": [
            {
                "id": row.pk,
                "cells": {cell.column.key: texts(cell, "text") for cell in row.cells.all()},
                "translation": {
                    cell.column.key: status["text"]
                    for cell in row.cells.all()
                    if (status := statuses.for_object(cell, ("text",)))
                },
            }
            for row in table.rows.all()
        ],
    }


def build_document(guide: Guide) -> Document:
    """The document of a guide loaded through `guide_tree_queryset()`."""
    author = guide.author
    statuses = _status_lookup(guide)
    trust = trust_members()
    prefetched: Any = guide  # `top_sections` is set by guide_tree_queryset()'s Prefetch
    return {
        "id": guide.pk,
        "slug": guide.slug,
        "status": guide.status,
        "content_version": None,  # set when the document is frozen as a version
        "published_at": None,
        "published_on": guide.published_on.isoformat() if guide.published_on else None,
        # The time content last changed in a published version: set by publishing.
        "updated_at": None,
        "canonical_url": guide.canonical_url or None,
        "reading_time_minutes": guide.reading_time_minutes,
        "title": texts(guide, "title"),
        "subtitle": texts(guide, "subtitle"),
        "summary": texts(guide, "summary"),
        "faq_heading": texts(guide, "faq_heading"),
        "translation": statuses.for_object(guide, ("title", "subtitle", "summary", "faq_heading")),
        "editorial": ["summary"] if guide.summary_is_editorial else [],
        "author": None
        if author is None
        else {
            "id": author.pk,
            "name": author.name,
            "role": texts(author, "role"),
            "bio": texts(author, "bio"),
            "translation": statuses.for_object(author, ("role", "bio")),
        },
        "tags": [
            {
                "id": tag.pk,
                "slug": tag.slug,
                "name": texts(tag, "name"),
                "translation": statuses.for_object(tag, ("name",)),
            }
            for tag in guide.tags.all()
        ],
        "sections": [_section(section, statuses) for section in prefetched.top_sections],
        "faq": [
            {
                "id": e.pk,
                "question": texts(e, "question"),
                "answer": texts(e, "answer"),
                "cites": _cites(e),
                "translation": statuses.for_object(e, ("question", "answer")),
            }
            for e in guide.faq_entries.all()
        ],
        "comparison_table": _table(guide, statuses),
        "references": [
            _reference(ref) for ref in sorted(guide.references.all(), key=lambda r: (r.order, r.pk))
        ],
        "languages": {gl.language: {"provenance": gl.provenance} for gl in guide.languages.all()},
        "disclaimer": trust["disclaimer"],
        "disclaimer_provenance": trust["disclaimer_provenance"],
        "publisher": trust["publisher"],
        # Derived when the content was saved (guide.accessibility_analysis.readability_figures):
        # per-block readability and reading time per language, frozen with the document.
        "readability": guide.readability or {},
    }


def iter_texts(document: Mapping[str, Any]) -> Iterator[tuple[str, Texts]]:
    """Every translatable text of a document, as (path, texts) pairs, in reading order
    (see `guide.document_walk` for the paths)."""
    for node in walk(document):
        yield node.path, node.texts


def language_coverage(document: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """For each language: how many source texts it has, of how many."""
    sources = [t for _path, t in iter_texts(document) if t.get(SOURCE_LANGUAGE)]
    total = len(sources)
    return {
        code: {"translated": sum(1 for t in sources if t.get(code)), "total": total}
        for code in language_codes()
    }
