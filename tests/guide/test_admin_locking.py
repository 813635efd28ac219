"""Two editors, one guide: the stale save is refused and nothing is lost; history records who."""

from __future__ import annotations

import pytest

from guide.models import FAQEntry, Guide
from guide.roles import EDITOR_GROUP
from tests.support.guides import SEED_SLUG
from tests.support.roles import PASSWORD, role_user


@pytest.fixture
def editors(live_seeded):
    from guide.roles import sync_roles

    sync_roles()
    return [role_user(EDITOR_GROUP, name, PASSWORD) for name in ("alice", "bob")]


def sign_in(browser, base: str, username: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")
    return context, page


def open_entry(page, base: str, entry: FAQEntry) -> None:
    page.goto(f"{base}/admin/guide/faqentry/{entry.pk}/change/")


def set_answer(page, text: str) -> None:
    field = "answer_en"
    page.click(f'[role=tab][data-field="id_{field}"]')
    page.fill(f'[name="{field}"]', text)
    page.click('input[name="_continue"]')


def test_stale_form_is_refused_and_history_records_the_editor(browser, editors, live_seeded):
    base = live_seeded.url
    guide = Guide.objects.get(slug=SEED_SLUG)
    first, second = FAQEntry.objects.filter(guide=guide).order_by("order")[:2]
    alice_ctx, alice = sign_in(browser, base, "alice")
    bob_ctx, bob = sign_in(browser, base, "bob")
    # Both open an entry of the same guide; the lock is the guide's, whichever page saves.
    open_entry(alice, base, first)
    open_entry(bob, base, second)

    set_answer(alice, "Alice's answer.")
    alice.wait_for_selector(".messagelist .success")

    set_answer(bob, "Bob's answer, from a stale page.")
    bob.wait_for_selector(".errornote")
    error = bob.inner_text(".errorlist")
    assert "changed by someone else" in error and "alice" in error
    alice_ctx.close()
    bob_ctx.close()

    entries = list(FAQEntry.objects.filter(guide=guide).order_by("order"))
    assert entries[0].answer_en == "Alice's answer."
    assert entries[1].answer_en != "Bob's answer, from a stale page."

    record = entries[0].history.first()
    assert record.history_user.username == "alice"
    previous = record.prev_record
    changed = {change.field for change in record.diff_against(previous).changes}
    assert changed == {"answer_en"}
