"""What the API serves, rendered once at publish time."""

from __future__ import annotations

from django.db import models

from guide.models import GuideVersion


class RenderedGuide(models.Model):
    """One representation of one published version in one language, as response bytes.

    Serving a published guide is one indexed lookup of a row like this (or a cache hit),
    whatever the size of the guide or the number of languages.
    """

    class Kind(models.TextChoices):
        DETAIL = "detail"
        SUMMARY = "summary"
        SECTIONS = "sections"
        FAQ = "faq"
        COMPARISON = "comparison"

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="renders")
    slug = models.SlugField(max_length=120)
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=16)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    api_version = models.CharField(max_length=8, default="v1")
    body = models.TextField()
    etag = models.CharField(max_length=80)
    published_at = models.DateTimeField()
    live = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "number", "language", "kind", "api_version"],
                name="rendered_unique",
            ),
            models.UniqueConstraint(
                fields=["slug", "language", "kind", "api_version"],
                condition=models.Q(live=True),
                name="rendered_one_live",
            ),
        ]
        indexes = [
            models.Index(
                fields=["api_version", "language", "kind", "slug"],
                condition=models.Q(live=True),
                name="rendered_live_list",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.number} {self.language} {self.kind}"
