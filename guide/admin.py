"""The editors' admin: translations in tabs; the guide's page, of a size independent of
the guide's length.

The guide's page is here; its publishing views are in `guide/admin_publishing.py`, the
admins of the other content (sections, references, the table, authors, tags) in
`guide/admin_content.py` and `guide/admin_faq.py`, reached from the page's "Contents"
panel (`guide/admin_contents.py`).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from guide.accessibility_analysis.admin import AccessibilityAdminMixin
from guide.accessibility_analysis.candidates_admin import GlossaryCandidatesPageMixin
from guide.admin_contents import contents_panel
from guide.admin_editing import EditingAdminMixin
from guide.admin_locking import OptimisticLockAdminMixin
from guide.admin_publishing import (
    PUBLISH_PERMISSION,
    PublishingAdminMixin,
    can_publish,
    version_links,
    working_copy_notice,
)
from guide.admin_roles import SourceLockMixin
from guide.admin_scheduling import scheduled_notice
from guide.admin_search import TextSearchMixin, text_search_fields
from guide.admin_widgets import TranslationAdmin
from guide.document import build_document, guide_tree_queryset, language_coverage
from guide.languages import all_languages
from guide.models import (
    CodedSubject,
    Guide,
    GuideLanguage,
    GuideVersion,
)
from guide.preview import make_token
from guide.refusals import Refused
from guide.review_admin import GuideLanguageForm
from guide.reviews import REVIEW_PERMISSION, latest_reviews
from guide.translating.admin import GuideXliffActionsMixin


class GuideLanguageInline(admin.TabularInline):
    model = GuideLanguage
    form = GuideLanguageForm
    fields = ("language", "provenance", "note")
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[GuideLanguage]:
        return super().get_queryset(request).select_related("guide")  # named in each row


class CodedSubjectInline(admin.StackedInline):
    """Codes clinic systems find this guide by (Infobutton, CDS Hooks) and its structured
    data names. ICD-10-CM codes match every code below them; see `guide.coding`.
    Stacked, not tabular: every input keeps its own label (axe finds unlabelled table
    inputs in tabular inlines)."""

    model = CodedSubject
    fields = (("kind", "system", "code"), "display", "verified_against", "order")
    extra = 0
    verbose_name = "coded subject"
    verbose_name_plural = (
        "coded subjects (what clinic systems find this guide by; only codes you have verified)"
    )


_LIVE_DOCUMENT = ("live_version__document",)

# The request whose change form is being drawn: read-only fields get only the object.
_current_request: ContextVar[HttpRequest | None] = ContextVar("guide_admin_request", default=None)


def refuse_deleting_published(request: HttpRequest, guides) -> None:
    """Refused if any of `guides` has versions and the user may not publish."""
    ids = [g.pk for g in guides] if not isinstance(guides, QuerySet) else guides.values("pk")
    if not can_publish(request) and GuideVersion.objects.filter(guide__in=ids).exists():
        raise Refused(PUBLISH_PERMISSION, "Deleting a guide that was ever published")


@admin.register(Guide)
class GuideAdmin(
    SourceLockMixin,
    TextSearchMixin,
    PublishingAdminMixin,
    GlossaryCandidatesPageMixin,
    AccessibilityAdminMixin,
    GuideXliffActionsMixin,
    EditingAdminMixin,
    OptimisticLockAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    list_display = ("__str__", "slug", "status", "live_number", "languages", "updated_at")
    list_filter = ("status", "tags", "author")
    # Every language of the guide's texts, its sections (and subsections), callouts and FAQ.
    search_fields = text_search_fields(
        Guide,
        related=("sections", "sections__callouts", "faq_entries"),
        extra=("slug", "coded_subjects__code"),
    )
    filter_horizontal = ("tags",)
    readonly_fields = (
        "publishing",
        "medical_reviews",
        "created_at",
        "updated_at",
        "readability_report",
        "glossary_candidates_link",
        "contents",
    )
    # Sections, FAQ entries and references have pages of their own (`guide.admin_contents`):
    # inline, a long guide's form outgrew what a browser may post. Languages are bounded by
    # the configured languages; coded subjects by the few codes a condition has.
    inlines = [GuideLanguageInline, CodedSubjectInline]
    save_on_top = True
    actions = [*GuideXliffActionsMixin.actions, "publish_selected", "withdraw_selected"]
    fieldsets = (
        (None, {"fields": ("slug", "title", "subtitle", "summary", "summary_is_editorial")}),
        ("Contents", {"fields": ("contents",)}),
        ("Publishing", {"fields": ("publishing", "canonical_url")}),
        ("Byline", {"fields": ("author", "tags", "published_on", "reading_time_minutes")}),
        ("Medical review", {"fields": ("medical_reviews",)}),
        ("FAQ", {"fields": ("faq_heading",)}),
        ("Accessibility", {"fields": ("readability_report", "glossary_candidates_link")}),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Guide.Status.DRAFT:
            fields.append("slug")  # clients and partners link to it
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return (
            {} if obj is not None and obj.status != Guide.Status.DRAFT else {"slug": ("title_en",)}
        )

    # Deleting ------------------------------------------------------------------------------
    # Deleting a guide that was ever published destroys its versions and takes it off the
    # API and partners' apps: that is a publishing decision, never an editor's (withdrawing
    # is how a guide comes down). Drafts that were never published are an editor's to delete.

    def has_delete_permission(self, request: HttpRequest, obj: Guide | None = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not obj.versions.exists() or can_publish(request)

    def delete_view(self, request, object_id, extra_context=None):
        guide = self.get_object(request, unquote(object_id))
        if guide is not None:  # refused with the reason, before Django's bare refusal
            refuse_deleting_published(request, [guide])
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request: HttpRequest, obj: Guide) -> None:
        refuse_deleting_published(request, Guide.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Guide]) -> None:
        refuse_deleting_published(request, queryset)
        super().delete_queryset(request, queryset)

    def get_deleted_objects(self, objs, request):
        refuse_deleting_published(request, objs)
        return super().get_deleted_objects(objs, request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Guide]:
        match = request.resolver_match
        # The live version's number is shown; its document (the whole guide) is not read.
        if match and match.url_name and match.url_name.endswith("changelist"):
            return guide_tree_queryset().select_related("live_version").defer(*_LIVE_DOCUMENT)
        return super().get_queryset(request).select_related("live_version").defer(*_LIVE_DOCUMENT)

    @admin.display(description="sections, FAQ and references")
    def contents(self, guide: Guide) -> str:
        return contents_panel(guide, _current_request.get())

    @admin.display(description="live version")
    def live_number(self, guide: Guide) -> str:
        return f"v{guide.live_version.number}" if guide.live_version else "—"

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

    @admin.display(description="latest review per language")
    def medical_reviews(self, guide: Guide) -> str:
        if guide.pk is None:
            return "Save and publish the guide first."
        reviews = latest_reviews(guide.pk)
        items = format_html_join(
            "",
            "<li>{}: {} by {} (v{}), next due {}</li>",
            (
                (
                    code,
                    r["reviewed_on"],
                    r["reviewer"]["name"],
                    r["version"] or "?",
                    r["next_review_due"],
                )
                for code, r in sorted(reviews.items())
            ),
        )
        request = _current_request.get()
        if request is None or not request.user.has_perm(REVIEW_PERMISSION):
            how = format_html("{}", "Medical reviewers record reviews from their own accounts.")
        else:
            how = format_html(
                'Record one on <a href="{}?guide={}">Record a medical review</a>.',
                reverse("admin:guide_medicalreview_add"),
                guide.pk,
            )
        return format_html(
            "<ul>{}</ul><p>A review is of a published version, per language. {} "
            "Publishing is not a review.</p>",
            items or format_html("<li>{}</li>", "none yet"),
            how,
        )

    @admin.display(description="status, preview and versions")
    def publishing(self, guide: Guide) -> str:
        if guide.pk is None:
            return "Save the guide first."
        request = _current_request.get()
        may_preview = request is not None and request.user.has_perm("guide.preview_guide")
        # A preview link is a bearer URL to unpublished text: only for those who may open it.
        previews = self._preview_links(guide) if may_preview else "not shown to your role"
        # Publishing links only for those who may publish; others are told who does.
        may_publish = request is not None and can_publish(request)
        versions = format_html_join(
            "",
            "<li>v{} — {} — {} {} · {}</li>",
            (
                (
                    v.number,
                    v.published_at.strftime("%Y-%m-%d %H:%M UTC"),
                    v.note or "(no note)",
                    version_links(guide, v),
                    format_html(
                        '<a href="{}">republish this content</a>',
                        reverse("admin:guide_guide_rollback", args=[guide.pk, v.number]),
                    )
                    if may_publish
                    else "",
                )
                for v in guide.versions.defer("document").order_by("-number")[:20]
            ),
        )
        live = f"live: v{guide.live_version.number}" if guide.live_version else "not on the API"
        return format_html(
            "<p><strong>{}</strong> ({}) · {}{}</p>"
            "<p>Preview the working copy (signed link, expires in {} days): {}</p>"
            "{}{}<p>Versions:</p><ul>{}</ul>",
            guide.get_status_display(),
            live,
            format_html(
                '<a href="{}">Publish the working copy</a>',
                reverse("admin:guide_guide_publish", args=[guide.pk]),
            )
            if may_publish
            else "medical reviewers publish, withdraw and republish guides",
            format_html(
                ' · <a href="{}">Withdraw from the API</a>',
                reverse("admin:guide_guide_withdraw", args=[guide.pk]),
            )
            if may_publish and guide.status == Guide.Status.PUBLISHED
            else "",
            settings.PREVIEW_MAX_AGE_SECONDS // 86400,
            previews,
            working_copy_notice(guide),
            scheduled_notice(guide, may_publish),
            versions or format_html("<li>{}</li>", "none yet"),
        )

    def _preview_links(self, guide: Guide) -> str:
        token = make_token(guide)
        return format_html_join(
            " · ",
            '<span lang="{}">{}</span> (<a href="{}">page</a>, <a href="{}">JSON</a>, '
            '<a href="{}" type="application/pdf">PDF</a>)',
            (
                (
                    lang.tag,
                    lang.name,
                    reverse("embed:preview", args=[token]) + f"?lang={lang.tag}",
                    reverse("api:preview", args=["v1", token]) + f"?lang={lang.tag}",
                    reverse("api:preview-handout", args=["v1", token]) + f"?lang={lang.tag}",
                )
                for lang in all_languages()
            ),
        )

    def changeform_view(self, request, *args, **kwargs):
        reset = _current_request.set(request)
        try:
            response = super().changeform_view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # read-only fields are drawn now, while the request is set
            return response
        finally:
            _current_request.reset(reset)


from guide import (  # noqa: E402, F401  (register the other content and the reviews)
    admin_content,
    admin_faq,
    review_admin,
)
