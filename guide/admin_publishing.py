"""Publishing from the guide admin: publish, withdraw and republish, version pages, actions.

Each write asks for confirmation (and a change note) on its own page; only users with the
`publish_guide` permission may act, and only they see the links and list actions (others
who reach a page anyway get the admin's refusal page, `guide.refusals`). The publish page
shows, per language, what will change (`guide.publish_review`); each version can be read and
compared with the live version or the working copy. The work is `guide.publishing`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from guide.admin_mixins import ModelAdminMixin
from guide.document_walk import walk
from guide.languages import all_languages
from guide.models import Guide, GuideVersion
from guide.publish_review import (
    compare,
    edited_since_published,
    review_publish,
    working_copy_differs,
    working_document,
)
from guide.publishing import PublishingError, publish, rollback, withdraw
from guide.refusals import Refused
from guide.version_diff import readable

PUBLISH_PERMISSION = "guide.publish_guide"


class PublishForm(forms.Form):
    note = forms.CharField(
        max_length=300,
        required=False,
        help_text="A short change note, shown in the version history.",
        widget=forms.TextInput(attrs={"size": 80}),
    )


PUBLISH_PERMISSION = "guide.publish_guide"


def can_publish(request: HttpRequest) -> bool:
    return request.user.has_perm(PUBLISH_PERMISSION)


def version_links(guide: Guide, version: GuideVersion) -> str:
    """The links beside a version in the guide page's list: read it, compare it."""
    base = reverse("admin:guide_guide_version", args=[guide.pk, version.number])
    compare_url = reverse("admin:guide_guide_version_compare", args=[guide.pk, version.number])
    live = guide.live_version_id == version.pk
    return format_html(
        '<a href="{}">view</a> · compare with {}<a href="{}?against=working">the working copy</a>',
        base,
        ""
        if live
        else format_html('<a href="{}?against=live">the live version</a> or ', compare_url),
        compare_url,
    )


def refuse_unless_publisher(request: HttpRequest) -> None:
    if not can_publish(request):
        raise Refused(PUBLISH_PERMISSION, _("Publishing, withdrawing or republishing a guide"))


class PublishingAdminMixin(ModelAdminMixin):
    """For the guide admin: the publishing pages under the guide's URLs, and list actions."""

    # Publishing views and actions -------------------------------------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        """Django's action filter: the publishing actions are listed only for publishers."""
        return can_publish(request)

    def get_urls(self):
        urls = super().get_urls()
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/publish/", view(self.publish_view), name="guide_guide_publish"),
            path("<int:pk>/withdraw/", view(self.withdraw_view), name="guide_guide_withdraw"),
            path(
                "<int:pk>/rollback/<int:number>/",
                view(self.rollback_view),
                name="guide_guide_rollback",
            ),
            path(
                "<int:pk>/versions/<int:number>/",
                view(self.version_view),
                name="guide_guide_version",
            ),
            path(
                "<int:pk>/versions/<int:number>/compare/",
                view(self.version_compare_view),
                name="guide_guide_version_compare",
            ),
            *urls,
        ]

    def _page(self, request, guide, template: str, title: str, **extra: Any) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "guide": guide,
            "opts": self.model._meta,
            **extra,
        }
        return TemplateResponse(request, f"admin/guide/guide/{template}", context)

    def _confirm(
        self,
        request,
        guide,
        *,
        title: str,
        question: str,
        button: str,
        action: Callable[[str], str],
        with_note: bool = True,
        extra: Callable[[], dict[str, Any]] | None = None,
    ) -> HttpResponse:
        """The confirmation page, or the action once confirmed. `extra` gives the page's own
        context; it is called only when the page is drawn, not when the action runs."""
        refuse_unless_publisher(request)
        form = PublishForm(request.POST or None) if with_note else None
        if request.method == "POST" and (form is None or form.is_valid()):
            note = form.cleaned_data["note"] if form else ""
            try:
                message = action(note)
            except PublishingError as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
            else:
                self.message_user(request, message, level=messages.SUCCESS)
            return redirect("admin:guide_guide_change", guide.pk)
        return self._page(
            request,
            guide,
            "confirm.html",
            title,
            question=question,
            button=button,
            form=form,
            **(extra() if extra else {}),
        )

    def publish_view(self, request, pk: int):
        guide = get_object_or_404(Guide.objects.select_related("live_version"), pk=pk)

        def act(note):
            version = publish(guide, user=request.user, note=note)
            return f"Published {guide.slug} as version {version.number}."

        def what_changes() -> dict[str, Any]:
            review = review_publish(guide)
            return {"review": review, "languages_with_diff": review.languages}

        return self._confirm(
            request,
            guide,
            title=f"Publish “{guide}”",
            question="Freeze the working copy as a new version and serve it on the API?",
            button="Publish",
            action=act,
            extra=what_changes,
        )

    def withdraw_view(self, request, pk: int):
        guide = get_object_or_404(Guide, pk=pk)

        def act(note):
            withdraw(guide)
            return f"Withdrew {guide.slug} from the API. Its versions are kept."

        return self._confirm(
            request,
            guide,
            title=f"Withdraw “{guide}”",
            question="Take this guide off the public API? Apps will be told to remove it.",
            button="Withdraw",
            action=act,
            with_note=False,
        )

    def rollback_view(self, request, pk: int, number: int):
        guide = get_object_or_404(Guide.objects.select_related("live_version"), pk=pk)

        def what_changes() -> dict[str, Any]:
            version = GuideVersion.objects.filter(guide=guide, number=number).first()
            live = guide.live_version
            return {
                "languages_with_diff": compare(live.document, version.document)
                if version and live
                else []
            }

        def act(note):
            version = rollback(guide, number, user=request.user, note=note)
            return f"Republished the content of version {number} as version {version.number}."

        return self._confirm(
            request,
            guide,
            title=f"Republish version {number} of “{guide}”",
            question=(
                f"Publish the content of version {number} as a new version? "
                "The working copy is not changed."
            ),
            button="Republish",
            action=act,
            extra=what_changes,
        )

    # Reading and comparing versions -----------------------------------------------------

    def _version(self, request, pk: int, number: int) -> tuple[Guide, GuideVersion]:
        guide = get_object_or_404(Guide.objects.select_related("live_version"), pk=pk)
        if not self.has_view_permission(request, guide):
            raise PermissionDenied
        return guide, get_object_or_404(GuideVersion, guide=guide, number=number)

    def version_view(self, request, pk: int, number: int):
        guide, version = self._version(request, pk, number)
        languages = all_languages()
        code = request.GET.get("lang")
        shown = next((lang for lang in languages if lang.code == code), languages[0])
        texts = [(node, readable(node, shown.code)) for node in walk(version.document)]
        return self._page(
            request,
            guide,
            "version.html",
            f"Version {number} of “{guide}”",
            version=version,
            all_languages=languages,
            shown=shown,
            languages=[(shown, texts)],
        )

    def version_compare_view(self, request, pk: int, number: int):
        guide, version = self._version(request, pk, number)
        against = request.GET.get("against", "live")
        if against == "live" and guide.live_version is not None:
            other = guide.live_version.document
            other_name = f"the live version (v{guide.live_version.number})"
        else:
            against, other_name = "working", "the working copy"
            other = working_document(guide)
        return self._page(
            request,
            guide,
            "version_compare.html",
            f"Version {number} of “{guide}” compared with {other_name}",
            version=version,
            against=against,
            other_name=other_name,
            languages_with_diff=compare(version.document, other),
        )

    # List actions -----------------------------------------------------------------------

    @admin.action(
        description="Publish the working copy of the selected guides", permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        refuse_unless_publisher(request)
        for guide in queryset:
            version = publish(guide, user=request.user, note="Published from the guide list")
            self.message_user(request, f"Published {guide.slug} as version {version.number}.")

    @admin.action(description="Withdraw the selected guides from the API", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        refuse_unless_publisher(request)
        for guide in queryset.filter(status=Guide.Status.PUBLISHED):
            withdraw(guide)
            self.message_user(request, f"Withdrew {guide.slug}.")


def working_copy_notice(guide: Guide) -> str:
    """On the guide page: whether the working copy differs from what is live.

    After a rollback it compares texts (cached per revision) and says so plainly, so the
    next publish does not quietly re-release what was rolled back. Otherwise it only
    compares revisions, which costs nothing: saves since the live version was published."""
    live = guide.live_version
    if live is None:
        return ""
    compare_url = reverse("admin:guide_guide_version_compare", args=[guide.pk, live.number])
    edited = edited_since_published(guide)
    if edited is not None:
        if not edited:
            return ""
        return format_html(
            '<p id="working-copy-differs">The working copy was saved since v{} was '
            'published (<a href="{}?against=working">see what differs</a>).</p>',
            live.number,
            compare_url,
        )
    if not working_copy_differs(guide):
        return ""
    if live.rolled_back_from:
        return format_html(
            '<p class="diff-warning" id="working-copy-differs"><strong>The working copy '
            "differs from what is live.</strong> The live version, v{}, republished version "
            "{} (a rollback); the working copy was not changed. Publishing it would put "
            'back what was rolled back: <a href="{}?against=working">see the differences</a> '
            "and edit the working copy first.</p>",
            live.number,
            live.rolled_back_from,
            compare_url,
        )
    return format_html(
        '<p id="working-copy-differs">The working copy differs from the live version '
        '(<a href="{}?against=working">see what differs</a>).</p>',
        compare_url,
    )
