"""Figures for the translation dashboard: guide x language, computed from the documents.

Built from the same documents the API serves (`guide.document.build_document`), so the
dashboard and the API's `available_languages` cannot disagree. No HTTP here; the admin
views in `guide/translating/admin.py` render these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from guide.document import build_document, guide_tree_queryset
from guide.languages import SOURCE_LANGUAGE, Language, all_languages
from guide.models import Guide
from guide.reviews import latest_reviews
from guide.translating.document_statuses import DocumentText, iter_document_texts, language_counts
from guide.translating.texts import target_languages


@dataclass(frozen=True)
class Cell:
    """One guide in one language."""

    language: Language
    total: int
    translated: int
    machine: int
    human: int
    reviewed: int
    outdated: int
    missing: int
    last_reviewed: str | None
    reviewed_by: str | None
    next_review_due: str | None

    @property
    def percent(self) -> int:
        """Share of texts translated (outdated ones included: they are still served)."""
        return round(100 * self.translated / self.total) if self.total else 0

    @property
    def to_fix(self) -> int:
        return self.machine + self.outdated + self.missing

    @property
    def review_overdue(self) -> bool:
        due = self.next_review_due
        return due is not None and date.fromisoformat(due) < timezone.localdate()


@dataclass(frozen=True)
class Row:
    slug: str
    title: str
    pk: int
    cells: list[Cell]


def _row(document: Mapping[str, Any]) -> Row:
    counts = language_counts(document)
    reviews = latest_reviews(document["id"])
    cells = []
    targets = set(target_languages())
    for language in all_languages():
        code = language.code
        if code not in targets:
            continue
        review = reviews.get(code, {})
        c = counts[code]
        cells.append(
            Cell(
                language=language,
                total=c["total"],
                translated=c["translated"],
                machine=c["machine"],
                human=c["human"],
                reviewed=c["reviewed"],
                outdated=c["outdated"],
                missing=c["missing"],
                last_reviewed=review.get("reviewed_on"),
                reviewed_by=review["reviewer"]["name"] if review else None,
                next_review_due=review.get("next_review_due"),
            )
        )
    return Row(
        slug=document["slug"],
        title=document["title"].get(SOURCE_LANGUAGE, document["slug"]),
        pk=document["id"],
        cells=cells,
    )


def dashboard(guides: Iterable[Guide] | None = None) -> list[Row]:
    """One row per guide (all guides by default), one cell per target language."""
    if guides is None:
        guides = guide_tree_queryset().order_by("slug")
    return [_row(build_document(guide)) for guide in guides]


@dataclass(frozen=True)
class Fix:
    """A text needing a translator or reviewer in one language, and where to edit it."""

    path: str
    english: str
    status: str  # missing, machine, human, reviewed
    outdated: bool
    admin_model: str
    admin_pk: int | None


def texts_to_fix(guide: Guide, code: str) -> list[Fix]:
    """The texts of `guide` that are missing, machine-made or outdated in `code`."""
    document = build_document(guide_tree_queryset().get(pk=guide.pk))
    out = []
    for text in iter_document_texts(document):
        if not text.texts.get(SOURCE_LANGUAGE):
            continue
        status, outdated = _status(text, code)
        if status in ("missing", "machine") or outdated:
            out.append(
                Fix(
                    path=text.path,
                    english=text.texts[SOURCE_LANGUAGE],
                    status=status,
                    outdated=outdated,
                    admin_model=text.admin_model,
                    admin_pk=text.admin_pk,
                )
            )
    return out


def _status(text: DocumentText, code: str) -> tuple[str, bool]:
    if not text.texts.get(code):
        return "missing", False
    info = text.statuses.get(code, {"status": "human", "outdated": False})
    return info["status"], info["outdated"]
