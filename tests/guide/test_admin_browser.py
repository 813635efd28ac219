"""The admin's own pages and widgets in real Chromium, each as the role that uses it:
axe-core finds nothing, translations are typed in the right tab and direction and kept,
links to a field open its tab, and leaving a page with unsaved edits asks first.

With ADMIN_SHOTS_DIR set, screenshots are written there for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from guide.models import ComparisonTable, Guide, Section, TableRow
from guide.roles import EDITOR_GROUP, TRANSLATOR_GROUP, sync_roles
from tests.support.admin_browser import signed_in_context
from tests.support.browser import axe_violations
from tests.support.guides import SEED_SLUG
from tests.support.roles import make_reviewer, role_user

SHOTS = os.environ.get("ADMIN_SHOTS_DIR")
# Django's own markup, not ours: the magnifier icons SelectFilter2.js (filter_horizontal)
# draws inside its search labels carry aria-label on a plain <span> (aria-prohibited-attr).
DJANGO_NODES = [".selector .search-label-icon"]


@pytest.fixture
def accounts(live_seeded) -> dict[str, User]:
    sync_roles()  # a transactional test database starts without migration data
    return {
        "editor": role_user(EDITOR_GROUP),
        "translator": role_user(TRANSLATOR_GROUP),
        "reviewer": make_reviewer(),
    }


def _page(browser, live_seeded, user: User):
    context = signed_in_context(
        browser, live_seeded.url, user, viewport={"width": 1280, "height": 900}
    )
    return context.new_page()


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def _tab(page, field_id: str):
    return page.locator(f'[role=tab][data-field="{field_id}"]')


def _editor(page, field_id: str):
    return page.locator(f"[role=tabpanel]:has(#{field_id}) .ProseMirror")


def test_axe_finds_nothing_on_the_admin_pages_each_role_uses(browser, live_seeded, accounts):
    guide = Guide.objects.get(slug=SEED_SLUG)
    section = Section.objects.filter(guide=guide, parent=None).first()
    table = ComparisonTable.objects.get(guide=guide)
    row = TableRow.objects.filter(table=table).first()
    pages = [
        ("editor", "guide", f"/admin/guide/guide/{guide.pk}/change/"),
        ("translator", "guide-translator", f"/admin/guide/guide/{guide.pk}/change/"),
        ("translator", "section", f"/admin/guide/section/{section.pk}/change/"),
        ("editor", "table", f"/admin/guide/comparisontable/{table.pk}/change/"),
        ("editor", "table-row", f"/admin/guide/tablerow/{row.pk}/change/"),
        ("translator", "dashboard", "/admin/guide/textstatus/dashboard/"),
        ("translator", "to-fix", f"/admin/guide/textstatus/dashboard/{SEED_SLUG}/ar/"),
        ("reviewer", "publish", f"/admin/guide/guide/{guide.pk}/publish/"),
    ]
    found = {}
    widths = {}
    for role, name, path in pages:
        page = _page(browser, live_seeded, accounts[role])
        response = page.goto(live_seeded.url + path)
        assert response.status == 200, (name, response.status)
        if "/change/" in path:
            page.wait_for_selector(".language-tabs [role=tab]")
        violations = axe_violations(page, exclude=DJANGO_NODES)
        if violations:
            found[name] = violations
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        assert "Django administration" not in page.content()
        _shot(page, f"axe-{name}")
        page.context.close()
    # The guide page showing Arabic in every field: right-to-left inputs, and still clean.
    page = _page(browser, live_seeded, accounts["editor"])
    page.goto(f"{live_seeded.url}/admin/guide/guide/{guide.pk}/change/")
    page.select_option("#language-switch", "ar")
    title = page.locator("#id_title_ar")
    assert title.is_visible() and title.get_attribute("dir") == "rtl"
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    found["guide-arabic"] = axe_violations(page, exclude=DJANGO_NODES) or None
    _shot(page, "guide-arabic")
    page.context.close()
    found = {name: v for name, v in found.items() if v}
    assert found == {}
    # No page scrolls sideways at 1280 px (the table row page was 2,339 px wide).
    assert max(widths.values()) <= 1280, widths


def test_a_translator_types_spanish_and_arabic_in_their_tabs_and_they_are_kept(
    browser, live_seeded, accounts
):
    section = Section.objects.filter(parent=None).exclude(body_en="").first()
    url = f"{live_seeded.url}/admin/guide/section/{section.pk}/change/"
    page = _page(browser, live_seeded, accounts["translator"])
    page.goto(url)
    title = page.locator("#content h1")
    assert title.inner_text() == "Change section"

    # The heading's tabs name each language in that language, with its state.
    tab = _tab(page, "id_heading_es")
    assert tab.get_attribute("aria-selected") == "false"
    assert tab.locator("span[lang=es]").inner_text() == "Español"
    tab.click()
    heading = page.locator("#id_heading_es")
    assert heading.is_visible()
    assert (heading.get_attribute("lang"), heading.get_attribute("dir")) == ("es", "ltr")
    heading.fill("Opzelura: lo que dicen los nuevos datos")

    _tab(page, "id_body_es").click()
    spanish = _editor(page, "id_body_es")
    assert (spanish.get_attribute("lang"), spanish.get_attribute("dir")) == ("es", "ltr")
    spanish.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Texto revisado en español.")

    _tab(page, "id_body_ar").click()
    arabic = _editor(page, "id_body_ar")
    assert (arabic.get_attribute("lang"), arabic.get_attribute("dir")) == ("ar", "rtl")
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Beside it, the English source, rendered (paragraphs, not tags), marked as English.
    source = page.locator("#id_body_ar_source .source-body")
    assert source.get_attribute("lang") == "en"
    assert source.locator("p").count() >= 1 and "<p>" not in source.inner_text()
    arabic.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("نص عربي مراجَع عن العلاج.")
    _shot(page, "section-arabic-tab")
    page.keyboard.press("Control+B")  # the toolbar's bold, from the keyboard
    toolbar = page.locator("[role=tabpanel]:has(#id_body_ar) [role=toolbar]")
    assert toolbar.get_attribute("aria-label").startswith("Formatting")
    assert toolbar.locator("[role=button][aria-label=bold]").get_attribute("aria-pressed") == "true"
    page.keyboard.type(" مهم")

    page.click('input[name="_continue"]')
    page.wait_for_selector(".messagelist .success")
    section.refresh_from_db()
    assert section.heading_es == "Opzelura: lo que dicen los nuevos datos"
    assert section.body_es == "<p>Texto revisado en español.</p>"
    assert section.body_ar == "<p>نص عربي مراجَع عن العلاج.<strong> مهم</strong></p>"

    page.reload()
    _tab(page, "id_body_ar").click()
    assert "نص عربي مراجَع" in _editor(page, "id_body_ar").inner_text()
    _shot(page, "section-arabic-saved")
    page.context.close()


def test_a_link_to_a_field_opens_its_tab_and_focuses_it(browser, live_seeded, accounts):
    section = Section.objects.filter(parent=None).first()
    page = _page(browser, live_seeded, accounts["editor"])
    page.goto(f"{live_seeded.url}/admin/guide/section/{section.pk}/change/#id_body_es")
    page.wait_for_selector("[role=tabpanel]:has(#id_body_es) .ProseMirror:focus")
    assert _tab(page, "id_body_es").get_attribute("aria-selected") == "true"
    assert _tab(page, "id_body_en").get_attribute("aria-selected") == "false"
    assert page.evaluate("document.activeElement.lang") == "es"

    # The to-fix page's "edit" links land on the text's own field, in its tab.
    page.goto(f"{live_seeded.url}/admin/guide/textstatus/dashboard/{SEED_SLUG}/ar/")
    link = page.locator(f'a[href*="#text-sections.{section.pk}.body-ar"]')
    link.click()
    page.wait_for_selector("[role=tabpanel]:has(#id_body_ar) .ProseMirror:focus")
    assert _tab(page, "id_body_ar").get_attribute("aria-selected") == "true"
    page.context.close()


def test_a_new_inline_opens_on_english_whatever_language_was_shown(browser, live_seeded, accounts):
    section = Section.objects.filter(parent=None).first()
    page = _page(browser, live_seeded, accounts["editor"])
    page.goto(f"{live_seeded.url}/admin/guide/section/{section.pk}/change/")
    page.select_option("#language-switch", "ar")
    assert _tab(page, "id_heading_ar").get_attribute("aria-selected") == "true"
    page.click("#callouts-group .add-row a")
    new_row = page.locator("#callouts-group .dynamic-callouts").last
    label_en = new_row.locator("[id$='-label_en']")
    assert label_en.is_visible()
    tab = new_row.locator("[role=tab][data-language=en]").first
    assert tab.get_attribute("aria-selected") == "true"
    _shot(page, "section-new-callout")
    page.context.close()


def test_leaving_a_page_with_unsaved_edits_asks_first(browser, live_seeded, accounts):
    guide = Guide.objects.get(slug=SEED_SLUG)
    page = _page(browser, live_seeded, accounts["editor"])
    url = f"{live_seeded.url}/admin/guide/guide/{guide.pk}/change/"
    # Links in the form that lead elsewhere open in a new tab, and say so: an inline's
    # "Change" (the table's rows) and the guide's previews.
    table = ComparisonTable.objects.get(guide=guide)
    page.goto(f"{live_seeded.url}/admin/guide/comparisontable/{table.pk}/change/")
    change_link = page.locator("a.inlinechangelink").first
    assert change_link.get_attribute("target") == "_blank"
    assert "opens in a new tab" in change_link.inner_text()
    page.goto(url)
    assert page.locator("a[href*='preview']").first.get_attribute("target") == "_blank"

    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.click(".breadcrumbs a >> nth=0")  # nothing typed yet: leaves without asking
    page.wait_for_url(f"{live_seeded.url}/admin/")
    assert dialogs == []

    page.goto(url)
    _tab(page, "id_title_es").click()
    page.locator("#id_title_es").click()
    page.keyboard.press("End")
    page.keyboard.type(" (revisado)")
    page.click(".breadcrumbs a >> nth=0", no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == url  # stayed, with the typed text
    assert page.locator("#id_title_es").input_value().endswith(" (revisado)")

    page.click('input[name="_continue"]')  # saving does not ask
    page.wait_for_selector(".messagelist .success")
    assert dialogs == ["beforeunload"]
    page.context.close()
