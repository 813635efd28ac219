"""The content languages, as configured in `settings.LANGUAGES`.

Django names languages in lower case (`zh-hans`); browsers, screen readers and our API
use BCP 47 tags (`zh-Hans`). Both spellings are accepted on input.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import get_language_info

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str  # Django's code, also the suffix of the translation columns
    tag: str  # BCP 47
    name: str  # the language's own name
    english_name: str
    direction: str  # "ltr" or "rtl"


def bcp47(code: str) -> str:
    """`zh-hans` -> `zh-Hans`, `pt-br` -> `pt-BR`, `en` -> `en`."""
    parts = code.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _info(code: str) -> dict:
    try:
        return get_language_info(code)
    except KeyError:
        return {"name": code, "name_local": code, "bidi": False}


@cache
def _languages(config: tuple[tuple[str, str], ...]) -> tuple[Language, ...]:
    languages = []
    for code, local_name in config:
        info = _info(code)
        languages.append(
            Language(
                code=code,
                tag=bcp47(code),
                name=str(local_name or info["name_local"]),
                english_name=str(info["name"]),
                direction="rtl" if info["bidi"] else "ltr",
            )
        )
    return tuple(languages)


def all_languages() -> tuple[Language, ...]:
    return _languages(tuple((code, str(name)) for code, name in settings.LANGUAGES))


def language_codes() -> list[str]:
    return [language.code for language in all_languages()]


def get_language(code: str) -> Language | None:
    """Look a language up by Django code or BCP 47 tag, in any case."""
    wanted = code.strip().lower()
    for language in all_languages():
        if language.code == wanted:
            return language
    return None


def source_language() -> Language:
    language = get_language(SOURCE_LANGUAGE)
    assert language is not None, "the source language must be configured"
    return language
