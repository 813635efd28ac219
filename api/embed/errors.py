"""Error pages of the embeds: what a patient reads inside a clinic's site when a guide,
a part or a language cannot be shown. Small, accessible, in the reader's language, and
with the frame script, so the embedding page is told the frame is ready (and fits it).
API clients keep getting problem JSON from /api/."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext_noop, override

from api.embed.interface import interface_text
from guide.languages import Language, all_languages


def _messages(kind: str) -> tuple[str, str]:
    """(heading, explanation) of an error, in the active language."""
    if kind == "guide":
        return (
            gettext_noop("This guide cannot be shown"),
            gettext_noop(
                "It may have been withdrawn, or the address may be mistyped. "
                "Please ask the clinic that sent you here."
            ),
        )
    if kind == "part":
        return (
            gettext_noop("This part of the guide cannot be found"),
            gettext_noop("The guide has changed, or the address may be mistyped."),
        )
    if kind == "language":
        return (
            gettext_noop("This language is not available"),
            gettext_noop("The guide can be read in these languages:"),
        )
    return (
        gettext_noop("Nothing is here"),
        gettext_noop("The address may be mistyped. Please ask the clinic that sent you here."),
    )


def render_error(
    language: Language, kind: str, status: int, *, guide_url: str | None = None, **details: str
) -> str:
    with override(language.code):
        heading, explanation = _messages(kind)
        context = {
            "lang": language.tag,
            "dir": language.direction,
            "heading": interface_text(heading, language),
            "explanation": interface_text(explanation, language),
            "guide_url": guide_url,
            "guide_link": interface_text(gettext_noop("Read the full guide"), language),
            "languages": all_languages() if kind == "language" else [],
            "status": status,
        }
        return render_to_string("embed/error.html", context)
