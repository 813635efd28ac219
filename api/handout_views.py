"""Printable handouts (PDF) of published guides and of the working copy; thin like the others.

Published handouts are stored bytes (`api.handout_store`) with the headers of any stored
representation (ETag, 304, Last-Modified, surrogate keys). The preview handout shows unsaved
edits to the editors holding a signed link, so it is rendered on request and never cached.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api import handout_store, schema_problems
from api.caching import snapshot_response
from api.handout import render_pdf
from api.problems import ProblemException
from api.read_view import LANG_PARAMETER, ReadOnlyAPIView
from guide.accessibility_analysis.glossary_terms import attach_glossary
from guide.document import build_document, guide_tree_queryset
from guide.preview import PreviewTokenError, read_token

PDF = "application/pdf"


def _pdf_responses(*errors: int, not_modified: bool = True) -> dict:
    documented = schema_problems.responses(
        schema_problems.Problem, *errors, not_modified=not_modified
    )
    documented.pop((200, "application/json"))
    documented[(200, PDF)] = OpenApiResponse(
        response=OpenApiTypes.BINARY,
        description="A tagged PDF (PDF/UA-1) in the negotiated language, for printing.",
    )
    return documented


class _PDFView(ReadOnlyAPIView):
    def perform_content_negotiation(self, request: Request, force: bool = False):
        # Success is a PDF built by hand; anything else is a JSON problem, whatever Accept says.
        renderer = self.get_renderers()[0]
        return renderer, renderer.media_type


def _handout_view(part: str, operation_id: str, what: str):
    @extend_schema_view(
        get=extend_schema(
            operation_id=operation_id,
            summary=f"{what} as a printable handout (PDF)",
            tags=["handouts"],
            parameters=[LANG_PARAMETER],
            responses=_pdf_responses(404, 503),
            description=f"{what} as a printable, tagged PDF (PDF/UA-1): rendered once per "
            "published version and language; `503 handout-not-ready` with `Retry-After` "
            "while it is being rendered.",
        )
    )
    class HandoutView(_PDFView):
        def get(self, request: Request, version: str, slug: str) -> HttpResponse:
            try:
                snapshot = handout_store.live_handout(slug, self.language, part)
            except handout_store.NotReady as exc:
                raise ProblemException(
                    "handout-not-ready",
                    f"The {part} handout of {slug!r} in {self.language.tag} is being rendered.",
                    retry_after=exc.retry_after,
                ) from exc
            if snapshot is None:
                self.live_or_404(slug, "summary")
                raise ProblemException("not-found", f"The guide {slug!r} has no {part} part.")
            response = snapshot_response(request, snapshot, self.language, content_type=PDF)
            filename = f"{slug}-v{snapshot.number}-{self.language.tag}-{part}.pdf"
            response["Content-Disposition"] = f'inline; filename="{filename}"'
            return response

        def handle_exception(self, exc: Exception) -> Response:
            response = super().handle_exception(exc)
            if isinstance(exc, ProblemException) and exc.slug == "handout-not-ready":
                response["Retry-After"] = str(exc.extra["retry_after"])
            return response

    HandoutView.__name__ = HandoutView.__qualname__ = f"Guide{part.title()}HandoutView"
    return HandoutView


GuideHandoutView = _handout_view("guide", "guides_handout", "The whole guide")
GuideFAQHandoutView = _handout_view("faq", "guides_faq_handout", "The guide's FAQ")
GuideComparisonHandoutView = _handout_view(
    "comparison", "guides_comparison_handout", "The guide's comparison table"
)


@extend_schema_view(
    get=extend_schema(
        operation_id="preview_handout",
        summary="Preview the working copy as a printable handout (PDF)",
        tags=["preview"],
        parameters=[LANG_PARAMETER],
        responses=_pdf_responses(403, 404, not_modified=False),
        description="The working copy as a printable PDF, for editors (rendered on request).",
    )
)
class PreviewHandoutView(_PDFView):
    def get(self, request: Request, version: str, token: str) -> HttpResponse:
        try:
            guide = read_token(token)
        except PreviewTokenError as exc:
            raise ProblemException("invalid-preview-token", str(exc)) from exc
        document = attach_glossary(build_document(guide_tree_queryset().get(pk=guide.pk)))
        address = handout_store.web_address(guide.slug, self.language, "guide")
        pdf = render_pdf(document, self.language, "guide", address)
        response = HttpResponse(pdf, content_type=PDF)
        response["Cache-Control"] = "private, no-store"
        response["Content-Language"] = self.language.tag
        response["Content-Disposition"] = f'inline; filename="{guide.slug}-preview.pdf"'
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
