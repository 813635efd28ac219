"""An editor in Chromium: no publishing links, and a review claim refused with an explanation."""

from __future__ import annotations

from pathlib import Path

from guide.models import Guide, GuideLanguage, MedicalReview
from guide.roles import EDITOR_GROUP, sync_roles
from tests.support.admin_browser import signed_in_context
from tests.support.browser import axe_violations
from tests.support.guides import SEED_SLUG
from tests.support.roles import role_user

SHOTS = Path("/tmp/h16roles-shots")


def test_an_editor_claiming_a_review_is_refused_with_an_explanation(browser, live_seeded):
    sync_roles()
    guide = Guide.objects.get(slug=SEED_SLUG)
    context = signed_in_context(browser, live_seeded.url, role_user(EDITOR_GROUP, "ed"))
    page = context.new_page()
    page.goto(f"/admin/guide/guide/{guide.pk}/change/")
    panel = page.inner_text(".field-publishing")
    assert "medical reviewers publish, withdraw and republish guides" in panel
    assert page.locator("a", has_text="Publish the working copy").count() == 0
    assert page.locator("a", has_text="republish this content").count() == 0

    # "Medically reviewed" is not offered; put it back in the page as a crafted form would.
    select = page.locator("select[name$='-provenance']").first
    assert select.locator("option[value=reviewed]").count() == 0
    select.evaluate(
        "s => { s.add(new Option('Medically reviewed', 'reviewed')); s.value = 'reviewed'; }"
    )
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    assert "not chosen here" in page.inner_text(".errorlist")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "claim-refused-form.png"))
    assert not GuideLanguage.objects.filter(guide=guide, provenance="reviewed").exists()

    # The reviewers' page, from a link a colleague sent: an admin page that says who can.
    response = page.goto(f"/admin/guide/medicalreview/add/?guide={guide.pk}")
    assert response is not None and response.status == 403
    text = page.inner_text("#content")
    assert "Adding a medical review is not open to your role" in text
    assert "Editors" in text and "The Medical reviewers role can." in text
    assert page.locator("#header").is_visible()
    page.screenshot(path=str(SHOTS / "refusal-page.png"), full_page=True)
    assert axe_violations(page) == []
    assert not MedicalReview.objects.exists()
    context.close()
