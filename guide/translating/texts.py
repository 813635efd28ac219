"""The texts of a guide that are translated: one field of one object, named by a unit id.

A text is one translated field of one object (`section.12.body`); its English source is
fingerprinted so a translation can tell whether the English moved on since it was made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Model
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from guide.content import text_path
from guide.languages import SOURCE_LANGUAGE, language_codes
from guide.models import (
    Callout,
    ComparisonTable,
    FAQEntry,
    Guide,
    Section,
    TableCell,
    TableColumn,
)


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
    names = translator.get_options_for_model(model).all_fields
    return tuple(f.name for f in model._meta.get_fields() if f.name in names)


def translated_models() -> dict[str, type[Model]]:
    """Models with translated fields, by model name (the first part of a unit id)."""
    return {str(model._meta.model_name): model for model in translator.get_registered_models()}


def unit_id(obj: Model, field: str) -> str:
    """The XLIFF name of a stored text: `<model>.<pk>.<field>`, e.g. `section.12.body`.

    Files exported with it are matched back to their rows on import, so it stays as it is;
    the unit's `resname` is the text's id in the document (`Text.path`)."""
    return f"{obj._meta.model_name}.{obj.pk}.{field}"


@dataclass(frozen=True)
class Text:
    """One translated field of one object."""

    obj: Model
    field: str

    @property
    def unit_id(self) -> str:
        return unit_id(self.obj, self.field)

    @property
    def path(self) -> str | None:
        """The text's id in the guide document, as warnings and the to-fix page name it."""
        return text_path(self.obj, self.field)

    def value(self, code: str) -> str:
        return getattr(self.obj, build_localized_fieldname(self.field, code), None) or ""

    @property
    def source(self) -> str:
        return self.value(SOURCE_LANGUAGE)


def guide_texts(guide: Guide) -> list[Text]:
    """Every text of a guide with an English source, in reading order."""
    objects: list[Model] = [guide]
    if guide.author is not None:
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
            .select_related("row", "column")
            .order_by("row__order", "row_id", "column__order", "column_id")
        )
    texts = [Text(obj, field) for obj in objects for field in translated_fields(type(obj))]
    return [text for text in texts if text.source]
