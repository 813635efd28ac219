"""Warnings after a save: each once per editor, named by the block's heading in its language."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from guide.accessibility_analysis.save_warnings import block_labels
from guide.document import build_document, guide_tree_queryset
from guide.models import Section
from tests.support.admin_forms import change_form_data
from tests.support.guides import SEED_SLUG

SKIPPED = "<p>Intro.</p><h5>Detalle</h5><p>Texto.</p>"
VAGUE = '<p>Lea la ficha técnica <a href="https://example.org/ficha">aquí</a>.</p>'


@pytest.fixture
def editor(seeded) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("chief", password="a-long-password-1"))
    return client


@pytest.fixture
def section(seeded) -> Section:
    return Section.objects.filter(guide=seeded, parent=None).order_by("order").first()


def save(client: Client, section: Section, **texts: str) -> list[str]:
    url = f"/admin/guide/section/{section.pk}/change/"
    data = change_form_data(client.get(url).content.decode(), "section_form")
    for name, value in texts.items():
        data[name] = [value]
    data["_continue"] = ["Save"]
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()[:500]
    return [str(m) for m in response.context["messages"]]


def checks(messages: list[str]) -> list[str]:
    return [m for m in messages if re.match(r"^[a-z-]+ \(", m)]


def test_a_warning_is_shown_once_and_again_when_its_text_changes(editor, section):
    first = save(editor, section, body_es=SKIPPED)
    assert any(m.startswith("headings (Spanish)") for m in first)
    # Saved again with nothing changed: nothing repeated, one line says they still apply.
    second = save(editor, section)
    assert checks(second) == []
    assert any("earlier warning(s) about this guide still apply" in m for m in second)
    # The Spanish body changed and is still wrong: its warning comes back, the others do not.
    third = save(editor, section, body_es=SKIPPED + VAGUE)
    assert sorted(m.split(":")[0] for m in checks(third)) == [
        "headings (Spanish)",
        "link-text (Spanish)",
    ]
    # Another editor has not seen them: shown to them.
    other = Client()
    other.force_login(User.objects.create_superuser("other", password="a-long-password-1"))
    assert any(m.startswith("headings (Spanish)") for m in checks(save(other, section)))
    # Fixed, then broken again: new again.
    save(editor, section, body_es="<p>Texto.</p>")
    assert any(m.startswith("headings (Spanish)") for m in save(editor, section, body_es=SKIPPED))


def test_links_name_the_block_in_the_warnings_language(editor, section):
    arabic = "<p>مقدمة.</p><h5>تفاصيل</h5><p>نص.</p>"
    messages = save(editor, section, body_es=SKIPPED, body_ar=arabic)
    spanish = next(m for m in messages if m.startswith("headings (Spanish)"))
    assert f'lang="es" dir="ltr">{section.heading_es}</a>' in spanish
    arabic_warning = next(m for m in messages if m.startswith("headings (Arabic)"))
    assert f'lang="ar" dir="rtl">{section.heading_ar}</a>' in arabic_warning
    assert section.heading_en not in spanish + arabic_warning
    for message in messages:  # never an internal id as a link's text
        assert not re.search(r">(sections|faq|callouts|table)\.\d+", message), message
    readability = [m for m in messages if m.startswith("Readability, Spanish")]
    for message in readability:
        assert 'lang="es"' in message


def test_block_labels_fall_back_to_english_and_say_so(seeded):
    document = build_document(guide_tree_queryset().get(slug=SEED_SLUG))
    entry = document["faq"][0]
    entry["question"].pop("vi", None)
    label, lang = block_labels(document, "vi")[f"faq.{entry['id']}.answer"]
    assert lang == "en" and entry["question"]["en"].startswith(label.rstrip("…"))
    french = block_labels(document, "fr")
    first = document["sections"][0]
    assert french[f"sections.{first['id']}.body"] == (first["heading"]["fr"], "fr")
    callouts = [(s, c) for s in document["sections"] for c in s["callouts"]]
    if callouts:
        owner, callout = callouts[0]
        label, lang = french[f"callouts.{callout['id']}.body"]
        assert lang == "fr" and callout["label"]["fr"] in label and owner["heading"]["fr"] in label
