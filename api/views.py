"""HTTP delivery of guides. Views stay thin: the work is in `guide` and `api.representation`."""

from __future__ import annotations

from typing import Any

from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import representation, schemas
from api.body_format import BodyFormatNegotiation, apply_body_format
from api.negotiation import UnsupportedLanguage, choose_language, supported_tags
from api.pagination import GuidePagination
from api.problems import ProblemException
from guide.document import build_document, guide_tree_queryset
from guide.glossary import attach_glossary
from guide.languages import Language, all_languages
from guide.models import Guide

LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    description="Content language (BCP 47, e.g. `es`, `zh-Hans`). Beats Accept-Language.",
    required=False,
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["html", "text"],
    description="Bodies as sanitised HTML (default) or plain text, for voice and SMS clients.",
    required=False,
)


class ReadOnlyAPIView(APIView):
    """GET only, with the content language negotiated before the handler runs."""

    http_method_names = ["get", "head", "options"]
    content_negotiation_class = BodyFormatNegotiation  # `?format=` is the body format
    language: Language

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        try:
            self.language = choose_language(
                request.query_params.get("lang"), request.headers.get("Accept-Language", "")
            )
        except UnsupportedLanguage as exc:
            raise ProblemException(
                "unsupported-language",
                f"Language {exc.requested[:40]!r} is not served. "
                f"Supported: {', '.join(supported_tags())}.",
                supported_languages=supported_tags(),
            ) from exc

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "language", None)
        if language is not None and response.status_code < 400:
            response["Content-Language"] = language.tag
        patch_vary_headers(response, ["Accept-Language"])
        return response

    def published_document(self, slug: str) -> dict[str, Any]:
        guide = guide_tree_queryset().filter(slug=slug, status=Guide.Status.PUBLISHED).first()
        if guide is None:
            raise ProblemException("not-found", f"No published guide has the slug {slug[:80]!r}.")
        return build_document(guide)


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_list", parameters=[LANG_PARAMETER], responses=schemas.GuideSummaryPage
    )
)
class GuideListView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> Response:
        queryset = guide_tree_queryset().filter(status=Guide.Status.PUBLISHED).order_by("slug")
        paginator = GuidePagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        items = [
            representation.render_summary(build_document(guide), self.language) for guide in page
        ]
        return paginator.get_paginated_response(items)


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_retrieve",
        parameters=[LANG_PARAMETER, FORMAT_PARAMETER],
        responses=schemas.GuideDetail,
    )
)
class GuideDetailView(ReadOnlyAPIView):
    def get(self, request: Request, version: str, slug: str) -> Response:
        document = attach_glossary(self.published_document(slug))
        body = representation.render_guide(document, self.language)
        return Response(apply_body_format(body, request))


def _part(document: dict, language: Language) -> dict[str, Any]:
    return {
        "api_version": representation.API_VERSION,
        "slug": document["slug"],
        "version": document["content_version"],
        "language": language.tag,
        "dir": language.direction,
    }


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_sections",
        parameters=[LANG_PARAMETER, FORMAT_PARAMETER],
        responses=schemas.GuideSections,
    )
)
class GuideSectionsView(ReadOnlyAPIView):
    def get(self, request: Request, version: str, slug: str) -> Response:
        document = attach_glossary(self.published_document(slug))
        body = _part(document, self.language)
        body["sections"] = representation.render_sections(document, self.language)
        return Response(apply_body_format(body, request))


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_faq", parameters=[LANG_PARAMETER], responses=schemas.GuideFAQ
    )
)
class GuideFAQView(ReadOnlyAPIView):
    def get(self, request: Request, version: str, slug: str) -> Response:
        document = self.published_document(slug)
        body = _part(document, self.language)
        body["faq"] = representation.render_faq(document, self.language)
        return Response(body)


@extend_schema_view(
    get=extend_schema(
        operation_id="guides_comparison",
        parameters=[LANG_PARAMETER],
        responses=schemas.GuideComparison,
    )
)
class GuideComparisonView(ReadOnlyAPIView):
    def get(self, request: Request, version: str, slug: str) -> Response:
        document = self.published_document(slug)
        table = representation.render_table(document, self.language)
        if table is None:
            raise ProblemException("not-found", f"The guide {slug!r} has no comparison table.")
        body = _part(document, self.language)
        body["comparison_table"] = table
        return Response(body)


@extend_schema_view(
    get=extend_schema(operation_id="languages_list", responses=schemas.LanguageList)
)
class LanguageListView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> Response:
        return Response(
            {
                "api_version": representation.API_VERSION,
                "source_language": "en",
                "languages": [
                    {
                        "code": language.tag,
                        "name": language.name,
                        "english_name": language.english_name,
                        "dir": language.direction,
                    }
                    for language in all_languages()
                ],
            }
        )
