"""What the API serves, rendered once at publish time."""

from __future__ import annotations

from django.db import models

from guide.models import GuideVersion


class StoredRepresentation(models.Model):
    """Response bytes of one representation in one language, rendered once and stored."""

    language = models.CharField(max_length=16)
    # A kind of `api.registry` (declared there, so no choices here).
    kind = models.CharField(max_length=16)
    api_version = models.CharField(max_length=8, default="v1")
    body = models.TextField()
    # The same bytes compressed at publish time (api.encodings); null on rows rendered
    # before encodings were stored, which are then served uncompressed.
    body_gzip = models.BinaryField(null=True, editable=False)
    body_br = models.BinaryField(null=True, editable=False)
    etag = models.CharField(max_length=80)
    published_at = models.DateTimeField()

    class Meta:
        abstract = True


class RenderedGuide(StoredRepresentation):
    """One representation of one published version in one language, as response bytes.

    Serving a published guide is one indexed lookup of a row like this (or a cache hit),
    whatever the size of the guide or the number of languages.
    """

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="renders")
    slug = models.SlugField(max_length=120)
    number = models.PositiveIntegerField()
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


class RenderedCatalogue(StoredRepresentation):
    """A representation of the whole catalogue (the glossary) in one language, as bytes.

    Frozen like the guides: rendered again by every publish or withdrawal (`api.catalogue`),
    so an edit of the glossary is public once a guide is published, not before."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "api_version"], name="catalogue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.language}"


class RenderedHandout(models.Model):
    """The printable PDF of one published version in one language: the whole guide or a part.

    Rendered once after the version is published (a task; see api.handout_store), because
    a PDF takes about a second to lay out; served as stored bytes like `RenderedGuide`.
    """

    class Part(models.TextChoices):
        GUIDE = "guide"
        FAQ = "faq"
        COMPARISON = "comparison"

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="handouts")
    slug = models.SlugField(max_length=120)
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=16)
    part = models.CharField(max_length=16, choices=Part.choices)
    pdf = models.BinaryField()
    etag = models.CharField(max_length=80)
    published_at = models.DateTimeField()
    rendered_at = models.DateTimeField(auto_now_add=True)
    render_seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "number", "language", "part"], name="handout_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.number} {self.language} {self.part}.pdf"
