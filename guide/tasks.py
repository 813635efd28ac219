"""Worker tasks of the guide app, for Celery's autodiscovery (defined beside their work)."""

from __future__ import annotations

from guide.scheduling import run_due_schedules, run_scheduled_action

__all__ = ["run_due_schedules", "run_scheduled_action"]
