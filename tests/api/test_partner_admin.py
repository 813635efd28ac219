"""Partner managers in the admin: keys shown once, revoked and rotated; usage; webhooks."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from api.partners.keys import KeyOwner, count_request, create_key
from api.partners.models import ApiKey, Partner, PartnerUsage, Webhook, WebhookDelivery
from guide.roles import PARTNER_MANAGERS, sync_roles
from tests.support.guides import DETAIL
from tests.support.roles import role_user

KEY = re.compile(r"pk_[0-9a-f]{8}_[-_A-Za-z0-9]{40,}")

pytestmark = pytest.mark.usefixtures("loopback_webhooks")


@pytest.fixture
def partner(seeded) -> Partner:
    return Partner.objects.create(name="Riverside Clinic", slug="riverside", tier="standard")


@pytest.fixture
def manager(db) -> User:
    sync_roles()  # the test database starts without migration data
    return role_user(PARTNER_MANAGERS, "manager", password="x-long-password-1")


@pytest.fixture
def admin_client(client, manager):
    client.force_login(manager)
    return client


def api_get(client, key: str):
    return client.get(DETAIL, HTTP_AUTHORIZATION=f"Api-Key {key}")


def test_creating_a_key_shows_it_once_and_stores_only_its_digest(admin_client, partner):
    change = reverse("admin:partners_partner_change", args=[partner.pk])
    create = reverse("admin:partners_partner_create_key", args=[partner.pk])
    assert create in admin_client.get(change).content.decode()

    response = admin_client.post(create, {"name": "website"})
    assert response.status_code == 200
    page = response.content.decode()
    (key,) = set(KEY.findall(page))
    assert "shown only on this page" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    row = ApiKey.objects.get(partner=partner)
    assert row.name == "website" and row.created_by.username == "manager"
    assert row.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiKey.objects.filter(pk=row.pk).values().get())
    assert api_get(admin_client, key).status_code == 200

    for url in (change, reverse("admin:partners_apikey_changelist")):  # never shown again
        assert key not in admin_client.get(url).content.decode()
    assert row.prefix in admin_client.get(change).content.decode()


def test_revoking_through_the_admin_makes_the_api_answer_401(admin_client, partner):
    row, key = create_key(partner, "website")
    assert api_get(admin_client, key).status_code == 200
    response = admin_client.post(
        reverse("admin:partners_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [row.pk]},
        follow=True,
    )
    assert "Revoked 1 key" in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is not None
    refused = api_get(admin_client, key)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"


def test_rotating_through_the_admin_shows_the_new_key_once(admin_client, partner):
    row, old = create_key(partner, "website")
    response = admin_client.post(
        reverse("admin:partners_apikey_changelist"),
        {"action": "rotate_keys", "_selected_action": [row.pk]},
    )
    (new,) = set(KEY.findall(response.content.decode()))
    assert new != old
    assert api_get(admin_client, old).status_code == 401
    assert api_get(admin_client, new).status_code == 200
    row.refresh_from_db()
    assert row.replaced_by.digest == hashlib.sha256(new.encode()).hexdigest()


def test_only_key_managers_may_create_rotate_or_revoke(client, partner, manager):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_partner", "view_apikey", "change_apikey"])
    )
    client.force_login(viewer)
    row, _ = create_key(partner, "website")
    change = reverse("admin:partners_partner_change", args=[partner.pk])
    create = reverse("admin:partners_partner_create_key", args=[partner.pk])
    assert create not in client.get(change).content.decode()
    assert client.post(create, {"name": "sneaky"}).status_code == 403
    changelist = client.get(reverse("admin:partners_apikey_changelist")).content.decode()
    assert "revoke_keys" not in changelist and "rotate_keys" not in changelist
    client.post(
        reverse("admin:partners_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.revoked_at is None and ApiKey.objects.count() == 1


def test_partner_managers_manage_partners_but_not_guides_or_users(admin_client, manager, seeded):
    for perm in [
        "partners.manage_keys",
        "partners.add_partner",
        "partners.change_partner",
        "partners.view_apikey",
        "partners.view_partnerusage",
        "partners.change_webhook",
        "partners.view_webhookdelivery",
    ]:
        assert manager.has_perm(perm), perm
    assert not [p for p in manager.get_all_permissions() if not p.startswith("partners.")]
    assert not manager.has_perm("api.view_renderedguide")
    assert admin_client.get(reverse("admin:guide_guide_changelist")).status_code == 403
    change_guide = reverse("admin:guide_guide_change", args=[seeded.pk])
    assert admin_client.get(change_guide).status_code == 403
    assert admin_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert admin_client.get(reverse("admin:partners_partner_changelist")).status_code == 200


def test_partner_form_validates_origins(admin_client, partner):
    response = admin_client.post(
        reverse("admin:partners_partner_change", args=[partner.pk]),
        {
            "name": partner.name,
            "slug": partner.slug,
            "origins": "https://ok.example\nnot an origin",
            "tier": "standard",
            "active": "on",
            **inline_management(),
        },
    )
    assert response.status_code == 200
    assert "Not a web origin" in response.content.decode()


def inline_management() -> dict[str, str]:
    data = {}
    for prefix in ("keys", "webhooks", "usage"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_usage_is_flushed_when_shown(admin_client, partner):
    row, _ = create_key(partner, "website")
    owner = KeyOwner(row.pk, partner.pk, partner.slug, partner.tier)
    for _ in range(3):
        count_request(owner)  # the first is written at once, the rest stay in the cache
    assert PartnerUsage.objects.get(partner=partner).requests == 1
    page = admin_client.get(reverse("admin:partners_partnerusage_changelist")).content.decode()
    assert PartnerUsage.objects.get(partner=partner).requests == 3
    assert "Riverside Clinic" in page
    count_request(owner)
    admin_client.get(reverse("admin:partners_partner_change", args=[partner.pk]))
    assert PartnerUsage.objects.get(partner=partner).requests == 4


def test_webhook_secret_is_shown_to_managers_and_can_be_rotated(admin_client, client, partner):
    webhook = Webhook.objects.create(partner=partner, url="https://clinic.example.org/hooks")
    change = reverse("admin:partners_webhook_change", args=[webhook.pk])
    assert webhook.secret in admin_client.get(change).content.decode()

    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_webhook"))
    client.force_login(viewer)
    hidden = client.get(change).content.decode()
    assert webhook.secret not in hidden and "Hidden" in hidden

    old = webhook.secret
    admin_client.force_login(User.objects.get(username="manager"))
    admin_client.post(
        reverse("admin:partners_webhook_changelist"),
        {"action": "rotate_secrets", "_selected_action": [webhook.pk]},
    )
    webhook.refresh_from_db()
    assert webhook.secret.startswith("whsec_") and webhook.secret != old


def test_webhook_urls_must_be_http(admin_client, partner):
    response = admin_client.post(
        reverse("admin:partners_webhook_add"),
        {"partner": partner.pk, "url": "ftp://clinic.example.org/hooks", "active": "on"},
    )
    assert response.status_code == 200 and not Webhook.objects.exists()


def test_failed_deliveries_can_be_retried_from_the_admin(admin_client, partner, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    webhook = Webhook.objects.create(partner=partner, url=receiver.url("/hook"))
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event_id="evt_1",
        event="guide.published",
        payload='{"id":"evt_1"}',
        status=WebhookDelivery.Status.FAILED,
        attempts=6,
        last_status_code=500,
        last_error="HTTP 500",
    )
    listing = admin_client.get(
        reverse("admin:partners_webhookdelivery_changelist"), {"status__exact": "failed"}
    ).content.decode()
    assert "HTTP 500" in listing and "retry_deliveries" in listing
    detail = reverse("admin:partners_webhookdelivery_change", args=[delivery.pk])
    assert 'name="_save"' not in admin_client.get(detail).content.decode()  # read-only

    admin_client.post(
        reverse("admin:partners_webhookdelivery_changelist"),
        {"action": "retry_deliveries", "_selected_action": [delivery.pk]},
    )  # no broker in tests by default: the task runs at once
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 7 and delivery.last_status_code == 204
    assert len(receiver.to("/hook")) == 1


def test_a_partner_slug_is_fixed_once_in_use(admin_client, partner):
    """Embed codes name a partner by its slug: once it has keys, usage or origins, the admin
    shows the slug read-only and the model refuses a change."""
    from django.core.exceptions import ValidationError

    change = reverse("admin:partners_partner_change", args=[partner.pk])
    form = {
        "name": partner.name,
        "slug": "renamed",
        "origins": "",
        "tier": "standard",
        "active": "on",
        **inline_management(),
    }
    # Unused: the slug may still be corrected.
    assert 'name="slug"' in admin_client.get(change).content.decode()
    assert admin_client.post(change, form).status_code == 302
    partner.refresh_from_db()
    assert partner.slug == "renamed"
    create_key(partner, "website")
    page = admin_client.get(change).content.decode()
    assert 'name="slug"' not in page and "renamed" in page
    admin_client.post(change, {**form, "slug": "again"})
    partner.refresh_from_db()
    assert partner.slug == "renamed"
    partner.slug = "again"
    with pytest.raises(ValidationError, match="in use"):
        partner.full_clean()
