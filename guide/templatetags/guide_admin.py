"""Template tags of the admin's own templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.fields import TranslationField

from guide.admin_widgets import is_html_body
from guide.languages import all_languages, get_language
from guide.sanitize import sanitize_html

register = template.Library()


@register.simple_tag
def content_languages() -> SafeString:
    """The content languages, English first, for the language tabs script."""
    return json_script(
        [
            {"code": lang.code, "tag": lang.tag, "name": lang.name, "dir": lang.direction}
            for lang in all_languages()
        ],
        "content-languages",
    )


@register.simple_tag
def readonly_contents(field: Any) -> SafeString:
    """A read-only field of an admin form (`AdminReadonlyField`): a translated text inside
    its `lang` and `dir`, an HTML body rendered (cleaned again), anything else as Django
    shows it."""
    obj = getattr(field.form, "instance", None)
    name = field.field.get("name")
    try:
        db_field = obj._meta.get_field(name) if obj is not None and isinstance(name, str) else None
    except FieldDoesNotExist:
        db_field = None
    if not isinstance(db_field, TranslationField):
        return field.contents()
    language = get_language(db_field.language)
    value = getattr(obj, name, None)
    if language is None or not value:
        return field.contents()
    shown = mark_safe(sanitize_html(value)) if is_html_body(db_field) else field.contents()
    return format_html('<div lang="{}" dir="{}">{}</div>', language.tag, language.direction, shown)
