"""Publishing freezes numbered, immutable versions, atomically."""

from __future__ import annotations

import pytest

from api.models import RenderedGuide
from guide.models import FAQEntry, Guide, GuideChange, GuideVersion
from guide.publishing import (
    PublishingError,
    guide_unpublished,
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


@pytest.fixture
def unpublished():
    """Slugs announced by `guide_unpublished`, the signal delivery layers forget guides by."""
    seen: list[str] = []

    def listen(sender, slug, **kwargs):
        seen.append(slug)

    guide_unpublished.connect(listen)
    yield seen
    guide_unpublished.disconnect(listen)


def test_deleting_a_published_guide_tells_delivery_layers_to_forget_it(
    seeded, client, unpublished, django_capture_on_commit_callbacks
):
    slug = seeded.slug
    assert client.get(f"/api/v1/guides/{slug}/").status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        seeded.delete()
    assert unpublished == [slug]
    assert client.get(f"/api/v1/guides/{slug}/").status_code == 404
    assert client.get(f"/api/v1/guides/{slug}/versions/1/").status_code == 404


def test_withdrawing_tells_delivery_layers_and_deleting_a_draft_records_nothing(
    seeded, unpublished
):
    withdraw(seeded)
    assert unpublished == [seeded.slug]
    draft = Guide.objects.create(slug="never-published", title_en="Draft")
    draft.delete()
    assert unpublished == [seeded.slug]
    assert not GuideChange.objects.filter(slug="never-published").exists()


def test_notes_default_and_are_cut_to_300_characters(seeded):
    assert publish(seeded).note == ""
    assert rollback(seeded, 1).note == "Rollback to version 1"
    assert rollback(seeded, 2, note="Back to the plain one").note == "Back to the plain one"
    assert publish(seeded, note="x" * 301).note == "x" * 300


def test_an_anonymous_user_is_not_recorded_as_the_publisher(seeded):
    from django.contrib.auth.models import AnonymousUser

    assert publish(seeded, user=AnonymousUser()).published_by is None


def test_errors_name_the_guide_and_what_does_not_apply(seeded):
    with pytest.raises(PublishingError, match=rf"^{seeded.slug} has no version 99\.$"):
        rollback(seeded, 99)
    withdraw(seeded)
    with pytest.raises(PublishingError, match=rf"^{seeded.slug} is not published\.$"):
        withdraw(seeded)


def test_date_modified_moves_only_when_the_content_changes(seeded):
    first = seeded.live_version.document["updated_at"]
    same = publish(seeded, note="republished unchanged")
    assert same.document["updated_at"] == first
    assert same.document["published_at"] != first
    entry = FAQEntry.objects.get(guide=seeded, order=1)
    entry.answer_en = "A new answer."
    entry.save()
    changed = publish(seeded)
    assert changed.document["updated_at"] == changed.document["published_at"] != first
    back = rollback(seeded, 1)  # reads differently from version 3 again: a change
    assert back.document["updated_at"] == back.document["published_at"]


def test_every_change_gets_the_next_number_with_its_version(seeded, django_user_model):
    editor = django_user_model.objects.create_user("ed")
    publish(seeded)
    assert rollback(seeded, 1, user=editor).published_by == editor
    withdraw(seeded)
    assert list(
        GuideChange.objects.order_by("seq").values_list("seq", "kind", "version_number")
    ) == [
        (1, "published", 1),
        (2, "published", 2),
        (3, "published", 3),
        (4, "withdrawn", None),
    ]
    assert set(GuideChange.objects.values_list("slug", flat=True)) == {seeded.slug}


def test_receivers_can_subscribe_by_sender(seeded):
    """The signals' senders are part of their contract: GuideVersion for a publication, Guide
    for a withdrawal (`signal.connect(receiver, sender=...)` hears only those)."""
    heard: list[tuple[str, object]] = []

    def on_published(sender, version, **kwargs):
        heard.append(("published", version.number))

    def on_unpublished(sender, slug, **kwargs):
        heard.append(("unpublished", slug))

    version_published.connect(on_published, sender=GuideVersion)
    guide_unpublished.connect(on_unpublished, sender=Guide)
    try:
        publish(seeded, note="heard")
        withdraw(seeded)
    finally:
        version_published.disconnect(on_published, sender=GuideVersion)
        guide_unpublished.disconnect(on_unpublished, sender=Guide)
    assert heard == [("published", 2), ("unpublished", seeded.slug)]
