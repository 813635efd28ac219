"""Accessibility in the admin: figures and warnings after each save, glossary candidates.

Saving never fails because of these: readability above grade 8 and the editor checks
(`guide.accessibility_analysis.editor_checks`) come back as warning messages that link to
the block concerned, each once per editor (`guide.accessibility_analysis.save_warnings`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from guide.accessibility_analysis.editor_checks import Finding, run_checks
from guide.accessibility_analysis.glossary_terms import glossary_entries, unusual_words
from guide.accessibility_analysis.readability_figures import (
    PLAIN_LANGUAGE_GRADE,
    blocks_above,
    summarize,
    worst_block,
)
from guide.accessibility_analysis.save_warnings import (
    Changed,
    block_labels,
    changed_texts,
    label_attributes,
    not_yet_seen,
    warning_key,
)
from guide.admin_mixins import ModelAdminMixin
from guide.admin_widgets import TranslationAdmin
from guide.content import owning_guide_id
from guide.document import build_document, guide_tree_queryset
from guide.languages import SOURCE_LANGUAGE, all_languages, get_language, language_codes
from guide.models import GlossaryTerm, Guide

MAX_LINKS = 5  # per message, so a long guide does not bury the page in warnings


def admin_url(guide: Guide, target: dict[str, Any], language: str | None = None) -> str:
    """The admin page (and the field on it) where a block is edited."""
    model = target.get("model")
    if model == "section":
        url = reverse("admin:guide_section_change", args=[target["id"]])
        return f"{url}#id_body_{language.replace('-', '_')}" if language else url
    if model == "faq":
        url = reverse("admin:guide_faqentry_change", args=[target["id"]])
        return f"{url}#id_answer_{language.replace('-', '_')}" if language else url
    if model in ("comparisontable", "tablerow"):  # a table's caption and columns; a row's cells
        return reverse(f"admin:guide_{model}_change", args=[target["id"]])
    url = reverse("admin:guide_guide_change", args=[guide.pk])
    field = target.get("field")
    if field and language:
        return f"{url}#id_{field}_{language.replace('-', '_')}"
    return url


def _language_name(code: str | None) -> str:
    language = get_language(code) if code else None
    return language.english_name if language else "All languages"


def _link(guide: Guide, target: dict[str, Any], code: str | None, label: tuple[str, str]) -> str:
    """A link to where a block is edited, named in the label's own language."""
    tag, direction = label_attributes(label[1])
    return format_html(
        '<a href="{}" lang="{}" dir="{}">{}</a>',
        admin_url(guide, target, code),
        tag,
        direction,
        label[0],
    )


def readability_warnings(
    guide: Guide,
    labels: dict[str, dict[str, tuple[str, str]]],
    show: Callable[[str, str, str], bool] = lambda *_: True,
) -> list[SafeString]:
    """One warning per language with blocks above grade 8 to show, linking the hardest;
    `show(code, path, key)` says which blocks this save should mention."""
    out = []
    for language in all_languages():
        over = blocks_above(guide.readability, language.code)
        shown = [b for b in over if show(language.code, b.path, _block_key(language.code, b))]
        if not shown:
            continue
        named = labels.get(language.code, {})
        items = format_html_join(
            "; ",
            "{} ({})",
            (
                (
                    _link(
                        guide,
                        b.target,
                        language.code,
                        named.get(b.path, (b.label, SOURCE_LANGUAGE)),
                    ),
                    f"grade {b.figure['grade']:g}",
                )
                for b in shown[:MAX_LINKS]
            ),
        )
        out.append(
            format_html(
                "Readability, {}: {} block(s) above grade {} ({}). Hardest: {}",
                language.english_name,
                len(over),
                PLAIN_LANGUAGE_GRADE,
                over[0].figure["formula"],
                items,
            )
        )
    return out


def _block_key(code: str, block: Any) -> str:
    return warning_key("readability", code, block.path)


def _finding_key(finding: Finding) -> str:
    # A fallback's message counts the empty texts; it is the same warning as the count moves.
    message = "" if finding.check == "fallback" else finding.message
    return warning_key(finding.check, finding.language, finding.path, message)


def finding_warnings(
    guide: Guide, findings: list[Finding], labels: dict[str, dict[str, tuple[str, str]]]
) -> list[SafeString]:
    out = []
    for finding in findings:
        code = finding.language or SOURCE_LANGUAGE
        label = labels.get(code, {}).get(finding.path or "", ("guide", SOURCE_LANGUAGE))
        out.append(
            format_html(
                "{} ({}): {} {}",
                finding.check,
                _language_name(finding.language),
                finding.message,
                _link(guide, finding.target, finding.language, label),
            )
        )
    return out


def report_on_save(
    request: HttpRequest, guide: Guide, changed: Changed | None = None
) -> list[SafeString]:
    """Warn about what an editor should fix, from the figures the save just refreshed: each
    warning once per editor, again when the save changed its text (`save_warnings`)."""
    guide.refresh_from_db(fields=["readability"])
    document = build_document(guide_tree_queryset().get(pk=guide.pk))
    findings = run_checks(document, glossary_entries())
    labels = {code: block_labels(document, code) for code in language_codes()}
    changed = changed or set()
    current = {
        _finding_key(f): (f.path or "", f.language or SOURCE_LANGUAGE) in changed for f in findings
    }
    for language in all_languages():
        for block in blocks_above(guide.readability, language.code):
            current[_block_key(language.code, block)] = (block.path, language.code) in changed
    session = getattr(request, "session", None)
    shown, repeated = (
        not_yet_seen(session, guide.pk, current) if session is not None else (set(current), 0)
    )
    warnings = readability_warnings(guide, labels, lambda _c, _p, key: key in shown)
    warnings += finding_warnings(guide, [f for f in findings if _finding_key(f) in shown], labels)
    for warning in warnings:
        messages.warning(request, warning)
    if repeated:
        messages.info(
            request,
            f"{repeated} earlier warning(s) about this guide still apply; they are shown "
            "again when you change the text concerned.",
        )
    return warnings


class AccessibilityAdminMixin(ModelAdminMixin):
    """After a save (and its inlines), refresh figures and show warnings; never blocks."""

    def accessibility_guide(self, obj: Any) -> Guide | None:
        if isinstance(obj, Guide):
            return obj
        guide_id = owning_guide_id(obj)
        return Guide.objects.filter(pk=guide_id).first() if guide_id else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide = self.accessibility_guide(form.instance)
        if guide is not None:
            report_on_save(request, guide, changed_texts(form, formsets))

    @admin.display(description="readability (worst block per language)")
    def readability_report(self, guide: Guide) -> SafeString:
        if not guide.pk:
            return format_html("{}", "Computed when the guide is saved.")
        rows = []
        for language in all_languages():
            summary = summarize(guide.readability, language.code)
            if not summary["blocks"]:
                continue
            worst = worst_block(guide.readability, language.code)
            if worst is None:
                rows.append(
                    format_html(
                        "<tr><td>{}</td><td colspan=4>{}</td></tr>",
                        language.english_name,
                        summary["reason"],
                    )
                )
                continue
            over = summary["above_grade_8"]
            rows.append(
                format_html(
                    "<tr><td>{}</td><td>{}</td><td>{} (grade {})</td>"
                    '<td><a href="{}">{}</a>: score {}, grade {}</td><td>{}</td></tr>',
                    language.english_name,
                    summary["formula"],
                    summary["median_score"],
                    summary["median_grade"],
                    admin_url(guide, worst.target, language.code),
                    worst.label,
                    worst.figure["score"],
                    worst.figure["grade"],
                    format_html('<strong class="errornote">{} above grade 8</strong>', over)
                    if over
                    else "none above grade 8",
                )
            )
        return format_html(
            "<table><thead><tr><th>language</th><th>formula</th><th>median</th>"
            "<th>worst block</th><th>blocks</th></tr></thead><tbody>{}</tbody></table>",
            SafeString("".join(rows)),
        )

    @admin.display(description="unusual words not in the glossary (candidates)")
    def glossary_candidates(self, guide: Guide) -> SafeString:
        if not guide.pk:
            return format_html("{}", "Listed once the guide is saved.")
        document = build_document(guide_tree_queryset().get(pk=guide.pk))
        entries = glossary_entries()
        parts = []
        for language in all_languages():
            try:
                words = unusual_words(document, language.code, entries, limit=30)
            except ImportError:  # wordfreq splits Japanese and Korean with MeCab, if installed
                parts.append(
                    format_html(
                        "<p><strong>{}</strong>: {}</p>",
                        language.english_name,
                        "not listed: the word splitter for this language is not installed.",
                    )
                )
                continue
            if words:
                parts.append(
                    format_html(
                        '<p><strong>{}</strong>: <span lang="{}" dir="{}">{}</span></p>',
                        language.english_name,
                        language.tag,
                        language.direction,
                        ", ".join(f"{word} ({count})" for word, count, _zipf in words),
                    )
                )
        if not parts:
            return format_html("{}", "None found.")
        return SafeString("".join(parts))


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TranslationAdmin):
    list_display = ("__str__", "slug", "abbreviation", "updated_at")
    search_fields = ("slug", "term_en", "term_es", "abbreviation_en")
    prepopulated_fields = {"slug": ("term_en",)}
    fields = (
        "slug",
        "term",
        "abbreviation",
        "expansion",
        "definition",
        "pronunciation",
        "also_matches",
    )
