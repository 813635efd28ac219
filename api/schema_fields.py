"""Shared fields and enumerations of the v1 schemas (`api.schemas`), and the components
the served document declares once (`SHARED_COMPONENTS`, completed by `api.openapi`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.block_schemas import Block

FALLBACK_HELP = (
    "Present only when some texts of this object are not in the requested language: "
    "maps each such field to the language actually served (always the source, `en`)."
)


TRANSLATION_STATUS_HELP = (
    "Present only when some texts of this object, served in the requested language, are a "
    "machine translation not yet reviewed (`machine`) or were translated from an earlier "
    "English text (`outdated`, which wins over `machine`): maps each such field to that flag."
)


# --- Shared components ----------------------------------------------------------------------
# Defined once under components/schemas (by `api.openapi.postprocess`) and referenced from
# every object that uses them, so a generated client has one type for each, not one per use.

SHARED_COMPONENTS: dict[str, dict] = {}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def open_enum(name: str, values: list[str], description: str) -> type[serializers.CharField]:
    """A string field whose known values are listed but not closed.

    Clients must tolerate new values (README, "Versioning policy"): a closed `enum` would make
    a generated client raise on the first value added within v1, so the schema says `string`
    and lists the values known today (`examples`, and `x-extensible-enum` for generators that
    read it).
    """
    known = ", ".join(f"`{value}`" for value in values)
    SHARED_COMPONENTS[name] = {
        "type": "string",
        "description": f"{description} Known values: {known}. Others may be added within v1; "
        "treat an unknown value like the nearest known one or ignore it.",
        "examples": values,
        "x-extensible-enum": values,
    }
    field = type(f"{name}Field", (serializers.CharField,), {})
    return extend_schema_field(_ref(name))(field)


TranslationFlag = open_enum(
    "TranslationFlag",
    ["machine", "outdated"],
    "Why a text served in the requested language needs care.",
)

SHARED_COMPONENTS["Fallback"] = {
    "type": "object",
    "additionalProperties": {"type": "string", "description": "BCP 47 tag actually served"},
    "description": FALLBACK_HELP
    + " Keys are the names of this object's own members; for a table row, the keys of "
    "its `cells`.",
}
SHARED_COMPONENTS["TranslationStatus"] = {
    "type": "object",
    "additionalProperties": _ref("TranslationFlag"),
    "description": TRANSLATION_STATUS_HELP + " Keys are named as in `fallback`.",
}


@extend_schema_field(_ref("Fallback"))
class FallbackField(serializers.DictField):
    pass


@extend_schema_field(_ref("TranslationStatus"))
class TranslationStatusField(serializers.DictField):
    pass


def fallback_field() -> serializers.DictField:
    return FallbackField(required=False)


def translation_status_field() -> serializers.DictField:
    return TranslationStatusField(required=False)


ReadabilityFormula = open_enum(
    "ReadabilityFormula",
    ["flesch-kincaid-grade", "fernandez-huerta", "kandel-moles"],
    "The readability formula applied to the text.",
)
ReadabilityScale = open_enum(
    "ReadabilityScale",
    ["grade", "ease"],
    "`grade`: the score is a grade; `ease`: 0-100, higher is easier.",
)
LanguageStatus = open_enum(
    "LanguageStatus", ["complete", "partial", "missing"], "How much of the guide is translated."
)
Provenance = open_enum(
    "Provenance",
    ["source", "machine", "human", "reviewed"],
    "Where the weakest text of this language comes from.",
)
CalloutKind = open_enum(
    "CalloutKind", ["pro_tip", "note", "warning"], "What kind of aside a callout is."
)
ColumnType = open_enum("ColumnType", ["text", "number"], "How a table column's cells read.")


class LongSentence(serializers.Serializer):
    words = serializers.IntegerField(min_value=26)
    start = serializers.CharField(help_text="Its first eight words, to find it")


class Readability(serializers.Serializer):
    language = serializers.CharField(help_text="BCP 47 tag of the text that was measured")
    formula = ReadabilityFormula(
        allow_null=True,
        help_text="Null where no validated formula exists for the language (see `reason`).",
    )
    score = serializers.FloatField(allow_null=True)
    grade = serializers.FloatField(
        allow_null=True, help_text="US school-grade estimate (upper end of the formula's band)"
    )
    scale = ReadabilityScale(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    words = serializers.IntegerField(
        min_value=0, help_text="Words (Chinese: characters and words of other scripts)"
    )
    sentences = serializers.IntegerField(min_value=0)
    syllables = serializers.IntegerField(
        min_value=0, allow_null=True, help_text="Null where no formula counts them"
    )
    characters = serializers.IntegerField(
        min_value=0,
        allow_null=True,
        help_text="Letters and digits; null in versions published before it was counted",
    )
    long_sentences = LongSentence(
        many=True, help_text="Sentences over 25 words (not counted for Chinese and Vietnamese)"
    )


def readability_field() -> Readability:
    return Readability(
        allow_null=True,
        help_text="Readability of the body (answer) as served; computed when it was saved.",
    )


BODY_FORMAT_HELP = (
    "`html` (sanitised; default), `text` (`?format=text`) or `blocks` (`?format=blocks`)"
)


def blocks_field() -> Block:
    return Block(
        many=True,
        required=False,
        help_text="With `?format=blocks` only: the body as a block tree (docs/blocks.md); "
        "`body` is then its plain text",
    )


# One choice set for a language's medical review, named once (settings ENUM_NAME_OVERRIDES).
