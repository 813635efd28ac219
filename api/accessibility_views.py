"""Views for the glossary and a guide's structured data (JSON-LD); thin like the others."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api import representation, schemas
from api.caching import json_response
from api.glossary import render_glossary
from api.jsonld import JSONLD_MEDIA_TYPE, build_jsonld
from api.problems import ProblemException
from api.views import LANG_PARAMETER, ReadOnlyAPIView, read_operation
from guide.accessibility_analysis.glossary_terms import glossary_entries
from guide.coding import subjects_of
from guide.reviews import attach_reviews


class JSONLDRenderer(JSONRenderer):
    media_type = JSONLD_MEDIA_TYPE
    format = "jsonld"


@read_operation(
    "glossary_list",
    summary="The glossary",
    description="Plain-language definitions and expansions of the medical terms and "
    "abbreviations marked in guide bodies (`<dfn>`, `<abbr>`), in the requested language.",
    tag="glossary",
    response=schemas.Glossary,
)
class GlossaryView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> HttpResponse:
        # Conditional like the guides: an app revalidates its offline copy with a 304.
        return json_response(request, render_glossary(glossary_entries(), self.language))


@read_operation(
    "guides_jsonld",
    summary="Structured data of a guide (JSON-LD)",
    description="schema.org `MedicalWebPage` (JSON-LD) with the FAQ as an `FAQPage`, for "
    "search engines and health portals. `application/ld+json` unless only "
    "`application/json` is accepted (or `format=json`).",
    tag="guides",
    response=schemas.MedicalWebPage,
    parameters=(
        LANG_PARAMETER,
        OpenApiParameter(
            "format",
            {"type": "string", "enum": ["jsonld", "json"]},
            required=False,
            description="The media type of the response: `jsonld` (default) or `json`.",
        ),
    ),
    responses=schemas.responses(
        schemas.MedicalWebPage,
        404,
        media_types=(JSONLD_MEDIA_TYPE, "application/json"),
        not_modified=False,
    ),
)
class GuideJSONLDView(ReadOnlyAPIView):
    # application/ld+json first; clients that only accept application/json get the same body.
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    # `?format=jsonld|json` picks the media type (DRF's override); any other value is a 404.
    content_negotiation_class = DefaultContentNegotiation

    def perform_content_negotiation(self, request, force=False):
        # DRF answers an unknown `format` with a bare 404; say which parameter is wrong.
        value = request.query_params.get("format")
        if not force and value is not None and value not in ("jsonld", "json"):
            raise ProblemException(
                "invalid-request", f"`format` must be `jsonld` or `json`; got {value[:20]!r}."
            )
        return super().perform_content_negotiation(request, force)

    def get(self, request: Request, version: str, slug: str) -> Response:
        document = attach_reviews(self.published_document(slug))
        guide = representation.render_guide(document, self.language)
        path = reverse("api:guide-detail", kwargs={"version": version, "slug": slug})
        url = request.build_absolute_uri(f"{path}?lang={self.language.tag}")
        codes = subjects_of(document["id"])
        return Response(build_jsonld(guide, document, self.language, url, codes))
