"""Overdue medical reviews: the latest review of each guide and language decides."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from guide.review_reminders import overdue_reviews
from guide.reviews import record_review
from tests.support.roles import make_reviewer


def test_listed_once_the_latest_reviews_due_date_has_passed(seeded):
    reviewer = make_reviewer()
    today = timezone.localdate()
    record_review(seeded, "es", reviewer, next_review_due=today + timedelta(days=10))
    record_review(seeded, "ar", reviewer, next_review_due=today + timedelta(days=30))
    assert overdue_reviews() == []
    later = today + timedelta(days=20)
    [item] = overdue_reviews(today=later)
    assert (item.slug, item.language.code, item.next_review_due) == (
        seeded.slug,
        "es",
        today + timedelta(days=10),
    )
    assert item.reviewer_name == "Dr. Ana Ruiz"
    # A newer review of Spanish moves its next due date: no longer listed.
    record_review(seeded, "es", reviewer, next_review_due=today + timedelta(days=40))
    assert overdue_reviews(today=later) == []
    assert [r.language.code for r in overdue_reviews(today + timedelta(days=35))] == ["ar"]
