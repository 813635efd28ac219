"""Admin search finds a guide by any of its texts, in any language."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guide.admin_search import text_search_fields, translated_columns
from guide.languages import language_codes
from guide.models import Callout, FAQEntry, Guide, Section
from guide.roles import EDITOR_GROUP
from tests.support.roles import role_user


@pytest.fixture
def editor(seeded) -> Client:
    Guide.objects.create(slug="another-guide", title_en="Another guide")
    client = Client()
    client.force_login(role_user(EDITOR_GROUP))
    return client


def found(client: Client, url: str, q: str) -> list:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def a_word(text: str) -> str:
    """A distinctive piece of a stored text (its longest space-free run, tags dropped)."""
    import re

    plain = re.sub(r"<[^>]+>", " ", text)
    return max(plain.split(), key=len).strip(".,:;()«»\"'،؟")


def test_search_fields_are_every_language_of_every_text():
    fields = set(admin.site._registry[Guide].search_fields)
    for code in language_codes():
        suffix = code.replace("-", "_")
        for name in (
            f"title_{suffix}",
            f"subtitle_{suffix}",
            f"summary_{suffix}",
            f"sections__heading_{suffix}",
            f"sections__body_{suffix}",
            f"sections__callouts__label_{suffix}",
            f"sections__callouts__body_{suffix}",
            f"faq_entries__question_{suffix}",
            f"faq_entries__answer_{suffix}",
        ):
            assert name in fields, name
    assert set(translated_columns(Section)) <= set(admin.site._registry[Section].search_fields)
    assert "callouts__body_ar" in admin.site._registry[Section].search_fields
    assert text_search_fields(Guide, extra=("slug",))[0] == "slug"


def test_a_guide_is_found_by_any_text_in_any_language(seeded, editor):
    guides = "/admin/guide/guide/"
    answer = FAQEntry.objects.filter(guide=seeded).exclude(answer_ar=None).first()
    callout = Callout.objects.filter(section__guide=seeded).exclude(label_zh_hans=None).first()
    sub = Section.objects.filter(guide=seeded, parent__isnull=False).exclude(body_fr=None).first()
    queries = {
        "FAQ answer (Arabic)": a_word(answer.answer_ar),
        "FAQ question (Vietnamese)": a_word(answer.question_vi),
        "callout label (Chinese)": callout.label_zh_hans,
        "subsection body (French)": a_word(sub.body_fr),
        "subtitle (Spanish)": a_word(seeded.subtitle_es),
    }
    for what, q in queries.items():
        assert found(editor, guides, q) == [seeded], what
    assert found(editor, guides, "another-guide") == [Guide.objects.get(slug="another-guide")]
    assert found(editor, guides, "zzqx-nowhere") == []
    assert "Words from any of its texts, in any language" in editor.get(guides).content.decode()
    # Every word must be found, wherever each is.
    both = f"{queries['FAQ answer (Arabic)']} {queries['subsection body (French)']}"
    assert found(editor, guides, both) == [seeded]
    assert found(editor, guides, f"{both} zzqx-nowhere") == []


def test_guide_search_uses_one_subquery_per_relation_and_no_distinct(seeded, editor):
    with CaptureQueriesContext(connection) as captured:
        editor.get("/admin/guide/guide/", {"q": "opzelura"})
    searches = [q["sql"] for q in captured if " LIKE " in q["sql"].upper()]
    assert searches  # the result count and the page of results
    for search in searches:
        assert "DISTINCT" not in search.upper()
        # sections, callouts, FAQ and coded subjects: one subquery each, never joined together
        assert search.upper().count(" IN (SELECT") == 4, search


def test_a_section_is_found_by_its_callouts_in_any_language(seeded, editor):
    callout = Callout.objects.filter(section__guide=seeded).exclude(body_es=None).first()
    results = found(editor, "/admin/guide/section/", a_word(callout.body_es))
    assert callout.section in results
    heading = Section.objects.filter(guide=seeded).exclude(heading_ar=None).first()
    assert heading in found(editor, "/admin/guide/section/", a_word(heading.heading_ar))
