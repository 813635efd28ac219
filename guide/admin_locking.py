"""Optimistic locking for the admin: a save made from a stale page is refused.

Each guide has a working-copy `revision`. Every admin page that edits a guide's content
carries the revision it was opened at; saving compares it with the current one under a row
lock and refuses, with the name of whoever saved in between, if they differ. Every write
of content bumps the revision (`guide.editing`), admin saves and imports alike. Nothing is
overwritten and nothing is merged silently.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from simple_history.utils import get_history_manager_for_model

from guide import content
from guide.admin_mixins import ModelAdminMixin
from guide.content import owning_guide_id
from guide.models import Guide

SEEN_REVISION = "seen_revision"


def _last_editor(guide_id: int) -> str:
    """Who saved the guide's content last: the guide's own page or the page of any of its
    parts (a section, an FAQ entry...), from their history. Read only on a refused save."""
    latest = None
    for part in content.PARTS:
        if not part.history or part.owner is None:
            continue
        lookup = "id" if part.owner == "pk" else part.owner.replace(".", "__")
        record = (
            get_history_manager_for_model(part.model_class())
            .filter(**{lookup: guide_id})
            .select_related("history_user")
            .order_by("-history_date")
            .first()
        )
        if record is not None and (latest is None or record.history_date > latest.history_date):
            latest = record
    if latest is None or latest.history_user is None:
        return ""
    when = latest.history_date.strftime("%Y-%m-%d %H:%M UTC")
    return f" (last saved by {latest.history_user.get_username()} at {when})"


class OptimisticLockAdminMixin(ModelAdminMixin):
    """For ModelAdmins of guide content; the guide is the one `guide.content` says owns it."""

    def guide_id_of(self, obj) -> int | None:
        return owning_guide_id(obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        name, options = fieldsets[0]
        fields = list(options.get("fields", ()))
        if SEEN_REVISION not in fields:
            fieldsets[0] = (name, {**options, "fields": [SEEN_REVISION, *fields]})
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        admin = self
        # The change form passes `fields`; other callers (simple_history's history view) let
        # ModelAdmin derive them from the fieldsets, which hold this form-only field.
        # ModelAdmin.get_fields passes `fields=None` (all fields) on purpose.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != SEEN_REVISION]
        base = super().get_form(request, obj, change=change, **kwargs)

        class RevisionCheckedForm(base):  # type: ignore[valid-type,misc]  # made per request
            seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                guide_id = admin.guide_id_of(self.instance) if self.instance.pk else None
                if guide_id:
                    self.fields[SEEN_REVISION].initial = (
                        Guide.objects.filter(pk=guide_id).values_list("revision", flat=True).first()
                    )

            def clean(self):
                cleaned = super().clean()
                guide_id = admin.guide_id_of(self.instance) if self.instance.pk else None
                if not guide_id:
                    return cleaned
                current = (
                    Guide.objects.select_for_update()
                    .filter(pk=guide_id)
                    .values_list("revision", flat=True)
                    .first()
                )
                if cleaned.get(SEEN_REVISION) != current:
                    raise ValidationError(
                        "This guide was changed by someone else since you opened this page"
                        f"{_last_editor(guide_id)}. Nothing was saved. Open the page again "
                        "in a new tab to see their changes, then make yours there.",
                        code="stale",
                    )
                return cleaned

        return RevisionCheckedForm
