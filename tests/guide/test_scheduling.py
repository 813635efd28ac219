"""Scheduled publishing: what runs when, what is refused, and what a failure leaves behind."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from guide.models import FAQEntry, Guide, ScheduledAction
from guide.roles import EDITOR_GROUP
from guide.scheduling import SchedulingError, cancel, run_action, run_due, schedule
from tests.support.roles import make_reviewer, role_user
from tests.support.waiting import wait_until


@pytest.fixture
def reviewer(seeded):
    return make_reviewer()


def soon(seconds: int = 60):
    return timezone.now() + timedelta(seconds=seconds)


def edit_english(guide) -> str:
    entry = FAQEntry.objects.filter(guide=guide).order_by("order").first()
    entry.answer_en = "A scheduled answer."
    entry.save()
    return entry.answer_en


def test_a_due_publish_runs_as_the_account_that_scheduled_it(seeded, reviewer):
    edit_english(seeded)
    row = schedule(seeded, "publish", soon(), user=reviewer, note="Monday release")
    assert run_due() == []  # not due yet
    assert run_due(now=row.run_at) == [row]
    row.refresh_from_db()
    seeded.refresh_from_db()
    assert row.state == ScheduledAction.State.DONE and row.finished_at is not None
    assert row.version == seeded.live_version
    assert (row.version.number, row.version.note, row.version.published_by) == (
        2,
        "Monday release",
        reviewer,
    )
    assert row.version.document["faq"][0]["answer"]["en"] == "A scheduled answer."
    assert row.result == f"Published {seeded.slug} as version 2."
    assert run_due(now=row.run_at) == []  # runs once


def test_a_due_withdrawal_takes_the_guide_off_the_api(seeded, reviewer):
    row = schedule(seeded, "withdraw", soon(), user=reviewer)
    run_action(row.pk, now=row.run_at)
    seeded.refresh_from_db()
    assert seeded.status == Guide.Status.WITHDRAWN and seeded.live_version is None


def test_a_cancelled_action_never_runs(seeded, reviewer):
    row = schedule(seeded, "publish", soon(), user=reviewer)
    cancel(row, user=reviewer)
    assert (row.state, row.cancelled_by) == (ScheduledAction.State.CANCELLED, reviewer)
    assert run_due(now=row.run_at + timedelta(hours=1)) == []
    seeded.refresh_from_db()
    assert seeded.live_version.number == 1
    with pytest.raises(SchedulingError, match="cancelled"):
        cancel(row, user=reviewer)


def test_a_failure_is_recorded_and_changes_nothing(seeded, reviewer):
    first = schedule(seeded, "withdraw", soon(10), user=reviewer)
    second = schedule(seeded, "withdraw", soon(20), user=reviewer)
    ran = run_due(now=second.run_at)
    assert [r.pk for r in ran] == [first.pk, second.pk]
    second.refresh_from_db()
    assert second.state == ScheduledAction.State.FAILED
    assert second.result == f"{seeded.slug} is not published."
    assert second.finished_at is not None and second.version is None


def test_the_scheduler_losing_the_publish_permission_fails_the_action(seeded, reviewer):
    row = schedule(seeded, "publish", soon(), user=reviewer)
    reviewer.groups.clear()
    run_action(row.pk, now=row.run_at)
    row.refresh_from_db()
    assert row.state == ScheduledAction.State.FAILED
    assert "may no longer publish" in row.result
    seeded.refresh_from_db()
    assert seeded.live_version.number == 1


def test_only_publishers_schedule_and_cancel(seeded, reviewer):
    editor = role_user(EDITOR_GROUP, "ed")
    with pytest.raises(SchedulingError, match="Only those who may publish"):
        schedule(seeded, "publish", soon(), user=editor)
    row = schedule(seeded, "publish", soon(), user=reviewer)
    with pytest.raises(SchedulingError, match="Only those who may publish"):
        cancel(row, user=editor)
    row.refresh_from_db()
    assert row.state == ScheduledAction.State.PENDING


def test_a_time_in_the_past_is_refused(seeded, reviewer):
    with pytest.raises(SchedulingError, match="future"):
        schedule(seeded, "publish", timezone.now() - timedelta(minutes=1), user=reviewer)
    assert not ScheduledAction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_publishes_at_the_scheduled_time(celery_worker, _seed_rows):
    """Scheduled a few seconds ahead: the message goes through Redis to the worker, which
    holds it until then and publishes; nothing runs before the time."""
    from guide.roles import sync_roles

    sync_roles()  # a transactional test database starts without migration data
    _seed_rows.load()
    guide = Guide.objects.get()
    reviewer = make_reviewer()
    edit_english(guide)
    row = schedule(guide, "publish", soon(4), user=reviewer, note="From the worker")

    def published() -> bool:
        row.refresh_from_db()
        return row.state != ScheduledAction.State.PENDING

    assert not published()
    wait_until(published, timeout=30)
    guide.refresh_from_db()
    assert row.state == ScheduledAction.State.DONE, row.result
    assert row.finished_at >= row.run_at
    assert (guide.live_version.number, guide.live_version.note) == (2, "From the worker")
    assert guide.live_version.published_by == reviewer


def test_beat_and_the_command_run_what_is_due_and_a_second_message_runs_nothing(seeded, reviewer):
    from django.core.management import call_command

    from guide.scheduling import run_due_schedules, run_scheduled_action

    first = schedule(seeded, "publish", soon(), user=reviewer, note="By beat")
    second = schedule(seeded, "publish", soon(), user=reviewer, note="By cron")
    ScheduledAction.objects.filter(pk=first.pk).update(run_at=timezone.now())
    assert run_due_schedules.delay().get() == 1  # the beat task (eager in tests)
    assert run_scheduled_action.delay(first.pk).get() is None  # a redelivered message
    ScheduledAction.objects.filter(pk=second.pk).update(run_at=timezone.now())
    out = StringIO()
    call_command("run_schedules", stdout=out)
    assert "Done. Published" in out.getvalue()
    seeded.refresh_from_db()
    assert (seeded.live_version.number, seeded.live_version.note) == (3, "By cron")
