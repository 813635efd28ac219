"""Admin saves go through the editing service: the object, its inlines, one edit.

`ModelAdmin` saves in two steps (`save_model`, then `save_related` for many-to-many fields
and inlines); the edit opened by the first is finished by the second, so the guide's
revision moves on once and its readability figures are refreshed after the inlines.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from django.db.models import Model
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from guide.admin_mixins import ModelAdminMixin
from guide.content import owning_guide_id
from guide.editing import ContentEdit

_open_edits: WeakKeyDictionary[HttpRequest, ContentEdit] = WeakKeyDictionary()


class EditingAdminMixin(ModelAdminMixin):
    """For content ModelAdmins; the guide edited is the one `guide.content` says owns it."""

    def edited_guide_id(self, obj: Model) -> int | None:
        return owning_guide_id(obj)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        edit = ContentEdit(request.user)
        _open_edits[request] = edit
        if change:
            edit.remember([obj])
        super().save_model(request, obj, form, change)
        edit.saved(obj)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list[BaseFormSet], change: bool
    ) -> None:
        edit = _open_edits.pop(request, None) or ContentEdit(request.user)
        instances = [f.instance for formset in formsets for f in formset.forms]
        edit.remember(instances)
        super().save_related(request, form, formsets, change)
        for obj in instances:
            if obj.pk is not None:  # deleted inline objects have lost their pk
                edit.saved(obj)
        edit.touch(self.edited_guide_id(form.instance))
        edit.finish()
