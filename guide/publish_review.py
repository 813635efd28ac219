"""What a publisher reads before publishing: per language, what will change and what is wrong.

Gathers, for the publish page, the diff from the live version to the working copy
(`guide.version_diff`), the editor checks (`guide.accessibility_analysis.editor_checks`),
the texts still missing, machine-made or outdated (`guide.translating.document_statuses`)
and the readability figures before and after. Reads only; publishing is
`guide.publishing.publish`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from guide.accessibility_analysis.editor_checks import Finding, run_checks
from guide.accessibility_analysis.glossary_terms import glossary_entries
from guide.accessibility_analysis.readability_figures import summarize
from guide.document import build_document, guide_tree_queryset
from guide.languages import SOURCE_LANGUAGE, Language
from guide.models import Guide, GuideVersion
from guide.publishing import content_fingerprint
from guide.translating.document_statuses import language_counts
from guide.version_diff import EMPTY_DOCUMENT, LanguageDiff, diff_documents


@dataclass
class LanguageReview:
    """One language's tab on the publish page."""

    diff: LanguageDiff
    warnings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] | None = None  # None for the source language
    readability_live: dict[str, Any] | None = None
    readability_working: dict[str, Any] | None = None

    @property
    def language(self) -> Language:
        return self.diff.language

    @property
    def grade_change(self) -> float | None:
        """Median grade, working copy minus live (positive: harder to read)."""
        before = (self.readability_live or {}).get("median_grade")
        after = (self.readability_working or {}).get("median_grade")
        if before is None or after is None:
            return None
        return round(after - before, 1)


@dataclass
class PublishReview:
    live: GuideVersion | None
    differs: bool
    languages: list[LanguageReview]
    guide_warnings: list[Finding]  # findings not tied to one language

    @property
    def rolled_back(self) -> bool:
        return bool(self.live and self.live.rolled_back_from)


def compare(
    old: Mapping[str, Any], new: Mapping[str, Any], *, checks: bool = False
) -> list[LanguageReview]:
    """Per language: the diff from `old` to `new`, with `new`'s warnings, statuses and the
    readability change when `checks` (the working copy, or a version, about to go live)."""
    findings = run_checks(new, glossary_entries()) if checks else []
    counts = language_counts(new) if checks else {}
    out = []
    for diff in diff_documents(old, new):
        code = diff.language.code
        out.append(
            LanguageReview(
                diff,
                [f for f in findings if f.language == code],
                counts.get(code) if code != SOURCE_LANGUAGE else None,
                summarize(old.get("readability") or {}, code),
                summarize(new.get("readability") or {}, code),
            )
        )
    return out


def working_document(guide: Guide) -> dict[str, Any]:
    return dict(build_document(guide_tree_queryset().get(pk=guide.pk)))


def review_publish(guide: Guide) -> PublishReview:
    """Everything the publish page shows about publishing `guide`'s working copy now."""
    live = guide.live_version
    working = working_document(guide)
    old = live.document if live else EMPTY_DOCUMENT
    languages = compare(old, working, checks=True)
    findings = run_checks(working, glossary_entries())
    return PublishReview(
        live,
        live is None or content_fingerprint(live.document) != content_fingerprint(working),
        languages,
        [f for f in findings if f.language is None],
    )


def edited_since_published(guide: Guide) -> bool | None:
    """Whether the working copy was saved since the live version was published from it,
    by revision alone (no texts read); None when that cannot tell: nothing live, or the
    live version was not published from the working copy (a rollback, or a version
    published before revisions were recorded)."""
    live = guide.live_version
    if live is None or live.working_revision is None:
        return None
    return guide.revision != live.working_revision


def working_copy_differs(guide: Guide) -> bool:
    """Whether the working copy reads differently from the live version (False when nothing
    is live), comparing what a reader reads. Building the working copy's document costs a
    fixed number of queries but grows with the guide, so the answer is cached per
    working-copy revision (every save bumps it) and live version."""
    live = guide.live_version
    if live is None:
        return False
    if edited_since_published(guide) is False:
        return False
    key = f"guide:{guide.pk}:r{guide.revision}:live{live.pk}:differs"
    cached = cache.get(key)
    if cached is None:
        working = working_document(guide)
        cached = content_fingerprint(live.document) != content_fingerprint(working)
        cache.set(key, cached, 3600)
    return bool(cached)
