# ruff: noqa: RUF001  (translations keep their own typography: apostrophes, CJK punctuation)
"""The embed page's "about this guide" block: review, disclaimer, publisher, references.

Pure, from a v1 detail payload. Its few interface strings are given per served language
here (machine-assisted outside English) so the block reads in the reader's language; the
content it shows (disclaimer, reviewer, references) comes from the payload.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.html import format_html

from guide.languages import SOURCE_LANGUAGE, get_language

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "about": "About this guide",
        "reviewed": "Medically reviewed by {name} on {date}.",
        "not_reviewed": "This language has not been medically reviewed yet.",
        "source_changed": "The English source has changed since this review.",
        "text_changed": "This text has changed since this review.",
        "next_review": "Next review due {date}.",
        "disclaimer": "Important",
        "publisher": "Published by {name}.",
        "corrections": "Report a mistake",
        "references": "Sources",
        "machine": "Machine-assisted translation, not yet medically reviewed.",
    },
    "es": {
        "about": "Sobre esta guía",
        "reviewed": "Revisión médica de {name}, el {date}.",
        "not_reviewed": "Este idioma aún no ha tenido revisión médica.",
        "source_changed": "El texto original en inglés ha cambiado desde esta revisión.",
        "text_changed": "Este texto ha cambiado desde esta revisión.",
        "next_review": "Próxima revisión prevista: {date}.",
        "disclaimer": "Importante",
        "publisher": "Publicado por {name}.",
        "corrections": "Informar de un error",
        "references": "Fuentes",
        "machine": "Traducción asistida por máquina, aún sin revisión médica.",
    },
    "fr": {
        "about": "À propos de ce guide",
        "reviewed": "Relecture médicale par {name} le {date}.",
        "not_reviewed": "Cette langue n’a pas encore fait l’objet d’une relecture médicale.",
        "source_changed": "Le texte source anglais a changé depuis cette relecture.",
        "text_changed": "Ce texte a changé depuis cette relecture.",
        "next_review": "Prochaine relecture prévue le {date}.",
        "disclaimer": "Important",
        "publisher": "Publié par {name}.",
        "corrections": "Signaler une erreur",
        "references": "Sources",
        "machine": "Traduction assistée par machine, pas encore relue par un médecin.",
    },
    "zh-hans": {
        "about": "关于本指南",
        "reviewed": "医学审核：{name}，{date}。",
        "not_reviewed": "此语言版本尚未经过医学审核。",
        "source_changed": "自本次审核以来，英文原文已有更改。",
        "text_changed": "自本次审核以来，本文已有更改。",
        "next_review": "下次审核日期：{date}。",
        "disclaimer": "重要提示",
        "publisher": "发布者：{name}。",
        "corrections": "报告错误",
        "references": "资料来源",
        "machine": "机器辅助翻译，尚未经过医学审核。",
    },
    "vi": {
        "about": "Về hướng dẫn này",
        "reviewed": "Được {name} thẩm định y khoa ngày {date}.",
        "not_reviewed": "Ngôn ngữ này chưa được thẩm định y khoa.",
        "source_changed": "Bản gốc tiếng Anh đã thay đổi kể từ lần thẩm định này.",
        "text_changed": "Văn bản này đã thay đổi kể từ lần thẩm định này.",
        "next_review": "Lần thẩm định tiếp theo: {date}.",
        "disclaimer": "Lưu ý quan trọng",
        "publisher": "Xuất bản bởi {name}.",
        "corrections": "Báo lỗi",
        "references": "Nguồn",
        "machine": "Bản dịch có hỗ trợ của máy, chưa được thẩm định y khoa.",
    },
    "ar": {
        "about": "عن هذا الدليل",
        "reviewed": "راجعه طبيًا {name} بتاريخ {date}.",
        "not_reviewed": "لم تخضع هذه اللغة لمراجعة طبية بعد.",
        "source_changed": "تغيّر النص الإنجليزي الأصلي منذ هذه المراجعة.",
        "text_changed": "تغيّر هذا النص منذ هذه المراجعة.",
        "next_review": "موعد المراجعة التالية: {date}.",
        "disclaimer": "تنبيه مهم",
        "publisher": "نشره {name}.",
        "corrections": "الإبلاغ عن خطأ",
        "references": "المصادر",
        "machine": "ترجمة بمساعدة الآلة، لم تخضع لمراجعة طبية بعد.",
    },
}
LABELS_PROVENANCE = {code: "source" if code == SOURCE_LANGUAGE else "machine" for code in LABELS}


def _labels(code: str) -> dict[str, str]:
    return LABELS.get(code, LABELS[SOURCE_LANGUAGE])


def _in_its_language(name: str, reader_code: str) -> str:
    """The publisher's name, marked with its own language (EMBED_PROVIDER_LANGUAGE) inside a
    sentence in the reader's (WCAG 3.1.2)."""
    language = get_language(settings.EMBED_PROVIDER_LANGUAGE)
    if language is None or language.code == reader_code:
        return name
    return format_html('<span lang="{}" dir="{}">{}</span>', language.tag, language.direction, name)


def trust_context(guide: dict[str, Any], language_code: str) -> dict[str, Any]:
    """What `embed/_trust.html` shows for a v1 detail payload."""
    labels = _labels(language_code)
    review = guide.get("review") or {"status": "not_reviewed"}
    reviewer = review.get("reviewed_by")
    review_line = None
    if reviewer:
        separator = {"ar": "، ", "zh-hans": "，"}.get(language_code, ", ")
        credentials = reviewer["credentials"]
        name = reviewer["name"] + (f"{separator}{credentials}" if credentials else "")
        review_line = format_html(
            labels["reviewed"].replace("{name}", "{0}").replace("{date}", "{1}"),
            name,
            format_html('<time datetime="{0}">{0}</time>', review["last_reviewed"]),
        )
    disclaimer = guide.get("disclaimer") or {}
    publisher = guide.get("publisher") or {}
    corrections = publisher.get("corrections_url") or (
        f"mailto:{publisher['corrections_email']}" if publisher.get("corrections_email") else None
    )
    return {
        "labels": labels,
        "review_line": review_line,
        "next_review": labels["next_review"].replace("{date}", review["next_review_due"])
        if review.get("next_review_due")
        else None,
        "source_changed": bool(review.get("source_changed_since_review")),
        "text_changed": bool(review.get("text_changed_since_review")),
        "disclaimer": disclaimer.get("text"),
        "disclaimer_fallback": (disclaimer.get("fallback") or {}).get("text"),
        "disclaimer_machine": (disclaimer.get("translation_status") or {}).get("text") == "machine",
        "publisher_line": format_html(
            labels["publisher"].replace("{name}", "{0}"),
            _in_its_language(publisher["name"], language_code),
        )
        if publisher.get("name")
        else None,
        "publisher_url": publisher.get("url"),
        "corrections": corrections,
        "references": guide.get("references") or [],
    }
