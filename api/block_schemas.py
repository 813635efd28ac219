"""The OpenAPI description of `?format=blocks` (built by `api.blocks`).

Nodes are recursive (a link holds text, a quote holds blocks), so the nested members are
added in `get_fields`: drf-spectacular then emits one component per node kind that refers to
itself. One schema per level (inline, block) with `type` as an enum keeps generated clients
simple; which members a type has is documented on each member.
"""

from __future__ import annotations

from rest_framework import serializers

INLINE_TYPES = ["text", "link", "glossary", "span", "break"]
BLOCK_TYPES = ["paragraph", "heading", "list", "quote", "figure"]


class InlineNode(serializers.Serializer):
    type = serializers.ChoiceField(choices=INLINE_TYPES)
    text = serializers.CharField(required=False, help_text="`text`: the characters")
    marks = serializers.ListField(
        child=serializers.ChoiceField(choices=["strong", "em", "sub", "sup"]),
        required=False,
        help_text="`text`: emphasis, outermost first; absent when plain",
    )
    href = serializers.CharField(required=False, help_text="`link`: http(s), mailto or tel URL")
    hreflang = serializers.CharField(required=False, help_text="`link`: language of the target")
    role = serializers.ChoiceField(
        choices=["definition", "abbreviation"],
        required=False,
        help_text="`glossary`: a defined term (`<dfn>`) or an abbreviation (`<abbr>`)",
    )
    term = serializers.SlugField(
        required=False,
        allow_null=True,
        help_text="`glossary`: slug of the term in `/api/v1/glossary/`; null for a mark an "
        "editor wrote that the glossary does not hold",
    )
    title = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="`glossary`: the plain-language definition or the expansion",
    )
    lang = serializers.CharField(required=False, help_text="`span`: BCP 47 tag of its text")
    dir = serializers.CharField(required=False, help_text="`ltr`, `rtl` or `auto`")

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = InlineNode(
            many=True, required=False, help_text="`link`, `glossary`, `span`: the content"
        )
        return fields


class ListItem(serializers.Serializer):
    id = serializers.CharField(help_text="Stable within the version: `<block id>.<n>`")
    type = serializers.ChoiceField(choices=["list_item"])
    children = InlineNode(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["blocks"] = Block(many=True, required=False, help_text="Nested lists")
        return fields


class Rendition(serializers.Serializer):
    url = serializers.CharField(
        help_text="Path on this service (`/media/...`), or absolute when media are on a CDN; "
        "never changes (cache it for good)"
    )
    width = serializers.IntegerField(min_value=1)
    height = serializers.IntegerField(min_value=1)
    format = serializers.ChoiceField(
        choices=["avif", "webp", "jpeg", "png"],
        help_text="Modern formats first; `jpeg` or `png` is always there",
    )
    media_type = serializers.CharField()


class Figure(serializers.Serializer):
    id = serializers.IntegerField()
    decorative = serializers.BooleanField(
        help_text="True: adds nothing to the text; `alt` is empty so screen readers skip it"
    )
    alt = serializers.CharField(
        allow_blank=True, help_text="Alternative text in the language served (or its fallback)"
    )
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField(min_value=1, help_text="Of the original, in pixels")
    height = serializers.IntegerField(min_value=1)
    renditions = Rendition(many=True)
    fallback = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Texts of the figure not in the requested language (as elsewhere)",
    )


class Block(serializers.Serializer):
    id = serializers.CharField(
        help_text="Stable for a deep link: `<object>-<id>.<n>` (e.g. `section-12.3`), the same "
        "in every language of a version"
    )
    type = serializers.ChoiceField(choices=BLOCK_TYPES)
    level = serializers.IntegerField(
        min_value=3, max_value=6, required=False, help_text="`heading`"
    )
    ordered = serializers.BooleanField(required=False, help_text="`list`")
    items = ListItem(many=True, required=False, help_text="`list`")
    children = InlineNode(many=True, required=False, help_text="`paragraph`, `heading`")
    lang = serializers.CharField(required=False, help_text="`paragraph`: BCP 47 tag")
    dir = serializers.CharField(required=False, help_text="`ltr`, `rtl` or `auto`")
    figure = Figure(required=False, help_text="`figure`: the image, after the section's text")

    def get_fields(self):
        fields = super().get_fields()
        fields["blocks"] = Block(many=True, required=False, help_text="`quote`: its content")
        return fields
