"""The webhook delivery task: one attempt, retried with exponential backoff."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from api.partners import webhooks


# Named as before the partners app existed, so queued deliveries still find their task.
@shared_task(name="api.tasks.deliver_webhook", bind=True, acks_late=True, ignore_result=True)
def deliver_webhook(self, delivery_id: int) -> str | None:
    """One attempt at a delivery; on failure, the next after `backoff(n)` seconds.

    A round is WEBHOOK_MAX_ATTEMPTS attempts (the task's own retry count), so a delivery
    retried by hand or by `retry_webhooks` gets a fresh round; the row counts every attempt.
    """
    max_attempts = settings.WEBHOOK_MAX_ATTEMPTS
    number = self.request.retries + 1
    status = webhooks.attempt(delivery_id, final=number >= max_attempts)
    if status == webhooks.Status.RETRYING:
        raise self.retry(countdown=webhooks.backoff(number), max_retries=max_attempts - 1)
    return status
