import pytest

from api.negotiation import UnsupportedLanguage, choose_language, from_accept_language, match_tag


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
        ("zh-TW", None),
        ("zh-Hant", None),
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
