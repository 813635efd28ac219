"""Status records kept in step with writes: an editor's save, an importer's translations.

Called by the editing service (`guide.editing`) and the importers, never by views.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from guide.content import owning_guide_id
from guide.languages import SOURCE_LANGUAGE, language_codes
from guide.models import (
    TextStatus,
)
from guide.translating.status import Status, record_key, records_for
from guide.translating.texts import (
    Text,
    fingerprint,
    is_translated,
    target_languages,
    translated_fields,
)


def snapshot(objects: Iterable[Model]) -> dict[tuple[type[Model], int], dict[str, str]]:
    """The stored values of the translated fields of some saved objects (before an edit)."""
    by_model: dict[type[Model], list[int]] = {}
    for obj in objects:
        if obj.pk is not None:
            by_model.setdefault(type(obj), []).append(obj.pk)
    out: dict[tuple[type[Model], int], dict[str, str]] = {}
    for model, ids in by_model.items():
        columns = [
            build_localized_fieldname(field, code)
            for field in translated_fields(model)
            for code in language_codes()
        ]
        for row in model._default_manager.filter(pk__in=ids).values("pk", *columns):
            out[(model, row.pop("pk"))] = {k: v or "" for k, v in row.items()}
    return out


def record_edits(obj: Model, before: dict[str, str], user: Any = None) -> int:
    """Update the records of `obj` after an editor saved it; returns the records written.

    A changed translation becomes `human`, made from the current English, set by `user`.
    A cleared one loses its record (it is missing). A translation that was already there
    but had no record is adopted as `human` from the English it stood next to before the
    edit, so an English change in the same save flags it as outdated.
    """
    if not is_translated(type(obj)):
        return 0
    guide_id = owning_guide_id(obj)
    existing = records_for([obj])
    now = timezone.now()
    written = 0
    for field in translated_fields(type(obj)):
        source_name = build_localized_fieldname(field, SOURCE_LANGUAGE)
        new_source = getattr(obj, source_name, None) or ""
        old_source = before.get(source_name, new_source)
        for code in target_languages():
            name = build_localized_fieldname(field, code)
            new = getattr(obj, name, None) or ""
            old = before.get(name, "")
            key = record_key(obj, field, code)
            record = existing.get(key)
            if not new:
                if record is not None:
                    record.delete()
                    written += 1
                continue
            if new != old:
                values = {
                    "status": Status.HUMAN,
                    "source_fingerprint": fingerprint(new_source),
                    "set_by": user if getattr(user, "pk", None) else None,
                    "set_at": now,
                }
            elif record is None:
                values = {
                    "status": Status.HUMAN,
                    "source_fingerprint": fingerprint(old_source),
                    "set_by": None,
                    "set_at": now,
                }
            else:
                continue
            TextStatus.objects.update_or_create(
                content_type_id=key[0],
                object_id=obj.pk,
                field=field,
                language=code,
                defaults={"guide_id": guide_id, **values},
            )
            written += 1
    return written


def record_imported(
    text: Text, code: str, status: str, user: Any = None, *, only_if_absent: bool = False
) -> bool:
    """Record a translation written by an importer (seed or XLIFF) from the current English.

    With `only_if_absent` an existing record is left alone. Returns whether it wrote.
    """
    key = record_key(text.obj, text.field, code)
    values: dict[str, Any] = {
        "guide_id": owning_guide_id(text.obj),
        "status": status,
        "source_fingerprint": fingerprint(text.source),
        "set_by": user if getattr(user, "pk", None) else None,
        "set_at": timezone.now(),
    }
    lookup: dict[str, Any] = {
        "content_type_id": key[0],
        "object_id": key[1],
        "field": key[2],
        "language": code,
    }
    if only_if_absent:
        _record, created = TextStatus.objects.get_or_create(**lookup, defaults=values)
        return created
    TextStatus.objects.update_or_create(**lookup, defaults=values)
    return True
