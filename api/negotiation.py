"""Choosing the content language of a response.

`?lang=` beats `Accept-Language` beats the source language. An unsupported `?lang=` is
the client's mistake and gets a 400; an unsupported `Accept-Language` is a browser's
preference and quietly gets the default.
"""

from __future__ import annotations

from django.utils.translation.trans_real import parse_accept_lang_header

from guide.languages import Language, all_languages, get_language, source_language

# Chinese without a script subtag: these regions write Simplified Chinese.
_SIMPLIFIED_CHINESE_REGIONS = {"cn", "sg", "my"}


class UnsupportedLanguage(ValueError):
    def __init__(self, requested: str):
        self.requested = requested
        super().__init__(requested)


def match_tag(tag: str) -> Language | None:
    """The configured language that serves a BCP 47 tag, if any.

    `es-MX` -> `es`; `zh-CN`, `zh-Hans`, `zh-Hans-CN` -> `zh-hans`; `zh-TW` -> none.
    """
    tag = tag.strip().lower().replace("_", "-")
    if not tag or tag == "*":
        return None
    exact = get_language(tag)
    if exact:
        return exact
    parts = tag.split("-")
    primary = parts[0]
    rest = parts[1:]
    script = next((p for p in rest if len(p) == 4 and p.isalpha()), None)
    region = next((p for p in rest if len(p) in (2, 3) and p.isalnum()), None)
    if script:
        with_script = get_language(f"{primary}-{script}")
        if with_script:
            return with_script
    if (
        primary == "zh"
        and script is None
        and (region is None or region in _SIMPLIFIED_CHINESE_REGIONS)
    ):
        return get_language("zh-hans")
    if script is None or script == "latn":
        return get_language(primary)
    return None


def from_accept_language(header: str) -> Language | None:
    """The best configured language for an `Accept-Language` header (q-values honoured)."""
    if not header:
        return None
    for tag, quality in parse_accept_lang_header(header):
        if quality <= 0:
            continue
        language = match_tag(tag)
        if language:
            return language
    return None


def accept_language_problem(header: str) -> str | None:
    """What is wrong with an `Accept-Language` header that cannot be parsed at all, if so.

    A well-formed header naming languages we do not serve is fine (English is served); one
    that is not a list of language ranges is a client bug worth reporting."""
    if not header.strip() or parse_accept_lang_header(header):
        return None
    return (
        "The Accept-Language header is malformed (or over 500 characters): send language "
        "tags with optional q-values, e.g. `es-MX, es;q=0.9, en;q=0.5`, or use `?lang=`."
    )


def choose_language(query_lang: str | None, accept_language: str) -> Language:
    """Apply the precedence; raise `UnsupportedLanguage` for a bad `?lang=`."""
    if query_lang is not None:
        language = match_tag(query_lang) if len(query_lang) <= 35 else None
        if language is None:
            raise UnsupportedLanguage(query_lang)
        return language
    return from_accept_language(accept_language) or source_language()


def supported_tags() -> list[str]:
    return [language.tag for language in all_languages()]
