"""A guide's content on pages of its own, so that no admin page grows with the guide.

The guide's page once carried every section and FAQ entry inline: about 17 form fields per
section and 16 per entry in six languages, so that past about 50 sections a save exceeded
`DATA_UPLOAD_MAX_NUMBER_FIELDS` and every edit on the page was lost. Now the guide's page
shows a fixed-size "Contents" panel (counts and links); sections, FAQ entries and
references are edited on their own pages, and listed on paginated lists filtered to the
guide, where their order can be changed (`OrderedPartListMixin`).
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import parse_qsl

from django.contrib import admin
from django.db.models import Count, Model, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin

from guide.accessibility_analysis.admin import AccessibilityAdminMixin
from guide.admin_editing import EditingAdminMixin
from guide.admin_locking import OptimisticLockAdminMixin
from guide.admin_mixins import ModelAdminMixin
from guide.admin_roles import EDIT_SOURCE, SourceLockMixin
from guide.admin_search import TextSearchMixin
from guide.admin_widgets import TranslationAdmin
from guide.models import FAQEntry, Guide, Reference, Section

LIST_PER_PAGE = 50  # a list's form: two fields a row, so about 100 fields a page


def guide_filter(guide_id: int, **more: str) -> str:
    """The query string of a list filtered to one guide."""
    return "?" + "&".join(f"{k}={v}" for k, v in {"guide__id__exact": guide_id, **more}.items())


def request_guide_id(request: HttpRequest, model: type[Model]) -> int | None:
    """The guide of the object a request's page edits: the object's own on a change page;
    on an add page, the guide posted, or the one the page was opened for (`?guide=`, or the
    list filter the "Add" button carries along)."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    if object_id:
        found = model._default_manager.filter(pk=object_id).values_list("guide_id", flat=True)
        return found.first()
    filters = dict(parse_qsl(request.GET.get("_changelist_filters", "")))
    for raw in (
        request.POST.get("guide"),
        request.GET.get("guide"),
        filters.get("guide__id__exact"),
    ):
        if raw and str(raw).isdigit():
            return int(raw)
    return None


class OrderedPartListMixin(ModelAdminMixin):
    """For the admins of a guide's parts: a paginated list in the guide's order, filtered by
    guide, whose `order` column is editable by those who may change a guide's structure;
    references offered only from the part's own guide; add pages pre-filled with the guide."""

    list_per_page = LIST_PER_PAGE
    list_max_show_all = LIST_PER_PAGE  # "Show all" would bring back the unbounded page
    list_editable = ("order",)  # the admins list `order`, and filter by guide

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        if not request.user.has_perm(EDIT_SOURCE):
            changelist.list_editable = ()  # order is structure: read-only for translators
        return changelist

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "guide" not in fields:
            fields.append("guide")  # its anchors and citations belong to that guide
        return fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        guide_id = request_guide_id(request, self.model)
        if guide_id and "guide" not in initial:
            initial["guide"] = str(guide_id)
        return initial

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "references":
            guide_id = request_guide_id(request, self.model)
            own = Reference.objects.filter(guide_id=guide_id) if guide_id else None
            kwargs["queryset"] = own if own is not None else Reference.objects.none()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """A row of the list changes only its order: no text, so no accessibility report
        (each changed row would repeat the same warnings); the edit is still recorded."""
        match = request.resolver_match
        on_list = bool(match and match.url_name and match.url_name.endswith("_changelist"))
        if on_list and isinstance(self, AccessibilityAdminMixin):
            after_report = cast(Any, super(AccessibilityAdminMixin, self))
            return after_report.save_related(request, form, formsets, change)
        return super().save_related(request, form, formsets, change)


class SectionLevelFilter(admin.SimpleListFilter):
    """Top-level sections apart from subsections: a guide's outline is its top level."""

    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return (("top", "sections"), ("sub", "subsections"))

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent=None)
        if self.value() == "sub":
            return queryset.exclude(parent=None)
        return queryset


def _link(url: str, text: str) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text)


def contents_panel(guide: Guide, request: HttpRequest | None) -> SafeString:
    """Counts and links for a guide's sections, FAQ entries and references: a fixed size,
    however long the guide."""
    if guide.pk is None:
        return format_html("{}", "Save the guide first; then add its sections and FAQ entries.")
    may_add = request is not None and request.user.has_perm(EDIT_SOURCE)
    sections = Section.objects.filter(guide=guide).aggregate(
        top=Count("pk", filter=Q(parent=None)), sub=Count("pk", filter=~Q(parent=None))
    )
    rows: tuple[tuple[str, str, dict[str, str], str], ...] = (
        (
            f"{sections['top']} sections, {sections['sub']} subsections",
            "section",
            {"level": "top"},
            "add a section",
        ),
        (
            f"{FAQEntry.objects.filter(guide=guide).count()} FAQ entries",
            "faqentry",
            {},
            "add an FAQ entry",
        ),
        (
            f"{Reference.objects.filter(guide=guide).count()} references",
            "reference",
            {},
            "add a reference",
        ),
    )
    items = []
    for count, model, more, add_label in rows:
        if request is None or not request.user.has_perm(f"guide.view_{model}"):
            continue  # translators hold no references
        changelist = reverse(f"admin:guide_{model}_changelist") + guide_filter(guide.pk, **more)
        links = [_link(changelist, "list, edit and reorder" if may_add else "list and edit")]
        if may_add:
            add = reverse(f"admin:guide_{model}_add") + f"?guide={guide.pk}"
            links.append(_link(add, add_label))
        items.append((count, format_html_join(" · ", "{}", ((link,) for link in links))))
    return format_html(
        '<ul class="guide-contents">{}</ul><p>{}</p>',
        format_html_join("", "<li>{}: {}</li>", items),
        "Open a section to edit its subsections, callouts and figures.",
    )


class GuidePartAdmin(
    SourceLockMixin,
    OrderedPartListMixin,
    TextSearchMixin,
    AccessibilityAdminMixin,
    EditingAdminMixin,
    OptimisticLockAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    """The admin of a guide's translated part on a page of its own (a section, an FAQ
    entry): what the guide page's inlines did (tabs per language, the translators' source
    lock, saves through the editing service, stale pages refused, history), plus the part's
    list, search in every language and the after-save checks."""

    save_on_top = True
