"""The FAQ entries' admin: each entry on a page of its own, listed per guide.

It does what the guide page's FAQ inline did: texts in tabs per language, the source text
and order read-only for translators, citations only from the entry's own guide, saves
through the editing service (history, statuses, revision) and refused from a stale page.
"""

from __future__ import annotations

from django.contrib import admin

from guide.admin_contents import GuidePartAdmin
from guide.admin_search import text_search_fields
from guide.models import FAQEntry


@admin.register(FAQEntry)
class FAQEntryAdmin(GuidePartAdmin):
    list_display = ("__str__", "guide", "order")
    list_filter = ("guide",)
    list_select_related = ("guide",)
    ordering = ("guide", "order", "id")
    search_fields = text_search_fields(FAQEntry)
    fields = ("guide", "order", "question", "answer", "references")
    filter_horizontal = ("references",)
