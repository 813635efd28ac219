"""Scheduling in the admin: the form, the guide page, cancelling, and the reminders."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guide.editing import edit_content
from guide.models import Guide, MedicalReview, ScheduledAction
from guide.reviews import record_review
from guide.roles import EDITOR_GROUP, sync_roles
from tests.support.admin_browser import signed_in_context
from tests.support.browser import axe_violations
from tests.support.guides import SEED_SLUG
from tests.support.roles import make_reviewer, role_user
from tests.support.waiting import wait_until

ADD = "admin:guide_scheduledaction_add"


@pytest.fixture
def reviewer(seeded):
    return make_reviewer()


@pytest.fixture
def client(reviewer) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


def form(guide, when, action="publish", note="Launch") -> dict[str, str]:
    return {
        "guide": str(guide.pk),
        "action": action,
        "run_at_0": when.strftime("%Y-%m-%d"),
        "run_at_1": when.strftime("%H:%M:%S"),
        "note": note,
    }


def test_scheduling_from_the_admin_shows_on_the_guide_page_and_can_be_cancelled(
    seeded, client, reviewer
):
    when = timezone.now() + timedelta(days=1)
    response = client.post(reverse(ADD), form(seeded, when))
    change = reverse("admin:guide_guide_change", args=[seeded.pk])
    assert response.status_code == 302 and response["Location"] == change
    row = ScheduledAction.objects.get()
    assert (row.created_by, row.note, row.state) == (reviewer, "Launch", "pending")
    page = client.get(change).content.decode()
    cancel_url = reverse("admin:guide_scheduledaction_cancel", args=[row.pk])
    assert f"Publish the working copy at {when:%Y-%m-%d %H:%M} UTC" in page
    assert f'href="{cancel_url}"' in page
    assert b"Cancel it" in client.get(cancel_url).content
    client.post(cancel_url)
    row.refresh_from_db()
    assert row.state == ScheduledAction.State.CANCELLED
    assert b"Nothing scheduled." in client.get(change).content


def test_the_form_refuses_a_past_time_and_withdrawing_an_unpublished_guide(seeded, client):
    past = client.post(reverse(ADD), form(seeded, timezone.now() - timedelta(hours=1)))
    assert past.status_code == 200
    assert "Choose a time in the future." in past.content.decode()
    seeded.status = "draft"
    seeded.save(update_fields=["status"])
    later = timezone.now() + timedelta(hours=1)
    withdraw = client.post(reverse(ADD), form(seeded, later, action="withdraw"))
    assert "nothing to withdraw" in withdraw.content.decode()
    assert not ScheduledAction.objects.exists()


def test_editors_cannot_schedule_or_cancel(seeded, reviewer):
    client = Client()
    client.force_login(role_user(EDITOR_GROUP, "ed"))
    when = timezone.now() + timedelta(days=1)
    assert client.post(reverse(ADD), form(seeded, when)).status_code == 403
    row = ScheduledAction.objects.create(guide=seeded, run_at=when, created_by=reviewer)
    cancel_url = reverse("admin:guide_scheduledaction_cancel", args=[row.pk])
    assert client.post(cancel_url).status_code == 403
    row.refresh_from_db()
    assert row.state == ScheduledAction.State.PENDING
    page = client.get(reverse("admin:guide_guide_change", args=[seeded.pk])).content.decode()
    assert cancel_url not in page and "Schedule a publish" not in page


def overdue_spanish_review(guide, reviewer) -> MedicalReview:
    """A Spanish review whose next date has passed (moved back in time: the service only
    records reviews of today or later than the version)."""
    review = record_review(guide, "es", reviewer)
    year_ago = timezone.localdate() - timedelta(days=400)
    MedicalReview.objects.filter(pk=review.pk).update(
        reviewed_on=year_ago, next_review_due=year_ago + timedelta(days=365)
    )
    return review


def test_overdue_reviews_are_listed_on_the_index_and_the_dashboard(seeded, client, reviewer):
    assert b"No medical review is overdue." in client.get(reverse("admin:index")).content
    overdue_spanish_review(seeded, reviewer)
    for url in (reverse("admin:index"), reverse("admin:guide_translation_dashboard")):
        page = client.get(url).content.decode()
        assert f'data-guide="{seeded.slug}" data-language="es"' in page, url
        assert "35 days ago" in page
        assert '<span lang="es" dir="ltr">Español</span>' in page


# In Chromium, with the real worker -------------------------------------------------------

SHOTS = Path("/tmp/h16publish-shots")


def test_reviewer_schedules_a_publish_that_the_worker_carries_out(
    browser, live_seeded, celery_worker
):
    sync_roles()  # a transactional test database starts without migration data
    reviewer = make_reviewer()
    guide = Guide.objects.get(slug=SEED_SLUG)
    overdue_spanish_review(guide, reviewer)
    with edit_content() as edit:
        entry = guide.faq_entries.order_by("order").first()
        entry.answer_en = f"{entry.answer_en} Ask your doctor."
        edit.save(entry)
    context = signed_in_context(browser, live_seeded.url, reviewer)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/admin/")
    assert page.locator('.overdue-review[data-language="es"]').is_visible()
    page.screenshot(path=str(SHOTS / "admin-index.png"), full_page=True)
    assert axe_violations(page) == []

    page.goto(f"/admin/guide/guide/{guide.pk}/change/")
    page.click("text=Schedule a publish or withdrawal")
    when = timezone.now() + timedelta(seconds=8)
    page.fill("#id_run_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_run_at_1", when.strftime("%H:%M:%S"))
    page.fill("#id_note", "Ask your doctor")
    page.screenshot(path=str(SHOTS / "schedule-form.png"), full_page=True)
    page.click('input[name="_save"]')
    page.wait_for_selector(".messagelist .success")
    assert "Scheduled:" in page.inner_text("#scheduled")
    row = ScheduledAction.objects.get()
    assert row.state == ScheduledAction.State.PENDING  # the worker waits for the time

    def done() -> bool:
        row.refresh_from_db()
        return row.state != ScheduledAction.State.PENDING

    wait_until(done, timeout=40)
    assert row.state == ScheduledAction.State.DONE, row.result
    page.reload()
    assert "live: v2" in page.inner_text(".field-publishing")
    assert "Nothing scheduled." in page.inner_text("#scheduled")
    page.goto("/admin/guide/scheduledaction/")
    assert "Published opzelura-atopic-dermatitis as version 2." in page.inner_text("#result_list")
    page.screenshot(path=str(SHOTS / "scheduled-list.png"), full_page=True)
    context.close()
