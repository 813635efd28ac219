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

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from guide.languages import SOURCE_LANGUAGE, language_codes
from guide.models import (
    Callout,
    ComparisonTable,
    FAQEntry,
    Guide,
    Section,
    TableCell,
    TableColumn,
    TextStatus,
)

Status = TextStatus.Status
REVIEW_PERMISSION = "guide.mark_reviewed"
# Statuses an API client is told about, per field, in `translation_status`.
FLAGGED = ("machine", "outdated")


def fingerprint(text: str | None) -> str:
    """sha256 of a source text, so a translation can tell whether its English moved on."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def target_languages() -> list[str]:
    """The configured languages a guide is translated into (all but the source)."""
    return [code for code in language_codes() if code != SOURCE_LANGUAGE]


def is_translated(model: type[Model]) -> bool:
    return model in translator.get_registered_models()


def translated_fields(model: type[Model]) -> tuple[str, ...]:
    """The translated fields of a model; none for a model without any."""
    if not is_translated(model):
        return ()
    names = translator.get_options_for_model(model).fields
    return tuple(f.name for f in model._meta.get_fields() if f.name in names)


def translated_models() -> dict[str, type[Model]]:
    """Models with translated fields, by model name (the first part of a unit id)."""
    return {model._meta.model_name: model for model in translator.get_registered_models()}


def unit_id(obj: Model, field: str) -> str:
    """The stable name of a text: `<model>.<pk>.<field>`, e.g. `section.12.body`."""
    return f"{obj._meta.model_name}.{obj.pk}.{field}"


def owning_guide_id(obj: Model) -> int | None:
    """The guide a text belongs to, or None for texts shared between guides."""
    if isinstance(obj, Guide):
        return obj.pk
    if isinstance(obj, Section | FAQEntry | ComparisonTable):
        return obj.guide_id
    if isinstance(obj, Callout):
        return obj.section.guide_id
    if isinstance(obj, TableColumn):
        return obj.table.guide_id
    if isinstance(obj, TableCell):
        return obj.row.table.guide_id
    return None  # Author, Tag


@dataclass(frozen=True)
class Text:
    """One translated field of one object."""

    obj: Model
    field: str

    @property
    def unit_id(self) -> str:
        return unit_id(self.obj, self.field)

    def value(self, code: str) -> str:
        return getattr(self.obj, build_localized_fieldname(self.field, code), None) or ""

    @property
    def source(self) -> str:
        return self.value(SOURCE_LANGUAGE)


def guide_texts(guide: Guide) -> list[Text]:
    """Every text of a guide with an English source, in reading order."""
    objects: list[Model] = [guide]
    if guide.author_id:
        objects.append(guide.author)
    objects.extend(guide.tags.order_by("slug"))
    sections = list(Section.objects.filter(guide=guide).order_by("order", "id"))
    callouts: dict[int, list[Callout]] = {}
    for callout in Callout.objects.filter(section__guide=guide).order_by("order", "id"):
        callouts.setdefault(callout.section_id, []).append(callout)

    def walk(parent_id: int | None) -> None:
        for section in sections:
            if section.parent_id == parent_id:
                objects.append(section)
                objects.extend(callouts.get(section.pk, []))
                if parent_id is None:
                    walk(section.pk)

    walk(None)
    objects.extend(FAQEntry.objects.filter(guide=guide).order_by("order", "id"))
    table = ComparisonTable.objects.filter(guide=guide).first()
    if table is not None:
        objects.append(table)
        objects.extend(TableColumn.objects.filter(table=table).order_by("order", "id"))
        objects.extend(
            TableCell.objects.filter(row__table=table)
            .select_related("row")
            .order_by("row__order", "row_id", "column__order", "column_id")
        )
    texts = [Text(obj, field) for obj in objects for field in translated_fields(type(obj))]
    return [text for text in texts if text.source]


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
        for row in model.objects.filter(pk__in=ids).values("pk", *columns):
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


def can_mark_reviewed(user: Any) -> bool:
    return bool(user and user.has_perm(REVIEW_PERMISSION))


def set_status(records: Iterable[TextStatus], status: str, user: Any) -> int:
    """Set the status of some records explicitly, confirming them against today's English.

    Marking a text (as machine, human or reviewed) says it was checked against the current
    source, so its fingerprint is renewed and it stops being outdated. Only users with the
    `mark_reviewed` permission may mark `reviewed`; a missing text cannot be marked.
    """
    if status not in Status.values or status == Status.MISSING:
        raise ValidationError(f"{status!r} cannot be set by hand.")
    if status == Status.REVIEWED and not can_mark_reviewed(user):
        raise PermissionDenied("Only medical reviewers may mark translations reviewed.")
    records = list(records)
    objects = _objects_of(records)
    now = timezone.now()
    with transaction.atomic():
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
    return len(records)


def _objects_of(records: list[TextStatus]) -> dict[tuple[int, int], Model]:
    ids: dict[int, set[int]] = {}
    for record in records:
        ids.setdefault(record.content_type_id, set()).add(record.object_id)
    out: dict[tuple[int, int], Model] = {}
    for content_type_id, pks in ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for obj in model.objects.filter(pk__in=pks):
            out[(content_type_id, obj.pk)] = obj
    return out


def record_imported(
    text: Text, code: str, status: str, user: Any = None, *, only_if_absent: bool = False
) -> bool:
    """Record a translation written by an importer (seed or XLIFF) from the current English.

    With `only_if_absent` an existing record is left alone. Returns whether it wrote.
    """
    key = record_key(text.obj, text.field, code)
    values = {
        "guide_id": owning_guide_id(text.obj),
        "status": status,
        "source_fingerprint": fingerprint(text.source),
        "set_by": user if getattr(user, "pk", None) else None,
        "set_at": timezone.now(),
    }
    lookup = {"content_type_id": key[0], "object_id": key[1], "field": key[2], "language": code}
    if only_if_absent:
        _record, created = TextStatus.objects.get_or_create(**lookup, defaults=values)
        return created
    TextStatus.objects.update_or_create(**lookup, defaults=values)
    return True


# --- Reading statuses back from a guide document (API, dashboard) -------------------------


@dataclass(frozen=True)
class DocumentText:
    """A text of a document with its statuses and the admin object where it is edited."""

    path: str
    texts: dict[str, str]
    statuses: dict[str, dict[str, Any]]  # language -> {"status", "outdated"}
    admin_model: str
    admin_pk: int | None


def iter_document_texts(document: dict[str, Any]) -> Iterator[DocumentText]:
    """Every text of a document (see `guide.document.build_document`) with its statuses."""

    def status_of(obj: dict[str, Any], field: str) -> dict[str, dict[str, Any]]:
        return obj.get("translation", {}).get(field, {})

    def text(path, obj, field, model, pk, values=None) -> DocumentText:
        return DocumentText(
            path, obj[field] if values is None else values, status_of(obj, field), model, pk
        )

    guide_id = document.get("id")
    for field in ("title", "subtitle", "summary", "faq_heading"):
        yield text(field, document, field, "guide", guide_id)
    author = document["author"]
    if author:
        for field in ("role", "bio"):
            yield text(f"author.{field}", author, field, "author", author.get("id"))
    for tag in document["tags"]:
        yield text(f"tags.{tag['slug']}.name", tag, "name", "tag", tag.get("id"))

    def walk(sections):
        for section in sections:
            for field in ("heading", "body"):
                yield text(
                    f"sections.{section['id']}.{field}", section, field, "section", section["id"]
                )
            for callout in section["callouts"]:
                for field in ("label", "body"):
                    yield text(
                        f"callouts.{callout['id']}.{field}",
                        callout,
                        field,
                        "section",
                        section["id"],
                    )
            yield from walk(section["subsections"])

    yield from walk(document["sections"])
    for entry in document["faq"]:
        for field in ("question", "answer"):
            yield text(f"faq.{entry['id']}.{field}", entry, field, "guide", guide_id)
    table = document["comparison_table"]
    if table:
        yield text(f"table.{table['id']}.caption", table, "caption", "comparisontable", table["id"])
        for column in table["columns"]:
            yield text(
                f"table.{table['id']}.columns.{column['key']}",
                column,
                "label",
                "comparisontable",
                table["id"],
            )
        for row in table["rows"]:
            for key, cell in row["cells"].items():
                yield DocumentText(
                    f"table.{table['id']}.rows.{row['id']}.{key}",
                    cell,
                    row.get("translation", {}).get(key, {}),
                    "tablerow",
                    row["id"],
                )


COUNTED = ("machine", "human", "reviewed", "outdated", "missing")


def language_counts(document: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per target language: texts in all, translated, and by status (outdated is an overlay).

    `machine + human + reviewed + missing == total`; `outdated` counts translated texts
    whose English changed since, whatever their status.
    """
    texts = [t for t in iter_document_texts(document) if t.texts.get(SOURCE_LANGUAGE)]
    out = {}
    for code in target_languages():
        counts = dict.fromkeys(("total", "translated", *COUNTED), 0)
        for item in texts:
            counts["total"] += 1
            if not item.texts.get(code):
                counts["missing"] += 1
                continue
            counts["translated"] += 1
            info = item.statuses.get(code, {"status": "human", "outdated": False})
            counts[info["status"]] += 1
            counts["outdated"] += bool(info["outdated"])
        out[code] = counts
    return out
