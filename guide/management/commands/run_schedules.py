"""Carry out scheduled publishing that is due: for cron where celery beat does not run."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from guide.scheduling import run_due


class Command(BaseCommand):
    help = "Publish and withdraw the guides whose scheduled time has come (run every minute)."

    def handle(self, *args, **options) -> None:
        for row in run_due():
            self.stdout.write(f"{row}: {row.get_state_display()}. {row.result}")
