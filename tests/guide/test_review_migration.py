"""Migration 0013: the former free-text review fields become `migrated` review records."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("guide", "0011_figures")]
AFTER = [("guide", "0014_remove_free_text_review_fields")]


@pytest.fixture
def back_to_latest():
    """The schema is migrated back to the latest state afterwards, whatever the test did:
    later tests in this process use the same database."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_free_text_reviews_are_carried_over_as_migrated_records(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Guide = old.get_model("guide", "Guide")
    GuideLanguage = old.get_model("guide", "GuideLanguage")
    guide = Guide.objects.create(
        slug="g", title="G", title_en="G", last_reviewed=date(2026, 1, 5), reviewed_by="Dr. Old"
    )
    GuideLanguage.objects.create(
        guide_id=guide.pk,
        language="es",
        provenance="reviewed",
        last_reviewed=date(2026, 2, 1),
        reviewed_by="Dra. Vieja",
        next_review_due=date(2027, 2, 1),
    )
    GuideLanguage.objects.create(guide_id=guide.pk, language="ar", provenance="reviewed")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    reviews = {
        r.language: r
        for r in new.get_model("guide", "MedicalReview").objects.filter(guide_id=guide.pk)
    }
    assert set(reviews) == {"en", "es"}
    assert (reviews["en"].reviewer_name, reviews["en"].reviewed_on) == ("Dr. Old", date(2026, 1, 5))
    assert reviews["en"].next_review_due == date(2027, 1, 5)  # the default interval
    assert reviews["es"].next_review_due == date(2027, 2, 1)
    assert all(
        r.migrated and r.reviewer_id is None and r.version_id is None for r in reviews.values()
    )
    languages = dict(
        new.get_model("guide", "GuideLanguage").objects.values_list("language", "provenance")
    )
    assert languages == {"es": "reviewed", "ar": "human"}  # no review left to show for ar
