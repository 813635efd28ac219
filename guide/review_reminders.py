"""Guides and languages whose medical review is due again: the admin's reminders.

A language's latest review (`guide.reviews`) says when the next one is due; once that day
has passed, the guide is listed on the admin index and the translation dashboard until a
new review is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from guide.languages import Language, all_languages, bcp47
from guide.models import MedicalReview


@dataclass(frozen=True)
class OverdueReview:
    guide_pk: int
    slug: str
    title: str
    language: Language
    reviewed_on: date
    next_review_due: date
    reviewer_name: str

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.next_review_due).days


def _language(code: str) -> Language:
    known = {language.code: language for language in all_languages()}
    return known.get(code) or Language(code, bcp47(code), code, code, "ltr")


def overdue_reviews(today: date | None = None) -> list[OverdueReview]:
    """The latest review of each guide and language, where its next review date has passed;
    most overdue first. One query."""
    today = today or timezone.localdate()
    latest: dict[tuple[int, str], MedicalReview] = {}
    reviews = (
        MedicalReview.objects.select_related("guide")
        .only(
            "guide__slug",
            "guide__title_en",
            "language",
            "reviewed_on",
            "next_review_due",
            "reviewer_name",
            "recorded_at",
        )
        .order_by("guide_id", "language", "-reviewed_on", "-recorded_at")
    )
    for review in reviews:
        latest.setdefault((review.guide_id, review.language), review)
    out = [
        OverdueReview(
            review.guide_id,
            review.guide.slug,
            review.guide.title_en or review.guide.slug,
            _language(review.language),
            review.reviewed_on,
            review.next_review_due,
            review.reviewer_name,
        )
        for review in latest.values()
        if review.next_review_due < today
    ]
    return sorted(out, key=lambda r: (r.next_review_due, r.slug, r.language.code))
