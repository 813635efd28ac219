"""Serializers that describe the v1 responses for the OpenAPI schema.

Responses are built by `api.representation` (plain dictionaries, also frozen at publish
time); these classes only document them. `tests/api/test_schema.py` validates real
responses against the generated schema, so the two cannot drift apart.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from api.block_schemas import Block, Figure

FALLBACK_HELP = (
    "Present only when some texts of this object are not in the requested language: "
    "maps each such field to the language actually served (always the source, `en`)."
)


TRANSLATION_STATUS_HELP = (
    "Present only when some texts of this object, served in the requested language, are a "
    "machine translation not yet reviewed (`machine`) or were translated from an earlier "
    "English text (`outdated`, which wins over `machine`): maps each such field to that flag."
)


# --- Shared components ----------------------------------------------------------------------
# Defined once under components/schemas (by `api.openapi.postprocess`) and referenced from
# every object that uses them, so a generated client has one type for each, not one per use.

SHARED_COMPONENTS: dict[str, dict] = {}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def open_enum(name: str, values: list[str], description: str) -> type[serializers.CharField]:
    """A string field whose known values are listed but not closed.

    Clients must tolerate new values (README, "Versioning policy"): a closed `enum` would make
    a generated client raise on the first value added within v1, so the schema says `string`
    and lists the values known today (`examples`, and `x-extensible-enum` for generators that
    read it).
    """
    known = ", ".join(f"`{value}`" for value in values)
    SHARED_COMPONENTS[name] = {
        "type": "string",
        "description": f"{description} Known values: {known}. Others may be added within v1; "
        "treat an unknown value like the nearest known one or ignore it.",
        "examples": values,
        "x-extensible-enum": values,
    }
    field = type(f"{name}Field", (serializers.CharField,), {})
    return extend_schema_field(_ref(name))(field)


TranslationFlag = open_enum(
    "TranslationFlag",
    ["machine", "outdated"],
    "Why a text served in the requested language needs care.",
)

SHARED_COMPONENTS["Fallback"] = {
    "type": "object",
    "additionalProperties": {"type": "string", "description": "BCP 47 tag actually served"},
    "description": FALLBACK_HELP
    + " Keys are the names of this object's own members; for a table row, the keys of "
    "its `cells`.",
}
SHARED_COMPONENTS["TranslationStatus"] = {
    "type": "object",
    "additionalProperties": _ref("TranslationFlag"),
    "description": TRANSLATION_STATUS_HELP + " Keys are named as in `fallback`.",
}


@extend_schema_field(_ref("Fallback"))
class FallbackField(serializers.DictField):
    pass


@extend_schema_field(_ref("TranslationStatus"))
class TranslationStatusField(serializers.DictField):
    pass


def fallback_field() -> serializers.DictField:
    return FallbackField(required=False)


def translation_status_field() -> serializers.DictField:
    return TranslationStatusField(required=False)


ReadabilityFormula = open_enum(
    "ReadabilityFormula",
    ["flesch-kincaid-grade", "fernandez-huerta", "kandel-moles"],
    "The readability formula applied to the text.",
)
ReadabilityScale = open_enum(
    "ReadabilityScale",
    ["grade", "ease"],
    "`grade`: the score is a grade; `ease`: 0-100, higher is easier.",
)
LanguageStatus = open_enum(
    "LanguageStatus", ["complete", "partial", "missing"], "How much of the guide is translated."
)
Provenance = open_enum(
    "Provenance",
    ["source", "machine", "human", "reviewed"],
    "Where the weakest text of this language comes from.",
)
CalloutKind = open_enum(
    "CalloutKind", ["pro_tip", "note", "warning"], "What kind of aside a callout is."
)
ColumnType = open_enum("ColumnType", ["text", "number"], "How a table column's cells read.")


class LongSentence(serializers.Serializer):
    words = serializers.IntegerField(min_value=26)
    start = serializers.CharField(help_text="Its first eight words, to find it")


class Readability(serializers.Serializer):
    language = serializers.CharField(help_text="BCP 47 tag of the text that was measured")
    formula = ReadabilityFormula(
        allow_null=True,
        help_text="Null where no validated formula exists for the language (see `reason`).",
    )
    score = serializers.FloatField(allow_null=True)
    grade = serializers.FloatField(
        allow_null=True, help_text="US school-grade estimate (upper end of the formula's band)"
    )
    scale = ReadabilityScale(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    words = serializers.IntegerField(
        min_value=0, help_text="Words (Chinese: characters and words of other scripts)"
    )
    sentences = serializers.IntegerField(min_value=0)
    syllables = serializers.IntegerField(
        min_value=0, allow_null=True, help_text="Null where no formula counts them"
    )
    characters = serializers.IntegerField(
        min_value=0,
        allow_null=True,
        help_text="Letters and digits; null in versions published before it was counted",
    )
    long_sentences = LongSentence(
        many=True, help_text="Sentences over 25 words (not counted for Chinese and Vietnamese)"
    )


def readability_field() -> Readability:
    return Readability(
        allow_null=True,
        help_text="Readability of the body (answer) as served; computed when it was saved.",
    )


BODY_FORMAT_HELP = (
    "`html` (sanitised; default), `text` (`?format=text`) or `blocks` (`?format=blocks`)"
)


def blocks_field() -> Block:
    return Block(
        many=True,
        required=False,
        help_text="With `?format=blocks` only: the body as a block tree (docs/blocks.md); "
        "`body` is then its plain text",
    )


# One choice set for a language's medical review, named once (settings ENUM_NAME_OVERRIDES).
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
    label = serializers.CharField()
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
    subsections = Subsection(many=True)


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
    label = serializers.CharField()
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


class SyncGuide(GuideDetail):
    etag = serializers.CharField(
        help_text="The `ETag` of this guide's own address in this language: send it as "
        "`If-None-Match` there and a current copy is a 304."
    )
    last_modified = serializers.DateTimeField(help_text="When this version was published.")


class SyncPage(serializers.Serializer):
    api_version = serializers.CharField()
    language = serializers.CharField(help_text="The first language asked for")
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    languages = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Every language asked for (`lang=es,ar`); each guide comes in each of them.",
    )
    full = serializers.BooleanField(
        help_text="True on the pages of a first sync (no cursor, then the cursors it gave "
        "while `has_more`): once the last page is in, replace the local copy with them."
    )
    guides = SyncGuide(
        many=True,
        help_text="Guides published or republished, one per guide and language: store them.",
    )
    deleted = serializers.ListField(
        child=serializers.SlugField(),
        help_text="Slugs withdrawn or deleted: drop them in every language.",
    )
    glossaries = Glossary(
        many=True,
        required=False,
        help_text="The glossary in each language asked for, on the first sync and whenever "
        "it changed since the cursor; empty otherwise.",
    )
    cursor = serializers.CharField(
        help_text="Opaque; send it back unchanged as `cursor`. The same position always "
        "gives the same cursor, so with `If-None-Match` an unchanged sync is a 304."
    )
    has_more = serializers.BooleanField(help_text="True: sync again at once with the new cursor.")


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


class OEmbed(serializers.Serializer):
    version = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    provider_name = serializers.CharField()
    provider_url = serializers.URLField()
    cache_age = serializers.IntegerField()
    html = serializers.CharField(
        help_text="The embed snippet: a container with a link, and the loader script that "
        "turns it into a self-sizing iframe of the accessible embed page"
    )
    width = serializers.IntegerField()
    height = serializers.IntegerField()


# --- Errors ----------------------------------------------------------------------------------
# Every status an operation can answer is documented, so clients (and the contract fuzzer in
# tests/api/test_fuzz.py) can rely on the schema for errors as well as for successes.

PROBLEM_MEDIA_TYPE = "application/problem+json"


class Problem(serializers.Serializer):
    """RFC 9457 problem details; `type` names the problem, `detail` says what to fix."""

    type = serializers.CharField(help_text="URI reference of the problem type, `/problems/<slug>`")
    title = serializers.CharField()
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField(help_text="What went wrong with this request and how to fix it")
    supported_languages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="With `unsupported-language`"
    )
    supported_versions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="With `unknown-api-version`"
    )
    errors = serializers.DictField(required=False, help_text="Per-field messages, when known")
    known_parameters = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="With an unknown query parameter: the ones this address takes",
    )


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "`unsupported-language` (lists `supported_languages`) or `invalid-request` "
    "(a parameter, the query string or a header is malformed; `detail` names it); on sync, "
    "`invalid-cursor`.",
    401: "`authentication-failed`: the API key sent is wrong, revoked or inactive.",
    403: "`invalid-preview-token`: the preview link is altered or expired.",
    404: "`not-found`: no published guide, part, version or page at this address (or a "
    "path parameter of the wrong form).",
    406: "`not-acceptable`: the response is JSON; accept `application/json` or `*/*`.",
    413: "`payload-too-large`: the API is read-only and takes no request body.",
    414: "`uri-too-long`: the query string is too long.",
    429: "`rate-limited`: wait for `Retry-After` seconds.",
    501: "`not-implemented`: a `format` other than `json` was asked for; only JSON is offered.",
    503: "`service-unavailable`: a service we depend on is down and no stored copy could be "
    "served; retry after `Retry-After` seconds. Copies you hold stay valid. For a handout, "
    "`handout-not-ready`: it is being rendered; ask again after `Retry-After` seconds.",
}

# What any read of the API can answer besides success.
COMMON_ERRORS = (400, 401, 406, 413, 414, 429, 503)


def responses(
    ok: type[serializers.Serializer],
    *errors: int,
    media_types: tuple[str, ...] = ("application/json",),
    not_modified: bool = True,
) -> dict:
    """The `responses` of a read operation: its body, 304 when it is conditional, and every
    error status it can give (the common ones plus `errors`) as a `Problem`."""
    documented: dict = {(200, media_type): ok for media_type in media_types}
    if not_modified:
        documented[304] = OpenApiResponse(
            description="Not modified: the `If-None-Match` (or `If-Modified-Since`) copy is "
            "current. No body."
        )
    for status in sorted({*COMMON_ERRORS, *errors}):
        documented[(status, PROBLEM_MEDIA_TYPE)] = OpenApiResponse(
            response=Problem, description=ERROR_DESCRIPTIONS[status]
        )
    return documented
