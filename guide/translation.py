"""Registration of translatable fields with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from guide import models


@register(models.Author)
class AuthorTranslation(TranslationOptions):
    fields = ("role", "bio")


@register(models.Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Guide)
class GuideTranslation(TranslationOptions):
    fields = ("title", "subtitle", "summary", "faq_heading")


@register(models.Section)
class SectionTranslation(TranslationOptions):
    fields = ("heading", "body")


@register(models.Callout)
class CalloutTranslation(TranslationOptions):
    fields = ("label", "body")


@register(models.FAQEntry)
class FAQEntryTranslation(TranslationOptions):
    fields = ("question", "answer")


@register(models.ComparisonTable)
class ComparisonTableTranslation(TranslationOptions):
    fields = ("caption",)


@register(models.TableColumn)
class TableColumnTranslation(TranslationOptions):
    fields = ("label",)


@register(models.TableCell)
class TableCellTranslation(TranslationOptions):
    fields = ("text",)


@register(models.GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "abbreviation", "expansion", "definition", "pronunciation", "also_matches")
