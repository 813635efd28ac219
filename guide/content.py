"""The content parts of a guide, declared once.

Every model an editor writes when writing a guide is listed here, with what the rest of the
code needs to know about it: whether its edits are kept in history, whether translators and
reviewers change its texts, and how to reach the guide that owns it. History registration
(`guide.translation`), the roles table (`guide.roles`), "which guide owns this object"
(translation statuses, the admin's optimistic lock and accessibility report) are derived
from `PARTS`; `docs/development.md` has the checklist for adding a part.

A subsection is a `section` with a parent; a column, row and cell belong to the guide's one
comparison table. Author, tag and glossary term are shared between guides: they have no
owning guide.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

APP_LABEL = "guide"


@dataclass(frozen=True)
class Part:
    """One kind of content object."""

    model: str  # model name, as in content types and permissions ("faqentry")
    label: str  # what an editor calls it
    # Attribute path from an object to its guide's id ("section.guide_id"); "pk" for the
    # guide itself; None for a part shared between guides.
    owner: str | None
    history: bool = True  # edits are recorded by django-simple-history
    translators: bool = True  # translators and reviewers view and change its texts
    # The id of one of its texts in the guide document (see `guide.document_walk`), as a
    # template over the object and the field; None for a part whose texts the document
    # does not carry as such (figures) or that has none.
    path: str | None = None

    @property
    def shared(self) -> bool:
        return self.owner is None

    def model_class(self) -> type[Model]:
        return apps.get_model(APP_LABEL, self.model)

    def guide_id(self, obj: Model) -> int | None:
        """The id of the guide `obj` belongs to; None for a shared part or an unsaved link."""
        if self.owner is None:
            return None
        value: Any = obj
        for name in self.owner.split("."):
            try:
                value = getattr(value, name)
            except ObjectDoesNotExist:  # a link not set yet (an unsaved inline)
                return None
            if value is None:
                return None
        return value

    def text_path(self, obj: Model, field: str) -> str | None:
        return self.path.format(obj=obj, field=field) if self.path else None


PARTS: tuple[Part, ...] = (
    Part("guide", "guide", owner="pk", path="{field}"),
    Part("section", "section or subsection", owner="guide_id", path="sections.{obj.pk}.{field}"),
    Part("callout", "callout", owner="section.guide_id", path="callouts.{obj.pk}.{field}"),
    Part("figure", "figure", owner="section.guide_id"),
    Part("faqentry", "FAQ entry", owner="guide_id", path="faq.{obj.pk}.{field}"),
    Part("comparisontable", "comparison table", owner="guide_id", path="table.{obj.pk}.{field}"),
    Part(
        "tablecolumn",
        "table column",
        owner="table.guide_id",
        path="table.{obj.table_id}.columns.{obj.key}",
    ),
    Part("tablerow", "table row", owner="table.guide_id"),
    Part(
        "tablecell",
        "table cell",
        owner="row.table.guide_id",
        path="table.{obj.row.table_id}.rows.{obj.row_id}.{obj.column.key}",
    ),
    Part("guidelanguage", "language of a guide", owner="guide_id", translators=False),
    Part("reference", "reference", owner="guide_id", history=False, translators=False),
    Part("codedsubject", "coded subject", owner="guide_id", history=False, translators=False),
    Part("author", "author", owner=None, path="author.{field}"),
    Part("tag", "tag", owner=None, path="tags.{obj.slug}.{field}"),
    Part("glossaryterm", "glossary term", owner=None, history=False, translators=False),
)

_BY_MODEL = {part.model: part for part in PARTS}


def part_of(obj: Model | type[Model]) -> Part | None:
    """The part an object (or model) is, or None for a model that is not content."""
    meta = obj._meta
    if meta.app_label != APP_LABEL:
        return None
    return _BY_MODEL.get(meta.model_name or "")


def owning_guide_id(obj: Model) -> int | None:
    """The guide an object belongs to, or None for objects shared between guides."""
    part = part_of(obj)
    return part.guide_id(obj) if part is not None else None


def text_path(obj: Model, field: str) -> str | None:
    """The id of a stored text in the guide document (`sections.12.body`), if it has one."""
    part = part_of(obj)
    return part.text_path(obj, field) if part is not None else None


def model_names(**flags: bool) -> list[str]:
    """Names of the parts whose flags (`history`, `translators`, `shared`) match."""
    return [p.model for p in PARTS if all(getattr(p, k) == v for k, v in flags.items())]


def history_models() -> Iterator[type[Model]]:
    """The models whose edits are kept in history, in declaration order."""
    for name in model_names(history=True):
        yield apps.get_model(APP_LABEL, name)
