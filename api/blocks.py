"""`?format=blocks`: bodies as a JSON block tree, so native apps need no HTML parser.

Built at publish time from the rendered (sanitised, glossary-marked) HTML of each body, and
stored beside the HTML representation. The shape borrows from Contentful Rich Text (nested
nodes, marks on text) and Portable Text (a flat list of typed blocks with keys):

- block: `paragraph`, `heading` (`level` 3-6), `list` (`ordered`, `items`), `quote`
  (`blocks`), `figure` (`figure`: a section's image, after its text, as in `figures`);
  every block and list item has an `id`.
- inline: `text` (`text`, optional `marks` from `strong`, `em`, `sub`, `sup`), `link`
  (`href`, optional `hreflang`), `glossary` (`role` `definition` or `abbreviation`, `term`:
  the glossary term's slug, or null for marks an editor wrote, `title`), `span` (`lang`,
  `dir`), `break`; the container ones carry `children`.

Ids are `<object>.<n>` (`section-12.3`: the third block of section 12's body; list items
add `.k`). They depend on the object and the position only, so a deep link names the same
block in every language of a version. `to_html()` renders blocks back; the tests check that
the text is the same as the HTML body's for the whole seed guide in every language.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from guide.sanitize import html_to_text

Node = dict[str, Any]

_BLOCK_TAGS = {"p", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote"}
_MARK_TAGS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "sub": "sub", "sup": "sup"}
_VOID = {"br"}


class _Element:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []


class _TreeBuilder(HTMLParser):
    """A small DOM of sanitised HTML (well formed: nh3 wrote it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse(body: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(body)
    builder.close()
    return builder.root


class _Converter:
    def __init__(self, terms: dict[tuple[str, str], str]):
        self.terms = terms

    def inline(self, nodes: list[_Element | str], marks: tuple[str, ...] = ()) -> list[Node]:
        out: list[Node] = []
        for node in nodes:
            if isinstance(node, str):
                if node:
                    text: Node = {"type": "text", "text": node}
                    if marks:
                        text["marks"] = list(marks)
                    out.append(text)
                continue
            tag = node.tag
            if tag in _MARK_TAGS:
                mark = _MARK_TAGS[tag]
                out.extend(self.inline(node.children, marks if mark in marks else (*marks, mark)))
            elif tag == "br":
                out.append({"type": "break"})
            elif tag == "a":
                link: Node = {"type": "link", "href": node.attrs.get("href", "")}
                if node.attrs.get("hreflang"):
                    link["hreflang"] = node.attrs["hreflang"]
                link["children"] = self.inline(node.children, marks)
                out.append(link)
            elif tag in ("dfn", "abbr"):
                role = "definition" if tag == "dfn" else "abbreviation"
                title = node.attrs.get("title", "")
                out.append(
                    {
                        "type": "glossary",
                        "role": role,
                        "term": self.terms.get((role, title)),
                        "title": title,
                        "children": self.inline(node.children, marks),
                    }
                )
            elif tag == "span":
                span: Node = {"type": "span"}
                for name in ("lang", "dir"):
                    if node.attrs.get(name):
                        span[name] = node.attrs[name]
                span["children"] = self.inline(node.children, marks)
                out.append(span)
            else:  # a block inside inline content: keep its text
                out.extend(self.inline(node.children, marks))
        return out

    def blocks(self, nodes: Sequence[_Element | str], prefix: str) -> list[Node]:
        out: list[Node] = []
        loose: list[_Element | str] = []

        def flush() -> None:
            if any(not isinstance(n, str) or n.strip() for n in loose):
                out.append(
                    {
                        "id": f"{prefix}.{len(out) + 1}",
                        "type": "paragraph",
                        "children": self.inline(loose),
                    }
                )
            loose.clear()

        for node in nodes:
            if isinstance(node, str) or node.tag not in _BLOCK_TAGS:
                loose.append(node)
                continue
            flush()
            block_id = f"{prefix}.{len(out) + 1}"
            out.append(self.block(node, block_id))
        flush()
        return out

    def block(self, node: _Element, block_id: str) -> Node:
        tag = node.tag
        if tag == "p":
            block: Node = {"id": block_id, "type": "paragraph"}
            for name in ("lang", "dir"):
                if node.attrs.get(name):
                    block[name] = node.attrs[name]
            block["children"] = self.inline(node.children)
            return block
        if tag in ("h3", "h4", "h5", "h6"):
            return {
                "id": block_id,
                "type": "heading",
                "level": int(tag[1]),
                "children": self.inline(node.children),
            }
        if tag in ("ul", "ol"):
            items: list[Node] = []
            for child in node.children:
                if isinstance(child, str):
                    continue  # whitespace between items
                item_id = f"{block_id}.{len(items) + 1}"
                inline = [
                    c for c in child.children if isinstance(c, str) or c.tag not in _BLOCK_TAGS
                ]
                nested = [
                    c for c in child.children if not isinstance(c, str) and c.tag in _BLOCK_TAGS
                ]
                item: Node = {"id": item_id, "type": "list_item", "children": self.inline(inline)}
                if nested:
                    item["blocks"] = self.blocks(nested, item_id)
                items.append(item)
            return {"id": block_id, "type": "list", "ordered": tag == "ol", "items": items}
        # blockquote
        return {"id": block_id, "type": "quote", "blocks": self.blocks(node.children, block_id)}


def glossary_terms(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(role, title) -> term slug, for every language: marks carry the definition or
    expansion as their title (see guide.accessibility_analysis.glossary_terms.mark_html)."""
    terms: dict[tuple[str, str], str] = {}
    for entry in document.get("glossary") or []:
        for title in entry.get("definition", {}).values():
            terms.setdefault(("definition", title), entry["slug"])
        for title in entry.get("expansion", {}).values():
            terms.setdefault(("abbreviation", title), entry["slug"])
    return terms


def html_to_blocks(body: str, prefix: str, terms: dict[tuple[str, str], str]) -> list[Node]:
    """The block tree of one sanitised HTML body."""
    return _Converter(terms).blocks(_parse(body).children, prefix)


def to_blocks(payload: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """A rendered payload with `blocks` beside every body, and the body as plain text (what
    `?format=text` gives: a preview or a read-aloud without walking the tree).
    Non-destructive."""
    terms = glossary_terms(document)
    result = copy.deepcopy(payload)

    def convert(obj: dict[str, Any], prefix: str) -> None:
        obj["blocks"] = html_to_blocks(obj["body"], prefix, terms)
        obj["body"] = html_to_text(obj["body"])

    def section(obj: dict[str, Any]) -> None:
        prefix = f"section-{obj['id']}"
        convert(obj, prefix)
        for figure in obj.get("figures", []):
            block_id = f"{prefix}.{len(obj['blocks']) + 1}"
            obj["blocks"].append({"id": block_id, "type": "figure", "figure": figure})
        for callout in obj.get("callouts", []):
            convert(callout, f"callout-{callout['id']}")
        for sub in obj.get("subsections", []):
            section(sub)

    for obj in result.get("sections", []):
        section(obj)
    result["body_format"] = "blocks"
    return result


# Back to HTML -------------------------------------------------------------------------------


def _attrs(node: Node, names: tuple[str, ...]) -> str:
    return "".join(
        f' {name}="{html.escape(node[name])}"' for name in names if node.get(name) is not None
    )


def _inline_html(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        kind = node["type"]
        if kind == "text":
            text = html.escape(node["text"], quote=False)
            for mark in node.get("marks", []):
                text = f"<{mark}>{text}</{mark}>"
            out.append(text)
        elif kind == "break":
            out.append("<br>")
        elif kind == "link":
            out.append(
                f"<a{_attrs(node, ('href', 'hreflang'))}>{_inline_html(node['children'])}</a>"
            )
        elif kind == "glossary":
            tag = "dfn" if node["role"] == "definition" else "abbr"
            out.append(f"<{tag}{_attrs(node, ('title',))}>{_inline_html(node['children'])}</{tag}>")
        elif kind == "span":
            out.append(
                f"<span{_attrs(node, ('lang', 'dir'))}>{_inline_html(node['children'])}</span>"
            )
    return "".join(out)


def to_html(blocks: list[Node]) -> str:
    """HTML for a block tree: what a web client would render from it."""
    out = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            out.append(f"<p{_attrs(block, ('lang', 'dir'))}>{_inline_html(block['children'])}</p>")
        elif kind == "heading":
            level = block["level"]
            out.append(f"<h{level}>{_inline_html(block['children'])}</h{level}>")
        elif kind == "list":
            tag = "ol" if block["ordered"] else "ul"
            items = "".join(
                f"<li>{_inline_html(item['children'])}{to_html(item.get('blocks', []))}</li>"
                for item in block["items"]
            )
            out.append(f"<{tag}>{items}</{tag}>")
        elif kind == "quote":
            out.append(f"<blockquote>{to_html(block['blocks'])}</blockquote>")
        elif kind == "figure":
            figure = block["figure"]
            fallback = figure["renditions"][-1]
            img = (
                f'<img src="{html.escape(fallback["url"])}" alt="{html.escape(figure["alt"])}" '
                f'width="{figure["width"]}" height="{figure["height"]}">'
            )
            caption = html.escape(figure["caption"], quote=False)
            out.append(
                f"<figure>{img}<figcaption>{caption}</figcaption></figure>" if caption else img
            )
    return "".join(out)
