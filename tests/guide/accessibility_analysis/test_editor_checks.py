"""Editor checks: pure over a document, and shown as admin warnings after a save."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from guide.accessibility_analysis.editor_checks import (
    check_abbreviations,
    check_fallbacks,
    check_headings,
    check_link_text,
    check_table_caption,
)
from guide.accessibility_analysis.glossary_terms import glossary_entries, import_glossary
from guide.document import build_document, guide_tree_queryset
from guide.models import Section
from tests.support.admin_forms import change_form_data
from tests.support.guides import SEED_SLUG


def document(body: dict[str, str], *, caption: dict | None = None, sub: dict | None = None):
    """A minimal guide document: one section (h2) holding `body` and one subsection (h3)."""
    return {
        "title": {"en": "T", "es": "T"},
        "subtitle": {},
        "summary": {},
        "faq_heading": {},
        "author": None,
        "tags": [],
        "sections": [
            {
                "id": 1,
                "anchor": "one",
                "heading": {"en": "One", "es": "Uno"},
                "body": body,
                "callouts": [],
                "subsections": [
                    {
                        "id": 2,
                        "anchor": "two",
                        "heading": {"en": "Two"},
                        "body": sub or {},
                        "callouts": [],
                        "subsections": [],
                    }
                ],
            }
        ],
        "faq": [],
        "comparison_table": None
        if caption is None
        else {"id": 9, "caption": caption, "columns": [], "rows": []},
    }


def test_skipped_heading_levels():
    ok = document({"en": "<h3>a</h3><p>x</p><h4>b</h4><h3>c</h3>"}, sub={"en": "<h4>d</h4>"})
    assert check_headings(ok) == []
    bad = document({"en": "<h4>a</h4>"}, sub={"en": "<h4>b</h4><h6>c</h6>"})
    found = [(f.path, f.message) for f in check_headings(bad)]
    assert found == [
        ("sections.1.body", "Heading level skipped: h2 is followed by h4."),
        ("sections.2.body", "Heading level skipped: h4 is followed by h6."),
    ]


def test_table_without_caption():
    assert check_table_caption(document({}, caption={"en": "Options compared"})) == []
    (finding,) = check_table_caption(document({}, caption={"en": "  "}))
    assert finding.check == "table-caption" and finding.path == "table.9.caption"


def test_abbreviation_before_its_expansion():
    spelled_first = document({"en": "<p>Body surface area (BSA) matters. BSA is measured.</p>"})
    assert check_abbreviations(spelled_first) == []
    used_first = document({"en": "<p>BSA is measured. Body surface area (BSA) matters.</p>"})
    (finding,) = check_abbreviations(used_first)
    assert finding.language == "en" and "BSA" in finding.message


@pytest.mark.django_db
def test_abbreviation_before_the_glossary_expansion():
    import_glossary()
    used_first = document({"en": "<p>A JAK blocker. Janus kinase is a protein.</p>"})
    (finding,) = check_abbreviations(used_first, glossary_entries())
    assert "JAK" in finding.message
    never_spelled = document({"en": "<p>A JAK blocker.</p>"})
    assert check_abbreviations(never_spelled, glossary_entries()) == []


def test_vague_link_text():
    body = {
        "en": '<p><a href="https://a.example">Click here</a> or '
        '<a href="https://b.example">the label of Opzelura</a>.</p>',
        "es": '<p>Más <a href="https://a.example">aquí</a>.</p>',
    }
    found = {(f.language, f.message) for f in check_link_text(document(body))}
    assert found == {
        ("en", "Link text “click here” does not say where it goes."),
        ("es", "Link text “aquí” does not say where it goes."),
    }


def test_translation_that_silently_falls_back():
    started = document({"en": "<p>x</p>", "es": ""})
    (finding,) = check_fallbacks(started)
    assert finding.language == "es" and "sections.1.body" in finding.message
    # A language nobody has started is "missing", not a silent gap: no warning.
    untouched = document({"en": "<p>x</p>"})
    untouched["title"] = {"en": "T"}
    untouched["sections"][0]["heading"] = {"en": "One"}
    assert check_fallbacks(untouched) == []


@pytest.fixture
def admin_client(client, seeded_partial):
    """Over the partially translated seed (test data): a started, incomplete Arabic."""
    import_glossary()
    user = User.objects.create_superuser("chief", password="a-long-password-1")
    client.force_login(user)
    return client


def test_admin_warns_after_saving_a_section(admin_client, seeded_partial):
    seeded = seeded_partial
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    url = f"/admin/guide/section/{section.pk}/change/"
    data = change_form_data(admin_client.get(url).content.decode(), "section_form")
    data["body_en"] = [
        "<p>BSA is measured first. Body surface area (BSA) is how much skin is affected.</p>"
        "<h5>More</h5>"
        '<p>For the label, <a href="https://example.org/label">click here</a>.</p>'
    ]
    data["_continue"] = ["Save"]
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, "the save went through: warnings never block"
    messages = [str(m) for m in response.context["messages"]]
    text = "\n".join(messages)
    assert "headings (English): Heading level skipped: h2 is followed by h5." in text
    assert "link-text (English): Link text “click here”" in text
    assert "abbreviation (English): “BSA” is used before it is spelled out." in text
    assert "fallback (Arabic)" in text  # the test data's Arabic is deliberately partial
    block_link = f'href="/admin/guide/section/{section.pk}/change/#id_body_en"'
    assert any(block_link in m and m.startswith("headings") for m in messages)
    readability = next(m for m in messages if m.startswith("Readability, English"))
    assert "above grade 8" in readability and 'href="/admin/guide/' in readability
    section.refresh_from_db()
    assert "<h5>More</h5>" in section.body_en
    seeded.refresh_from_db()
    figure = seeded.readability["blocks"][f"sections.{section.pk}.body"]["figures"]["en"]
    assert figure["words"] < 40  # refreshed from the new body


def test_admin_guide_page_shows_worst_blocks_and_candidates(admin_client, seeded):
    url = f"/admin/guide/guide/{seeded.pk}/change/"
    page = admin_client.get(url).content.decode()
    worst = build_document(guide_tree_queryset().get(slug=SEED_SLUG))
    assert "readability (worst block per language)".capitalize() in page
    assert "flesch-kincaid-grade" in page and "fernandez-huerta" in page
    assert "No validated readability formula for Arabic" in page
    # Glossary candidates read every word of the guide: a page of their own, linked.
    candidates_url = f"/admin/guide/guide/{seeded.pk}/glossary-candidates/"
    assert f'href="{candidates_url}"' in page and "opzelura (" not in page
    candidates = admin_client.get(candidates_url).content.decode()
    assert "opzelura (" in candidates  # a rare word not in the glossary
    assert worst["readability"]["blocks"]
    data = change_form_data(page, "guide_form")
    data["_continue"] = ["Save"]
    response = admin_client.post(url, data, follow=True)
    assert response.redirect_chain
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Readability, Spanish") for m in messages)
    assert not any(m.startswith("Readability, Arabic") for m in messages)
