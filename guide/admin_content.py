"""Admins of a guide's other content: sections, the comparison table and its rows, authors, tags.

Saves go through the editing service; the pages that edit one guide's content are checked
by the optimistic lock like the guide's own page (`guide/admin.py`).
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guide.accessibility_analysis.admin import AccessibilityAdminMixin
from guide.admin_editing import EditingAdminMixin
from guide.admin_figures import FigureInline
from guide.admin_locking import OptimisticLockAdminMixin
from guide.admin_roles import SourceLockMixin
from guide.admin_widgets import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from guide.models import (
    Author,
    Callout,
    ComparisonTable,
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
class SectionAdmin(
    SourceLockMixin,
    AccessibilityAdminMixin,
    EditingAdminMixin,
    OptimisticLockAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    list_display = ("__str__", "guide", "parent", "order", "anchor")
    list_filter = ("guide",)
    search_fields = ("anchor", "heading_en", "body_en")
    list_select_related = ("guide", "parent")
    fields = ("guide", "parent", "order", "anchor", "heading", "body", "references")
    filter_horizontal = ("references",)
    inlines = [SubsectionInline, CalloutInline, FigureInline]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Section):
                obj.guide = form.instance.guide
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


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
