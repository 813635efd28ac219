"""Serializers documenting the bodies of the endpoints that are not published
representations: languages, versions, sync and oEmbed (see `api.schemas` for those)."""

from __future__ import annotations

from rest_framework import serializers

from api.schemas import Glossary, GuideDetail


class Language(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    english_name = serializers.CharField()
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])


class LanguageList(serializers.Serializer):
    api_version = serializers.CharField()
    source_language = serializers.CharField()
    languages = Language(many=True)


class VersionItem(serializers.Serializer):
    number = serializers.IntegerField(min_value=1)
    published_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)
    url = serializers.URLField()


class VersionList(serializers.Serializer):
    api_version = serializers.CharField()
    slug = serializers.SlugField()
    versions = VersionItem(many=True)


class SyncGuide(GuideDetail):
    etag = serializers.CharField(
        help_text="The `ETag` of this guide's own address in this language: send it as "
        "`If-None-Match` there and a current copy is a 304."
    )
    last_modified = serializers.DateTimeField(help_text="When this version was published.")


class SyncPage(serializers.Serializer):
    api_version = serializers.CharField()
    language = serializers.CharField(help_text="The first language asked for")
    dir = serializers.ChoiceField(choices=["ltr", "rtl"])
    languages = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Every language asked for (`lang=es,ar`); each guide comes in each of them.",
    )
    full = serializers.BooleanField(
        help_text="True on the pages of a first sync (no cursor, then the cursors it gave "
        "while `has_more`): once the last page is in, replace the local copy with them."
    )
    guides = SyncGuide(
        many=True,
        help_text="Guides published or republished, one per guide and language: store them.",
    )
    deleted = serializers.ListField(
        child=serializers.SlugField(),
        help_text="Slugs withdrawn or deleted: drop them in every language.",
    )
    glossaries = Glossary(
        many=True,
        required=False,
        help_text="The glossary in each language asked for, on the first sync and whenever "
        "it changed since the cursor; empty otherwise.",
    )
    cursor = serializers.CharField(
        help_text="Opaque; send it back unchanged as `cursor`. The same position always "
        "gives the same cursor, so with `If-None-Match` an unchanged sync is a 304."
    )
    has_more = serializers.BooleanField(help_text="True: sync again at once with the new cursor.")


class OEmbed(serializers.Serializer):
    version = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    provider_name = serializers.CharField()
    provider_url = serializers.URLField()
    cache_age = serializers.IntegerField()
    html = serializers.CharField(
        help_text="The embed snippet: a container with a link, and the loader script that "
        "turns it into a self-sizing iframe of the accessible embed page"
    )
    width = serializers.IntegerField()
    height = serializers.IntegerField()


# --- Errors ----------------------------------------------------------------------------------
# Every status an operation can answer is documented, so clients (and the contract fuzzer in
# tests/api/test_fuzz.py) can rely on the schema for errors as well as for successes.
