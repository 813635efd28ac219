"""Partner managers' admin: partners, their keys, usage, webhooks and deliveries.

A key is shown once, on the page that creates (or rotates) it, and never stored: only its
prefix and digest are. Creating, rotating and revoking keys needs `partners.manage_keys`.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from api.partners import outbox, webhooks
from api.partners import targets as webhook_targets
from api.partners.keys import create_key, flush_all_usage, revoke, rotate
from api.partners.models import ApiKey, Partner, PartnerUsage, Webhook, WebhookDelivery

USAGE_DAYS_SHOWN = 90


def can_manage_keys(request: HttpRequest) -> bool:
    return request.user.has_perm("partners.manage_keys")


def show_keys(request: HttpRequest, admin_site, title: str, keys: list[tuple[ApiKey, str]]):
    """The only page that ever shows a key. Admin views are never cached (`never_cache`)."""
    context = {
        **admin_site.each_context(request),
        "title": title,
        "keys": keys,
        "opts": ApiKey._meta,
    }
    return TemplateResponse(request, "admin/partners/apikey/show_keys.html", context)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        max_length=500, assume_scheme="https", help_text="Where events are POSTed (http or https)."
    )

    class Meta:
        model = Webhook
        fields = ["partner", "url", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        problem = webhooks.url_problem(url) or webhook_targets.save_problem(url)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:] + ".")
        return url


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fk_name = "partner"
    fields = ("name", "prefix", "created_at", "last_used_at", "revoked_at", "replaced_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # only "Create API key", which shows the key once


class WebhookInline(admin.TabularInline):
    model = Webhook
    form = WebhookForm
    fields = ("url", "active", "created_at")
    readonly_fields = ("created_at",)
    extra = 0
    show_change_link = True


class UsageInline(admin.TabularInline):
    model = PartnerUsage
    fields = ("day", "requests")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-day",)
    verbose_name_plural = f"Daily usage (last {USAGE_DAYS_SHOWN} days, UTC)"

    def get_queryset(self, request):
        since = timezone.now().date() - timedelta(days=USAGE_DAYS_SHOWN)
        return super().get_queryset(request).filter(day__gte=since)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CreateKeyForm(forms.Form):
    name = forms.CharField(
        max_length=120, help_text="What the key is for, e.g. 'website' or 'patient app server'."
    )


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "tier", "active", "active_keys", "contact_email")
    list_filter = ("tier", "active")
    search_fields = ("name", "slug", "contact_name", "contact_email")
    fields = (
        *("name", "slug", "contact_name", "contact_email", "origins", "tier", "active"),
        *("cds_issuer", "cds_public_key"),  # CDS Hooks clients (docs/clinic-systems.md)
    )
    inlines = [ApiKeyInline, WebhookInline, UsageInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.slug_in_use():
            fields.append("slug")  # deployed embed codes name the partner by it
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.slug_in_use() else {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Partner]:
        return (
            super()
            .get_queryset(request)
            .annotate(_active_keys=Count("keys", filter=Q(keys__revoked_at__isnull=True)))
        )

    @admin.display(description="Active keys", ordering="_active_keys")
    def active_keys(self, partner: Partner) -> int:
        return partner._active_keys  # type: ignore[attr-defined]  # annotated in get_queryset

    def change_view(self, request, object_id, form_url="", extra_context=None):
        flush_all_usage()  # today's figures live in the cache until flushed
        extra_context = {**(extra_context or {}), "can_manage_keys": can_manage_keys(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/keys/new/", view(self.create_key_view), name="partners_partner_create_key"
            ),
            *super().get_urls(),
        ]

    def create_key_view(self, request: HttpRequest, pk: int):
        if not can_manage_keys(request):
            raise PermissionDenied
        partner = get_object_or_404(Partner, pk=pk)
        form = CreateKeyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            row, key = create_key(partner, form.cleaned_data["name"], request.user)
            self.log_change(request, partner, f"Created API key “{row.name}” ({row.prefix}…).")
            return show_keys(request, self.admin_site, f"New API key for {partner}", [(row, key)])
        context = {
            **self.admin_site.each_context(request),
            "title": f"Create an API key for {partner}",
            "form": form,
            "partner": partner,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/partners/partner/create_key.html", context)


class KeyStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "partner",
        "prefix",
        "state",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (KeyStateFilter, "partner")
    search_fields = ("name", "prefix", "partner__name")
    list_select_related = ("partner", "created_by")
    fields = (
        "partner",
        "name",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "replaced_by",
    )
    readonly_fields = fields
    actions = ["revoke_keys", "rotate_keys"]

    @admin.display(description="State")
    def state(self, key: ApiKey) -> str:
        return "revoked" if key.revoked_at else "active"

    def has_add_permission(self, request) -> bool:
        return False  # from the partner's page ("Create API key"), which shows the key once

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the record of the key stays

    def has_manage_keys_permission(self, request) -> bool:
        return can_manage_keys(request)

    @admin.action(description="Revoke the selected keys", permissions=["manage_keys"])
    def revoke_keys(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            revoke(key)
            self.log_change(request, key, "Revoked.")
            count += 1
        self.message_user(request, f"Revoked {count} key(s). They stop working at once.")

    @admin.action(
        description="Rotate the selected keys (show the new keys once)",
        permissions=["manage_keys"],
    )
    def rotate_keys(self, request, queryset):
        created = []
        for key in queryset.filter(revoked_at__isnull=True).select_related("partner"):
            new, secret = rotate(key, request.user)
            self.log_change(request, key, f"Rotated: replaced by {new.prefix}….")
            created.append((new, secret))
        if not created:
            self.message_user(request, "Revoked keys cannot be rotated.", messages.WARNING)
            return None
        return show_keys(request, self.admin_site, "Rotated API keys", created)


@admin.register(PartnerUsage)
class PartnerUsageAdmin(admin.ModelAdmin):
    list_display = ("partner", "day", "requests")
    list_filter = ("partner",)
    date_hierarchy = "day"
    ordering = ("-day", "partner__name")

    def changelist_view(self, request, extra_context=None):
        flush_all_usage()
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "partner", "active", "created_at")
    list_filter = ("active", "partner")
    search_fields = ("url", "partner__name")
    actions = ["rotate_secrets"]

    def _secret_field(self, request, obj) -> str:
        """Only those who may change a webhook see its secret."""
        return "signing_secret" if self.has_change_permission(request, obj) else "secret_hidden"

    def get_fields(self, request, obj=None):
        return ["partner", "url", "active", self._secret_field(request, obj), "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [self._secret_field(request, obj), "created_at"]

    @admin.display(description="Signing secret")
    def signing_secret(self, webhook: Webhook) -> str:
        if not webhook.pk:
            return "Made when the webhook is saved."
        return format_html(
            "<code>{}</code><div class='help'>Give it to the partner over a secure channel; "
            "they verify <code>X-Guide-Signature</code> with it (see docs/partners.md).</div>",
            webhook.secret,
        )

    @admin.display(description="Signing secret")
    def secret_hidden(self, webhook: Webhook) -> str:
        return "Hidden: needs permission to change webhooks."

    @admin.action(description="Rotate the signing secret", permissions=["change"])
    def rotate_secrets(self, request, queryset):
        for webhook in queryset:
            webhooks.rotate_secret(webhook)
            self.log_change(request, webhook, "Rotated the signing secret.")
        self.message_user(
            request,
            f"New secrets for {queryset.count()} webhook(s); the old ones no longer verify. "
            "Open each webhook to see its new secret.",
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "event",
        "guide",
        "webhook",
        "status",
        "attempts",
        "last_status_code",
        "short_error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event", "webhook__partner")
    search_fields = ("event_id", "webhook__url", "payload")
    list_select_related = ("webhook__partner",)
    fields = (
        "webhook",
        "event",
        "event_id",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
        "payload",
    )
    readonly_fields = fields
    actions = ["retry_deliveries"]

    @admin.display(description="Guide")
    def guide(self, delivery: WebhookDelivery) -> str:
        try:
            return json.loads(delivery.payload).get("guide", "")
        except ValueError:
            return ""

    @admin.display(description="Last error")
    def short_error(self, delivery: WebhookDelivery) -> str:
        return delivery.last_error[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Rows are a log: read-only. Changing (the retry action) is a list-level right.
        return obj is None and super().has_change_permission(request)

    @admin.action(description="Retry the selected deliveries", permissions=["change"])
    def retry_deliveries(self, request, queryset):
        ids = list(
            queryset.exclude(status=WebhookDelivery.Status.DELIVERED).values_list("id", flat=True)
        )
        sent = outbox.requeue(ids)
        self.message_user(
            request, f"Queued {sent} deliveries again; delivered ones are never resent."
        )
