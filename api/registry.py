"""The published representations of the API, each declared once.

A representation is rendered at publish time, for every language, and served as stored
bytes: a guide's (`GUIDE`, stored as `RenderedGuide` rows by `api.snapshots`) or the
catalogue's (`CATALOGUE`, the glossary, stored by `api.catalogue`). From these lists come the
stored kinds, the URL routes (`api.urls`), the snapshot views (`api.views`), the OpenAPI
operations, the parts an embed page can show alone (`api.embed.render`) and the guide
addresses the oEmbed endpoint accepts (`api.embed.oembed`). Adding one is a line here, a
renderer and a schema (see docs/development.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from api import schemas
from api.glossary import render_glossary
from api.jsonld import JSONLD_MEDIA_TYPE, build_jsonld
from api.representation import render_guide, render_part
from guide.accessibility_analysis.glossary_terms import glossary_entries
from guide.coded_subjects import subjects_of
from guide.languages import Language

JSON = "application/json"
SLUG = r"[-a-zA-Z0-9_]+"
# Where every published address starts; also what the oEmbed endpoint accepts.
API_GUIDES = "/api/v1/guides/"
EMBED_GUIDES = "/embed/v1/guides/"

GuideRenderer = Callable[[dict[str, Any], Language], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Representation:
    """One kind of published representation of a guide.

    `path`: under `/api/v1/guides/<slug>/` ("" the guide itself); None when it is not served
    at an address of its own (the summary: it makes the guide list). `media_types`: the
    `?format=` names and media types it is served as, the first the default. `body_formats`:
    `?format=text|blocks` variants of its HTML bodies (the blocks stored beside it).
    `embed_part`: the key of the detail payload an embed page shows alone under this name.
    `optional`: a guide may have none (its renderer then returns None).
    """

    kind: str
    render: GuideRenderer
    schema: type[serializers.Serializer] | None
    path: str | None
    summary: str = ""
    operation_id: str = ""
    description: str = ""
    media_types: tuple[tuple[str, str], ...] = (("json", JSON),)
    body_formats: bool = False
    embed_part: str | None = None
    optional: bool = False

    @property
    def url_name(self) -> str:
        return f"guide-{self.kind}"

    @property
    def blocks_kind(self) -> str | None:
        return f"{self.kind}_blocks" if self.body_formats else None


@dataclass(frozen=True)
class CatalogueRepresentation:
    """A representation of the whole catalogue, frozen by any publish or withdrawal:
    `load()` reads what it shows once, `render(loaded, language)` makes each language's."""

    kind: str
    load: Callable[[], Any]
    render: Callable[[Any, Language], dict[str, Any]]
    schema: type[serializers.Serializer]
    path: str
    summary: str
    operation_id: str
    description: str


def _part(kind: str) -> GuideRenderer:
    return lambda document, language: render_part(document, language, kind)


def published_address(document: dict[str, Any], language: Language) -> str:
    """The guide's address in `language`, as the published representations name it."""
    path = reverse("api:guide-detail", kwargs={"version": "v1", "slug": document["slug"]})
    return f"{settings.PUBLIC_BASE_URL or settings.HANDOUT_BASE_URL}{path}?lang={language.tag}"


def render_jsonld(document: dict[str, Any], language: Language) -> dict[str, Any]:
    guide = render_guide(document, language)
    address = published_address(document, language)
    return build_jsonld(guide, document, language, address, subjects_of(document["id"]))


GUIDE: tuple[Representation, ...] = (
    Representation(
        "detail",
        _part("detail"),
        schemas.GuideDetail,
        "",
        "A whole guide",
        "guides_retrieve",
        body_formats=True,
    ),
    Representation("summary", _part("summary"), schemas.GuideSummary, None),
    Representation(
        "sections",
        _part("sections"),
        schemas.GuideSections,
        "sections/",
        "The sections of a guide",
        "guides_sections",
        body_formats=True,
    ),
    Representation(
        "faq",
        _part("faq"),
        schemas.GuideFAQ,
        "faq/",
        "The FAQ of a guide",
        "guides_faq",
        embed_part="faq",
        optional=True,
    ),
    Representation(
        "comparison",
        _part("comparison"),
        schemas.GuideComparison,
        "comparison/",
        "The comparison table of a guide",
        "guides_comparison",
        embed_part="comparison_table",
        optional=True,
    ),
    Representation(
        "jsonld",
        render_jsonld,
        schemas.MedicalWebPage,
        "jsonld/",
        "Structured data of a guide (JSON-LD)",
        "guides_jsonld",
        description="schema.org `MedicalWebPage` (JSON-LD) with the FAQ as an `FAQPage`, for "
        "search engines and health portals, frozen at publish time. `application/ld+json` "
        "unless only `application/json` is accepted (or `format=json`).",
        media_types=(("jsonld", JSONLD_MEDIA_TYPE), ("json", JSON)),
    ),
)

CATALOGUE: tuple[CatalogueRepresentation, ...] = (
    CatalogueRepresentation(
        "glossary",
        glossary_entries,
        render_glossary,
        schemas.Glossary,
        "glossary/",
        "The glossary",
        "glossary_list",
        "Plain-language definitions and expansions of the medical terms and abbreviations "
        "marked in guide bodies (`<dfn>`, `<abbr>`), in the requested language, as of the "
        "latest publish or withdrawal: an edit of the glossary is public once a guide is "
        "published.",
    ),
)

BY_KIND: dict[str, Representation] = {rep.kind: rep for rep in GUIDE}
# Every kind stored per guide, language and version: the representations and their blocks.
STORED_KINDS: tuple[str, ...] = tuple(
    kind for rep in GUIDE for kind in (rep.kind, rep.blocks_kind) if kind is not None
)
EMBED_PARTS: dict[str, str] = {rep.kind: rep.embed_part for rep in GUIDE if rep.embed_part}

# A guide address of this service, as oEmbed is given it: an embed page (of the guide or of
# a part: an embed part or a section's anchor) or a published API address of the guide.
GUIDE_ADDRESS = re.compile(
    rf"^(?:{re.escape(EMBED_GUIDES)}|{re.escape(API_GUIDES)})"
    rf"(?P<slug>{SLUG})/(?:(?P<part>{SLUG})/)?$"
)
