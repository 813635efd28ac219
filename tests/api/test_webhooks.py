"""Signed webhooks on publish and withdraw, through a real worker, broker and receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import transaction

from api.partners import webhooks
from api.partners.models import Partner, Webhook, WebhookDelivery
from api.partners.outbox import published_languages
from guide.models import Guide
from guide.publishing import publish, withdraw
from guide.seed_import import import_seed
from tests.support.guides import SEED_SLUG
from tests.support.waiting import wait_until

Status = WebhookDelivery.Status

pytestmark = pytest.mark.usefixtures("loopback_webhooks")


@pytest.fixture
def guide(transactional_db) -> Guide:
    import_seed(SEED_SLUG)
    return Guide.objects.get(slug=SEED_SLUG)


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 0.2
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    return settings


def hook(receiver, path: str, *, slug: str = "riverside", active: bool = True) -> Webhook:
    partner, _ = Partner.objects.get_or_create(
        slug=slug, defaults={"name": slug.title(), "active": active}
    )
    return Webhook.objects.create(partner=partner, url=receiver.url(path))


def settled(*deliveries: WebhookDelivery) -> bool:
    """Every delivery is delivered or failed."""
    finals = {Status.DELIVERED, Status.FAILED}
    return all(
        status in finals
        for status in WebhookDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).values_list(
            "status", flat=True
        )
    )


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def test_publish_posts_a_signed_event(celery_worker, receiver, guide, fast_retries):
    webhook = hook(receiver, "/hooks/guides")
    version = publish(guide, note="first")
    (request,) = receiver.wait_for("/hooks/guides", 1)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    wait_until(lambda: settled(delivery))
    delivery.refresh_from_db()

    headers = request.headers
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Guide-Event"] == "guide.published"
    assert headers["X-Guide-Delivery"] == str(delivery.pk)
    assert request.body == delivery.payload.encode()  # the stored bytes, unchanged
    assert hmac.compare_digest(
        headers["X-Guide-Signature"],
        expected_signature(webhook.secret, headers["X-Guide-Timestamp"], request.body),
    )
    assert headers["X-Guide-Signature"] != expected_signature(
        "whsec_wrong", headers["X-Guide-Timestamp"], request.body
    )

    event = json.loads(request.body)
    assert event["type"] == "guide.published"
    assert event["guide"] == SEED_SLUG
    assert event["version"] == version.number  # the seed import published version 1
    # the languages the seed has any text in, in the configured order
    assert event["languages"] == published_languages(version.document)
    assert event["languages"][:2] == ["en", "es"] and "ar" in event["languages"]
    assert event["id"].startswith("evt_") and event["id"] == delivery.event_id
    assert datetime.fromisoformat(event["occurred_at"]) == version.published_at

    assert delivery.status == Status.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 204
    assert delivery.delivered_at is not None and delivery.last_error == ""


def test_failures_are_retried_with_backoff_until_delivered(
    celery_worker, receiver, guide, fast_retries
):
    receiver.fail_first["/flaky"] = 2
    webhook = hook(receiver, "/flaky")
    publish(guide)
    received = receiver.wait_for("/flaky", 3)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    wait_until(lambda: settled(delivery))
    delivery.refresh_from_db()

    assert delivery.status == Status.DELIVERED
    assert delivery.attempts == 3
    assert delivery.last_status_code == 204
    assert len(received) == 3
    assert {r.body for r in received} == {delivery.payload.encode()}
    assert {r.headers["X-Guide-Delivery"] for r in received} == {str(delivery.pk)}
    gaps = [later.at - earlier.at for earlier, later in pairwise(received)]
    assert gaps[0] >= 0.2 * 0.9 and gaps[1] >= 0.4 * 0.9  # 0.2 s, then twice as long


def test_giving_up_after_max_attempts_marks_failed(celery_worker, receiver, guide, fast_retries):
    fast_retries.WEBHOOK_MAX_ATTEMPTS = 3
    fast_retries.WEBHOOK_BACKOFF_SECONDS = 0.05
    receiver.fail_first["/down"] = 1000
    webhook = hook(receiver, "/down")
    publish(guide)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    wait_until(lambda: settled(delivery))
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 3
    assert delivery.last_status_code == 500
    assert delivery.last_error == "HTTP 500"
    assert delivery.delivered_at is None
    assert len(receiver.to("/down")) == 3

    # Operations: once the receiver is back, retry_webhooks gives it a fresh round.
    receiver.fail_first["/down"] = 0
    out = StringIO()
    call_command("retry_webhooks", "--min-age", "0", stdout=out)
    assert "Re-enqueued 1 of 1" in out.getvalue()
    wait_until(lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == Status.DELIVERED)
    delivery.refresh_from_db()
    assert delivery.attempts == 4 and delivery.last_status_code == 204


def test_withdraw_sends_guide_withdrawn(celery_worker, receiver, guide, fast_retries):
    webhook = hook(receiver, "/events")
    publish(guide)
    withdraw(guide)
    received = receiver.wait_for("/events", 2)
    wait_until(lambda: settled(*WebhookDelivery.objects.filter(webhook=webhook)))
    events = {json.loads(r.body)["type"]: (r, json.loads(r.body)) for r in received}
    request, event = events["guide.withdrawn"]
    assert request.headers["X-Guide-Event"] == "guide.withdrawn"
    assert event["guide"] == SEED_SLUG
    assert event["version"] is None and event["languages"] == []
    assert event["id"] != events["guide.published"][1]["id"]
    assert hmac.compare_digest(
        request.headers["X-Guide-Signature"],
        expected_signature(webhook.secret, request.headers["X-Guide-Timestamp"], request.body),
    )


def test_inactive_partners_and_webhooks_get_nothing(celery_worker, receiver, guide, fast_retries):
    hook(receiver, "/inactive-partner", slug="closed", active=False)
    paused = hook(receiver, "/paused", slug="paused")
    paused.active = False
    paused.save()
    live = hook(receiver, "/live", slug="open")
    publish(guide)
    receiver.wait_for("/live", 1)
    wait_until(lambda: settled(*WebhookDelivery.objects.all()))
    assert list(WebhookDelivery.objects.values_list("webhook", flat=True)) == [live.pk]
    assert {r.path for r in receiver.requests} == {"/live"}


def test_a_publish_that_rolls_back_sends_nothing(receiver, guide):
    hook(receiver, "/never")
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(guide)
        raise RuntimeError("the publication fails after the signal")
    assert not WebhookDelivery.objects.exists()
    assert receiver.to("/never") == []


def test_without_a_broker_deliveries_run_at_once(receiver, guide, settings):
    """`make run` without Redis: tasks run eagerly in the web process, retries immediately."""
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.fail_first["/eager"] = 1
    webhook = hook(receiver, "/eager")
    publish(guide)
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery.status == Status.DELIVERED and delivery.attempts == 2


# One attempt, without the queue ------------------------------------------------------------


def delivery_to(url: str) -> WebhookDelivery:
    partner = Partner.objects.create(name="Direct", slug="direct")
    webhook = Webhook.objects.create(partner=partner, url=url)
    return WebhookDelivery.objects.create(
        webhook=webhook, event_id="evt_x", event="guide.published", payload='{"id":"evt_x"}'
    )


@pytest.mark.django_db
def test_non_http_urls_are_refused():
    delivery = delivery_to("ftp://files.example.org/hook")
    assert webhooks.attempt(delivery.pk, final=False) == Status.FAILED  # no point retrying
    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert "only http and https" in delivery.last_error


@pytest.mark.django_db
def test_redirects_to_other_hosts_are_not_followed(receiver):
    port = receiver.base.rsplit(":", 1)[1]
    receiver.redirects["/moved"] = (307, f"http://localhost:{port}/elsewhere")
    receiver.redirects["/same-origin"] = (308, "/final")
    delivery = delivery_to(receiver.url("/moved"))
    assert webhooks.attempt(delivery.pk, final=True) == Status.FAILED
    delivery.refresh_from_db()
    assert delivery.last_status_code == 307
    assert "not followed" in delivery.last_error
    assert receiver.to("/elsewhere") == []

    # A permanent redirect on the same origin keeps the method, body and signature.
    delivery.webhook.url = receiver.url("/same-origin")
    delivery.webhook.save()
    assert webhooks.attempt(delivery.pk, final=True) == Status.DELIVERED
    (final,) = receiver.to("/final")
    assert final.body == delivery.payload.encode()
    assert final.headers["X-Guide-Signature"].startswith("sha256=")


@pytest.mark.django_db
def test_connection_errors_are_recorded_and_retried():
    delivery = delivery_to("http://127.0.0.1:9/nothing-listens-here")
    assert webhooks.attempt(delivery.pk, final=False) == Status.RETRYING
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code is None
    assert delivery.last_error and delivery.last_attempt_at is not None


def test_backoff_doubles(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 2
    assert [webhooks.backoff(n) for n in range(1, 6)] == [2, 4, 8, 16, 32]


def test_signature_covers_timestamp_and_body():
    body = b'{"id":"evt_1"}'
    signature = webhooks.sign("whsec_test", 1700000000, body)
    assert signature == expected_signature("whsec_test", "1700000000", body)
    assert signature != webhooks.sign("whsec_test", 1700000001, body)
