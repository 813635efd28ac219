"""XLIFF 1.2 round trip of a guide's texts for one language, for translation vendors.

Export writes one `<trans-unit>` per text with an English source, with a stable id
(`section.12.body`, see `guide.translating.texts.unit_id`) and as `resname` the text's id in
the document (`sections.12.body`, as warnings name it), the English source, the
current translation if any, its status, and a `source-fingerprint` note (sha256 of the
English as exported). translate-toolkit reads and writes the XML.

Import is all-or-nothing: it validates the whole file first (well-formed XLIFF, the guide
and language it is for, unknown or duplicate ids, English changed since export, a source
edited in the file, markup that differs from the source, reviewed texts) and reports every
problem with its unit id; with any problem it changes nothing. Otherwise it writes, in one
transaction, only the units whose translation differs from what is stored. Imported texts
become `human`, or `machine` when the target's `state-qualifier` says so (`mt-suggestion`,
`leveraged-mt`); import never marks a text reviewed. Targets still in state `new` or
`needs-translation` are skipped, as are empty ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import PermissionDenied
from lxml import etree
from modeltranslation.utils import build_localized_fieldname
from translate.storage import xliff

from guide.editing import edit_content
from guide.languages import SOURCE_LANGUAGE, get_language
from guide.models import Guide, SanitizedBodyMixin
from guide.sanitize import sanitize_html
from guide.translating.marking import can_mark_reviewed
from guide.translating.recording import record_imported
from guide.translating.status import StatusLookup, records_for
from guide.translating.texts import Text, fingerprint, guide_texts, target_languages

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
FINGERPRINT_NOTE = "source-fingerprint"
STATUS_NOTE = "status"
MACHINE_QUALIFIERS = {"mt-suggestion", "leveraged-mt"}
UNTRANSLATED_STATES = {"new", "needs-translation"}
# How a stored status is written as an XLIFF 1.2 target state.
TARGET_STATES = {
    "machine": ("needs-review-translation", "mt-suggestion"),
    "human": ("translated", None),
    "reviewed": ("signed-off", None),
}
_SKELETON = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}"><file original="" source-language="en" '
    'datatype="html"><body/></file></xliff>'
)


def is_html(text: Text) -> bool:
    """Bodies are HTML (cleaned on save); every other text is plain."""
    return isinstance(text.obj, SanitizedBodyMixin) and text.field == "body"


def export_xliff(guide: Guide, code: str) -> bytes:
    """The texts of `guide` for translation into language `code`, as XLIFF 1.2."""
    language = get_language(code)
    if language is None or language.code == SOURCE_LANGUAGE:
        raise ValueError(f"{code!r} is not a configured target language")
    texts = guide_texts(guide)
    lookup = StatusLookup(records_for({t.obj for t in texts}).values())
    store = xliff.xlifffile.parsestring(_SKELETON.encode("utf-8"))
    file_node = store.document.getroot()[0]
    file_node.set("original", guide.slug)
    file_node.set("target-language", language.code)
    file_node.set("product-name", "patient-guides")
    file_node.set("product-version", f"working-copy-{guide.revision}")
    for text in texts:
        unit = xliff.xliffunit(text.source)
        store.addunit(unit)
        unit.setid(text.unit_id)
        unit.xmlelement.set("resname", text.path or text.unit_id)
        translation = text.value(language.code)
        if translation:
            info = lookup.for_object(text.obj, [text.field])[text.field][language.code]
            unit.target = translation
            state, qualifier = TARGET_STATES[info["status"]]
            if info["outdated"]:
                state = "needs-review-translation"
            target = unit.xmlelement.find(unit.namespaced("target"))
            target.set("state", state)
            if qualifier:
                target.set("state-qualifier", qualifier)
            unit.xmlelement.attrib.pop("approved", None)
            if info["status"] == "reviewed" and not info["outdated"]:
                unit.xmlelement.set("approved", "yes")
            note = info["status"] + (", outdated: the English changed" if info["outdated"] else "")
            unit.addnote(note, origin=STATUS_NOTE)
        unit.addnote(fingerprint(text.source), origin=FINGERPRINT_NOTE)
    root = store.document.getroot()
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_filename(guide: Guide, code: str) -> str:
    language = get_language(code)
    return f"{guide.slug}.{language.tag if language else code}.xlf"


# --- Import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    unit_id: str | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.message}" if self.unit_id else self.message


class XliffImportError(Exception):
    """The file was refused; nothing was changed. `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    slug: str
    language: str
    updated: list[str] = field(default_factory=list)  # unit ids written
    unchanged: int = 0
    skipped: int = 0  # units without a translation


class _MarkupReader(HTMLParser):
    VOID = {"br", "img", "hr", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.open: list[str] = []
        self.unbalanced = False
        self.stray_brackets = 0  # `<` that began no tag: an unterminated one, or a literal

    def handle_data(self, data: str) -> None:
        self.stray_brackets += data.count("<")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        self.tags[f"<{tag} href={href}>" if href else f"<{tag}>"] += 1
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.open or self.open.pop() != tag:
            self.unbalanced = True


def markup_problem(source: str, target: str) -> str | None:
    """Why the target's tags do not match the source's (same tags and links, well nested)."""
    readers = []
    for text in (source, target):
        reader = _MarkupReader()
        reader.feed(text)
        reader.close()
        readers.append(reader)
    src, tgt = readers
    reasons = []
    missing = src.tags - tgt.tags
    extra = tgt.tags - src.tags
    if missing:
        reasons.append("missing " + ", ".join(sorted(missing.elements())))
    if extra:
        reasons.append("unexpected " + ", ".join(sorted(extra.elements())))
    if tgt.unbalanced or tgt.open:
        reasons.append("tags are not properly closed or nested")
    if tgt.stray_brackets > src.stray_brackets:
        reasons.append("a tag is not terminated (a `<` without its `>`)")
    return "markup does not match the source: " + "; ".join(reasons) if reasons else None


@dataclass
class _Change:
    text: Text
    value: str
    status: str


def _parse(data: bytes) -> Any:
    try:
        store = xliff.xlifffile.parsestring(data)
        root = store.document.getroot()
    except Exception as exc:  # lxml and translate-toolkit raise several kinds
        raise XliffImportError([Problem(None, f"not a well-formed XLIFF file: {exc}")]) from exc
    if etree.QName(root).localname != "xliff" or not str(store.namespace).startswith(
        "urn:oasis:names:tc:xliff:document:1."
    ):
        raise XliffImportError([Problem(None, "not an XLIFF 1.x file (root must be <xliff>)")])
    if len(root.findall(f"{{{store.namespace}}}file")) != 1:
        raise XliffImportError([Problem(None, "the file must hold exactly one <file> element")])
    return store


def _note(unit: Any, origin: str) -> str:
    return (unit.getnotes(origin) or "").strip()


def _header_problems(
    file_node: Any, guide: Guide | None, expect_guide: str | None, expect_language: str | None
) -> list[Problem]:
    """What is wrong with the file as a whole: its guide, its languages."""
    problems: list[Problem] = []
    slug = file_node.get("original") or ""
    code = (file_node.get("target-language") or "").lower()
    source_code = (file_node.get("source-language") or "").lower()
    if guide is None:
        problems.append(Problem(None, f"the file is for guide {slug!r}, which does not exist"))
    if expect_guide and slug != expect_guide:
        problems.append(Problem(None, f"the file is for guide {slug!r}, not {expect_guide!r}"))
    if source_code != SOURCE_LANGUAGE:
        problems.append(Problem(None, f"the source language is {source_code!r}, not 'en'"))
    language = get_language(code) if code else None
    expected = get_language(expect_language) if expect_language else None
    if expect_language and (expected is None or expected.code not in target_languages()):
        problems.append(
            Problem(
                None,
                f"{expect_language[:20]!r} is not a language we translate; "
                f"choose one of {', '.join(target_languages())}",
            )
        )
    if language is None or language.code not in target_languages():
        problems.append(
            Problem(None, f"target language {code[:20]!r} is not a language we translate")
        )
    elif expected is not None and language.code != expected.code:
        problems.append(
            Problem(None, f"the file is for language {language.tag!r}, not {expect_language!r}")
        )
    return problems


class _UnitSkipped(Exception):
    """The unit carries no translation (empty, or still in an untranslated state)."""


class _UnitUnchanged(Exception):
    """The unit's translation is what is stored already."""


@dataclass
class _Reader:
    """Checks the units of one file against one guide's texts in one language."""

    guide: Guide
    code: str
    overwrite_reviewed: bool
    texts: dict[str, Text]
    lookup: StatusLookup

    def source_problem(self, unit: Any, text: Text) -> str | None:
        exported_fp = _note(unit, FINGERPRINT_NOTE)
        if not exported_fp:
            return "the source-fingerprint note is missing"
        if fingerprint(unit.source or "") != exported_fp:
            return "the English source was edited in the file"
        if exported_fp != fingerprint(text.source):
            return "the English source changed since export; export the guide again"
        return None

    def change(self, unit: Any, text: Text) -> _Change:
        """The change a unit asks for; a refusal is raised as ValueError with its reason."""
        target_node = unit.xmlelement.find(unit.namespaced("target"))
        value = unit.target or ""
        if (
            target_node is None
            or not value.strip()
            or target_node.get("state") in UNTRANSLATED_STATES
        ):
            raise _UnitSkipped
        if reason := markup_problem(text.source, value):
            raise ValueError(reason)
        stored = sanitize_html(value) if is_html(text) else value
        column = text.obj._meta.get_field(build_localized_fieldname(text.field, self.code))
        max_length = getattr(column, "max_length", None)
        if max_length and len(stored) > max_length:
            raise ValueError(
                f"the translation is {len(stored)} characters long; at most {max_length} fit"
            )
        if stored == text.value(self.code):
            raise _UnitUnchanged
        info = self.lookup.for_object(text.obj, [text.field]).get(text.field, {}).get(self.code)
        if info and info["status"] == "reviewed" and not self.overwrite_reviewed:
            raise ValueError(
                "this translation is medically reviewed; importing would overwrite it (only a "
                "medical reviewer may, with “Overwrite medically reviewed translations” or "
                "--overwrite-reviewed)"
            )
        qualifier = target_node.get("state-qualifier")
        status = "machine" if qualifier in MACHINE_QUALIFIERS else "human"
        return _Change(text, stored, status)

    def read(self, units: Iterable[Any], result: ImportResult) -> list[_Change]:
        """Every change the units ask for; raises `XliffImportError` with every problem."""
        problems: list[Problem] = []
        changes: list[_Change] = []
        seen: set[str] = set()
        for unit in units:
            uid = unit.xmlelement.get("id") or ""
            text = self.texts.get(uid)
            if not uid:
                problems.append(Problem(None, "a <trans-unit> has no id"))
            elif uid in seen:
                problems.append(Problem(uid, "appears more than once"))
            elif text is None:
                seen.add(uid)
                problems.append(
                    Problem(uid, f"unknown unit id: no such text in guide {self.guide.slug!r}")
                )
            elif reason := self.source_problem(unit, text):
                seen.add(uid)
                problems.append(Problem(uid, reason))
            else:
                seen.add(uid)
                try:
                    changes.append(self.change(unit, text))
                except _UnitSkipped:
                    result.skipped += 1
                except _UnitUnchanged:
                    result.unchanged += 1
                except ValueError as exc:
                    problems.append(Problem(uid, str(exc)))
        if problems:
            raise XliffImportError(problems)
        return changes


def _apply(changes: list[_Change], code: str, user: Any, result: ImportResult) -> None:
    """Write the changes as one edit: history, statuses, the guide's revision and figures."""
    by_object: dict[int, list[_Change]] = {}
    for change in changes:
        by_object.setdefault(id(change.text.obj), []).append(change)
    with edit_content(user) as edit:
        for group in by_object.values():
            obj = group[0].text.obj
            for change in group:
                setattr(obj, build_localized_fieldname(change.text.field, code), change.value)
            edit.save(obj, record_statuses=False)
            for change in group:
                record_imported(change.text, code, change.status, user)
                result.updated.append(change.text.unit_id)


def import_xliff(
    data: bytes,
    *,
    user: Any = None,
    overwrite_reviewed: bool = False,
    expect_guide: str | None = None,
    expect_language: str | None = None,
) -> ImportResult:
    """Apply a translated XLIFF file, all or nothing; raises `XliffImportError` if refused.

    `expect_guide` and `expect_language` refuse a file meant for another guide or language
    (the admin's upload form for one guide and language passes them). Overwriting reviewed
    translations is for medical reviewers (or the command line, which has no user).
    """
    if overwrite_reviewed and user is not None and not can_mark_reviewed(user):
        raise PermissionDenied("Only medical reviewers may overwrite reviewed translations.")
    store = _parse(data)
    file_node = store.document.getroot()[0]
    guide = Guide.objects.filter(slug=file_node.get("original") or "").first()
    problems = _header_problems(file_node, guide, expect_guide, expect_language)
    code = (file_node.get("target-language") or "").lower()
    language = get_language(code) if code else None
    if problems or guide is None or language is None:
        raise XliffImportError(problems)
    texts = {text.unit_id: text for text in guide_texts(guide)}
    lookup = StatusLookup(records_for({t.obj for t in texts.values()}).values())
    reader = _Reader(guide, language.code, overwrite_reviewed, texts, lookup)
    result = ImportResult(slug=guide.slug, language=language.code)
    changes = reader.read(store.getunits(), result)
    _apply(changes, language.code, user, result)
    return result
