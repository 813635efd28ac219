"""Medical reviews of published versions, and the reviewers' profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.models.guides import Guide
from guide.models.versions import GuideVersion


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
