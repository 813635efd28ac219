"""Reminders drawn on admin pages that have no view of their own (the index, the dashboard)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone

from guide.models import ScheduledAction
from guide.review_reminders import overdue_reviews

register = template.Library()


@register.inclusion_tag("admin/guide/_review_reminders.html")
def review_reminders(heading_level: int = 2) -> dict[str, Any]:
    """Guides and languages whose next medical review date has passed."""
    return {"overdue": overdue_reviews(), "heading": f"h{heading_level}"}


@register.inclusion_tag("admin/guide/_scheduled_soon.html")
def scheduled_actions(limit: int = 10) -> dict[str, Any]:
    """Pending scheduled publishing, soonest first, and recent failures."""
    pending = ScheduledAction.objects.filter(state=ScheduledAction.State.PENDING)
    failed = ScheduledAction.objects.filter(
        state=ScheduledAction.State.FAILED,
        finished_at__gte=timezone.now() - timedelta(days=7),
    )
    related = ("guide", "created_by")
    return {
        "pending": list(pending.select_related(*related).order_by("run_at")[:limit]),
        "failed": list(failed.select_related(*related).order_by("-finished_at")[:limit]),
    }
