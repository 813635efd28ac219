"""The content model of a patient guide.

Every human-readable text is registered for translation in `guide/translation.py`;
django-modeltranslation adds one column per language (`title_en`, `title_es`, ...).
Code that serves content reads those columns explicitly (see `guide/localize.py`) so that
a missing translation is reported, never silently replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.sanitize import sanitize_html


class Author(models.Model):
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Guide(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (never published)")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=500, blank=True, help_text=_("The dek line."))
    summary = models.TextField(blank=True, help_text=_("A plain-language summary."))
    faq_heading = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="guides"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="guides")
    published_on = models.DateField(null=True, blank=True, help_text=_("Publication date."))
    reading_time_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text=_("Set by publishing and withdrawing, never by hand."),
    )
    live_version = models.ForeignKey(
        "GuideVersion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The published version the public API serves."),
    )
    revision = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Working-copy revision: bumped by every admin save, for optimistic locking."),
    )
    canonical_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_(
            "The guide's own public page (schema.org mainEntityOfPage and @id); "
            "left empty, the API's address of the guide is used."
        ),
    )
    summary_is_editorial = models.BooleanField(
        default=False,
        help_text=_("The summary was written by the editors, not taken from the source."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    readability = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Derived per-block readability and reading time by language; "
            "refreshed on save by guide.accessibility.refresh_readability()."
        ),
    )

    class Meta:
        ordering = ["slug"]
        indexes = [models.Index(fields=["status", "slug"])]
        permissions = [
            ("publish_guide", "Can publish, withdraw and roll back guides"),
            ("preview_guide", "Can open preview links of unpublished edits"),
            ("edit_source", "Can edit source (English) texts and a guide's structure"),
        ]

    def __str__(self) -> str:
        return self.title_en or self.slug


class SanitizedBodyMixin(models.Model):
    """Bodies are HTML; they are cleaned on the way in for every language."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from modeltranslation.utils import build_localized_fieldname

        for code, _name in settings.LANGUAGES:
            field = build_localized_fieldname("body", code)
            value = getattr(self, field, None)
            if value:
                setattr(self, field, sanitize_html(value))
        super().save(*args, **kwargs)


class Section(SanitizedBodyMixin):
    """A top-level section (H2) or, with a parent, a subsection (H3)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subsections"
    )
    order = models.PositiveIntegerField(default=0)
    anchor = models.SlugField(max_length=120)
    heading = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text=_("HTML: paragraphs, lists, links, emphasis."))
    references = models.ManyToManyField(
        "Reference",
        blank=True,
        related_name="cited_by_sections",
        help_text=_("The sources this section's claims rest on."),
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "anchor"], name="section_anchor_unique")
        ]

    def __str__(self) -> str:
        return self.heading_en or self.anchor


class Callout(SanitizedBodyMixin):
    class Kind(models.TextChoices):
        PRO_TIP = "pro_tip", _("Pro tip")
        NOTE = "note", _("Note")
        WARNING = "warning", _("Warning")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="callouts")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NOTE)
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=120)
    body = models.TextField()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.section}"


class FAQEntry(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="faq_entries")
    order = models.PositiveIntegerField(default=0)
    question = models.CharField(max_length=500)
    answer = models.TextField()
    references = models.ManyToManyField(
        "Reference",
        blank=True,
        related_name="cited_by_faq",
        help_text=_("The sources this answer rests on."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question_en or f"FAQ {self.pk}"


class ComparisonTable(models.Model):
    guide = models.OneToOneField(Guide, on_delete=models.CASCADE, related_name="comparison_table")
    caption = models.CharField(max_length=300)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The section the table stands in."),
    )
    after_paragraph = models.PositiveSmallIntegerField(
        default=0, help_text=_("How many paragraphs of that section come before the table.")
    )
    caption_is_editorial = models.BooleanField(
        default=False,
        help_text=_("The caption was written by the editors, not taken from the source."),
    )

    def __str__(self) -> str:
        return self.caption_en or f"Table of {self.guide}"


class TableColumn(models.Model):
    table = models.ForeignKey(ComparisonTable, on_delete=models.CASCADE, related_name="columns")
    order = models.PositiveIntegerField(default=0)
    key = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    is_row_header = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["table", "key"], name="column_key_unique"),
            models.UniqueConstraint(
                fields=["table"],
                condition=models.Q(is_row_header=True),
                name="one_row_header_column",
            ),
        ]

    def __str__(self) -> str:
        return self.label_en or self.key


class TableRow(models.Model):
    table = models.ForeignKey(ComparisonTable, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        header = next((c for c in self.cells.all() if c.column.is_row_header), None)
        return (header.text_en if header else None) or f"Row {self.order}"


class TableCell(models.Model):
    row = models.ForeignKey(TableRow, on_delete=models.CASCADE, related_name="cells")
    column = models.ForeignKey(TableColumn, on_delete=models.CASCADE, related_name="cells")
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["column__order", "column_id"]
        constraints = [
            models.UniqueConstraint(fields=["row", "column"], name="cell_unique_per_column")
        ]

    def __str__(self) -> str:
        return self.text_en or ""


class GuideLanguage(models.Model):
    """How a guide stands in one language: provenance and medical review.

    A language can lag the source visibly. Its medical reviews are `MedicalReview` records;
    provenance "reviewed" is set by recording one, never chosen by hand.
    """

    class Provenance(models.TextChoices):
        SOURCE = "source", _("Source text")
        MACHINE = "machine", _("Machine-assisted, unreviewed")
        HUMAN = "human", _("Human-translated, unreviewed")
        REVIEWED = "reviewed", _("Medically reviewed")

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=16)
    provenance = models.CharField(
        max_length=16, choices=Provenance.choices, default=Provenance.MACHINE
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["guide", "language"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "language"], name="guide_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guide.slug} [{self.language}]"


class GuideVersion(models.Model):
    """An immutable, numbered publication of a guide: its whole document, frozen."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    rolled_back_from = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The version whose content this one republishes.")
    )
    document = models.JSONField()

    class Meta:
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guide_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guide.slug} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Published versions are immutable.")
        super().save(*args, **kwargs)


class ChangeSequence(models.Model):
    """A single counter row. Taking its lock orders every change in commit order."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"change sequence at {self.value}"


class GuideChange(models.Model):
    """The public change feed behind delta sync: one row per publish, withdrawal or deletion.

    `seq` is assigned under the `ChangeSequence` row lock, so sequence order is commit order
    and a client holding cursor N can never miss a change numbered below a later one.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DELETED = "deleted", _("Deleted")

    seq = models.PositiveBigIntegerField(unique=True)
    slug = models.SlugField(max_length=120)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    version_number = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.slug}"


class TextStatus(models.Model):
    """The translation status of one text (object + field) in one non-source language.

    The source fingerprint is the sha256 of the English text the translation was made
    from; a translation is *outdated* when it no longer matches the current English, so
    editing the English flags every translation of it without anyone remembering to.
    See `guide/translating/status.py` for how records are kept.
    """

    class Status(models.TextChoices):
        MISSING = "missing", _("Missing")
        MACHINE = "machine", _("Machine translation, unreviewed")
        HUMAN = "human", _("Human translation, unreviewed")
        REVIEWED = "reviewed", _("Medically reviewed")

    guide = models.ForeignKey(
        Guide,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="text_statuses",
        help_text=_("The guide owning the text; empty for shared texts (authors, tags)."),
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=64)
    language = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=Status.choices)
    source_fingerprint = models.CharField(
        max_length=64, blank=True, help_text=_("sha256 of the English text translated from.")
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["content_type", "object_id", "field", "language"]
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="text_status_unique",
            )
        ]
        indexes = [models.Index(fields=["guide", "language"])]
        permissions = [("mark_reviewed", "Can mark translations as medically reviewed")]

    def __str__(self) -> str:
        return f"{self.content_type.model}.{self.object_id}.{self.field} [{self.language}]"


# Deleting a text's object deletes its status records; authors and tags also use the
# relation to prefetch their records with a guide (see `guide/document.py`).
for _model in (
    Author,
    Tag,
    Guide,
    Section,
    Callout,
    FAQEntry,
    ComparisonTable,
    TableColumn,
    TableCell,
):
    GenericRelation(TextStatus).contribute_to_class(_model, "translation_statuses")


class GlossaryTerm(models.Model):
    """A term patients may not know, defined in plain language (WCAG 3.1.3, 3.1.4, 3.1.6)."""

    slug = models.SlugField(max_length=120, unique=True)
    term = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True)
    expansion = models.CharField(
        max_length=200, blank=True, help_text=_("What the abbreviation stands for.")
    )
    definition = models.TextField(help_text=_("Plain language, about grade 6."))
    pronunciation = models.CharField(max_length=200, blank=True)
    also_matches = models.TextField(
        blank=True,
        help_text=_("Other forms to find in guide texts (plurals, synonyms), one per line."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.term_en or self.slug


class CodedSubject(models.Model):
    """What a guide is about, as a code an EHR sends: a condition or a medicine.

    Clinic systems ask for patient education by code (HL7 Infobutton, CDS Hooks), and the
    guide's structured data names its subject by code. A code is entered only once it has
    been looked up in its code system (`verified_against` says where): a wrong code sends a
    patient the wrong guide. Matching rules live in `guide.coding`.
    """

    class Kind(models.TextChoices):
        CONDITION = "condition", _("Condition")
        MEDICINE = "medicine", _("Medicine")

    class System(models.TextChoices):
        ICD10CM = "icd10cm", "ICD-10-CM"
        SNOMEDCT = "snomedct", "SNOMED CT"
        RXNORM = "rxnorm", "RxNorm"

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="coded_subjects")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONDITION)
    system = models.CharField(max_length=16, choices=System.choices)
    code = models.CharField(
        max_length=20,
        help_text=_(
            "As the code system writes it: ICD-10-CM with its dot (L20, L20.9), SNOMED CT "
            "concept id (24079001), RxNorm RXCUI. An ICD-10-CM code also matches every code "
            "below it (L20 matches L20.9 and L20.84)."
        ),
    )
    display = models.CharField(
        max_length=300,
        help_text=_("The code system's own English name for the code, e.g. 'Atopic dermatitis'."),
    )
    verified_against = models.CharField(
        max_length=300,
        help_text=_(
            "Where the code was looked up (e.g. 'CDC ICD-10-CM 2026 tabular list'). Never enter "
            "a code you have not verified."
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["guide", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "system", "code"], name="coded_subject_unique")
        ]
        indexes = [models.Index(fields=["system", "code"], name="coded_subject_lookup")]

    def __str__(self) -> str:
        return f"{self.get_system_display()} {self.code} {self.display}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from guide.coding import CodeError, normalise_code

        try:
            self.code = normalise_code(self.system, self.code)
        except CodeError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        if (self.system == self.System.RXNORM) != (self.kind == self.Kind.MEDICINE):
            raise ValidationError(
                {"kind": _("RxNorm codes name medicines; medicines are coded in RxNorm.")}
            )
        if self.system == self.System.ICD10CM and self.kind != self.Kind.CONDITION:
            raise ValidationError({"kind": _("ICD-10-CM codes name conditions.")})


class Figure(models.Model):
    """An image shown with a section (e.g. how much cream a fingertip unit is).

    The stored file is the upload re-encoded without metadata (guide.figures strips EXIF,
    which can carry a location or a patient's name). Renditions are made at publish time.
    Alt text is required unless the image is decorative; a language without its own alt
    text falls back to English like any text.
    """

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveIntegerField(default=0)
    image = models.ImageField(
        upload_to="figures/originals/",
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location and camera data are removed."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    sha256 = models.CharField(max_length=64, editable=False, blank=True)
    decorative = models.BooleanField(
        default=False,
        help_text=_(
            "Purely decorative: adds nothing the text does not say. Screen readers skip it "
            "(empty alt text)."
        ),
    )
    alt = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Required unless decorative."
        ),
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.alt or self.image.name


class Reference(models.Model):
    """A source a guide cites. Only what is known is filled in: an unknown date, URL or DOI
    stays empty rather than guessed. Titles are kept in the source's own language."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="references")
    key = models.SlugField(max_length=80, help_text=_("Stable name, cited by sections and FAQ."))
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=500)
    author = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    date = models.CharField(
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{4}(-\d{2}(-\d{2})?)?$", _("A date as YYYY, YYYY-MM or YYYY-MM-DD.")
            )
        ],
        help_text=_("As precise as the source says: YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField(
        max_length=200,
        blank=True,
        validators=[RegexValidator(r"^10\.\d{4,9}/\S+$", _("A DOI such as 10.1000/xyz123."))],
        help_text=_("Only a DOI that has been checked; without the https://doi.org/ prefix."),
    )
    language = models.CharField(max_length=16, default="en", help_text=_("The source's language."))
    note = models.CharField(
        max_length=500, blank=True, help_text=_("What the guide takes from this source.")
    )

    class Meta:
        ordering = ["guide", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "key"], name="reference_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ReviewerProfile(models.Model):
    """How a medical reviewer is named in published guides: set once by an administrator,
    so a review's name and credentials come from the reviewer's account, never retyped."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    display_name = models.CharField(max_length=200, help_text=_("E.g. Dr. Ana Ruiz."))
    credentials = models.CharField(
        max_length=300, blank=True, help_text=_("E.g. MD, board-certified dermatologist.")
    )

    def __str__(self) -> str:
        return self.display_name


class MedicalReview(models.Model):
    """One medical review of one language of one published version of a guide.

    Recorded only through `guide.reviews.record_review()` by a holder of the review
    permission; the reviewer's name and credentials are copied from their profile at that
    moment so the record stays true if the profile changes. Fingerprints of the reviewed
    English and of the reviewed language's texts let later versions say what changed since.
    Records are never edited: a new review is a new record.
    """

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="medical_reviews")
    language = models.CharField(max_length=16)
    version = models.ForeignKey(
        GuideVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medical_reviews",
        help_text=_(
            "The published version reviewed (empty only for reviews migrated from "
            "the former free-text fields)."
        ),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="medical_reviews",
    )
    reviewer_name = models.CharField(max_length=200)
    reviewer_credentials = models.CharField(max_length=300, blank=True)
    reviewed_on = models.DateField()
    next_review_due = models.DateField()
    source_fingerprint = models.CharField(max_length=64, blank=True)
    text_fingerprint = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=500, blank=True)
    migrated = models.BooleanField(
        default=False,
        help_text=_(
            "Carried over from the former free-text review fields: not tied to an "
            "account or a version."
        ),
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["guide", "language", "-reviewed_on", "-recorded_at"]
        indexes = [models.Index(fields=["guide", "language", "-reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.guide.slug} [{self.language}] reviewed {self.reviewed_on}"
