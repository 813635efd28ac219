"""The webhook outbox: an event per publish or withdrawal, one delivery row per webhook.

The rows are written inside the publishing transaction (so an event exists exactly when its
publication does) and handed to the task queue once it commits; a delivery that never
reached the queue stays `pending` for `manage.py retry_webhooks`. Sending is
`api.partners.webhooks`, called by the task.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from api.partners.models import Webhook, WebhookDelivery
from api.partners.tasks import deliver_webhook
from guide.document import language_coverage
from guide.languages import all_languages
from guide.models import GuideVersion
from guide.publishing import guide_unpublished, version_published

logger = logging.getLogger(__name__)

PUBLISHED = "guide.published"
WITHDRAWN = "guide.withdrawn"
Status = WebhookDelivery.Status


# Events ------------------------------------------------------------------------------------


def build_event(
    kind: str, slug: str, version: int | None, languages: list[str], occurred_at: datetime
) -> dict[str, Any]:
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": kind,
        "guide": slug,
        "version": version,
        "languages": languages,
        "occurred_at": occurred_at.isoformat().replace("+00:00", "Z"),
    }


def encode(event: dict[str, Any]) -> str:
    """The payload as sent; stored so every attempt sends (and signs) the same bytes."""
    return json.dumps(event, separators=(",", ":"))


def published_languages(document: dict[str, Any]) -> list[str]:
    """BCP 47 tags of the languages a version has any text in (others are all fallback)."""
    coverage = language_coverage(document)
    return [lang.tag for lang in all_languages() if coverage[lang.code]["translated"]]


def queue_event(
    kind: str,
    slug: str,
    version: int | None,
    languages: list[str],
    occurred_at: datetime,
) -> list[WebhookDelivery]:
    """Record the event for every active webhook of an active partner; enqueue on commit."""
    hooks = list(Webhook.objects.filter(active=True, partner__active=True).only("id"))
    if not hooks:
        return []
    event = build_event(kind, slug, version, languages, occurred_at)
    payload = encode(event)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=hook, event_id=event["id"], event=kind, payload=payload)
        for hook in hooks
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: enqueue(ids))
    return deliveries


def enqueue(ids: Iterable[int]) -> int:
    """Hand deliveries to the task queue; a broker outage leaves them for retry_webhooks."""
    sent = 0
    for delivery_id in ids:
        try:
            deliver_webhook.delay(delivery_id)
        except Exception:  # the publication has committed: never fail it for a queue
            logger.exception("Could not enqueue webhook delivery %s", delivery_id)
        else:
            sent += 1
    return sent


def requeue(ids: Iterable[int]) -> int:
    """Send deliveries again (a fresh round of attempts each); delivered ones are skipped."""
    ids = list(
        WebhookDelivery.objects.filter(id__in=list(ids))
        .exclude(status=Status.DELIVERED)
        .values_list("id", flat=True)
    )
    WebhookDelivery.objects.filter(id__in=ids, status=Status.FAILED).update(status=Status.PENDING)
    return enqueue(ids)


@receiver(version_published, dispatch_uid="webhooks-published")
def _on_published(sender, version: GuideVersion, **kwargs) -> None:
    queue_event(
        PUBLISHED,
        version.document["slug"],
        version.number,
        published_languages(version.document),
        version.published_at,
    )


@receiver(guide_unpublished, dispatch_uid="webhooks-withdrawn")
def _on_withdrawn(sender, slug: str, **kwargs) -> None:
    queue_event(WITHDRAWN, slug, None, [], timezone.now())
