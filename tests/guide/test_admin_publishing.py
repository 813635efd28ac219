"""The publish page as a medical reviewer sees it, the version pages, the rollback notice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from guide.models import FAQEntry, Section
from guide.publishing import publish, rollback
from guide.roles import EDITOR_GROUP
from tests.support.roles import make_reviewer, role_user


@pytest.fixture
def reviewer_client(seeded) -> Client:
    client = Client()
    client.force_login(make_reviewer())
    return client


def publish_url(guide) -> str:
    return reverse("admin:guide_guide_publish", args=[guide.pk])


def spanish_edit(guide) -> tuple[FAQEntry, str]:
    entry = FAQEntry.objects.filter(guide=guide).order_by("order").first()
    assert entry is not None
    added = "Consulte siempre a su médico."
    entry.answer_es = f"{entry.answer_es} {added}"
    entry.save()
    return entry, added


def test_publish_page_shows_the_spanish_change_as_inserted_words(seeded, reviewer_client):
    entry, added = spanish_edit(seeded)
    page = reviewer_client.get(publish_url(seeded)).content.decode()
    spanish = page.split('id="diff-es"')[1].split('id="diff-fr"')[0]
    assert f'data-path="faq.{entry.pk}.answer"' in spanish
    assert '<p class="diff-text" lang="es" dir="ltr">' in spanish
    assert "[added: </span>" in spanish and added in spanish.split("<ins>")[1]
    english = page.split('id="diff-en"')[1].split('id="diff-es"')[0]
    assert "Nothing changes in this language." in english
    arabic = page.split('id="diff-ar"')[1]
    assert 'lang="ar" dir="rtl"' in arabic


def test_publish_page_shows_checks_statuses_and_readability(seeded, reviewer_client):
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    section.body_en += '<p>For more, <a href="https://example.org/">click here</a>.</p><h4>X</h4>'
    section.body_fr = ""
    section.save()
    page = reviewer_client.get(publish_url(seeded)).content.decode()
    english = page.split('id="diff-en"')[1].split('id="diff-es"')[0]
    assert 'data-check="link-text"' in english and "click here" in english
    assert 'data-check="headings"' in english and "h2 is followed by h4" in english
    assert "Readability (median grade estimate): live " in english
    french = page.split('id="diff-fr"')[1].split('id="diff-zh-hans"')[0]
    assert "missing (English is shown instead)" in french
    assert "1 missing" not in page.split('id="diff-es"')[1].split('id="diff-fr"')[0]
    assert f"sections.{section.pk}.body" in french  # the emptied body, shown as removed
    assert "text removed" in french


def test_publishing_with_a_note_from_the_page(seeded, reviewer_client):
    spanish_edit(seeded)
    response = reviewer_client.post(publish_url(seeded), {"note": "Clearer Spanish answer"})
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert (seeded.live_version.number, seeded.live_version.note) == (2, "Clearer Spanish answer")


def test_a_republish_of_the_same_content_is_called_so(seeded, reviewer_client):
    page = reviewer_client.get(publish_url(seeded)).content.decode()
    assert 'id="no-change-warning"' in page


def test_editors_may_not_open_the_publish_page(seeded):
    client = Client()
    client.force_login(role_user(EDITOR_GROUP, "ed"))
    response = client.get(publish_url(seeded))
    assert response.status_code == 403
    assert b"diff-language" not in response.content


def test_after_a_rollback_guide_and_publish_pages_say_the_working_copy_differs(
    seeded, reviewer_client
):
    spanish_edit(seeded)
    publish(seeded)
    change = reverse("admin:guide_guide_change", args=[seeded.pk])
    assert b'id="working-copy-differs"' not in reviewer_client.get(change).content
    rollback(seeded, 1)
    seeded.refresh_from_db()
    page = reviewer_client.get(change).content.decode()
    assert 'id="working-copy-differs"' in page
    assert "republished version 1 (a rollback)" in page
    publish_page = reviewer_client.get(publish_url(seeded)).content.decode()
    assert 'id="rolled-back-warning"' in publish_page


def test_version_view_and_compare_pages(seeded, reviewer_client):
    entry, added = spanish_edit(seeded)
    publish(seeded)
    change = reverse("admin:guide_guide_change", args=[seeded.pk])
    panel = reviewer_client.get(change).content.decode()
    view = reverse("admin:guide_guide_version", args=[seeded.pk, 1])
    compare = reverse("admin:guide_guide_version_compare", args=[seeded.pk, 1])
    assert f'href="{view}"' in panel and f'href="{compare}?against=live"' in panel
    page = reviewer_client.get(view).content.decode()
    assert entry.answer_es.replace(f" {added}", "") in page.replace("&#x27;", "'")
    assert '<p class="diff-text" lang="ar" dir="rtl">' in page
    compared = reviewer_client.get(compare + "?against=live").content.decode()
    assert added in compared.split('id="diff-es"')[1].split("<ins>")[1]
    same = reviewer_client.get(
        reverse("admin:guide_guide_version_compare", args=[seeded.pk, 2]) + "?against=working"
    ).content.decode()
    assert same.count("Nothing changes in this language.") == 6
    missing = reverse("admin:guide_guide_version", args=[seeded.pk, 99])
    assert reviewer_client.get(missing).status_code == 404
