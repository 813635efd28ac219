"""Glossary terms: plain-language definitions shared by every guide."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GlossaryTerm(models.Model):
    """A term patients may not know, defined in plain language (WCAG 3.1.3, 3.1.4, 3.1.6)."""

    slug = models.SlugField(max_length=120, unique=True)
    term = models.CharField(max_length=200)
    term_en: str  # the source-language column added by modeltranslation
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
