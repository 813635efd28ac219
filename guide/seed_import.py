"""Import a guide from its structured seed files.

A seed is one English file (`<slug>.en.json`) and one file per translation
(`<slug>.<lang>.json`), all in `guide/seed/`. Importing is idempotent: values are
compared before they are written, so a second run writes nothing and reports zero
changes. By default an existing guide is left alone (editors own it once it exists);
`update=True` brings it back in line with the seed files. A guide whose content changed,
or that was never published, is published as a new version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model
from modeltranslation.utils import build_localized_fieldname

from guide.accessibility_analysis.readability_figures import refresh_readability
from guide.coded_subjects import import_coded_subjects
from guide.editing import ContentEdit, edit_content
from guide.languages import SOURCE_LANGUAGE, get_language
from guide.models import (
    Author,
    Callout,
    ComparisonTable,
    FAQEntry,
    Guide,
    GuideLanguage,
    Reference,
    Section,
    TableCell,
    TableColumn,
    TableRow,
    Tag,
)
from guide.publishing import publish
from guide.sanitize import sanitize_html
from guide.translating.seed_statuses import record_seed_statuses

SEED_DIR = Path(__file__).resolve().parent / "seed"
CODED_SUBJECTS_FILE = "coded-subjects.json"
M = TypeVar("M", bound=Model)


@dataclass
class ImportResult:
    slug: str
    created: int = 0
    updated: int = 0
    skipped: bool = False
    published_version: int | None = None
    languages: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def text_to_html(text: str) -> str:
    """Plain text as an HTML body, in the form saving stores it (see below)."""
    return sanitize_html(escape(text, quote=False))


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Paragraphs as the body's HTML, in the form saving stores it (the sanitiser writes a
    no-break space as `&nbsp;`), so a second import compares equal and writes nothing."""
    return sanitize_html("".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs))


def load_seed(slug: str, seed_dir: Path = SEED_DIR) -> tuple[dict, dict[str, dict]]:
    """The English seed and its translations, by language code."""
    source = json.loads((seed_dir / f"{slug}.{SOURCE_LANGUAGE}.json").read_text("utf-8"))
    translations = {}
    for path in sorted(seed_dir.glob(f"{slug}.*.json")):
        code = path.name[len(slug) + 1 : -len(".json")]
        if code == SOURCE_LANGUAGE:
            continue
        if get_language(code) is None:
            raise ValueError(f"{path.name}: language {code!r} is not configured")
        translations[code] = json.loads(path.read_text("utf-8"))
    return source, translations


def seed_codes(slug: str, seed_dir: Path = SEED_DIR) -> list[dict]:
    """The verified codes of a seed guide (`coded-subjects.json`, by slug)."""
    path = seed_dir / CODED_SUBJECTS_FILE
    if not path.exists():
        return []
    return json.loads(path.read_text("utf-8")).get(slug, [])


def _at(*keys: Any, then: Callable[[Any], Any] | None = None) -> Callable[[dict], Any]:
    """Picks the value at `keys` from a translation file (converted by `then`). A function
    per call, so loop variables are bound when it is made, not when it runs."""

    def pick(data: dict) -> Any:
        value: Any = data
        for key in keys:
            value = value[key]
        return then(value) if then else value

    return pick


class _Importer:
    def __init__(
        self,
        source: dict,
        translations: dict[str, dict],
        result: ImportResult,
        edit: ContentEdit,
    ):
        self.source = source
        self.edit = edit
        self.translations = translations
        self.result = result
        # Every object synced, with the fields this run wrote (None: created), so that the
        # translation statuses of the seeded texts can be recorded afterwards.
        self.synced: list[tuple[Model, set[str] | None]] = []

    def _sync(self, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self.edit.save(obj, record_statuses=False)  # statuses: record_seed_statuses
            self.result.created += 1
            self.synced.append((obj, None))
            return obj
        changed = set()
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed.add(name)
        if changed:
            self.edit.save(obj, record_statuses=False)
            self.result.updated += 1
        self.synced.append((obj, changed))
        return obj

    def _texts(self, name: str, source_value: str, pick: Callable[[dict], str]) -> dict[str, Any]:
        """Values of translated field `name`: the source's, then `pick(translation)` for each."""
        values: dict[str, str | None] = {
            build_localized_fieldname(name, SOURCE_LANGUAGE): source_value
        }
        for code, data in self.translations.items():
            try:
                value = pick(data)
            except (KeyError, IndexError, TypeError):
                value = None
            values[build_localized_fieldname(name, code)] = value or None
        return values

    def _same(self, name: str, source: dict, pick: Callable[[dict], dict]) -> dict[str, Any]:
        """Texts of a field whose translation sits at the same place as the source's."""
        return self._texts(name, pick(source)[name], lambda d: pick(d)[name])

    def run(self) -> Guide:
        src = self.source
        author = None
        if src.get("author"):
            author = self._sync(
                Author,
                {"name": src["author"]["name"]},
                {
                    **self._same("role", src, lambda d: d["author"]),
                    **self._same("bio", src, lambda d: d["author"]),
                },
            )
        guide = self._sync(
            Guide,
            {"slug": src["slug"]},
            {
                **self._same("title", src, lambda d: d),
                **self._same("subtitle", src, lambda d: d),
                **self._same("summary", src, lambda d: d),
                **self._same("faq_heading", src, lambda d: d),
                "author": author,
                "published_on": date.fromisoformat(src["published_on"]),
                "reading_time_minutes": src["reading_time_minutes"],
                "summary_is_editorial": bool(src.get("summary_is_editorial")),
                "canonical_url": src.get("canonical_url", ""),
            },
        )
        tags = [
            self._sync(
                Tag,
                {"slug": tag["slug"]},
                self._texts("name", tag["name"], _at("tags", tag["slug"])),
            )
            for tag in src["tags"]
        ]
        if {t.pk for t in guide.tags.all()} != {t.pk for t in tags}:
            guide.tags.set(tags)
            self.result.updated += 1
        self._references(guide)
        self._sections(guide)
        self._faq(guide)
        self._table(guide)
        self._languages(guide)
        return guide

    def _references(self, guide: Guide) -> None:
        """The sources the seed names, with only the facts it gives (nothing guessed)."""
        self.references: dict[str, Reference] = {}
        for order, ref in enumerate(self.source.get("references", []), start=1):
            self.references[ref["key"]] = self._sync(
                Reference,
                {"guide": guide, "key": ref["key"]},
                {
                    "order": order,
                    "title": ref["title"],
                    **{
                        name: ref.get(name, "")
                        for name in ("author", "publisher", "date", "url", "doi", "note")
                    },
                    "language": ref.get("language", SOURCE_LANGUAGE),
                },
            )

    def _cite(self, obj: Section | FAQEntry, data: dict) -> None:
        wanted = {self.references[key].pk for key in data.get("cites", [])}
        if {r.pk for r in obj.references.all()} != wanted:
            obj.references.set(wanted)
            self.result.updated += 1

    def _section_texts(self, data: dict) -> dict[str, Any]:
        anchor = data["anchor"]
        return {
            **self._texts("heading", data["heading"], lambda d: d["sections"][anchor]["heading"]),
            **self._texts(
                "body",
                paragraphs_to_html(data["paragraphs"]),
                lambda d: paragraphs_to_html(d["sections"][anchor]["paragraphs"]),
            ),
        }

    def _sections(self, guide: Guide) -> None:
        for order, data in enumerate(self.source["sections"], start=1):
            parent = self._sync(
                Section,
                {"guide": guide, "anchor": data["anchor"]},
                {"parent": None, "order": order, **self._section_texts(data)},
            )
            self._cite(parent, data)
            self._callouts(parent, data)
            for sub_order, sub in enumerate(data["subsections"], start=1):
                child = self._sync(
                    Section,
                    {"guide": guide, "anchor": sub["anchor"]},
                    {"parent": parent, "order": sub_order, **self._section_texts(sub)},
                )
                self._cite(child, sub)
                self._callouts(child, sub)

    def _callouts(self, section: Section, data: dict) -> None:
        anchor = data["anchor"]
        for i, callout in enumerate(data.get("callouts", [])):
            self._sync(
                Callout,
                {"section": section, "order": i + 1},
                {
                    "kind": callout["kind"],
                    **self._texts(
                        "label", callout["label"], _at("sections", anchor, "callouts", i, "label")
                    ),
                    **self._texts(
                        "body",
                        text_to_html(callout["body"]),
                        _at("sections", anchor, "callouts", i, "body", then=text_to_html),
                    ),
                },
            )

    def _faq(self, guide: Guide) -> None:
        for i, entry in enumerate(self.source["faq"]):
            faq = self._sync(
                FAQEntry,
                {"guide": guide, "order": i + 1},
                {
                    **self._same("question", self.source, _at("faq", i)),
                    **self._same("answer", self.source, _at("faq", i)),
                },
            )
            self._cite(faq, entry)

    def _table(self, guide: Guide) -> None:
        data = self.source.get("comparison_table")
        if not data:
            return
        placement = data["placement"]
        table = self._sync(
            ComparisonTable,
            {"guide": guide},
            {
                **self._same("caption", self.source, lambda d: d["comparison_table"]),
                "section": Section.objects.get(guide=guide, anchor=placement["section"]),
                "after_paragraph": placement["after_paragraph"],
                "caption_is_editorial": bool(data.get("caption_is_editorial")),
            },
        )
        columns = [
            self._sync(
                TableColumn,
                {"table": table, "key": column["key"]},
                {
                    "order": order,
                    "is_row_header": column["row_header"],
                    **self._texts(
                        "label",
                        column["label"],
                        _at("comparison_table", "columns", column["key"]),
                    ),
                },
            )
            for order, column in enumerate(data["columns"], start=1)
        ]
        for r, cells in enumerate(data["rows"]):
            row = self._sync(TableRow, {"table": table, "order": r + 1}, {})
            for c, column in enumerate(columns):
                self._sync(
                    TableCell,
                    {"row": row, "column": column},
                    self._texts(
                        "text",
                        cells[c],
                        _at("comparison_table", "rows", r, c),
                    ),
                )

    def _languages(self, guide: Guide) -> None:
        self._sync(
            GuideLanguage,
            {"guide": guide, "language": SOURCE_LANGUAGE},
            {"provenance": GuideLanguage.Provenance.SOURCE},
        )
        for code, data in self.translations.items():
            self._sync(
                GuideLanguage,
                {"guide": guide, "language": code},
                {"provenance": data.get("provenance", "machine"), "note": data.get("note", "")},
            )
            self.result.languages.append(code)


def import_seed(slug: str, *, update: bool = False, seed_dir: Path = SEED_DIR) -> ImportResult:
    """Import the seed guide `slug`; see the module docstring for what `update` does."""
    source, translations = load_seed(slug, seed_dir)
    result = ImportResult(slug=slug)
    existing = Guide.objects.filter(slug=slug).first()
    if not update and existing is not None:
        result.skipped = True
        if not existing.readability:  # imported before figures existed
            refresh_readability(existing)
        import_coded_subjects(existing, seed_codes(slug, seed_dir))  # seeded after the guide
        return result
    with transaction.atomic():
        with edit_content() as edit:  # revision and readability follow the writes
            importer = _Importer(source, translations, result, edit)
            guide = importer.run()
            import_coded_subjects(guide, seed_codes(slug, seed_dir))
            record_seed_statuses(importer.synced, list(translations))
            if result.changed or not guide.readability:
                edit.touch(guide.pk)
        guide.refresh_from_db(fields=["readability", "revision"])
        if result.changed or guide.live_version_id is None:
            note = "Seed import" if result.created else "Seed update"
            result.published_version = publish(guide, note=note).number
    return result
