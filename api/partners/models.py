"""Partners, their keys and usage, their webhooks and the deliveries to them.

The tables were created by the `api` app and keep their names (`db_table`).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models

from api.clinical.keys import validate_public_keys
from api.partners.origins import normalise_origin


class Partner(models.Model):
    """A clinic or organisation that embeds guides or reads the API with a key."""

    class Tier(models.TextChoices):
        BASIC = "basic", "Basic"
        STANDARD = "standard", "Standard"
        PREMIUM = "premium", "Premium"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Public identifier: partners put it in embed codes as data-partner. "
        "Fixed once the partner has keys, usage or registered origins.",
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    origins = models.TextField(
        blank=True,
        help_text="Web origins allowed to embed and call the API from a browser, one per line "
        "(e.g. https://clinic.example.org).",
    )
    tier = models.CharField(max_length=16, choices=Tier.choices, default=Tier.BASIC)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # CDS Hooks: the partner's EHR signs each request with its private key (see api.clinical).
    cds_issuer = models.CharField(
        "CDS Hooks issuer",
        max_length=300,
        blank=True,
        help_text="The `iss` of the JWTs the partner's EHR signs CDS Hooks requests with, "
        "exactly as it sends it (e.g. https://ehr.clinic.example.org). Blank: no CDS Hooks.",
    )
    cds_public_key = models.TextField(
        "CDS Hooks public key",
        blank=True,
        validators=[validate_public_keys],
        help_text='The EHR\'s public signing key: a JWK, a JWK Set ({"keys": [...]}) or a '
        "PEM public key; EC P-384 (ES384) or RSA of 2048 bits or more (RS384). Never a "
        "private key. Nothing is fetched from the EHR: paste a new key here to rotate.",
    )

    class Meta:
        db_table = "api_partner"
        ordering = ["name"]
        permissions = [("manage_keys", "Can create, rotate and revoke partner API keys")]
        constraints = [
            models.UniqueConstraint(
                fields=["cds_issuer"],
                condition=~models.Q(cds_issuer=""),
                name="partner_cds_issuer_unique",
                violation_error_message="Another partner already uses this CDS Hooks issuer.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def origin_list(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.origins.splitlines() if line.strip()]

    def slug_in_use(self) -> bool:
        """Whether deployed snippets or clients may name this partner by its stored slug:
        it has keys or usage, or origins (from which pages embed with `data-partner`)."""
        if self.pk is None:
            return False
        stored = Partner.objects.filter(pk=self.pk).values_list("origins", flat=True).first()
        return bool((stored or "").strip()) or self.keys.exists() or self.usage.exists()

    def clean(self) -> None:
        if self.pk is not None and self.slug_in_use():
            stored = Partner.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored is not None and stored != self.slug:
                raise ValidationError(
                    {
                        "slug": f"The slug {stored!r} is in use (keys, usage or origins): "
                        "changing it would break every embed code that names it."
                    }
                )

        bad = [origin for origin in self.origin_list() if normalise_origin(origin) is None]
        if bad:
            raise ValidationError(
                {
                    "origins": "Not a web origin (scheme://host[:port], no path): "
                    + ", ".join(bad[:5])
                }
            )


class ApiKey(models.Model):
    """A partner's key. Only its prefix and a SHA-256 digest are stored.

    Keys are 32 random bytes, so a fast digest is enough (there is nothing to brute-force,
    unlike a password); the prefix finds the row, the digest is compared in constant time.
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="keys")
    name = models.CharField(max_length=120, help_text="What the key is for, e.g. 'website'.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        db_table = "api_apikey"
        ordering = ["partner", "-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.partner}: {self.name} [{self.prefix}…]{state}"


class PartnerUsage(models.Model):
    """Requests per partner per day (UTC), flushed from the cache counters."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField()
    requests = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "api_partnerusage"
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "day"], name="usage_per_partner_day")
        ]
        verbose_name_plural = "partner usage"

    def __str__(self) -> str:
        return f"{self.partner} {self.day}: {self.requests}"


class Webhook(models.Model):
    """Where a partner wants to hear about publications and withdrawals."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=80,
        editable=False,
        help_text="HMAC-SHA256 key; shown in the admin to the partner manager.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "api_webhook"

    def __str__(self) -> str:
        return f"{self.partner}: {self.url}"

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = "whsec_" + secrets.token_urlsafe(32)
        super().save(*args, **kwargs)


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=64)
    event = models.CharField(max_length=40)
    payload = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_webhookdelivery"
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url}: {self.status}"
