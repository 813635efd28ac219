"""Translation status per text and language: what is missing, machine-made, human, reviewed.

A text is one translated field of one object (`section.12.body`). For each text and each
non-source language a `TextStatus` record says how the translation was made, by whom and
when, and fingerprints the English text it was made from. "Outdated" is never stored: it
is derived by comparing that fingerprint with the current English, so an English edit flags
its translations at once, wherever the edit came from.

The effective status of a text in a language:

- no translation text: `missing` (whatever a record says);
- a translation with a record: the record's status, outdated when the fingerprints differ;
- a translation without a record (typed in before tracking, or by code): `human`, not outdated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from modeltranslation.utils import build_localized_fieldname

from guide.languages import SOURCE_LANGUAGE
from guide.models import (
    TextStatus,
)
from guide.translating.texts import fingerprint, target_languages

Status = TextStatus.Status
# Statuses an API client is told about, per field, in `translation_status`.
FLAGGED = ("machine", "outdated")


RecordKey = tuple[int, int, str, str]  # content type id, object id, field, language


def record_key(obj: Model, field: str, code: str) -> RecordKey:
    content_type = ContentType.objects.get_for_model(type(obj))
    return (content_type.pk, obj.pk, field, code)


def records_for(objects: Iterable[Model]) -> dict[RecordKey, TextStatus]:
    """The status records of some objects, keyed for lookup, in one query."""
    by_type: dict[int, set[int]] = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(type(obj))
        by_type.setdefault(content_type.pk, set()).add(obj.pk)
    if not by_type:
        return {}
    condition = Q()
    for content_type_id, ids in by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=ids)
    return {
        (r.content_type_id, r.object_id, r.field, r.language): r
        for r in TextStatus.objects.filter(condition)
    }


def effective_status(
    translation: str | None, source: str | None, record: TextStatus | None
) -> tuple[str, bool]:
    """(status, outdated) of one translation; see the module docstring."""
    if not translation:
        return Status.MISSING.value, False
    if record is None or record.status == Status.MISSING:
        return Status.HUMAN.value, False
    return record.status, record.source_fingerprint != fingerprint(source)


class StatusLookup:
    """Status records already loaded (prefetched with a guide), queried without SQL."""

    def __init__(self, records: Iterable[TextStatus]):
        self.records = {(r.content_type_id, r.object_id, r.field, r.language): r for r in records}

    def for_object(self, obj: Model, fields: Iterable[str]) -> dict[str, dict[str, Any]]:
        """`{field: {lang: {"status": ..., "outdated": ...}}}` for each existing translation."""
        content_type_id = ContentType.objects.get_for_model(type(obj)).pk
        out: dict[str, dict[str, Any]] = {}
        for field in fields:
            source = getattr(obj, build_localized_fieldname(field, SOURCE_LANGUAGE), None)
            per_language = {}
            for code in target_languages():
                translation = getattr(obj, build_localized_fieldname(field, code), None)
                if not translation:
                    continue
                record = self.records.get((content_type_id, obj.pk, field, code))
                status, outdated = effective_status(translation, source, record)
                per_language[code] = {"status": status, "outdated": outdated}
            if per_language:
                out[field] = per_language
        return out
