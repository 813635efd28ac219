"""Views for the glossary and a guide's structured data (JSON-LD); thin like the others."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api import representation, schemas
from api.glossary import render_glossary
from api.jsonld import JSONLD_MEDIA_TYPE, build_jsonld
from api.views import LANG_PARAMETER, ReadOnlyAPIView
from guide.coding import subjects_of
from guide.glossary import glossary_entries
from guide.reviews import attach_reviews


class JSONLDRenderer(JSONRenderer):
    media_type = JSONLD_MEDIA_TYPE
    format = "jsonld"


@extend_schema_view(
    get=extend_schema(
        operation_id="glossary_list",
        parameters=[LANG_PARAMETER],
        responses=schemas.responses(schemas.Glossary, not_modified=False),
    )
)
class GlossaryView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> Response:
        return Response(render_glossary(glossary_entries(), self.language))


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_jsonld",
        parameters=[LANG_PARAMETER],
        responses=schemas.responses(
            schemas.MedicalWebPage,
            404,
            media_types=(JSONLD_MEDIA_TYPE, "application/json"),
            not_modified=False,
        ),
        description="schema.org `MedicalWebPage` (JSON-LD) with the FAQ as an `FAQPage`.",
    )
)
class GuideJSONLDView(ReadOnlyAPIView):
    # application/ld+json first; clients that only accept application/json get the same body.
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    # `?format=jsonld|json` picks the media type (DRF's override); any other value is a 404.
    content_negotiation_class = DefaultContentNegotiation

    def get(self, request: Request, version: str, slug: str) -> Response:
        document = attach_reviews(self.published_document(slug))
        guide = representation.render_guide(document, self.language)
        path = reverse("api:guide-detail", kwargs={"version": version, "slug": slug})
        url = request.build_absolute_uri(f"{path}?lang={self.language.tag}")
        codes = subjects_of(document["id"])
        return Response(build_jsonld(guide, document, self.language, url, codes))
