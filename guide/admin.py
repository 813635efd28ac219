"""The editors' admin: translations in tabs, content inline and reorderable by number."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from guide.admin_accessibility import AccessibilityAdminMixin
from guide.document import build_document, guide_tree_queryset, language_coverage
from guide.languages import all_languages
from guide.models import (
    Author,
    Callout,
    ComparisonTable,
    FAQEntry,
    Guide,
    GuideLanguage,
    Section,
    TableCell,
    TableColumn,
    TableRow,
    Tag,
)


class TopSectionInline(TranslationStackedInline):
    model = Section
    fk_name = "guide"
    fields = ("order", "anchor", "heading", "body")
    extra = 0
    show_change_link = True
    verbose_name = "section"
    verbose_name_plural = "sections (open one to edit its subsections and callouts)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        return super().get_queryset(request).filter(parent=None)


class FAQInline(TranslationStackedInline):
    model = FAQEntry
    fields = ("order", "question", "answer")
    extra = 0


class GuideLanguageInline(admin.TabularInline):
    model = GuideLanguage
    fields = ("language", "provenance", "note", "last_reviewed", "reviewed_by", "next_review_due")
    extra = 0


@admin.register(Guide)
class GuideAdmin(AccessibilityAdminMixin, TabbedDjangoJqueryTranslationAdmin):
    list_display = ("__str__", "slug", "status", "content_version", "languages", "updated_at")
    list_filter = ("status", "tags", "author")
    search_fields = ("slug", "title_en", "title_es", "summary_en")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("tags",)
    readonly_fields = ("created_at", "updated_at", "readability_report", "glossary_candidates")
    inlines = [TopSectionInline, FAQInline, GuideLanguageInline]
    fieldsets = (
        (None, {"fields": ("slug", "title", "subtitle", "summary", "status", "content_version")}),
        ("Byline", {"fields": ("author", "tags", "published_on", "reading_time_minutes")}),
        ("Medical review", {"fields": ("last_reviewed", "reviewed_by", "next_review_due")}),
        ("FAQ", {"fields": ("faq_heading",)}),
        ("Accessibility", {"fields": ("readability_report", "glossary_candidates")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Guide]:
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("changelist"):
            return guide_tree_queryset()
        return super().get_queryset(request)

    @admin.display(description="languages (% of texts translated)")
    def languages(self, guide: Guide) -> str:
        coverage = language_coverage(build_document(guide))
        items = []
        for language in all_languages():
            counts = coverage[language.code]
            percent = round(100 * counts["translated"] / counts["total"]) if counts["total"] else 0
            mark = "✓" if percent == 100 else f"{percent}%"
            items.append((language.tag, mark))
        return format_html_join(" ", "<span>{}&nbsp;{}</span>", items)


class SubsectionInline(TranslationStackedInline):
    model = Section
    fk_name = "parent"
    fields = ("order", "anchor", "heading", "body")
    extra = 0
    verbose_name = "subsection"
    verbose_name_plural = "subsections"


class CalloutInline(TranslationStackedInline):
    model = Callout
    fields = ("order", "kind", "label", "body")
    extra = 0


@admin.register(Section)
class SectionAdmin(AccessibilityAdminMixin, TabbedDjangoJqueryTranslationAdmin):
    list_display = ("__str__", "guide", "parent", "order", "anchor")
    list_filter = ("guide",)
    search_fields = ("anchor", "heading_en", "body_en")
    list_select_related = ("guide", "parent")
    fields = ("guide", "parent", "order", "anchor", "heading", "body")
    inlines = [SubsectionInline, CalloutInline]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Section):
                obj.guide = form.instance.guide
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class TableColumnInline(TranslationTabularInline):
    model = TableColumn
    fields = ("order", "key", "label", "is_row_header")
    extra = 0


class TableRowInline(admin.TabularInline):
    model = TableRow
    fields = ("order",)
    extra = 0
    show_change_link = True


@admin.register(ComparisonTable)
class ComparisonTableAdmin(AccessibilityAdminMixin, TabbedDjangoJqueryTranslationAdmin):
    list_display = ("__str__", "guide")
    fields = ("guide", "caption", "section", "after_paragraph")
    inlines = [TableColumnInline, TableRowInline]


class TableCellInline(TranslationTabularInline):
    model = TableCell
    fields = ("column", "text")
    extra = 0


@admin.register(TableRow)
class TableRowAdmin(AccessibilityAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "table", "order")
    fields = ("table", "order")
    inlines = [TableCellInline]


@admin.register(Author)
class AuthorAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ("name", "role")
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ("slug", "name")
    search_fields = ("slug", "name_en")
