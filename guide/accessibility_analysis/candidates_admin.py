"""Glossary candidates on a page of their own, linked from the guide's page.

Finding them reads the whole guide and every word in every language (about 250 ms for the
seed guide, more the longer the guide), so drawing them on every opening of the guide's
page kept the page slow and made it slower with the guide's length; they are needed only
when an editor goes looking for terms to add to the glossary.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from guide.admin_mixins import ModelAdminMixin
from guide.models import Guide


class GlossaryCandidatesPageMixin(ModelAdminMixin):
    """For the guide admin, before `AccessibilityAdminMixin` (which draws the candidates)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/glossary-candidates/",
                view(self.glossary_candidates_view),
                name="guide_guide_glossary_candidates",
            ),
            *super().get_urls(),
        ]

    def glossary_candidates_view(self, request, pk: int):
        guide = get_object_or_404(Guide, pk=pk)
        if not self.has_view_or_change_permission(request, guide):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Glossary candidates in {guide}",
            "candidates": self.glossary_candidates(guide),  # type: ignore[attr-defined]
            "guide": guide,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/guide/guide/glossary_candidates.html", context)

    @admin.display(description="glossary candidates")
    def glossary_candidates_link(self, guide: Guide) -> SafeString:
        if not guide.pk:
            return format_html("{}", "Listed once the guide is saved.")
        return format_html(
            '<a href="{}">Unusual words not in the glossary</a> (candidates for the glossary, '
            "per language)",
            reverse("admin:guide_guide_glossary_candidates", args=[guide.pk]),
        )
