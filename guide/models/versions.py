"""Published versions of a guide and the change feed partners sync from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.models.guides import Guide


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
    working_revision = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The working copy's revision this version was published from (empty for "
            "rollbacks): the guide page tells edits since publishing without comparing texts."
        ),
    )

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
