"""Scheduled publishing in the admin: a list, a form to schedule, cancelling, and the guide
page's part. Only holders of the publish permission schedule or cancel; the work is
`guide.scheduling`'s.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from guide.models import Guide, ScheduledAction
from guide.scheduling import SchedulingError, cancel, may_schedule, pending_for, schedule

# The admin index lists overdue medical reviews and scheduled publishing.
admin.site.index_template = "admin/guide/index.html"


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = ScheduledAction
        fields = ("guide", "action", "run_at", "note")

    def clean_run_at(self):
        run_at = self.cleaned_data["run_at"]
        if run_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return run_at

    def clean(self):
        data = super().clean() or {}
        guide, action = data.get("guide"), data.get("action")
        if (
            guide is not None
            and action == ScheduledAction.Action.WITHDRAW
            and guide.status != Guide.Status.PUBLISHED
        ):
            raise forms.ValidationError(
                "This guide is not published: there is nothing to withdraw."
            )
        return data


@admin.register(ScheduledAction)
class ScheduledActionAdmin(admin.ModelAdmin):
    form = ScheduleForm
    list_display = ("when", "slug", "action", "state", "created_by", "outcome")
    list_filter = ("state", "action")
    list_select_related = ("guide", "created_by")
    date_hierarchy = "run_at"
    actions = ["cancel_selected"]
    readonly_fields = ("state", "result", "created_by", "created_at", "finished_at", "version")

    def _may(self, request: HttpRequest) -> bool:
        return may_schedule(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a scheduled action is cancelled and scheduled again, never edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # kept for the record

    def get_fields(self, request, obj=None):
        if obj is None:
            return ScheduleForm.Meta.fields
        return (*ScheduleForm.Meta.fields, *self.readonly_fields, "cancelled_by")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else (*ScheduleForm.Meta.fields, *self.readonly_fields)

    @admin.display(description="time (UTC)", ordering="run_at")
    def when(self, obj: ScheduledAction) -> str:
        return obj.run_at.strftime("%Y-%m-%d %H:%M")

    @admin.display(description="guide", ordering="guide__slug")
    def slug(self, obj: ScheduledAction) -> str:
        return obj.guide.slug

    def render_change_form(self, request, context, *args, **kwargs):
        context.update(show_save_and_add_another=False, show_save_and_continue=False)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description="outcome")
    def outcome(self, obj: ScheduledAction) -> str:
        if obj.state == ScheduledAction.State.PENDING:
            return format_html(
                '<a href="{}">cancel</a>',
                reverse("admin:guide_scheduledaction_cancel", args=[obj.pk]),
            )
        return obj.result or obj.get_state_display()

    def save_model(self, request, obj: ScheduledAction, form, change: bool) -> None:
        try:
            created = schedule(obj.guide, obj.action, obj.run_at, user=request.user, note=obj.note)
        except SchedulingError as exc:  # the form checked; a race can still end here
            raise PermissionDenied(str(exc)) from exc
        obj.pk, obj.created_by = created.pk, created.created_by

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, f"Scheduled: {obj}.", messages.SUCCESS)
        return redirect("admin:guide_guide_change", obj.guide_id)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/cancel/", view(self.cancel_view), name="guide_scheduledaction_cancel"),
            *super().get_urls(),
        ]

    def cancel_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self._may(request):
            raise PermissionDenied
        scheduled = get_object_or_404(ScheduledAction.objects.select_related("guide"), pk=pk)
        if request.method == "POST":
            try:
                cancel(scheduled, user=request.user)
            except SchedulingError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f"Cancelled: {scheduled}.", messages.SUCCESS)
            return redirect("admin:guide_guide_change", scheduled.guide_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Cancel “{scheduled}”?",
            "scheduled": scheduled,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/guide/scheduledaction/cancel.html", context)

    @admin.action(description="Cancel the selected scheduled actions")
    def cancel_selected(self, request, queryset):
        done = 0
        for scheduled in queryset.filter(state=ScheduledAction.State.PENDING):
            cancel(scheduled, user=request.user)
            done += 1
        self.message_user(request, f"Cancelled {done} scheduled action(s).")


def scheduled_notice(guide: Guide, may_publish: bool) -> str:
    """On the guide page: what is scheduled for it, with cancel links for publishers."""
    pending = pending_for(guide)
    items = format_html_join(
        "",
        "<li>{} at {} UTC{}{}</li>",
        (
            (
                item.get_action_display(),
                item.run_at.strftime("%Y-%m-%d %H:%M"),
                f", set by {item.created_by}" if item.created_by else "",
                format_html(
                    ' · <a href="{}">cancel</a>',
                    reverse("admin:guide_scheduledaction_cancel", args=[item.pk]),
                )
                if may_publish
                else "",
            )
            for item in pending
        ),
    )
    add = (
        format_html(
            ' <a href="{}?guide={}">Schedule a publish or withdrawal</a>',
            reverse("admin:guide_scheduledaction_add"),
            guide.pk,
        )
        if may_publish
        else ""
    )
    if not pending:
        return format_html('<p id="scheduled">Nothing scheduled.{}</p>', add)
    return format_html('<p id="scheduled">Scheduled:{}</p><ul>{}</ul>', add, items)
