"""Every text of a guide document, in reading order, with what each reader of it needs.

`walk(document)` is the one walk over a document's texts: coverage, translation statuses,
the to-fix list, readability, the editor checks and the API's per-block members all take
their texts from it, so they agree on which texts exist, in which order, and what each is
called.

A text's id is its path in the document, one scheme everywhere (warnings, the to-fix page,
readability figures, the status list):

    title, subtitle, summary, faq_heading        the guide's own texts
    author.role, author.bio
    tags.<slug>.name
    sections.<id>.heading, sections.<id>.body    sections and subsections alike
    callouts.<id>.label, callouts.<id>.body
    faq.<id>.question, faq.<id>.answer
    table.<id>.caption
    table.<id>.columns.<key>
    table.<id>.rows.<row id>.<key>               one cell

Stored texts are named the same way from their rows (`guide.content.text_path`). XLIFF
keeps the row's name as a unit's id (`section.12.body`, `guide.translating.texts.unit_id`),
so files already sent out still import, and gives this id as the unit's `resname`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from guide.document_nodes import (
    CalloutNode,
    FAQNode,
    SectionNode,
    StatusInfo,
    TableNode,
    Texts,
)
from guide.languages import SOURCE_LANGUAGE

GUIDE_FIELDS = ("title", "subtitle", "summary", "faq_heading")
SECTION_LEVEL = 2  # a section is an h2, a subsection an h3


class Target(TypedDict, total=False):
    """Where the admin edits a text: the model's change page, and on it the place."""

    model: str  # guide, author, tag, section, faq, comparisontable, tablerow
    id: int | None
    anchor: str  # a section's anchor
    index: int  # a FAQ entry's position in the guide
    field: str  # a guide field


@dataclass(frozen=True)
class TextNode:
    """One translatable text of a document."""

    path: str  # the text's id (see the module docstring)
    part: str  # guide, author, tag, section, callout, faq, table, column, cell
    field: str  # the model field (a cell's is its column key)
    texts: Texts  # by language code
    statuses: dict[str, StatusInfo]  # language -> status of the existing translations
    label: str  # how an editor recognises it: a heading, a question
    target: Target
    html: bool = False  # section and callout bodies are HTML; every other text is plain
    level: int | None = None  # heading level of the section it is in
    # (model, id) of the admin change page
    page: tuple[str, int | None] = ("guide", None)

    @property
    def source(self) -> str:
        return self.texts.get(SOURCE_LANGUAGE, "")


def section_path(section: SectionNode | dict[str, Any], field: str) -> str:
    return f"sections.{section['id']}.{field}"


def callout_path(callout: CalloutNode | dict[str, Any], field: str) -> str:
    return f"callouts.{callout['id']}.{field}"


def faq_path(entry: FAQNode | dict[str, Any], field: str) -> str:
    return f"faq.{entry['id']}.{field}"


def caption_path(table: TableNode | dict[str, Any]) -> str:
    return f"table.{table['id']}.caption"


def cell_path(table: TableNode | dict[str, Any], row_id: int, key: str) -> str:
    return f"table.{table['id']}.rows.{row_id}.{key}"


def _statuses(obj: Any, field: str) -> dict[str, StatusInfo]:
    return obj.get("translation", {}).get(field, {})


def walk(document: Mapping[str, Any]) -> Iterator[TextNode]:
    """Every text of `document` in reading order: the guide's own texts, author, tags,
    sections (each followed by its callouts and subsections), FAQ, then the table."""
    data: Any = document  # read by key: the walk names fields in loops
    guide_id = data.get("id")
    for field in GUIDE_FIELDS:
        target: Target = {"model": "guide", "id": guide_id, "field": field}
        label = field.replace("_", " ").capitalize()
        yield TextNode(
            field,
            "guide",
            field,
            data[field],
            _statuses(data, field),
            label,
            target,
            page=("guide", guide_id),
        )
    author = data["author"]
    if author:
        for field in ("role", "bio"):
            yield TextNode(
                f"author.{field}",
                "author",
                field,
                author[field],
                _statuses(author, field),
                f"Author {field}",
                {"model": "author", "id": author.get("id")},
                page=("author", author.get("id")),
            )
    for tag in data["tags"]:
        yield TextNode(
            f"tags.{tag['slug']}.name",
            "tag",
            "name",
            tag["name"],
            _statuses(tag, "name"),
            f"Tag {tag['slug']}",
            {"model": "tag", "id": tag.get("id")},
            page=("tag", tag.get("id")),
        )
    yield from _sections(data["sections"], SECTION_LEVEL)
    yield from _faq(data["faq"])
    if data.get("comparison_table"):
        yield from _table(data["comparison_table"])


def _sections(sections: list[Any], level: int) -> Iterator[TextNode]:
    for section in sections:
        heading = section["heading"].get(SOURCE_LANGUAGE, section["anchor"])
        target: Target = {"model": "section", "id": section["id"], "anchor": section["anchor"]}
        for field, label, html in (
            ("heading", f"Heading: {heading}", False),
            ("body", heading, True),
        ):
            yield TextNode(
                section_path(section, field),
                "section",
                field,
                section[field],
                _statuses(section, field),
                label,
                target,
                html,
                level,
                ("section", section["id"]),
            )
        for callout in section["callouts"]:
            label = f"{callout['label'].get(SOURCE_LANGUAGE, 'Callout')} ({heading})"
            for field in ("label", "body"):
                yield TextNode(
                    callout_path(callout, field),
                    "callout",
                    field,
                    callout[field],
                    _statuses(callout, field),
                    label,
                    target,
                    field == "body",
                    level,
                    ("section", section["id"]),
                )
        yield from _sections(section["subsections"], level + 1)


def _faq(entries: list[FAQNode]) -> Iterator[TextNode]:
    for index, entry in enumerate(entries):
        label = entry["question"].get(SOURCE_LANGUAGE, f"FAQ {index + 1}")
        target: Target = {"model": "faq", "id": entry["id"], "index": index}
        for field in ("question", "answer"):
            yield TextNode(
                faq_path(entry, field),
                "faq",
                field,
                entry[field],
                _statuses(entry, field),
                label,
                target,
                page=("faqentry", entry["id"]),
            )


def _table(table: TableNode) -> Iterator[TextNode]:
    target: Target = {"model": "comparisontable", "id": table["id"]}
    yield TextNode(
        caption_path(table),
        "table",
        "caption",
        table["caption"],
        _statuses(table, "caption"),
        "Table caption",
        target,
        page=("comparisontable", table["id"]),
    )
    for column in table["columns"]:
        yield TextNode(
            f"table.{table['id']}.columns.{column['key']}",
            "column",
            "label",
            column["label"],
            _statuses(column, "label"),
            f"Table column ({column['key']})",
            target,
            page=("comparisontable", table["id"]),
        )
    for row in table["rows"]:
        row_target: Target = {"model": "tablerow", "id": row["id"]}
        for key, cell in row["cells"].items():
            yield TextNode(
                cell_path(table, row["id"], key),
                "cell",
                key,
                cell,
                row.get("translation", {}).get(key, {}),
                f"Table cell ({key})",
                row_target,
                page=("tablerow", row["id"]),
            )
