"""The translation workflow in the admin: statuses, the dashboard, XLIFF export and import.

- Edits made in the content admins keep status records in step through the editing
  service (`guide.admin_editing`): a changed translation becomes `human`, by the editor,
  from today's English.
- `TextStatusAdmin` lists statuses and sets them explicitly (only medical reviewers may
  mark `reviewed`), and serves the dashboard and the XLIFF views under its URLs.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _

from guide.admin_mixins import ModelAdminMixin
from guide.languages import all_languages, get_language
from guide.models import Guide, TextStatus
from guide.refusals import Refused
from guide.translating.dashboard import Fix, dashboard, texts_to_fix
from guide.translating.marking import can_mark_reviewed, set_status
from guide.translating.status import effective_status
from guide.translating.texts import Text, target_languages
from guide.translating.xliff import XliffImportError, export_filename, export_xliff, import_xliff


class ExportXliffForm(forms.Form):
    language = forms.ChoiceField(label="Target language")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [
            (lang.code, f"{lang.name} ({lang.tag})")
            for lang in all_languages()
            if lang.code in target_languages()
        ]


class GuideXliffActionsMixin(ModelAdminMixin):
    """For the guide admin: an action exporting the selected guide as XLIFF."""

    actions = ["export_xliff_action"]

    @admin.action(description="Export XLIFF for translation…", permissions=["view"])
    def export_xliff_action(self, request: HttpRequest, queryset: QuerySet[Guide]):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one guide to export.", messages.WARNING)
            return None
        guide = queryset.get()
        return TemplateResponse(
            request,
            "admin/guide/xliff_export.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Export {guide} as XLIFF",
                "guide": guide,
                "form": ExportXliffForm(),
                "opts": self.model._meta,
            },
        )


class ImportXliffForm(forms.Form):
    """The overwrite box is only on the form of those who may use it (medical reviewers):
    for others it does not exist, so a crafted POST of it is ignored, not obeyed."""

    file = forms.FileField(label="XLIFF file")
    overwrite_reviewed = forms.BooleanField(
        required=False,
        label="Overwrite medically reviewed translations",
        help_text="Replace translations a medical reviewer has marked reviewed.",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not can_mark_reviewed(user):
            del self.fields["overwrite_reviewed"]


class TextStatusForm(forms.ModelForm):
    class Meta:
        model = TextStatus
        fields = ["status"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label)
            for value, label in TextStatus.Status.choices
            if value != TextStatus.Status.MISSING
            and (value != TextStatus.Status.REVIEWED or can_mark_reviewed(user))
        ]

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == TextStatus.Status.REVIEWED and not can_mark_reviewed(self.user):
            raise ValidationError("Only medical reviewers may mark a translation reviewed.")
        return status


def admin_change_url(model: str, pk: int | None) -> str | None:
    if pk is None:
        return None
    try:
        return reverse(f"admin:guide_{model}_change", args=[pk])
    except NoReverseMatch:
        return None


def fix_url(fix: Fix, code: str) -> str | None:
    """The text's own field on its admin page: `#text-<text id>-<language>` is the anchor
    the translated field carries there (`guide.admin_widgets`), which opens its tab."""
    url = admin_change_url(fix.admin_model, fix.admin_pk)
    return f"{url}#text-{fix.path}-{code}" if url else None


@admin.register(TextStatus)
class TextStatusAdmin(admin.ModelAdmin):
    list_display = ("unit", "language", "status", "outdated", "set_by", "set_at")
    list_filter = ("language", "status", "guide")
    search_fields = ("field",)
    list_select_related = ("content_type", "set_by")
    readonly_fields = (
        "unit",
        "language",
        "guide",
        "english",
        "translation",
        "outdated",
        "source_fingerprint",
        "set_by",
        "set_at",
    )
    fields = (*readonly_fields[:5], "status", *readonly_fields[5:])
    actions = ["mark_machine", "mark_human", "mark_reviewed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # records follow the texts; they are not made by hand

    def has_mark_reviewed_permission(self, request: HttpRequest) -> bool:
        return can_mark_reviewed(request.user)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, form=TextStatusForm, **kwargs)

        class BoundToUser(form):  # type: ignore[valid-type,misc]  # a class made per request
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return BoundToUser

    def save_model(self, request: HttpRequest, obj: TextStatus, form, change: bool) -> None:
        set_status([obj], obj.status, request.user)

    def _text(self, record: TextStatus) -> Text | None:
        obj = record.content_object
        return Text(obj, record.field) if obj is not None else None

    @admin.display(description="text")
    def unit(self, record: TextStatus) -> str:
        return f"{record.content_type.model}.{record.object_id}.{record.field}"

    @admin.display(description="English")
    def english(self, record: TextStatus) -> str:
        text = self._text(record)
        return text.source if text else ""

    @admin.display(description="translation")
    def translation(self, record: TextStatus) -> str:
        text = self._text(record)
        return text.value(record.language) if text else ""

    @admin.display(description="outdated", boolean=True)
    def outdated(self, record: TextStatus) -> bool:
        text = self._text(record)
        if text is None:
            return False
        return effective_status(text.value(record.language), text.source, record)[1]

    def _mark(self, request: HttpRequest, queryset: QuerySet[TextStatus], status: str) -> None:
        try:
            count = set_status(queryset, status, request.user)
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, "; ".join(getattr(exc, "messages", [str(exc)])), "error")
            return
        self.message_user(request, f"{count} translations marked {status}.", messages.SUCCESS)

    @admin.action(description="Mark as machine translation (checked against today's English)")
    def mark_machine(self, request: HttpRequest, queryset: QuerySet[TextStatus]) -> None:
        self._mark(request, queryset, TextStatus.Status.MACHINE)

    @admin.action(description="Mark as human translation (checked against today's English)")
    def mark_human(self, request: HttpRequest, queryset: QuerySet[TextStatus]) -> None:
        self._mark(request, queryset, TextStatus.Status.HUMAN)

    @admin.action(description="Mark as medically reviewed", permissions=["mark_reviewed"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[TextStatus]) -> None:
        self._mark(request, queryset, TextStatus.Status.REVIEWED)

    # --- the dashboard and XLIFF views ----------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="guide_translation_dashboard"),
            path(
                "dashboard/<slug:slug>/<str:code>/",
                view(self.fixes_view),
                name="guide_translation_fixes",
            ),
            path("xliff/export/<slug:slug>/", view(self.export_view), name="guide_xliff_export"),
            path("xliff/import/", view(self.import_view), name="guide_xliff_import"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta}

    def _refuse_unless_viewer(self, request: HttpRequest) -> None:
        if not self.has_view_permission(request):
            raise Refused("guide.view_textstatus", _("The translation dashboard and XLIFF export"))

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        self._refuse_unless_viewer(request)
        return TemplateResponse(
            request,
            "admin/guide/translation_dashboard.html",
            {
                **self._context(request, "Translation dashboard"),
                "rows": dashboard(),
                "languages": [get_language(code) for code in target_languages()],
            },
        )

    def fixes_view(self, request: HttpRequest, slug: str, code: str) -> HttpResponse:
        self._refuse_unless_viewer(request)
        guide = get_object_or_404(Guide, slug=slug)
        language = get_language(code)
        if language is None or language.code not in target_languages():
            raise Http404("not a target language")
        fixes = [(fix, fix_url(fix, language.code)) for fix in texts_to_fix(guide, language.code)]
        return TemplateResponse(
            request,
            "admin/guide/translation_fixes.html",
            {
                **self._context(request, f"{guide.slug}: texts to fix in {language.name}"),
                "guide": guide,
                "language": language,
                "fixes": fixes,
            },
        )

    def export_view(self, request: HttpRequest, slug: str) -> HttpResponse:
        self._refuse_unless_viewer(request)
        guide = get_object_or_404(Guide, slug=slug)
        form = ExportXliffForm(request.GET)
        if not form.is_valid():
            return HttpResponseRedirect(reverse("admin:guide_translation_dashboard"))
        code = form.cleaned_data["language"]
        response = HttpResponse(
            export_xliff(guide, code), content_type="application/x-xliff+xml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{export_filename(guide, code)}"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise Refused("guide.change_textstatus", _("Importing an XLIFF file"))
        guide_slug = request.GET.get("guide") or request.POST.get("guide") or None
        language = request.GET.get("language") or request.POST.get("language") or None
        problems = []
        form = ImportXliffForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                result = import_xliff(
                    form.cleaned_data["file"].read(),
                    user=request.user,
                    overwrite_reviewed=form.cleaned_data.get("overwrite_reviewed", False),
                    expect_guide=guide_slug,
                    expect_language=language,
                )
            except XliffImportError as exc:
                problems = exc.problems
            else:
                self.message_user(
                    request,
                    f"{result.slug} [{result.language}]: {len(result.updated)} texts "
                    f"updated, {result.unchanged} unchanged, {result.skipped} untranslated.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:guide_translation_dashboard"))
        return TemplateResponse(
            request,
            "admin/guide/xliff_import.html",
            {
                **self._context(request, "Import a translated XLIFF file"),
                "form": form,
                "problems": problems,
                "guide_slug": guide_slug,
                "language": language,
            },
            status=400 if problems else 200,
        )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "dashboard_url": reverse("admin:guide_translation_dashboard"),
        }
        return super().changelist_view(request, extra_context)
