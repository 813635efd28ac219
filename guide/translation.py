"""Registration of translatable fields with django-modeltranslation."""

from modeltranslation.translator import TranslationOptions as BaseTranslationOptions
from modeltranslation.translator import register, translator
from simple_history import register as record_history

from guide import content, models


class TranslationOptions(BaseTranslationOptions):
    # A blank translation is stored as NULL, not "": "not translated" stays one state.
    empty_values = None


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


@register(models.Figure)
class FigureTranslation(TranslationOptions):
    fields = ("alt", "caption", "credit")


@register(models.GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "abbreviation", "expansion", "definition", "pronunciation", "also_matches")


# History is registered after translation so that every language's column is recorded
# (a history model copies the fields its model has when it is registered).
for _model in content.history_models():
    # The untranslated column only mirrors the active language; the `_en`, `_es`, ...
    # columns hold the content, so history records those.
    excluded = (
        list(translator.get_options_for_model(_model).all_fields)
        if _model in (translator.get_registered_models())
        else []
    )
    record_history(_model, app="guide", excluded_fields=excluded)
