"""Translation statuses of seeded texts: the seed translations are machine-assisted.

Kept apart from `guide/seed_import.py` so the importer only says which fields it wrote.
Idempotent like the importer: records are compared first, and a second run writes nothing.
"""

from __future__ import annotations

from django.db.models import Model
from modeltranslation.utils import build_localized_fieldname

from guide.content import owning_guide_id
from guide.languages import SOURCE_LANGUAGE
from guide.models import TextStatus
from guide.translating.status import record_key, records_for
from guide.translating.texts import (
    Text,
    fingerprint,
    is_translated,
    translated_fields,
)


def record_seed_statuses(synced: list[tuple[Model, set[str] | None]], languages: list[str]) -> int:
    """Record seeded translations as `machine`, made from the current English.

    `synced` lists the objects the importer synced with the fields it wrote (None when it
    created the object). A text the import wrote, or one with no record yet, is recorded;
    any other record is left alone, so an editor's later status (say, reviewed) survives
    a re-import that did not change the text. Returns how many records were written.
    """
    synced = [(obj, fields) for obj, fields in synced if is_translated(type(obj))]
    existing = records_for(obj for obj, _fields in synced)
    new: list[TextStatus] = []
    written = 0
    for obj, written_fields in synced:
        for field in translated_fields(type(obj)):
            text = Text(obj, field)
            source_fp = fingerprint(text.source)
            for code in languages:
                key = record_key(obj, field, code)
                record = existing.get(key)
                touched = written_fields is None or bool(
                    written_fields
                    & {
                        build_localized_fieldname(field, code),
                        build_localized_fieldname(field, SOURCE_LANGUAGE),
                    }
                )
                if not text.value(code):
                    if record is not None and touched:
                        record.delete()
                        written += 1
                    continue
                if record is None:
                    new.append(
                        TextStatus(
                            guide_id=owning_guide_id(obj),
                            content_type_id=key[0],
                            object_id=obj.pk,
                            field=field,
                            language=code,
                            status=TextStatus.Status.MACHINE,
                            source_fingerprint=source_fp,
                        )
                    )
                elif touched and (
                    record.status != TextStatus.Status.MACHINE
                    or record.source_fingerprint != source_fp
                ):
                    record.status = TextStatus.Status.MACHINE
                    record.source_fingerprint = source_fp
                    record.set_by = None
                    record.save(update_fields=["status", "source_fingerprint", "set_by"])
                    written += 1
    TextStatus.objects.bulk_create(new)
    return written + len(new)
