"""A guide, its byline (author, tags) and the languages it is offered in."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    title_en: str  # the source-language column added by modeltranslation
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
