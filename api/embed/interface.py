"""Interface strings of embed pages (footer, notices, labels) in the reader's language.

They come from Django's gettext catalogues (`locale/`); a string the reader's language has no
translation of yet is marked `lang="en" dir="ltr"` (WCAG 3.1.2).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language as active_language
from django.utils.translation import gettext, gettext_noop

from guide.languages import SOURCE_LANGUAGE, Language, get_language


def _untranslated_attrs(language: Language | None) -> SafeString:
    if language is None or language.code == SOURCE_LANGUAGE:
        return mark_safe("")
    return mark_safe(' lang="en" dir="ltr"')


def interface_text(
    msgid: str,
    page_language: Language | None,
    /,
    *,
    translated: str | None = None,
    english: tuple[str, ...] = (),
    **params: Any,
) -> dict[str, Any]:
    """An interface string in the active language, as {value, attrs}.

    `attrs` is `lang="en" dir="ltr"` when the catalogue has no translation yet, so the
    English words are read as English. Parameters are escaped unless already safe (a
    `<time>` element, say). For plurals, pass `translated=ngettext(...)` and the English
    forms in `english`.
    """
    text = gettext(msgid) if translated is None else translated
    untranslated = text in (msgid, *english)
    value = conditional_escape(text)
    if params:
        value = mark_safe(value % {k: conditional_escape(v) for k, v in params.items()})
    return {
        "value": value,
        "attrs": _untranslated_attrs(page_language) if untranslated else mark_safe(""),
    }


def loader_strings() -> dict[str, str]:
    """The loader's words in the active language (it runs on partner pages, without us)."""
    language = get_language(active_language() or SOURCE_LANGUAGE)
    strings = {
        "title": gettext_noop("Patient guide"),
        "fallback": gettext_noop("Open the guide in a new tab"),
    }
    out: dict[str, str] = {}
    for name, msgid in strings.items():
        text = gettext(msgid)
        out[name] = text
        out[name + "_lang"] = (
            "en" if text == msgid and language and language.code != SOURCE_LANGUAGE else ""
        )
    return out


def foreign(text: str, code: str, page: Language) -> SafeString | str:
    """`text` written in `code`, marked as such when the page is in another language."""
    if code == page.code:
        return text
    other = get_language(code)
    direction = other.direction if other else "ltr"
    return format_html('<span lang="{}" dir="{}">{}</span>', code, direction, text)


def provider_language() -> str:
    from django.conf import settings

    return getattr(settings, "EMBED_PROVIDER_LANGUAGE", SOURCE_LANGUAGE)


def date_text(value: str | None) -> SafeString | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day))
