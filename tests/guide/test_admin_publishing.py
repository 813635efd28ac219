"""The publish page as a medical reviewer sees it, the version pages, the rollback notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from guide.editing import edit_content
from guide.models import FAQEntry, Guide, Section
from guide.publishing import publish, rollback
from guide.roles import EDITOR_GROUP, REVIEWER_GROUP, TRANSLATOR_GROUP, sync_roles
from tests.support.admin_browser import signed_in_context
from tests.support.browser import axe_violations
from tests.support.guides import SEED_SLUG
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


def test_the_guide_page_says_when_the_working_copy_was_saved_since_publishing(
    seeded, reviewer_client
):
    version = publish(seeded)
    seeded.refresh_from_db()
    assert version.working_revision == seeded.revision
    change = reverse("admin:guide_guide_change", args=[seeded.pk])
    assert 'id="working-copy-differs"' not in reviewer_client.get(change).content.decode()
    entry = FAQEntry.objects.filter(guide=seeded).order_by("order").first()
    with edit_content() as edit:
        entry.answer_fr = f"{entry.answer_fr} Demandez à votre médecin."
        edit.save(entry)
    page = reviewer_client.get(change).content.decode()
    assert "The working copy was saved since v2 was published" in page


def test_version_view_and_compare_pages(seeded, reviewer_client):
    entry, added = spanish_edit(seeded)
    publish(seeded)
    change = reverse("admin:guide_guide_change", args=[seeded.pk])
    panel = reviewer_client.get(change).content.decode()
    view = reverse("admin:guide_guide_version", args=[seeded.pk, 1])
    compare = reverse("admin:guide_guide_version_compare", args=[seeded.pk, 1])
    assert f'href="{view}"' in panel and f'href="{compare}?against=live"' in panel
    spanish = reviewer_client.get(view + "?lang=es").content.decode()
    assert entry.answer_es.replace(f" {added}", "") in spanish.replace("&#x27;", "'")
    assert '<p class="diff-text" lang="es" dir="ltr">' in spanish
    assert 'lang="ar"' not in spanish.split('id="version-es"')[1]  # one language a page
    arabic = reviewer_client.get(view + "?lang=ar").content.decode()
    assert '<p class="diff-text" lang="ar" dir="rtl">' in arabic
    compared = reviewer_client.get(compare + "?against=live").content.decode()
    assert added in compared.split('id="diff-es"')[1].split("<ins>")[1]
    same = reviewer_client.get(
        reverse("admin:guide_guide_version_compare", args=[seeded.pk, 2]) + "?against=working"
    ).content.decode()
    assert same.count("Nothing changes in this language.") == 6
    missing = reverse("admin:guide_guide_version", args=[seeded.pk, 99])
    assert reviewer_client.get(missing).status_code == 404


# In Chromium, as a medical reviewer ------------------------------------------------------

SHOTS = Path("/tmp/h16publish-shots")


def assert_accessible(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


@pytest.fixture
def reviewer_browser(browser, live_seeded):
    sync_roles()  # a transactional test database starts without migration data
    context = signed_in_context(browser, live_seeded.url, make_reviewer())
    yield context.new_page()
    context.close()


def test_reviewer_publishes_with_the_diff_shown_then_rolls_back(reviewer_browser):
    page = reviewer_browser
    guide = Guide.objects.get(slug=SEED_SLUG)
    entry = FAQEntry.objects.filter(guide=guide).order_by("order").first()
    added = "Consulte siempre a su médico."
    with edit_content() as edit:  # what an editor's save does
        entry.answer_es = f"{entry.answer_es} {added}"
        edit.save(entry)
    page.goto(f"/admin/guide/guide/{guide.pk}/change/")
    page.click("text=Publish the working copy")
    spanish = page.locator("#diff-es")
    assert spanish.get_attribute("aria-labelledby") == "diff-es-heading"
    change = spanish.locator(f'[data-path="faq.{entry.pk}.answer"]')
    assert added in change.locator("ins").inner_text()
    assert change.locator('p.diff-text[lang="es"]').count() == 1
    assert page.locator("#diff-ar p.diff-text[dir=rtl]").count() == 0  # Arabic unchanged
    assert "Nothing changes in this language." in page.locator("#diff-en").inner_text()
    assert_accessible(page, "publish-page")
    page.fill("#id_note", "Spanish: see your doctor")
    page.click('input[type=submit][value="Publish"]')
    page.wait_for_selector(".messagelist .success")
    assert "version 2" in page.inner_text(".messagelist")

    # The version list: view and compare.
    page.click(f'a[href="/admin/guide/guide/{guide.pk}/versions/1/"]')
    page.click('.diff-nav a[lang="ar"]')
    assert page.locator("#version-ar p.diff-text[dir=rtl]").count() > 0
    assert_accessible(page, "version-view")
    page.click("text=Compare with the live version")
    assert added in page.locator(f'#diff-es [data-path="faq.{entry.pk}.answer"] ins').inner_text()
    assert_accessible(page, "version-compare")

    # Roll back to version 1 (the page shows what that takes back): the guide page and the
    # publish page warn.
    page.goto(f"/admin/guide/guide/{guide.pk}/rollback/1/")
    assert added in page.locator(f'#diff-es [data-path="faq.{entry.pk}.answer"] del').inner_text()
    assert_accessible(page, "rollback-page")
    page.click('input[type=submit][value="Republish"]')
    page.wait_for_selector(".messagelist .success")
    warning = page.locator("#working-copy-differs")
    assert "differs from what is live" in warning.inner_text()
    warning.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "guide-page-after-rollback.png"))
    page.goto(f"/admin/guide/guide/{guide.pk}/publish/")
    assert "rollback" in page.locator("#rolled-back-warning").inner_text()
    removed = page.locator(f'#diff-es [data-path="faq.{entry.pk}.answer"] ins')
    assert added in removed.inner_text()  # publishing now would bring it back
    assert_accessible(page, "publish-page-after-rollback")


# What each role sees ---------------------------------------------------------------------

PUBLISHING_LINKS = ("Publish the working copy", "Withdraw from the API", "republish this content")
PUBLISHING_ACTIONS = ('value="publish_selected"', 'value="withdraw_selected"')


def client_for(group: str) -> Client:
    client = Client()
    client.force_login(role_user(group))
    return client


@pytest.mark.parametrize("group", [EDITOR_GROUP, TRANSLATOR_GROUP])
def test_editors_and_translators_see_no_publishing_links_or_actions(seeded, group):
    assert seeded.status == Guide.Status.PUBLISHED and seeded.versions.exists()
    client = client_for(group)
    page = client.get(f"/admin/guide/guide/{seeded.pk}/change/").content.decode()
    for text in PUBLISHING_LINKS:
        assert text not in page, text
    assert "medical reviewers publish, withdraw and republish guides" in page
    listing = client.get("/admin/guide/guide/").content.decode()
    assert 'value="export_xliff_action"' in listing
    for option in PUBLISHING_ACTIONS:
        assert option not in listing, option
    # The action asked for anyway, as a crafted form would: not run.
    client.post(
        "/admin/guide/guide/",
        {"action": "withdraw_selected", "_selected_action": [seeded.pk], "index": 0},
    )
    seeded.refresh_from_db()
    assert seeded.status == Guide.Status.PUBLISHED


def test_reviewers_see_every_publishing_link_and_action(seeded):
    client = client_for(REVIEWER_GROUP)
    page = client.get(f"/admin/guide/guide/{seeded.pk}/change/").content.decode()
    for text in PUBLISHING_LINKS:
        assert text in page, text
    listing = client.get("/admin/guide/guide/").content.decode()
    for option in PUBLISHING_ACTIONS:
        assert option in listing, option
