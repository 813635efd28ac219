"""What changes between two guide documents, per language: texts word by word, and structure.

Used before publishing (the live version against the working copy) and on the version
pages (any version against the live one or the working copy). Both sides are documents
(`guide.document.build_document`, or a version's frozen copy), so texts are matched by
their id in the walk (`guide.document_walk`) and parts by their row id, whatever changed.

Python's `difflib` does the matching. A diff library from the package index would add a
dependency for what `SequenceMatcher` already does on token lists; what it would not give
is our tokenisation (whitespace runs, one token per CJK character so Chinese text, written
without spaces, is compared per character), which is the part that matters here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import unescape
from typing import Any

from guide.document_walk import TextNode, walk
from guide.languages import SOURCE_LANGUAGE, Language, all_languages
from guide.sanitize import html_to_text

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# Whitespace runs, single CJK characters, and runs of anything else (a word with its
# punctuation and combining marks: an Arabic word keeps its shadda).
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")


@dataclass(frozen=True)
class Piece:
    """A run of a changed text: kept, inserted or deleted."""

    kind: str  # same | ins | del
    text: str


@dataclass(frozen=True)
class TextChange:
    path: str  # the text's id (`guide.document_walk`)
    label: str  # how an editor recognises it (in English, from the walk)
    kind: str  # added | removed | changed | markup (only the HTML around the words changed)
    pieces: list[Piece]


@dataclass(frozen=True)
class PartChange:
    part: str  # section | faq | row
    kind: str  # added | removed | moved
    label: str
    label_language: str  # the language `label` is written in


@dataclass
class LanguageDiff:
    language: Language
    texts: list[TextChange] = field(default_factory=list)
    parts: list[PartChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.texts or self.parts)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` -> `new` as kept, deleted and inserted runs, words whole (CJK per character)."""
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("del", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return pieces


def readable(node: TextNode, code: str) -> str:
    """The text as a reader reads it: HTML bodies as paragraphs of plain text."""
    text = node.texts.get(code, "")
    return html_to_text(text) if node.html else unescape(text)


def _text_changes(
    old: dict[str, TextNode], new: dict[str, TextNode], code: str
) -> Iterator[TextChange]:
    for path in [*new, *(p for p in old if p not in new)]:
        before, after = old.get(path), new.get(path)
        raw_before = before.texts.get(code, "") if before else ""
        raw_after = after.texts.get(code, "") if after else ""
        if raw_before == raw_after:
            continue
        node = after or before
        assert node is not None
        text_before = readable(before, code) if before else ""
        text_after = readable(after, code) if after else ""
        if not text_before:
            yield TextChange(path, node.label, "added", [Piece("ins", text_after)])
        elif not text_after:
            yield TextChange(path, node.label, "removed", [Piece("del", text_before)])
        elif text_before == text_after:
            yield TextChange(path, node.label, "markup", [Piece("same", text_after)])
        else:
            yield TextChange(path, node.label, "changed", word_diff(text_before, text_after))


def _flatten_sections(sections: list[Any]) -> Iterator[Any]:
    for section in sections:
        yield section
        yield from _flatten_sections(section["subsections"])


def _parts(document: Mapping[str, Any]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Per kind of part, (row id, texts naming it) in reading order."""
    table = document.get("comparison_table") or {}
    first = table.get("columns", [{}])[0].get("key") if table.get("columns") else None
    return {
        "section": [(s["id"], s["heading"]) for s in _flatten_sections(document["sections"])],
        "faq": [(e["id"], e["question"]) for e in document["faq"]],
        "row": [(r["id"], r["cells"].get(first, {})) for r in table.get("rows", [])],
    }


def _label(texts: Mapping[str, str], code: str) -> tuple[str, str]:
    if texts.get(code):
        return unescape(texts[code]), code
    return unescape(texts.get(SOURCE_LANGUAGE, "")) or "(untitled)", SOURCE_LANGUAGE


def part_changes(old: Mapping[str, Any], new: Mapping[str, Any], code: str) -> list[PartChange]:
    """Sections, FAQ entries and table rows added, removed or moved (reading order changed
    beyond what additions and removals explain), named in language `code` where they can be."""
    out = []
    before, after = _parts(old), _parts(new)
    for kind in ("section", "faq", "row"):
        old_items, new_items = dict(before[kind]), dict(after[kind])
        for pk, texts in after[kind]:
            if pk not in old_items:
                out.append(PartChange(kind, "added", *_label(texts, code)))
        for pk, texts in before[kind]:
            if pk not in new_items:
                out.append(PartChange(kind, "removed", *_label(texts, code)))
        kept_old = [pk for pk, _ in before[kind] if pk in new_items]
        kept_new = [pk for pk, _ in after[kind] if pk in old_items]
        matcher = SequenceMatcher(None, kept_old, kept_new, autojunk=False)
        blocks = matcher.get_matching_blocks()
        in_place = {pk for m in blocks for pk in kept_new[m.b : m.b + m.size]}
        for pk in kept_new:
            if pk not in in_place:
                out.append(PartChange(kind, "moved", *_label(new_items[pk], code)))
    return out


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[LanguageDiff]:
    """Per configured language, what reading `new` instead of `old` changes."""
    old_nodes = {node.path: node for node in walk(old)}
    new_nodes = {node.path: node for node in walk(new)}
    return [
        LanguageDiff(
            language,
            list(_text_changes(old_nodes, new_nodes, language.code)),
            part_changes(old, new, language.code),
        )
        for language in all_languages()
    ]


EMPTY_DOCUMENT: dict[str, Any] = {
    "id": None,
    "title": {},
    "subtitle": {},
    "summary": {},
    "faq_heading": {},
    "author": None,
    "tags": [],
    "sections": [],
    "faq": [],
    "comparison_table": None,
}
