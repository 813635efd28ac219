"""The embed page renderer and its interface strings, without HTTP: notices driven by the
data, untranslated strings marked as English, plural forms, heading levels, landmarks."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from django.utils.translation import ngettext, override, pgettext

from api import snapshots
from api.embed.bodies import renumber_headings
from api.embed.render import render_page
from guide.languages import get_language
from tests.support.guides import SEED_SLUG

LOCALE = Path(__file__).resolve().parents[2] / "api" / "locale"
TRANSLATED = {"es": "es", "fr": "fr", "zh-hans": "zh_Hans", "vi": "vi", "ar": "ar"}
ENTRY = re.compile(
    r'(?:msgctxt "(?P<context>[^"]*)"\n)?'
    r'msgid "(?P<id>(?:[^"\\]|\\.)+)"\nmsgstr "(?P<str>(?:[^"\\]|\\.)*)"'
)


def catalogue(directory: str) -> list[tuple[str | None, str, str]]:
    """(context, msgid, msgstr) of the singular entries of a catalogue."""
    text = (LOCALE / directory / "LC_MESSAGES" / "django.po").read_text("utf-8")
    return [(m["context"], m["id"], m["str"]) for m in ENTRY.finditer(text)]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_interface_string_is_translated_and_compiled(code):
    """Every string of the catalogue has a translation, and the committed .mo holds it."""
    from django.utils.translation import gettext

    entries = catalogue(TRANSLATED[code])
    assert {(c, i) for c, i, _ in entries} == {(c, i) for c, i, _ in catalogue("en")}
    assert len(entries) > 30
    with override(code):
        for context, msgid, msgstr in entries:
            assert msgstr, msgid
            assert (pgettext(context, msgid) if context else gettext(msgid)) == msgstr


def test_plural_forms_follow_each_language():
    singular, plural = "About %(count)s minute to read", "About %(count)s minutes to read"
    with override("ar"):
        forms = [ngettext(singular, plural, n) for n in (0, 1, 2, 3, 11, 100)]
    # One, two and few (3-10) have their own words; zero, many and other share one.
    assert len(set(forms)) == 4 and forms[0] == forms[4] == forms[5]
    assert "دقيقة واحدة" in forms[1] and "دقيقتين" in forms[2] and "دقائق" in forms[3]
    with override("fr"):
        assert ngettext(singular, plural, 0) == ngettext(singular, plural, 1)  # 0 is singular
        assert ngettext(singular, plural, 2).endswith("minutes de lecture")
    with override("zh-hans"):
        assert ngettext(singular, plural, 1) == ngettext(singular, plural, 5)


def payload(code: str) -> dict:
    snapshot = snapshots.live(SEED_SLUG, get_language(code), "detail")
    return json.loads(snapshot.body)


def render(guide: dict, part: str | None = None) -> str:
    return render_page(guide, part=part, canonical_url="https://guides.example/x", provider="PG")


def notices(html: str) -> list[str]:
    return re.findall(r'<p class="notice"[^>]*>([^<]*)</p>', html)


def without_translation_flags(guide: dict) -> dict:
    guide = copy.deepcopy(guide)

    def strip(value):
        if isinstance(value, dict):
            value.pop("fallback", None)
            value.pop("translation_status", None)
            for item in value.values():
                strip(item)
        elif isinstance(value, list):
            for item in value:
                strip(item)

    guide.pop("fallback", None)
    guide.pop("translation_status", None)
    strip({k: v for k, v in guide.items() if k != "available_languages"})
    for entry in guide["available_languages"]:
        entry["status"] = "complete"
    return guide


def test_language_notices_follow_the_data(seeded):
    """No notice for a complete, reviewed translation; a missing language, fallen-back
    texts and machine translations each say so, in the reader's language. Built from
    payloads shaped in the test, so they hold whatever the seed translates today."""
    spanish = payload("es")
    complete = without_translation_flags(spanish)
    assert notices(render(complete)) == []

    missing = copy.deepcopy(complete)
    next(e for e in missing["available_languages"] if e["code"] == "es")["status"] = "missing"
    assert notices(render(missing)) == [
        "Esta guía aún no está disponible en español; se muestra en inglés."
    ]

    partial = copy.deepcopy(complete)
    partial["sections"][0]["fallback"] = {"body": "en"}
    assert notices(render(partial)) == [
        "Algunas partes de esta guía aún no están disponibles en español; se muestran en inglés."
    ]

    machine = copy.deepcopy(complete)
    machine["faq"][0]["translation_status"] = {"answer": "machine"}
    assert notices(render(machine)) == [
        "Algunas partes de esta guía se tradujeron con una máquina y un revisor médico "
        "todavía no las ha comprobado."
    ]

    vietnamese = copy.deepcopy(missing)
    vietnamese.update(language="vi")
    next(e for e in vietnamese["available_languages"] if e["code"] == "vi")["status"] = "missing"
    assert notices(render(vietnamese)) == [
        "Hướng dẫn này chưa có bằng tiếng Việt; nội dung đang được hiển thị bằng tiếng Anh."
    ]
    assert notices(render(payload("en"))) == []


def test_strings_without_a_translation_are_marked_english(seeded, settings):
    """A language added in settings, with no catalogue of ours yet: its pages are usable and
    every interface string says it is English."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("pt-br", "Português (Brasil)")]
    guide = payload("en")
    guide.update(language="pt-BR", dir="ltr")
    html = render(guide)
    assert '<html lang="pt-BR" dir="ltr">' in html
    footer = html.split("<footer>")[1]
    for words in ("Not yet medically reviewed.", "Read the full guide", "PG</span> · version"):
        assert re.search(r'<span lang="en" dir="ltr">(<span[^>]*>)?' + re.escape(words), footer)
    assert re.search(r'<p class="reading-time" lang="en" dir="ltr">About \d+ minutes', html)
    spanish = render(payload("es")).split("<footer>")[1]
    assert "Leer la guía completa" in spanish and '<span lang="en" dir="ltr">Leer' not in spanish


def test_review_line_comes_from_the_published_document(seeded):
    guide = payload("es")
    guide.update(last_reviewed="2026-06-02", reviewed_by="Dr. Ana Ruiz")
    footer = render(guide).split("<footer>")[1]
    assert 'Última revisión médica: <time datetime="2026-06-02">2 de junio de 2026</time>' in footer
    assert "por Dr. Ana Ruiz." in footer
    guide["last_reviewed"] = None
    assert "Todavía sin revisión médica." in render(guide)


def test_body_headings_are_renumbered_for_their_page():
    html = "<p>x</p><h5>a</h5><h6>b</h6><h3>c</h3><h5 id='d'>d</h5>"
    assert re.findall(r"<(h\d)", renumber_headings(html, 2)) == ["h3", "h4", "h3", "h4"]
    assert "<h4 id='d'>d</h4>" in renumber_headings(html, 2)
    assert re.findall(r"<(h\d)", renumber_headings(html, 1)) == ["h2", "h3", "h2", "h3"]
    assert renumber_headings("<p>none</p>", 3) == "<p>none</p>"


def test_landmarks_are_the_top_level_sections_only(seeded):
    guide = payload("en")
    html = render(guide)
    regions = re.findall(r'<section aria-labelledby="([^"]+)"', html)
    assert len(regions) == len(guide["sections"]) + 2  # and the FAQ, and "About this guide"
    assert regions[-2:] == ["faq", "about-this-guide"]
    assert html.count("<section") == len(regions) + sum(
        len(s["subsections"]) for s in guide["sections"]
    )


def test_comparison_part_names_its_table_once(seeded):
    html = render(payload("es"), part="comparison")
    caption = payload("es")["comparison_table"]["caption"]
    assert html.count(caption) == 3  # <title>, h1 and the caption above the table
    # The part's own heading; then "About this guide" and its sources, on every page.
    assert re.findall(r"<h(\d)", html) == ["1", "2", "3"]
    assert 'aria-labelledby="comparison-caption"' in html and "<caption" not in html


def test_links_in_bodies_open_outside_the_frame(seeded):
    guide = payload("en")
    guide["sections"][0]["body"] = (
        '<p><a href="https://example.org/care">care</a> and <a href="#faq">the FAQ</a></p>'
    )
    html = render(guide)
    assert '<a href="https://example.org/care" target="_blank" rel="noopener noreferrer">' in html
    assert re.search(r'<a href="#faq"[^>]*>the FAQ</a>', html)
    assert not re.search(r'<a href="#faq"[^>]*target', html)
