import pytest

from api.negotiation import (
    UnsupportedLanguage,
    accept_language_problem,
    choose_language,
    from_accept_language,
    match_tag,
    supported_tags,
)
from guide.languages import all_languages


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("es", "es"),
        ("ES", "es"),
        ("es-MX", "es"),
        ("es-419", "es"),
        ("fr-CA", "fr"),
        ("zh-CN", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh-hans", "zh-hans"),
        ("zh-Hans-CN", "zh-hans"),
        ("zh", "zh-hans"),
        ("zh-SG", "zh-hans"),
        ("zh-MY", "zh-hans"),
        ("zh-TW", None),
        ("zh-Hant", None),
        ("zh-Hant-CN", None),  # a script the region does not override
        ("es_MX", "es"),  # underscores, as POSIX locales write them
        ("es-Latn", "es"),  # Spanish is written in Latin script: the tag names what we serve
        ("es-Latn-MX", "es"),
        ("es-Cyrl", None),  # Spanish in Cyrillic is not what we serve
        ("sr-Latn", None),
        ("zh-419", None),  # Chinese for Latin America: no region that writes Simplified
        ("zh-1994", "zh-hans"),  # a variant subtag, not a region: the default script
        ("ar-EG", "ar"),
        ("vi-VN", "vi"),
        ("en-GB", "en"),
        ("de", None),
        ("*", None),
        ("", None),
    ],
)
def test_match_tag(tag, expected):
    language = match_tag(tag)
    assert (language.code if language else None) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("de-DE,fr;q=0.7,en;q=0.3", "fr"),
        ("en;q=0.2,ar;q=0.9", "ar"),
        ("de, it", None),
        ("zh-TW,zh-CN;q=0.5", "zh-hans"),
        ("fr;q=0,es;q=0.1", "es"),
        ("", None),
        ("garbage;;;q=x", None),
    ],
)
def test_accept_language_honours_q_values(header, expected):
    language = from_accept_language(header)
    assert (language.code if language else None) == expected


def test_query_beats_header_beats_default():
    assert choose_language("ar", "es").code == "ar"
    assert choose_language(None, "es").code == "es"
    assert choose_language(None, "de").code == "en"
    assert choose_language(None, "").code == "en"


@pytest.mark.parametrize("value", ["xx", "de", "zh-TW", "", "e" * 100, "es;drop"])
def test_unsupported_query_language_is_an_error(value):
    with pytest.raises(UnsupportedLanguage):
        choose_language(value, "es")


def test_a_lang_parameter_of_35_characters_is_read_and_of_36_refused():
    """35 characters is the longest tag (RFC 5646's practical limit) looked at at all."""
    longest = "es-" + "a" * 32
    assert len(longest) == 35
    assert choose_language(longest, "").code == "es"
    with pytest.raises(UnsupportedLanguage) as refused:
        choose_language(longest + "a", "")
    assert refused.value.requested == str(refused.value) == longest + "a"


def test_an_unparseable_accept_language_is_reported_and_a_blank_one_is_not():
    assert accept_language_problem("") is None
    assert accept_language_problem("   ") is None
    assert accept_language_problem("es-MX, es;q=0.9") is None
    assert accept_language_problem("de") is None  # well formed, merely not served
    problem = accept_language_problem("garbage;;;q=x")
    assert problem == (
        "The Accept-Language header is malformed (or over 500 characters): send language "
        "tags with optional q-values, e.g. `es-MX, es;q=0.9, en;q=0.5`, or use `?lang=`."
    )


def test_a_zero_q_value_skips_a_language_and_a_tiny_one_does_not():
    assert from_accept_language("es;q=0") is None
    assert from_accept_language("es;q=0.001").code == "es"


def test_supported_tags_are_the_configured_languages_in_order():
    assert supported_tags() == [language.tag for language in all_languages()]
    assert supported_tags()[0] == "en"
