"""Admins of a guide's other content: sections, references, the comparison table and its
rows, authors, tags (FAQ entries: `guide/admin_faq.py`).

Saves go through the editing service; the pages that edit one guide's content are checked
by the optimistic lock like the guide's own page (`guide/admin.py`). Sections and references
are listed per guide, a page at a time (`guide/admin_contents.py`).
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from guide.accessibility_analysis.admin import AccessibilityAdminMixin
from guide.admin_contents import (
    GuidePartAdmin,
    OrderedPartListMixin,
    SectionLevelFilter,
    request_guide_id,
)
from guide.admin_editing import EditingAdminMixin
from guide.admin_figures import FigureInline
from guide.admin_locking import OptimisticLockAdminMixin
from guide.admin_roles import SourceLockMixin
from guide.admin_search import text_search_fields
from guide.admin_widgets import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from guide.models import (
    Author,
    Callout,
    ComparisonTable,
    Reference,
    Section,
    TableCell,
    TableColumn,
    TableRow,
    Tag,
)


class SubsectionInline(SourceLockMixin, TranslationStackedInline):
    model = Section
    fk_name = "parent"
    fields = ("order", "anchor", "heading", "body")
    extra = 0
    verbose_name = "subsection"
    verbose_name_plural = "subsections"


class CalloutInline(SourceLockMixin, TranslationStackedInline):
    model = Callout
    fields = ("order", "kind", "label", "body")
    extra = 0


@admin.register(Section)
class SectionAdmin(GuidePartAdmin):
    list_display = ("__str__", "guide", "parent", "order", "anchor", "add_subsection")
    list_filter = ("guide", SectionLevelFilter)
    ordering = ("guide", "parent__order", "parent", "order", "id")
    search_fields = text_search_fields(Section, related=("callouts",), extra=("anchor",))
    list_select_related = ("guide", "parent")
    fields = ("guide", "parent", "order", "anchor", "heading", "body", "references")
    filter_horizontal = ("references",)
    inlines = [SubsectionInline, CalloutInline, FigureInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":  # a top-level section of the same guide
            match = request.resolver_match
            own = match.kwargs.get("object_id") if match else None
            guide_id = request_guide_id(request, Section)
            tops = Section.objects.filter(guide_id=guide_id, parent=None) if guide_id else None
            if tops is not None and own:
                tops = tops.exclude(pk=own)
            kwargs["queryset"] = tops if tops is not None else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="")
    def add_subsection(self, section: Section) -> str:
        if section.parent_id is not None:
            return ""
        url = reverse("admin:guide_section_add")
        return format_html(
            '<a href="{}?guide={}&amp;parent={}">add a subsection</a>',
            url,
            section.guide_id,
            section.pk,
        )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Section):
                obj.guide = form.instance.guide
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Reference)
class ReferenceAdmin(
    OrderedPartListMixin,
    EditingAdminMixin,
    OptimisticLockAdminMixin,
    admin.ModelAdmin,
):
    """A guide's sources; a long guide may cite hundreds, so they are listed, not inline."""

    list_display = ("key", "title", "guide", "order")
    list_filter = ("guide",)
    list_select_related = ("guide",)
    ordering = ("guide", "order", "id")
    search_fields = ("key", "title", "doi")
    fields = (
        "guide",
        ("key", "order"),
        "title",
        ("author", "publisher"),
        ("date", "language"),
        "url",
        "doi",
        "note",
    )


class TableColumnInline(SourceLockMixin, TranslationTabularInline):
    model = TableColumn
    fields = ("order", "key", "label", "is_row_header")
    extra = 0


class TableRowInline(SourceLockMixin, admin.TabularInline):
    model = TableRow
    fields = ("order",)
    extra = 0
    show_change_link = True


@admin.register(ComparisonTable)
class ComparisonTableAdmin(
    SourceLockMixin,
    AccessibilityAdminMixin,
    EditingAdminMixin,
    OptimisticLockAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    list_display = ("__str__", "guide")
    fields = ("guide", "caption", "caption_is_editorial", "section", "after_paragraph")
    inlines = [TableColumnInline, TableRowInline]


class TableCellInline(SourceLockMixin, TranslationTabularInline):
    model = TableCell
    fields = ("column", "text")
    extra = 0


@admin.register(TableRow)
class TableRowAdmin(
    SourceLockMixin,
    AccessibilityAdminMixin,
    EditingAdminMixin,
    OptimisticLockAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = ("__str__", "table", "order")
    fields = ("table", "order")
    inlines = [TableCellInline]


@admin.register(Author)
class AuthorAdmin(SourceLockMixin, EditingAdminMixin, TranslationAdmin):
    list_display = ("name", "role")
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(SourceLockMixin, EditingAdminMixin, TranslationAdmin):
    list_display = ("slug", "name")
    search_fields = ("slug", "name_en")
