"""The search index: one row per searchable part of each live guide, per language."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from guide.models import GuideVersion


class SearchEntry(models.Model):
    """A part of a published guide (its title and summary, a section, a callout, an FAQ
    entry, a glossary term it uses) as a reader of `language` gets it: in that language or,
    where it is not translated, in the source language (`text_language` says which).

    Written at publish time for the live version only, so only published text is found.
    `vector` is filled on PostgreSQL (with the text search configuration in `config`);
    `folded` serves the substring match of Chinese and the SQLite fallback.
    """

    class Part(models.TextChoices):
        GUIDE = "guide"
        SECTION = "section"
        SUBSECTION = "subsection"
        CALLOUT = "callout"
        FAQ = "faq"
        GLOSSARY = "glossary"

    version = models.ForeignKey(GuideVersion, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=120)
    language = models.CharField(max_length=16)
    part = models.CharField(max_length=16, choices=Part.choices)
    position = models.PositiveIntegerField(help_text="Reading order within the guide")
    object_id = models.BigIntegerField(null=True)
    anchor = models.CharField(max_length=200, blank=True)
    heading = models.TextField(blank=True)
    heading_language = models.CharField(max_length=16)
    text = models.TextField(blank=True)
    text_language = models.CharField(max_length=16)
    config = models.CharField(max_length=32, help_text="PostgreSQL text search configuration")
    tokens = models.TextField(blank=True, help_text="Heading and text split into words (Chinese)")
    folded = models.TextField(help_text="Heading and text, lower case without accents")
    guide_title = models.TextField()
    tags = models.CharField(max_length=1000, help_text="Tag slugs, space-separated and padded")
    published_at = models.DateTimeField()
    vector = SearchVectorField(null=True)

    class Meta:
        indexes = [models.Index(fields=["language", "part", "slug"], name="search_lang_part")]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.slug} {self.language} {self.part} {self.anchor}"
