"""Serializers that describe the v1 responses for the OpenAPI schema.

Responses are built by `api.representation` (plain dictionaries, also frozen at publish
time); these classes only document them. `tests/api/test_schema.py` validates real
responses against the generated schema, so the two cannot drift apart.
"""

from __future__ import annotations

from rest_framework import serializers

FALLBACK_HELP = (
    "Present only when some texts of this object are not in the requested language: "
    "maps each such field to the language actually served (always the source, `en`)."
)


TRANSLATION_STATUS_HELP = (
    "Present only when some texts of this object, served in the requested language, are a "
    "machine translation not yet reviewed (`machine`) or were translated from an earlier "
    "English text (`outdated`, which wins over `machine`): maps each such field to that flag."
)


def fallback_field() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(), required=False, help_text=FALLBACK_HELP
    )


def translation_status_field() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.ChoiceField(choices=["machine", "outdated"]),
        required=False,
        help_text=TRANSLATION_STATUS_HELP,
    )


class AvailableLanguage(serializers.Serializer):
    code = serializers.CharField(help_text="BCP 47 tag")
    name = serializers.CharField()
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    status = serializers.ChoiceField(choices=["complete", "partial", "missing"])
    percent = serializers.IntegerField(min_value=0, max_value=100)
    provenance = serializers.ChoiceField(
        choices=["source", "machine", "human", "reviewed"], allow_null=True
    )
    last_reviewed = serializers.DateField(allow_null=True)
    machine = serializers.IntegerField(
        min_value=0, help_text="Texts machine-translated, not reviewed (0 for the source)"
    )
    human = serializers.IntegerField(min_value=0, help_text="Texts human-translated, not reviewed")
    reviewed = serializers.IntegerField(min_value=0, help_text="Texts medically reviewed")
    outdated = serializers.IntegerField(
        min_value=0,
        help_text="Translated texts whose English changed since (counted in their status too)",
    )
    missing = serializers.IntegerField(min_value=0, help_text="Texts not translated")


class Tag(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    fallback = fallback_field()
    translation_status = translation_status_field()


class Author(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(allow_blank=True)
    bio = serializers.CharField(allow_blank=True)
    fallback = fallback_field()
    translation_status = translation_status_field()


class Callout(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["pro_tip", "note", "warning"])
    label = serializers.CharField()
    body = serializers.CharField(help_text="Sanitised HTML")
    fallback = fallback_field()
    translation_status = translation_status_field()


class Subsection(serializers.Serializer):
    id = serializers.IntegerField()
    anchor = serializers.SlugField()
    heading = serializers.CharField()
    body = serializers.CharField(allow_blank=True, help_text="Sanitised HTML")
    callouts = Callout(many=True, required=False)
    subsections = serializers.ListField(child=serializers.DictField(), max_length=0)
    fallback = fallback_field()
    translation_status = translation_status_field()


class Section(Subsection):
    subsections = Subsection(many=True)


class FAQEntry(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    fallback = fallback_field()
    translation_status = translation_status_field()


class TableColumn(serializers.Serializer):
    key = serializers.SlugField()
    label = serializers.CharField()
    row_header = serializers.BooleanField()
    fallback = fallback_field()
    translation_status = translation_status_field()


class TableRow(serializers.Serializer):
    id = serializers.IntegerField()
    cells = serializers.DictField(child=serializers.CharField(allow_blank=True))
    fallback = fallback_field()
    translation_status = translation_status_field()


class TablePlacement(serializers.Serializer):
    section = serializers.SlugField(allow_null=True)
    after_paragraph = serializers.IntegerField(min_value=0)


class ComparisonTable(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField()
    placement = TablePlacement()
    columns = TableColumn(many=True)
    rows = TableRow(many=True)
    fallback = fallback_field()
    translation_status = translation_status_field()


class Head(serializers.Serializer):
    api_version = serializers.CharField()
    slug = serializers.SlugField()
    version = serializers.IntegerField(
        allow_null=True, help_text="Content version of the guide; null in a preview of edits"
    )
    language = serializers.CharField(help_text="BCP 47 tag of the language served")
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])


class GuideSummary(Head):
    title = serializers.CharField()
    subtitle = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    reading_time_minutes = serializers.IntegerField(allow_null=True)
    tags = Tag(many=True)
    available_languages = AvailableLanguage(many=True)
    fallback = fallback_field()
    translation_status = translation_status_field()


class GuideSummaryPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GuideSummary(many=True)


class GuideDetail(GuideSummary):
    preview = serializers.BooleanField(
        required=False, help_text="Present and true only in a preview of unpublished edits."
    )
    faq_heading = serializers.CharField(allow_blank=True)
    author = Author(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    reviewed_by = serializers.CharField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    sections = Section(many=True)
    faq = FAQEntry(many=True)
    comparison_table = ComparisonTable(allow_null=True)


class GuideSections(Head):
    sections = Section(many=True)


class GuideFAQ(Head):
    faq = FAQEntry(many=True)


class GuideComparison(Head):
    comparison_table = ComparisonTable()


class Language(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    english_name = serializers.CharField()
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])


class LanguageList(serializers.Serializer):
    api_version = serializers.CharField()
    source_language = serializers.CharField()
    languages = Language(many=True)


class VersionItem(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    published_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)
    url = serializers.URLField()


class VersionList(serializers.Serializer):
    api_version = serializers.CharField()
    slug = serializers.SlugField()
    versions = VersionItem(many=True)


class SyncPage(serializers.Serializer):
    api_version = serializers.CharField()
    language = serializers.CharField()
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    full = serializers.BooleanField(
        help_text="True when this is a full listing (no cursor was sent): replace the local copy."
    )
    guides = GuideDetail(many=True, help_text="Guides published or republished: store them.")
    deleted = serializers.ListField(
        child=serializers.SlugField(), help_text="Slugs withdrawn or deleted: drop them."
    )
    cursor = serializers.CharField(help_text="Send back as `cursor` on the next sync.")
    has_more = serializers.BooleanField(help_text="True: sync again at once with the new cursor.")
