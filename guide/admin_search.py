"""Admin search over every language of every text, derived from the translation registry.

`text_search_fields(model, related=...)` lists, for Django's `search_fields`, each language's
column of each translated field of `model` and of the models reached through `related`
(`"sections"`, `"faq_entries"`, `"sections__callouts"`): from modeltranslation's registry
and the configured languages, so a new language or a new translated field is searched
without anyone typing its columns.

`TextSearchMixin` runs that search with one subquery per relation (`pk IN (SELECT ...)`)
instead of Django's single filter: a filter over sections, callouts and FAQ entries at once
joins them all with each other (rows = sections x callouts x FAQ entries per guide) and
then needs DISTINCT. Each search word must be found somewhere (in any field or relation),
as in Django's own search.

Cost: every word is an OR of `icontains` over all these columns (about 60 for a guide in
six languages, without an index: each is a scan). For the admin, over tens of guides and
thousands of sections, that is milliseconds; a public or much larger search would want
PostgreSQL full-text or trigram indexes instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.text import smart_split, unescape_string_literal
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from guide.admin_mixins import ModelAdminMixin
from guide.languages import language_codes


def translated_columns(model: type[Model]) -> list[str]:
    """Every language's column of every translated text field of `model`."""
    if model not in translator.get_registered_models():
        return []
    fields = sorted(translator.get_options_for_model(model).all_fields)
    return [build_localized_fieldname(f, code) for f in fields for code in language_codes()]


def _model_at(model: type[Model], path: str) -> type[Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model  # type: ignore[assignment]
    return model


def text_search_fields(
    model: type[Model], *, related: Iterable[str] = (), extra: Iterable[str] = ()
) -> tuple[str, ...]:
    """`search_fields` covering every text of `model` and of its `related` objects."""
    fields = [*extra, *translated_columns(model)]
    for path in related:
        fields += [f"{path}__{column}" for column in translated_columns(_model_at(model, path))]
    return tuple(fields)


def _search_words(search_term: str) -> list[str]:
    """The words of a search, as Django's admin splits them ("quoted phrases" kept whole)."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


class TextSearchMixin(ModelAdminMixin):
    """For ModelAdmins whose `search_fields` span relations (see the module docstring)."""

    search_help_text = (
        "Words from any of its texts, in any language; each word must appear somewhere "
        '("quote a phrase" to keep it whole).'
    )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        fields = self.get_search_fields(request)
        if not fields or not search_term.strip():
            return queryset, False
        by_relation: dict[str, list[str]] = {}
        for field in fields:
            relation, _sep, _column = field.rpartition("__")
            by_relation.setdefault(relation, []).append(field)
        model = queryset.model
        for word in _search_words(search_term):
            found = []
            for relation, names in by_relation.items():
                matches = reduce(or_, (Q(**{f"{name}__icontains": word}) for name in names))
                if relation:
                    matches = Q(pk__in=model._default_manager.filter(matches).values("pk"))
                found.append(matches)
            queryset = queryset.filter(reduce(or_, found))
        return queryset, False
