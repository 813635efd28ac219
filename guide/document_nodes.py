"""The shape of a guide document (`guide.document.build_document`), node by node.

The document is plain JSON (it is frozen into published versions and rendered by the API),
so its nodes are TypedDicts: they type-check the code that builds and reads a document
without changing a byte of it.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

Texts = dict[str, str]  # language code -> text; a language without the text is absent


class StatusInfo(TypedDict):
    status: str  # machine, human, reviewed
    outdated: bool


# field -> language -> status of each existing translation
Statuses = dict[str, dict[str, StatusInfo]]


class AuthorNode(TypedDict):
    id: int
    name: str
    role: Texts
    bio: Texts
    translation: Statuses


class TagNode(TypedDict):
    id: int
    slug: str
    name: Texts
    translation: Statuses


class CalloutNode(TypedDict):
    id: int
    kind: str
    label: Texts
    body: Texts  # HTML
    translation: Statuses


class FigureNode(TypedDict):
    id: int
    image: str
    width: int
    height: int
    decorative: bool
    alt: Texts
    caption: Texts
    credit: Texts
    renditions: list[dict[str, Any]]


class SectionNode(TypedDict):
    id: int
    anchor: str
    heading: Texts
    body: Texts  # HTML
    cites: list[str]
    translation: Statuses
    callouts: list[CalloutNode]
    figures: list[FigureNode]
    subsections: list[SectionNode]  # empty below the first level


class FAQNode(TypedDict):
    id: int
    question: Texts
    answer: Texts
    cites: list[str]
    translation: Statuses


class ColumnNode(TypedDict):
    key: str
    label: Texts
    row_header: bool
    translation: Statuses


class RowNode(TypedDict):
    id: int
    cells: dict[str, Texts]  # column key -> texts
    translation: dict[str, dict[str, StatusInfo]]  # column key -> language -> status


class Placement(TypedDict):
    section: str | None  # anchor of the section the table follows
    after_paragraph: int | None


class TableNode(TypedDict):
    id: int
    caption: Texts
    editorial: list[str]
    translation: Statuses
    placement: Placement
    columns: list[ColumnNode]
    rows: list[RowNode]


class ReferenceNode(TypedDict):
    key: str
    title: str
    author: str | None
    publisher: str | None
    date: str | None
    url: str | None
    doi: str | None
    language: str
    note: str | None


class Document(TypedDict):
    """A guide in every language. Publishing sets `content_version`, `published_at` and
    `updated_at`; a published snapshot also carries the `glossary` entries it used."""

    id: int
    slug: str
    status: str
    content_version: int | None
    published_at: str | None
    published_on: str | None
    updated_at: str | None
    canonical_url: str | None
    reading_time_minutes: int | None
    title: Texts
    subtitle: Texts
    summary: Texts
    faq_heading: Texts
    translation: Statuses
    editorial: list[str]
    author: AuthorNode | None
    tags: list[TagNode]
    sections: list[SectionNode]
    faq: list[FAQNode]
    comparison_table: TableNode | None
    references: list[ReferenceNode]
    languages: dict[str, dict[str, Any]]  # code -> {"provenance": ...}
    disclaimer: Texts
    disclaimer_provenance: dict[str, str]
    publisher: dict[str, Any] | None
    readability: dict[str, Any]  # figures per block path, see guide.accessibility
    glossary: NotRequired[list[dict[str, Any]]]
