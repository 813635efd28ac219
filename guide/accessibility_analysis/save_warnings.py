"""Which warnings a save shows, and what their links say.

After every save the checks find the same things again; shown each time, the same four or
five warnings buried the one the save caused. So a warning is shown once to each editor: a
save shows the warnings that are new to this editor (for this guide) and those about a text
the save changed (the editor touched it and it is still wrong); the others are counted in
one line ("3 earlier warnings still apply"). What each editor has been shown is kept in
their session, per guide, as short keys of the current warnings only: a warning that was
fixed and comes back is new again.

A warning's link names the block in the warning's language: the section's heading, the
FAQ question or the callout's label as written in that language (English where it is not
translated yet), marked with its `lang` and `dir`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Model
from django.forms import BaseForm, BaseFormSet
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from guide.content import text_path
from guide.document_walk import walk
from guide.languages import SOURCE_LANGUAGE, get_language, language_codes

SESSION_KEY = "editor_warnings_seen"
MAX_GUIDES = 20  # guides remembered per session, most recent kept
LABEL_LENGTH = 120  # a long FAQ question is cut, at a word

Changed = set[tuple[str, str]]  # (text id, language code) a save changed


# Labels in the warning's language ---------------------------------------------------------


def _in(texts: Mapping[str, str], code: str) -> tuple[str, str] | None:
    """(text, its language): in `code`, else English, else None."""
    for lang in (code, SOURCE_LANGUAGE):
        if (texts.get(lang) or "").strip():
            return texts[lang].strip(), lang
    return None


def _short(text: str) -> str:
    if len(text) <= LABEL_LENGTH:
        return text
    return text[:LABEL_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def block_labels(document: Mapping[str, Any], code: str) -> dict[str, tuple[str, str]]:
    """Each text id -> (how its block is named in `code`, the language of that name)."""
    out: dict[str, tuple[str, str]] = {}
    headings: dict[Any, tuple[str, str] | None] = {}
    callout_labels: dict[str, tuple[str, str] | None] = {}
    for node in walk(document):
        named: tuple[str, str] | None = None
        if node.part == "section":
            if node.field == "heading":
                headings[node.target.get("id")] = _in(node.texts, code)
            named = headings.get(node.target.get("id"))
        elif node.part == "callout":
            callout = node.path.rsplit(".", 1)[0]
            if node.field == "label":
                callout_labels[callout] = _in(node.texts, code)
            own, heading = callout_labels.get(callout), headings.get(node.target.get("id"))
            if own and heading and own[1] == heading[1]:
                named = (f"{own[0]} ({heading[0]})", own[1])
            else:
                named = own or heading
        elif node.part == "faq":
            if node.field == "question":
                headings[("faq", node.target.get("id"))] = _in(node.texts, code)
            named = headings.get(("faq", node.target.get("id")))
        label, lang = named if named else (node.label, SOURCE_LANGUAGE)
        out[node.path] = (_short(label), lang)
    return out


def label_attributes(lang: str) -> tuple[str, str]:
    """(lang, dir) of a label written in Django language `lang`."""
    language = get_language(lang)
    return (language.tag, language.direction) if language else (lang, "ltr")


# What a save changed ------------------------------------------------------------------------


def _columns(model: type[Model]) -> dict[str, tuple[str, str]]:
    """Translation column -> (field, language code), from modeltranslation's registry."""
    if model not in translator.get_registered_models():
        return {}
    return {
        build_localized_fieldname(field, code): (field, code)
        for field in translator.get_options_for_model(model).all_fields
        for code in language_codes()
    }


def changed_texts(form: BaseForm, formsets: Iterable[BaseFormSet]) -> Changed:
    """The texts (id, language) an admin save wrote, from its forms' changed fields."""
    forms = [form, *(f for formset in formsets for f in formset.forms)]
    out: Changed = set()
    for each in forms:
        instance = getattr(each, "instance", None)
        if instance is None or instance.pk is None or not each.has_changed():
            continue
        columns = _columns(type(instance))
        for name in each.changed_data:
            if name in columns:
                field, code = columns[name]
                path = text_path(instance, field)
                if path:
                    out.add((path, code))
    return out


# Shown once per editor ---------------------------------------------------------------------


def warning_key(*parts: Any) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:12]


def not_yet_seen(
    session: SessionBase, guide_id: int, warnings: Mapping[str, bool]
) -> tuple[set[str], int]:
    """`warnings` maps each current warning's key to whether this save changed its text.

    Returns the keys to show (new to this editor, or about a changed text) and how many
    others still apply; remembers every current key as seen.
    """
    seen_by_guide: dict[str, list[str]] = dict(session.get(SESSION_KEY, {}))
    seen = set(seen_by_guide.pop(str(guide_id), []))
    show = {key for key, touched in warnings.items() if touched or key not in seen}
    seen_by_guide[str(guide_id)] = sorted(warnings)
    while len(seen_by_guide) > MAX_GUIDES:
        seen_by_guide.pop(next(iter(seen_by_guide)))
    session[SESSION_KEY] = seen_by_guide
    return show, len(warnings) - len(show)
