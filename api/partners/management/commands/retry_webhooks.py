"""Re-enqueue webhook deliveries that are pending or failed, e.g. after a broker outage."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from api.partners.models import WebhookDelivery
from api.partners.outbox import requeue

Status = WebhookDelivery.Status


class Command(BaseCommand):
    help = (
        "Hand pending and failed webhook deliveries to the task queue again. Each gets a "
        "fresh round of attempts; delivered ones are never sent again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--status",
            action="append",
            choices=[Status.PENDING, Status.FAILED],
            help="Only deliveries in this status (repeatable; default: pending and failed).",
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            metavar="SECONDS",
            help="Skip deliveries created or attempted more recently than this, which are "
            "likely still queued (default 60).",
        )
        parser.add_argument("--limit", type=int, default=1000, help="At most this many.")

    def handle(self, *args, status: list[str] | None, min_age: int, limit: int, **options):
        statuses = status or [Status.PENDING, Status.FAILED]
        cutoff = timezone.now() - timedelta(seconds=min_age)
        recent = Q(created_at__gt=cutoff) | Q(last_attempt_at__gt=cutoff)
        ids = list(
            WebhookDelivery.objects.filter(status__in=statuses)
            .exclude(recent)
            .order_by("created_at")
            .values_list("id", flat=True)[:limit]
        )
        sent = requeue(ids)
        self.stdout.write(f"Re-enqueued {sent} of {len(ids)} webhook deliveries.")
