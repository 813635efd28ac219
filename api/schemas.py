"""Serializers that describe the v1 responses for the OpenAPI schema.

Responses are built by `api.representation` (plain dictionaries, also frozen at publish
time); these classes only document them. `tests/api/test_schema.py` validates real
responses against the generated schema, so the two cannot drift apart.
"""

from __future__ import annotations

from rest_framework import serializers

from api.block_schemas import Figure
from api.schema_fields import (
    BODY_FORMAT_HELP,
    CalloutKind,
    ColumnType,
    LanguageStatus,
    Provenance,
    Readability,
    blocks_field,
    fallback_field,
    readability_field,
    translation_status_field,
)

REVIEW_STATUSES = ["reviewed", "outdated", "not_reviewed"]


class AvailableLanguage(serializers.Serializer):
    code = serializers.CharField(help_text="BCP 47 tag")
    name = serializers.CharField()
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    status = LanguageStatus()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    provenance = Provenance(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    review_status = serializers.ChoiceField(
        choices=REVIEW_STATUSES,
        help_text="The language's latest medical review: current, outdated by a later change "
        "(of the English or of this text), or none",
    )
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


class TermMark(serializers.Serializer):
    """A glossary term marked in a body, as data: apps can show the definition natively."""

    term = serializers.SlugField(help_text="The glossary term's slug (see /glossary/)")
    kind = serializers.ChoiceField(choices=["term", "abbreviation"])
    text = serializers.CharField(help_text="The words as they appear in the body")
    definition = serializers.CharField(required=False, help_text="For a term")
    expansion = serializers.CharField(required=False, help_text="For an abbreviation")


def terms_field() -> TermMark:
    return TermMark(
        many=True,
        required=False,
        help_text="Glossary marks in the body (the <dfn>/<abbr> elements), in order; "
        "present only when there are some",
    )


class Callout(serializers.Serializer):
    id = serializers.IntegerField()
    kind = CalloutKind()
    label = serializers.CharField()  # type: ignore[assignment]  # the member is named label
    body = serializers.CharField(help_text="Sanitised HTML")
    blocks = blocks_field()
    readability = readability_field()
    terms = terms_field()
    fallback = fallback_field()
    translation_status = translation_status_field()


class Subsection(serializers.Serializer):
    id = serializers.IntegerField()
    anchor = serializers.SlugField()
    heading = serializers.CharField()
    body = serializers.CharField(
        allow_blank=True,
        help_text="Sanitised HTML; the first use of each glossary term is marked with "
        "<dfn title> (definition) or <abbr title> (expansion); the same marks as data "
        "in `terms`",
    )
    blocks = blocks_field()
    readability = readability_field()
    terms = terms_field()
    heading_readability = Readability(allow_null=True, help_text="Readability of the heading")
    citations = serializers.ListField(
        child=serializers.SlugField(), help_text="Keys of the `references` this text cites"
    )
    callouts = Callout(many=True, required=False)
    figures = Figure(many=True, required=False, help_text="Images shown after the body")
    subsections = serializers.ListField(child=serializers.DictField(), max_length=0)
    fallback = fallback_field()
    translation_status = translation_status_field()


class Section(Subsection):
    subsections = Subsection(many=True)  # type: ignore[assignment]  # a list of them


class FAQEntry(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    readability = readability_field()
    citations = serializers.ListField(
        child=serializers.SlugField(), help_text="Keys of the `references` this answer cites"
    )
    fallback = fallback_field()
    translation_status = translation_status_field()


class TableColumn(serializers.Serializer):
    key = serializers.SlugField()
    label = serializers.CharField()  # type: ignore[assignment]  # the member is named label
    row_header = serializers.BooleanField()
    type = ColumnType()
    fallback = fallback_field()
    translation_status = translation_status_field()


class TableRow(serializers.Serializer):
    id = serializers.IntegerField()
    cells = serializers.DictField(child=serializers.CharField(allow_blank=True))
    linearized = serializers.CharField(
        help_text="The row as one sentence per cell, for voice and screen-reader-only views"
    )
    readability = serializers.DictField(
        child=Readability(allow_null=True), help_text="Readability of each cell, by column key"
    )
    fallback = fallback_field()
    translation_status = translation_status_field()


class TablePlacement(serializers.Serializer):
    section = serializers.SlugField(allow_null=True)
    after_paragraph = serializers.IntegerField(min_value=0)


class ComparisonTable(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField()
    caption_readability = Readability(allow_null=True)
    editorial = serializers.ListField(
        child=serializers.CharField(),
        help_text="Texts written by the editors rather than taken from the source (`caption`)",
    )
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


class Links(serializers.Serializer):
    """Relative to the service's origin; present on versions published since contract 1.1."""

    self = serializers.CharField(help_text="This guide's API address in this language")
    page = serializers.CharField(
        help_text="The accessible reading page (also the embed page); append `#<anchor>` "
        "of a section to deep-link it"
    )
    faq = serializers.CharField(help_text="The FAQ on the reading page")


class GuideSummary(Head):
    title = serializers.CharField()
    subtitle = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    reading_time_minutes = serializers.IntegerField(
        allow_null=True, help_text="Computed for the language served, from its texts"
    )
    reading_time_editorial_minutes = serializers.IntegerField(
        allow_null=True, help_text="The editors' figure for the source text"
    )
    tags = Tag(many=True)
    available_languages = AvailableLanguage(many=True)
    links = Links(required=False)
    fallback = fallback_field()
    translation_status = translation_status_field()


class GuideSummaryPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GuideSummary(many=True)


class Reviewer(serializers.Serializer):
    name = serializers.CharField(help_text="From the reviewer's account, never typed by others")
    credentials = serializers.CharField(allow_blank=True)


class Review(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=REVIEW_STATUSES,
        help_text="The latest medical review of the language served: `outdated` when the "
        "English source or this language's text changed since",
    )
    last_reviewed = serializers.DateField(required=False)
    next_review_due = serializers.DateField(required=False)
    reviewed_by = Reviewer(required=False)
    reviewed_version = serializers.IntegerField(
        required=False, allow_null=True, help_text="The content version that was reviewed"
    )
    source_changed_since_review = serializers.BooleanField(required=False, allow_null=True)
    text_changed_since_review = serializers.BooleanField(required=False, allow_null=True)
    migrated = serializers.BooleanField(
        required=False,
        help_text="True for a review carried over from free text typed before reviews were "
        "recorded from reviewers' accounts: no account or version stands behind it",
    )


class Reference(serializers.Serializer):
    key = serializers.SlugField()
    title = serializers.CharField()
    author = serializers.CharField(allow_null=True)
    publisher = serializers.CharField(allow_null=True)
    date = serializers.CharField(
        allow_null=True, help_text="As precise as known: YYYY, YYYY-MM or YYYY-MM-DD"
    )
    url = serializers.URLField(allow_null=True)
    doi = serializers.CharField(allow_null=True, help_text="Without the https://doi.org/ prefix")
    language = serializers.CharField(help_text="The source's language")
    note = serializers.CharField(allow_null=True)


class Disclaimer(serializers.Serializer):
    text = serializers.CharField()
    fallback = fallback_field()
    translation_status = translation_status_field()


class Publisher(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField(allow_null=True)
    corrections_email = serializers.EmailField(allow_null=True)
    corrections_url = serializers.URLField(allow_null=True)


class GuideDetail(GuideSummary):
    preview = serializers.BooleanField(
        required=False, help_text="Present and true only in a preview of unpublished edits."
    )
    faq_heading = serializers.CharField(allow_blank=True)
    author = Author(allow_null=True)
    updated_at = serializers.DateTimeField(
        allow_null=True, help_text="When the content last changed in a published version"
    )
    reviewed_by = serializers.CharField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    review = Review()
    editorial = serializers.ListField(
        child=serializers.CharField(),
        help_text="Texts written by the editors rather than taken from the source (`summary`)",
    )
    summary_readability = Readability(allow_null=True)
    canonical_url = serializers.URLField(
        allow_null=True, help_text="The guide's own public page in this language, if set"
    )
    references = Reference(many=True)
    disclaimer = Disclaimer(allow_null=True)
    publisher = Publisher(allow_null=True)
    sections = Section(many=True)
    faq = FAQEntry(many=True)
    comparison_table = ComparisonTable(allow_null=True)
    body_format = serializers.ChoiceField(
        choices=["html", "text", "blocks"], help_text=BODY_FORMAT_HELP
    )


class GuideSections(Head):
    sections = Section(many=True)
    body_format = serializers.ChoiceField(
        choices=["html", "text", "blocks"], help_text=BODY_FORMAT_HELP
    )


class GuideFAQ(Head):
    faq = FAQEntry(many=True)


class GuideComparison(Head):
    comparison_table = ComparisonTable()


class GlossaryTerm(serializers.Serializer):
    slug = serializers.SlugField()
    term = serializers.CharField()
    abbreviation = serializers.CharField(allow_null=True)
    expansion = serializers.CharField(allow_null=True)
    definition = serializers.CharField(help_text="Plain language")
    pronunciation = serializers.CharField(allow_null=True)
    fallback = fallback_field()


class Glossary(serializers.Serializer):
    api_version = serializers.CharField()
    language = serializers.CharField()
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    terms = GlossaryTerm(many=True)


# schema.org names its members "@context", "inLanguage", ...; built with type() so the
# documented names are exactly the ones sent.
MedicalWebPage = type(
    "MedicalWebPage",
    (serializers.Serializer,),
    {
        "__doc__": "schema.org JSON-LD; unknown facts are left out rather than null.",
        "@context": serializers.CharField(),
        "@type": serializers.CharField(),
        "@id": serializers.URLField(required=False),
        "url": serializers.URLField(
            required=False, help_text="The guide's canonical page, else its API address"
        ),
        "mainEntityOfPage": serializers.URLField(required=False),
        "name": serializers.CharField(),
        "headline": serializers.CharField(required=False),
        "description": serializers.CharField(required=False),
        "dateModified": serializers.DateTimeField(
            required=False, help_text="When the content last changed in a published version"
        ),
        "inLanguage": serializers.CharField(help_text="BCP 47"),
        "datePublished": serializers.CharField(required=False),
        "lastReviewed": serializers.DateField(required=False),
        "reviewedBy": serializers.DictField(required=False, help_text="A schema.org Person"),
        "publisher": serializers.DictField(required=False, help_text="An Organization"),
        "citation": serializers.ListField(
            child=serializers.DictField(), required=False, help_text="CreativeWork references"
        ),
        "author": serializers.DictField(required=False, help_text="A schema.org Person"),
        "keywords": serializers.ListField(child=serializers.CharField(), required=False),
        "audience": serializers.DictField(required=False, help_text="A MedicalAudience"),
        "about": serializers.ListField(
            child=serializers.DictField(),
            required=False,
            help_text="The condition and the drug, with codes",
        ),
        "hasPart": serializers.DictField(
            required=False, help_text="An FAQPage: mainEntity lists Question/acceptedAnswer"
        ),
    },
)
