"""Publishing from the guide admin: publish, withdraw and republish, pages and list actions.

Each asks for confirmation (and a change note) on its own page; only users with the
`publish_guide` permission may act, and only they see the links and list actions (others
who reach a page anyway get the admin's refusal page, `guide.refusals`). The work is
`guide.publishing`'s.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from guide.admin_mixins import ModelAdminMixin
from guide.models import Guide
from guide.publishing import PublishingError, publish, rollback, withdraw
from guide.refusals import Refused


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
            *urls,
        ]

    def _confirm(self, request, guide, *, title, question, button, action, with_note=True):
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
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "question": question,
            "button": button,
            "form": form,
            "guide": guide,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/guide/guide/confirm.html", context)

    def publish_view(self, request, pk: int):
        guide = get_object_or_404(Guide, pk=pk)

        def act(note):
            version = publish(guide, user=request.user, note=note)
            return f"Published {guide.slug} as version {version.number}."

        return self._confirm(
            request,
            guide,
            title=f"Publish “{guide}”",
            question="Freeze the working copy as a new version and serve it on the API?",
            button="Publish",
            action=act,
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
        guide = get_object_or_404(Guide, pk=pk)

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
        )

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
