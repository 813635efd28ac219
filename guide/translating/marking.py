"""Statuses set by hand: a translator or reviewer confirms a text against today's English."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.utils import timezone

from guide.editing import edit_content
from guide.models import TextStatus
from guide.translating.status import Status
from guide.translating.texts import Text, fingerprint

REVIEW_PERMISSION = "guide.mark_reviewed"


def can_mark_reviewed(user: Any) -> bool:
    return bool(user and user.has_perm(REVIEW_PERMISSION))


def set_status(records: Iterable[TextStatus], status: str, user: Any) -> int:
    """Set the status of some records explicitly, confirming them against today's English.

    Marking a text (as machine, human or reviewed) says it was checked against the current
    source, so its fingerprint is renewed and it stops being outdated. Only users with the
    `mark_reviewed` permission may mark `reviewed`; a missing text cannot be marked. A
    change of status is an edit of its guide (`guide.editing`): the revision moves on.
    """
    if status not in Status.values or status == Status.MISSING:
        raise ValidationError(f"{status!r} cannot be set by hand.")
    if status == Status.REVIEWED and not can_mark_reviewed(user):
        raise PermissionDenied("Only medical reviewers may mark translations reviewed.")
    records = list(records)
    objects = _objects_of(records)
    now = timezone.now()
    with edit_content(user) as edit:
        for record in records:
            obj = objects.get((record.content_type_id, record.object_id))
            text = Text(obj, record.field) if obj is not None else None
            if text is None or not text.value(record.language):
                raise ValidationError(f"{record} has no translation to mark; translate it first.")
            record.status = status
            record.source_fingerprint = fingerprint(text.source)
            record.set_by = user if getattr(user, "pk", None) else None
            record.set_at = now
            record.save(update_fields=["status", "source_fingerprint", "set_by", "set_at"])
            edit.touch(record.guide_id)
    return len(records)


def _objects_of(records: list[TextStatus]) -> dict[tuple[int, int], Model]:
    ids: dict[int, set[int]] = {}
    for record in records:
        ids.setdefault(record.content_type_id, set()).add(record.object_id)
    out: dict[tuple[int, int], Model] = {}
    for content_type_id, pks in ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a content type whose model is gone
            continue
        for obj in model._default_manager.filter(pk__in=pks):
            out[(content_type_id, obj.pk)] = obj
    return out
