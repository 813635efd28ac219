"""Translation status records of texts (see `guide.translating.status`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.models.content import (
    Callout,
    ComparisonTable,
    FAQEntry,
    Section,
    TableCell,
    TableColumn,
)
from guide.models.guides import Author, Guide, Tag


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
