"""The parts of a guide's content: sections, callouts, FAQ, the comparison table, figures,
references."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.models.guides import Guide
from guide.sanitize import sanitize_html


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
    heading_en: str  # the source-language column added by modeltranslation
    body = models.TextField(blank=True, help_text=_("HTML: paragraphs, lists, links, emphasis."))
    references: models.ManyToManyField[Reference, Any] = models.ManyToManyField(
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
    question_en: str  # the source-language column added by modeltranslation
    answer = models.TextField()
    references: models.ManyToManyField[Reference, Any] = models.ManyToManyField(
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
    caption_en: str  # the source-language column added by modeltranslation
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
    label_en: str  # the source-language column added by modeltranslation
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
    text_en: str  # the source-language column added by modeltranslation

    class Meta:
        ordering = ["column__order", "column_id"]
        constraints = [
            models.UniqueConstraint(fields=["row", "column"], name="cell_unique_per_column")
        ]

    def __str__(self) -> str:
        return self.text_en or ""


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
