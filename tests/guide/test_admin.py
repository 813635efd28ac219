"""Editors in the admin, driven through a real browser."""

from __future__ import annotations

import pytest
import requests
from django.contrib.auth.models import User

from guide.models import FAQEntry, Guide, Section
from guide.roles import EDITOR_GROUP, REVIEWER_GROUP
from tests.support.guides import SEED_SLUG
from tests.support.roles import PASSWORD, role_user


@pytest.fixture
def editor(live_seeded) -> User:
    from guide.roles import sync_roles

    sync_roles()  # a transactional test database starts without migration data
    user = role_user(EDITOR_GROUP, "editor", PASSWORD)
    role_user(REVIEWER_GROUP, "reviewer", PASSWORD)
    return user


def login(page, base: str, username: str = "editor") -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_editor_changes_a_spanish_faq_answer_and_the_api_shows_it(browser, editor, live_seeded):
    base = live_seeded.url
    guide = Guide.objects.get(slug=SEED_SLUG)
    entry = FAQEntry.objects.get(guide=guide, order=1)
    inline_index = list(guide.faq_entries.order_by("order", "id")).index(entry)
    page = browser.new_page()
    login(page, base)
    # FAQ entries are edited on their own pages, reached from the guide's contents panel.
    page.goto(f"{base}/admin/guide/guide/{guide.pk}/change/")
    page.click("text=list, edit and reorder >> nth=1")
    page.click(
        f'a[href="/admin/guide/faqentry/{entry.pk}/change/?_changelist_filters=guide__id__exact%3D{guide.pk}"]'
    )
    field = "answer_es"
    page.click(f'[role=tab][data-field="id_{field}"]')
    new_answer = "Opzelura es una crema con receta para la dermatitis atópica."
    page.fill(f'[name="{field}"]', new_answer)
    page.click('input[name="_continue"]')
    page.wait_for_selector(".messagelist .success")

    def served() -> str:
        body = requests.get(
            f"{base}/api/v1/guides/{SEED_SLUG}/faq/", params={"lang": "es"}, timeout=10
        ).json()
        return body["faq"][inline_index]["answer"]

    assert served() == entry.answer_es  # saved to the working copy, not yet published
    page.close()
    # Editors write; medical reviewers publish.
    page = browser.new_context().new_page()
    login(page, base, "reviewer")
    page.goto(f"{base}/admin/guide/guide/{guide.pk}/change/")
    page.click("text=Publish the working copy")
    page.fill("#id_note", "Shorter answer to the first question")
    page.click('input[type=submit][value="Publish"]')
    page.wait_for_selector(".messagelist .success")
    assert "version 2" in page.inner_text(".messagelist")
    page.close()
    assert served() == new_answer
    english = requests.get(f"{base}/api/v1/guides/{SEED_SLUG}/faq/", timeout=10).json()
    assert english["faq"][inline_index]["answer"] == entry.answer_en


def test_editors_group_cannot_manage_users(editor):
    assert editor.has_perm("guide.change_faqentry")
    assert editor.has_perm("guide.change_section")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.add_group")


def test_admin_assets_are_local(browser, editor, live_seeded):
    base = live_seeded.url
    page = browser.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    login(page, base)
    page.goto(f"{base}/admin/guide/guide/")
    assert page.locator("th.column-languages").count() == 1
    guide_pk = Guide.objects.get(slug=SEED_SLUG).pk
    page.goto(f"{base}/admin/guide/guide/{guide_pk}/change/")
    assert page.locator(".language-tabs [role=tab]").count() > 0  # the shipped tabs script
    section = Section.objects.filter(guide__pk=guide_pk).first()
    assert section is not None
    page.goto(f"{base}/admin/guide/section/{section.pk}/change/")
    page.wait_for_selector(".prose-editor .ProseMirror")  # the rich-text editor, shipped too
    page.close()
    assert external == []
