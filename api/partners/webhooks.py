"""Signed webhooks: an event per publish or withdrawal, one delivery per partner webhook.

The deliveries are written inside the publishing transaction (so an event exists exactly
when its publication does) and handed to the task queue once it commits; a delivery that
never reached the queue stays `pending` for `manage.py retry_webhooks`. Each attempt POSTs
the stored payload bytes unchanged, signed as

    X-Guide-Signature: sha256=hex(HMAC-SHA256(secret, f"{timestamp}.".encode() + body))

where `timestamp` is the `X-Guide-Timestamp` header (Unix seconds), so a receiver can refuse
replays. Delivery is at least once: receivers dedupe on the event `id`.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from api.partners import targets as webhook_targets
from api.partners.models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

USER_AGENT = "patient-guides-webhooks/1"
MAX_REDIRECTS = 3
Status = WebhookDelivery.Status


# Signing and sending ------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=<hex>` over `<timestamp>.<body>`: binding the time stops replays of old bodies."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def url_problem(url: str) -> str | None:
    """Why `url` cannot receive webhooks, or None: only absolute http(s) URLs to a public
    host, without credentials (checked without DNS; `webhook_targets` resolves)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "not a URL"
    if parts.scheme not in ("http", "https"):
        return "only http and https URLs receive webhooks"
    if not parts.hostname:
        return "the URL has no host"
    if parts.username is not None or parts.password is not None:
        return "the URL holds a user name or password; put no credentials in it"
    problem = webhook_targets.host_problem(parts.hostname)
    if problem:
        return f"webhooks go to public addresses only: {problem}"
    return None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects surface as HTTPError; `post` decides which to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = webhook_targets.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """POST once: (status code or None, error text or "").

    A 307/308 to the same origin is followed (it keeps the method and body); any other
    redirect, and every redirect to another host or scheme, is a failure: the body and its
    signature go only where the partner registered. The whole call, redirects included,
    ends within WEBHOOK_DEADLINE_SECONDS.
    """
    with webhook_targets.Deadline(settings.WEBHOOK_DEADLINE_SECONDS) as deadline:
        code, error = _post(url, body, headers, timeout)
    if deadline.expired and not (code is not None and 200 <= code < 300):
        return None, f"no answer within the {settings.WEBHOOK_DEADLINE_SECONDS:g} s deadline"
    return code, error


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str]:
    for _ in range(MAX_REDIRECTS + 1):
        problem = url_problem(url)
        if problem:
            return None, problem
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with _opener.open(request, timeout=timeout) as response:
                return response.status, ""
        except urllib.error.HTTPError as exc:
            code, location = exc.code, exc.headers.get("Location", "")
            exc.close()
            if not 300 <= code < 400:
                return code, f"HTTP {code}"
            target = urljoin(url, location) if location else ""
            if code in (307, 308) and target and _origin(target) == _origin(url):
                url = target
                continue
            return code, f"redirect ({code}) to {target or 'nowhere'} not followed"
        except urllib.error.URLError as exc:
            return None, f"{type(exc.reason).__name__}: {exc.reason}"
        except (OSError, ValueError, http.client.HTTPException) as exc:  # timeouts, resets
            return None, f"{type(exc).__name__}: {exc}"
    return None, f"more than {MAX_REDIRECTS} redirects"


def headers_for(delivery: WebhookDelivery, secret: str, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Guide-Event": delivery.event,
        "X-Guide-Delivery": str(delivery.pk),
        "X-Guide-Timestamp": str(timestamp),
        "X-Guide-Signature": sign(secret, timestamp, delivery.payload.encode()),
    }


def attempt(delivery_id: int, *, final: bool) -> str | None:
    """Make one attempt and record it; the delivery's status after it (None: nothing to do).

    `final` says this is the last attempt of its round: a failure then marks it failed
    rather than retrying.
    """
    delivery = (
        WebhookDelivery.objects.select_related("webhook__partner").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.status == Status.DELIVERED:
        return None
    webhook = delivery.webhook
    if not (webhook.active and webhook.partner.active):
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=Status.FAILED, last_error="Not sent: the webhook or its partner is inactive."
        )
        return Status.FAILED
    if url_problem(webhook.url):  # retrying cannot help
        final = True
    timestamp = int(time.time())
    code, error = post(
        webhook.url,
        delivery.payload.encode(),
        headers_for(delivery, webhook.secret, timestamp),
        settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    now = timezone.now()
    delivered = code is not None and 200 <= code < 300
    failed = Status.FAILED if final else Status.RETRYING
    status = Status.DELIVERED if delivered else failed
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        attempts=F("attempts") + 1,
        status=status,
        last_status_code=code,
        last_error=error[:500],
        last_attempt_at=now,
        delivered_at=now if delivered else None,
    )
    return status


def backoff(attempt_number: int) -> float:
    """Seconds to wait after the n-th failed attempt of a round: base, 2*base, 4*base, …"""
    return settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempt_number - 1)


def rotate_secret(webhook: Webhook) -> str:
    """A new signing secret; the old one stops working at once."""
    webhook.secret = ""
    webhook.save(update_fields=["secret"])  # Webhook.save makes a new one
    return webhook.secret
