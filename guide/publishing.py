"""Draft -> publish: freezing immutable, numbered versions of a guide.

Editors edit the working copy (the guide's rows); publishing freezes its document as
version n+1 and makes it live in one transaction, so a reader sees the old version or the
new one, never a mix. Delivery layers listen to the signals below to render and cache
what they serve; they run inside the same transaction.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from django.utils import timezone

from guide.accessibility_analysis.glossary_terms import attach_glossary
from guide.document import build_document, guide_tree_queryset
from guide.models import ChangeSequence, Guide, GuideChange, GuideVersion

# Sent inside the publishing transaction with `version`.
version_published = Signal()
# Sent inside the transaction with `slug` when a guide leaves the public API.
guide_unpublished = Signal()


class PublishingError(ValueError):
    """An operation that does not apply to the guide's current state."""


def _next_seq() -> int:
    """The next change number; the row lock is held until the transaction commits.

    One row serialises every publish, so it is taken last: after rendering, snapshots and
    webhook rows (the signal receivers), just before the commit. Publishes of different
    guides then overlap for all but their last statements, and changes still commit in
    the order of their numbers (the lock is held to the commit), which sync relies on."""
    counter, _ = ChangeSequence.objects.select_for_update().get_or_create(pk=1)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def _record(slug: str, kind: str, version_number: int | None = None) -> GuideChange:
    return GuideChange.objects.create(
        seq=_next_seq(), slug=slug, kind=kind, version_number=version_number
    )


# Members that change without the content changing: bookkeeping, derived figures, the
# translation workflow's statuses, and what is attached at publish time.
_NOT_CONTENT = frozenset(
    {
        "content_version",
        "published_at",
        "updated_at",
        "status",
        "readability",
        "translation",
        "languages",
        "glossary",
    }
)


def _content(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _content(v) for k, v in value.items() if k not in _NOT_CONTENT}
    if isinstance(value, list):
        return [_content(v) for v in value]
    return value


def content_fingerprint(document: dict[str, Any]) -> str:
    """sha256 of what a reader reads in a document, whatever its bookkeeping says."""
    data = json.dumps(_content(document), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def _content_modified_at(guide: Guide, document: dict[str, Any], now_iso: str) -> str:
    """When the content last changed in a published version: the previous version's date
    if this one reads the same, else now (`dateModified` must not move on a republish)."""
    previous = guide.versions.order_by("-number").values_list("document", flat=True).first()
    if (
        previous
        and previous.get("updated_at")
        and content_fingerprint(previous) == content_fingerprint(document)
    ):
        return previous["updated_at"]
    return now_iso


def _freeze(
    guide: Guide,
    document: dict[str, Any],
    *,
    user: AbstractBaseUser | None,
    note: str,
    rolled_back_from: int | None = None,
    working_revision: int | None = None,
) -> GuideVersion:
    last = guide.versions.order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    now = timezone.now()
    document = copy.deepcopy(document)
    document["content_version"] = number
    document["published_at"] = now.isoformat()
    document["updated_at"] = _content_modified_at(guide, document, now.isoformat())
    version = GuideVersion.objects.create(
        guide=guide,
        number=number,
        published_at=now,
        published_by=user if isinstance(user, User) and user.is_authenticated else None,
        note=note[:300],
        rolled_back_from=rolled_back_from,
        working_revision=working_revision,
        document=document,
    )
    guide.status = Guide.Status.PUBLISHED
    guide.live_version = version
    guide.save(update_fields=["status", "live_version"])
    version_published.send(sender=GuideVersion, version=version)
    _record(guide.slug, GuideChange.Kind.PUBLISHED, number)  # last: see _next_seq
    return version


def publish(guide: Guide, *, user: AbstractBaseUser | None = None, note: str = "") -> GuideVersion:
    """Freeze the working copy as the next version and serve it."""
    with transaction.atomic():
        locked = Guide.objects.select_for_update().get(pk=guide.pk)
        document = attach_glossary(build_document(guide_tree_queryset().get(pk=guide.pk)))
        return _freeze(locked, document, user=user, note=note, working_revision=locked.revision)


def rollback(
    guide: Guide, number: int, *, user: AbstractBaseUser | None = None, note: str = ""
) -> GuideVersion:
    """Republish version `number`'s content as a new version. The working copy is kept."""
    with transaction.atomic():
        locked = Guide.objects.select_for_update().get(pk=guide.pk)
        old = locked.versions.filter(number=number).first()
        if old is None:
            raise PublishingError(f"{guide.slug} has no version {number}.")
        return _freeze(
            locked,
            old.document,
            user=user,
            note=note or f"Rollback to version {number}",
            rolled_back_from=number,
        )


def withdraw(guide: Guide) -> None:
    """Take a guide off the public API; its versions are kept for the record."""
    with transaction.atomic():
        locked = Guide.objects.select_for_update().get(pk=guide.pk)
        if locked.status != Guide.Status.PUBLISHED:
            raise PublishingError(f"{guide.slug} is not published.")
        locked.status = Guide.Status.WITHDRAWN
        locked.live_version = None
        locked.save(update_fields=["status", "live_version"])
        guide_unpublished.send(sender=Guide, slug=locked.slug)
        _record(locked.slug, GuideChange.Kind.WITHDRAWN)  # last: see _next_seq


@receiver(post_delete, sender=Guide)
def _record_deletion(sender, instance: Guide, **kwargs) -> None:
    if instance.status != Guide.Status.DRAFT:  # it was public once: tell syncing clients
        guide_unpublished.send(sender=Guide, slug=instance.slug)
        _record(instance.slug, GuideChange.Kind.DELETED)  # last: see _next_seq
