"""Reading translation statuses back from a guide document (API, dashboard).

The document (`guide.document.build_document`) carries each text's statuses; these read
them without SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guide.languages import SOURCE_LANGUAGE
from guide.translating.texts import target_languages


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
