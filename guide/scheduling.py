"""Publishing and withdrawals at a set time: scheduling, cancelling and running them.

The `ScheduledAction` row is the source of truth. Scheduling also queues a task for the
worker timed for `run_at` (`guide.tasks.run_scheduled_action`), so the action happens on
time; a message that is lost (a broker flushed, a worker gone) is recovered by
`run_due()`, which the beat task `guide.tasks.run_due_schedules` calls every minute and
`manage.py run_schedules` calls where beat does not run. Every path runs a row through
`run_action()`, which locks it and acts only on a pending row whose time has come, so a
row runs once however many of them reach it (Redis redelivers timed messages older than
its visibility timeout, so duplicates do happen).

The work itself is `guide.publishing`'s, done as the account that scheduled it. The two
tasks are defined here (Celery finds them through `guide.tasks`), so that scheduling can
queue them without an import cycle.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import shared_task
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from guide.models import Guide, ScheduledAction
from guide.publishing import publish, withdraw

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "guide.publish_guide"


class SchedulingError(ValueError):
    """A scheduling request that cannot be honoured (permission, time, state)."""


def may_schedule(user: Any) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def schedule(
    guide: Guide,
    action: str,
    run_at: datetime,
    *,
    user: Any,
    note: str = "",
) -> ScheduledAction:
    """Record that `guide` is to be published or withdrawn at `run_at`, and queue it."""
    if not may_schedule(user):
        raise SchedulingError("Only those who may publish can schedule publishing.")
    if action not in ScheduledAction.Action.values:
        raise SchedulingError(f"Unknown action {action!r}.")
    if run_at <= timezone.now():
        raise SchedulingError("Choose a time in the future.")
    scheduled = ScheduledAction.objects.create(
        guide=guide,
        action=action,
        run_at=run_at,
        note=note[:300],
        created_by=user if isinstance(user, User) else None,
    )
    transaction.on_commit(lambda: _queue(scheduled))
    return scheduled


def _queue(scheduled: ScheduledAction) -> None:
    """A timed message for the worker; without a broker (tasks run eagerly, at once) there
    is none, and `run_schedules` or beat carries the row out."""
    if run_scheduled_action.app.conf.task_always_eager:
        return
    try:
        run_scheduled_action.apply_async(args=[scheduled.pk], eta=scheduled.run_at)
    except Exception:  # the broker is down: the row stays pending and run_due() finds it
        logger.exception("Could not queue scheduled action %s", scheduled.pk)


def cancel(scheduled: ScheduledAction, *, user: Any) -> None:
    """Cancel a pending action; one already carried out or cancelled cannot be."""
    if not may_schedule(user):
        raise SchedulingError("Only those who may publish can cancel scheduled publishing.")
    with transaction.atomic():
        row = ScheduledAction.objects.select_for_update().get(pk=scheduled.pk)
        if row.state != ScheduledAction.State.PENDING:
            raise SchedulingError(f"This action is {row.get_state_display().lower()}.")
        row.state = ScheduledAction.State.CANCELLED
        row.cancelled_by = user if isinstance(user, User) else None
        row.finished_at = timezone.now()
        row.save(update_fields=["state", "cancelled_by", "finished_at"])
    scheduled.refresh_from_db()


def _carry_out(row: ScheduledAction) -> str:
    user = row.created_by
    if user is None or not user.is_active or not user.has_perm(PUBLISH_PERMISSION):
        raise SchedulingError("The account that scheduled this may no longer publish.")
    if row.action == ScheduledAction.Action.WITHDRAW:
        withdraw(row.guide)
        return f"Withdrew {row.guide.slug} from the API."
    version = publish(row.guide, user=user, note=row.note or "Scheduled publish")
    row.version = version
    return f"Published {row.guide.slug} as version {version.number}."


def run_action(pk: int, now: datetime | None = None) -> ScheduledAction | None:
    """Carry out one pending action if its time has come; record the outcome either way.

    Returns the row if it ran (done or failed), None if it was not due, not pending, or
    being run by another process at this moment."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            ScheduledAction.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("guide", "created_by")
            .filter(pk=pk, state=ScheduledAction.State.PENDING, run_at__lte=now)
            .first()
        )
        if row is None:
            return None
        try:
            with transaction.atomic():  # a failure undoes the action's writes, not the record
                row.result = _carry_out(row)
            row.state = ScheduledAction.State.DONE
        except Exception as exc:
            logger.exception("Scheduled action %s failed", pk)
            row.state = ScheduledAction.State.FAILED
            row.result = str(exc) or exc.__class__.__name__
            row.version = None
        row.finished_at = timezone.now()
        row.save(update_fields=["state", "result", "finished_at", "version"])
    return row


def due(now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    pending = ScheduledAction.objects.filter(state=ScheduledAction.State.PENDING, run_at__lte=now)
    return list(pending.order_by("run_at", "pk").values_list("pk", flat=True))


def run_due(now: datetime | None = None) -> list[ScheduledAction]:
    """Carry out every pending action whose time has come, oldest first."""
    return [row for pk in due(now) if (row := run_action(pk, now)) is not None]


def pending_for(guide: Guide) -> list[ScheduledAction]:
    return list(
        guide.scheduled_actions.filter(state=ScheduledAction.State.PENDING).order_by("run_at")
    )


# Worker tasks ---------------------------------------------------------------------------


@shared_task(name="guide.tasks.run_scheduled_action", acks_late=True, ignore_result=True)
def run_scheduled_action(pk: int) -> str | None:
    """Carry out one scheduled action at its time. A message delivered early (clocks
    differ) is queued again for the row's time."""
    row = run_action(pk)
    if row is not None:
        return row.state
    pending = ScheduledAction.objects.filter(pk=pk, state=ScheduledAction.State.PENDING).first()
    if pending is not None and pending.run_at > timezone.now():
        run_scheduled_action.apply_async(args=[pk], eta=pending.run_at)
    return None


@shared_task(name="guide.tasks.run_due_schedules", ignore_result=True)
def run_due_schedules() -> int:
    """Every minute (celery beat): carry out what is due, whatever happened to its message."""
    return len(run_due())
