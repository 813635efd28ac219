"""`GET /api/v1/search/`: thin, like the other views; the work is in api.search.query."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request

from api import representation, schema_problems
from api.caching import json_response
from api.pagination import GuidePagination
from api.read_view import LANG_PARAMETER, PAGE_PARAMETERS, ReadOnlyAPIView
from api.search import params
from api.search.query import SEARCH_ORDERINGS, Hit, search
from api.search.schemas import SearchPage
from guide.languages import Language, bcp47


def _hit(request: Request, hit: Hit, language: Language) -> dict:
    path = reverse("api:guide-detail", kwargs={"version": "v1", "slug": hit.slug})
    out = {
        "guide": {
            "slug": hit.slug,
            "title": hit.guide_title,
            "url": request.build_absolute_uri(path) + "?" + urlencode({"lang": language.tag}),
        },
        "part": hit.part,
        "id": hit.object_id,
        "anchor": hit.anchor,
        "heading": hit.heading,
        "snippet": hit.snippet,
        "published_at": hit.published_at.isoformat(),
    }
    fallback = {}
    if hit.heading_language != language.code:
        fallback["heading"] = bcp47(hit.heading_language)
    if hit.text_language != language.code:
        fallback["snippet"] = bcp47(hit.text_language)
    if fallback:
        out["fallback"] = fallback
    return out


@extend_schema_view(
    get=extend_schema(
        operation_id="search",
        summary="Search published guides",
        tags=["search"],
        parameters=[
            OpenApiParameter(
                "q",
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": params.MAX_QUERY_LENGTH,
                    "pattern": params.Q_PATTERN,
                },
                required=True,
                description="Words to find (accents and case do not matter). Quotes for a "
                'phrase ("skin pain"), `-word` to exclude, `or` between alternatives.',
            ),
            LANG_PARAMETER,
            params.TAG_PARAMETER,
            params.UPDATED_SINCE_PARAMETER,
            params.ordering_parameter(SEARCH_ORDERINGS, "relevance"),
            *PAGE_PARAMETERS,
        ],
        responses=schema_problems.responses(SearchPage, 404, not_modified=True),
        description="Published text of every guide as served in `lang`: titles, summaries, "
        "headings and bodies of sections and subsections, callouts, FAQ questions and "
        "answers, and the glossary terms a guide uses. Texts not translated yet are searched "
        "in the source language, and their hits say so in `fallback`.",
    )
)
class SearchView(ReadOnlyAPIView):
    known_query_parameters = frozenset(
        {"q", "lang", "tag", "updated_since", "ordering", "page", "page_size"}
    )

    def get(self, request: Request, version: str) -> HttpResponse:
        query = request.query_params
        params.check_known(query, self.known_query_parameters)
        q = params.query_text(query)
        filters = params.filters(query)
        ordering = params.search_ordering(query)
        paginator = GuidePagination()
        page, size = paginator.page_and_size(request)
        total, hits = search(q, self.language, filters, ordering, (page - 1) * size, size)
        paginator.check_page(page, size, total)
        body = {
            "api_version": representation.API_VERSION,
            "language": self.language.tag,
            "dir": self.language.direction,
            "query": q,
            **paginator.body(
                request, page, size, total, [_hit(request, h, self.language) for h in hits]
            ),
        }
        return json_response(request, body, surrogate_keys=["guides"])
