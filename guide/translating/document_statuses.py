"""Reading translation statuses back from a guide document (API, dashboard).

The document (`guide.document.build_document`) carries each text's statuses; these read
them without SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from guide.document_nodes import StatusInfo
from guide.document_walk import walk
from guide.languages import SOURCE_LANGUAGE
from guide.translating.texts import target_languages


@dataclass(frozen=True)
class DocumentText:
    """A text of a document with its statuses and the admin object where it is edited."""

    path: str
    texts: dict[str, str]
    statuses: dict[str, StatusInfo]  # language -> {"status", "outdated"}
    admin_model: str
    admin_pk: int | None


def iter_document_texts(document: Mapping[str, Any]) -> Iterator[DocumentText]:
    """Every text of a document (see `guide.document_walk`) with its statuses."""
    for node in walk(document):
        model, pk = node.page
        yield DocumentText(node.path, node.texts, node.statuses, model, pk)


COUNTED = ("machine", "human", "reviewed", "outdated", "missing")


def language_counts(document: Mapping[str, Any]) -> dict[str, dict[str, int]]:
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
