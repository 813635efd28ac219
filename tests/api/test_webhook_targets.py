"""Webhooks go to public addresses only, on save and on send, and each attempt has a deadline."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from api.partners import webhooks
from api.partners.admin import WebhookForm
from api.partners.models import Partner, Webhook, WebhookDelivery


@pytest.fixture
def partner(db) -> Partner:
    return Partner.objects.create(name="Clinic", slug="clinic", origins="https://c.example")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://[::1]:8000/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:6379/",
        "http://api.localhost/",
        "http://0.0.0.0:5432/",
        "http://10.1.2.3/hook",
        "http://192.168.1.1/hook",
        "http://[fd00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://224.0.0.1/hook",
        "https://user:secret@hooks.example.org/hook",
    ],
)
def test_the_admin_refuses_webhooks_to_our_own_network(partner, url):
    form = WebhookForm(data={"partner": partner.pk, "url": url, "active": True})
    assert not form.is_valid()
    assert "url" in form.errors


def test_the_admin_accepts_public_hooks(partner):
    form = WebhookForm(
        data={"partner": partner.pk, "url": "https://hooks.example.org/in", "active": True}
    )
    assert form.is_valid(), form.errors


def delivery_to(partner: Partner, url: str) -> WebhookDelivery:
    hook = Webhook.objects.create(partner=partner, url=url)  # around the form, as a raw edit
    return WebhookDelivery.objects.create(
        webhook=hook, event_id="evt_1", event="guide.published", payload="{}"
    )


def test_sending_refuses_a_private_address_saved_around_the_form(partner, receiver):
    delivery = delivery_to(partner, receiver.url("/private"))
    assert webhooks.attempt(delivery.pk, final=True) == WebhookDelivery.Status.FAILED
    delivery.refresh_from_db()
    assert "loopback" in delivery.last_error
    assert receiver.to("/private") == []


def test_sending_checks_the_resolved_address(partner, receiver, settings):
    host = socket.gethostname()
    resolved = {info[4][0] for info in socket.getaddrinfo(host, 80)}
    if not any(a.startswith(("127.", "10.", "172.", "192.168.", "::1", "fd")) for a in resolved):
        pytest.skip(f"{host} resolves to a public address here")
    code, error = webhooks.post(f"http://{host}:9/x", b"{}", {}, timeout=2)
    assert code is None and "resolves to" in error


@pytest.fixture
def trickler():
    """A receiver that answers one byte every 0.3 s, forever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            while not stop.is_set():
                try:
                    conn.sendall(b"H")
                except OSError:
                    break
                time.sleep(0.3)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/slow"
    stop.set()
    server.close()


def test_a_trickling_receiver_cannot_hold_an_attempt_past_its_deadline(settings, trickler):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.WEBHOOK_DEADLINE_SECONDS = 1.5
    result: list = []
    started = time.monotonic()
    thread = threading.Thread(
        target=lambda: result.append(webhooks.post(trickler, b"{}", {}, timeout=1)), daemon=True
    )
    thread.start()
    thread.join(6)
    assert not thread.is_alive(), "the attempt was still running after 6 s"
    assert time.monotonic() - started < 4
    code, error = result[0]
    assert code is None and "deadline" in error
