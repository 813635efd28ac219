"""Publishing and withdrawals set for a later time, carried out by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.models.guides import Guide
from guide.models.versions import GuideVersion


class ScheduledAction(models.Model):
    """A publish or withdrawal of a guide at `run_at`.

    The row, not a queued message, is the record of what is due: `guide.scheduling` runs
    pending rows whose time has come, whichever of the worker's timed message, the
    once-a-minute beat task or `manage.py run_schedules` gets there first. Rows are kept
    after they run, with their outcome.
    """

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish the working copy")
        WITHDRAW = "withdraw", _("Withdraw from the API")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="scheduled_actions")
    action = models.CharField(max_length=16, choices=Action.choices, default=Action.PUBLISH)
    run_at = models.DateTimeField(help_text=_("When to carry it out (UTC)."))
    note = models.CharField(
        max_length=300, blank=True, help_text=_("The change note of the version it publishes.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled_actions",
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    result = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.ForeignKey(
        GuideVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The version a scheduled publish made."),
    )

    class Meta:
        ordering = ["-run_at"]
        indexes = [models.Index(fields=["state", "run_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.guide.slug} at {self.run_at:%Y-%m-%d %H:%M} UTC"
