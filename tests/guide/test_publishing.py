"""Publishing freezes numbered, immutable versions, atomically."""

from __future__ import annotations

import pytest

from api.models import RenderedGuide
from guide.models import FAQEntry, Guide, GuideChange, GuideVersion
from guide.publishing import (
    PublishingError,
    publish,
    rollback,
    version_published,
    withdraw,
)


def test_seed_import_publishes_version_one(seeded):
    assert seeded.status == Guide.Status.PUBLISHED
    assert seeded.live_version.number == 1
    assert seeded.live_version.document["content_version"] == 1
    assert list(GuideChange.objects.values_list("seq", "kind")) == [(1, "published")]


def test_publish_freezes_the_working_copy_as_the_next_number(seeded, django_user_model):
    editor = django_user_model.objects.create_user("ed")
    entry = FAQEntry.objects.get(guide=seeded, order=1)
    entry.answer_en = "A new answer."
    entry.save()
    version = publish(seeded, user=editor, note="Clearer first answer")
    assert (version.number, version.note, version.published_by) == (
        2,
        "Clearer first answer",
        editor,
    )
    assert version.document["faq"][0]["answer"]["en"] == "A new answer."
    first = GuideVersion.objects.get(guide=seeded, number=1)
    assert first.document["faq"][0]["answer"]["en"] != "A new answer."
    seeded.refresh_from_db()
    assert seeded.live_version == version


def test_versions_are_immutable(seeded):
    version = seeded.live_version
    version.note = "rewritten history"
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_rollback_republishes_old_content_as_a_new_version(seeded):
    entry = FAQEntry.objects.get(guide=seeded, order=1)
    original = entry.answer_en
    entry.answer_en = "Changed."
    entry.save()
    publish(seeded)
    third = rollback(seeded, 1)
    assert third.number == 3 and third.rolled_back_from == 1
    assert third.document["faq"][0]["answer"]["en"] == original
    assert third.document["content_version"] == 3
    entry.refresh_from_db()
    assert entry.answer_en == "Changed."  # the working copy is kept
    with pytest.raises(PublishingError):
        rollback(seeded, 99)


def test_withdraw_and_delete_are_recorded_for_sync(seeded):
    withdraw(seeded)
    seeded.refresh_from_db()
    assert seeded.status == Guide.Status.WITHDRAWN and seeded.live_version is None
    assert not RenderedGuide.objects.filter(live=True).exists()
    with pytest.raises(PublishingError):
        withdraw(seeded)
    seeded.delete()
    kinds = list(GuideChange.objects.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["published", "withdrawn", "deleted"]


def test_a_failed_publish_changes_nothing(seeded):
    def fail(sender, **kwargs):
        raise RuntimeError("rendering failed")

    version_published.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            publish(seeded, note="will fail")
    finally:
        version_published.disconnect(fail)
    seeded.refresh_from_db()
    assert seeded.live_version.number == 1
    assert GuideVersion.objects.filter(guide=seeded).count() == 1
    assert GuideChange.objects.count() == 1
    assert RenderedGuide.objects.filter(live=True).values("number").distinct().count() == 1


def test_every_language_and_representation_is_rendered(seeded):
    rows = RenderedGuide.objects.filter(version=seeded.live_version)
    # detail, summary, sections, faq, comparison, jsonld, and the blocks form of detail and
    # sections
    assert rows.count() == 6 * 8
    assert rows.values("etag").distinct().count() == 48
