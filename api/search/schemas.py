"""OpenAPI description of search responses (built in api.search.views)."""

from __future__ import annotations

from rest_framework import serializers

from api.schema_fields import fallback_field


class SearchGuide(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField(help_text="In the language served (or its fallback)")
    url = serializers.URLField(help_text="The guide in the language searched")


class SearchHit(serializers.Serializer):
    guide = SearchGuide()
    part = serializers.ChoiceField(
        choices=["guide", "section", "subsection", "callout", "faq", "glossary"],
        help_text="`guide`: its title, subtitle or summary; `glossary`: a term the guide uses",
    )
    id = serializers.IntegerField(
        allow_null=True, help_text="Id of the section, callout or FAQ entry in the guide"
    )
    anchor = serializers.CharField(
        allow_blank=True,
        help_text="Section anchor (a callout's is its section's), `faq-<id>`, the glossary "
        "term's slug, or empty for the guide itself",
    )
    heading = serializers.CharField(
        allow_blank=True, help_text="Heading, callout label, question or term"
    )
    snippet = serializers.CharField(
        allow_blank=True,
        help_text="HTML: escaped text around the matches, each match in `<mark>`",
    )
    published_at = serializers.DateTimeField()
    fallback = fallback_field()


class SearchPage(serializers.Serializer):
    api_version = serializers.CharField()
    language = serializers.CharField(help_text="BCP 47 tag of the language searched")
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    query = serializers.CharField()
    count = serializers.IntegerField(min_value=0)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHit(many=True)
