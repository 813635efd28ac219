"""Template tags of the admin's own templates."""

from __future__ import annotations

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from guide.languages import all_languages

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
