"""What translators and reviewers may change in the admin: translations, not the source.

Users without `guide.edit_source` see the English text and a guide's structure (order,
anchors, kinds, slugs, links between objects) read-only, and cannot add or delete objects;
the columns of the other languages stay editable. The permission check, not the page, is
what protects the data: read-only fields are never taken from a submitted form.
"""

from __future__ import annotations

from django.conf import settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from guide.admin_mixins import AnyAdminMixin
from guide.languages import SOURCE_LANGUAGE

EDIT_SOURCE = "guide.edit_source"


def translation_fields(model) -> set[str]:
    """The columns of `model` a translator may change."""
    if model not in translator.get_registered_models():
        return set()
    options = translator.get_options_for_model(model)
    return {
        build_localized_fieldname(field, code)
        for field in options.all_fields
        for code, _name in settings.LANGUAGES
        if code != SOURCE_LANGUAGE
    }


def locked_fields(model) -> list[str]:
    """Every editable column of `model` except its non-source translations.

    The untranslated column of a translated field (`body`) is left out: the admin never
    shows it, and naming it read-only would lock every language's column with it."""
    allowed = translation_fields(model)
    if model in translator.get_registered_models():
        allowed |= set(translator.get_options_for_model(model).all_fields)
    names = []
    for field in model._meta.get_fields():
        if (
            getattr(field, "editable", False)
            and getattr(field, "concrete", False)
            and not field.primary_key
            and field.name not in allowed
        ):
            names.append(field.name)
    names += [f.name for f in model._meta.many_to_many]
    return names


class SourceLockMixin(AnyAdminMixin):
    """For ModelAdmins and inlines of translatable content."""

    def _locked(self, request) -> bool:
        return not request.user.has_perm(EDIT_SOURCE)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._locked(request):
            fields += [f for f in locked_fields(self.model) if f not in fields]
        return fields

    def has_add_permission(self, request, *args):
        return not self._locked(request) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request) and super().has_delete_permission(request, obj)
