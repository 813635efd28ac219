"""The read policy every API view shares, and the decorator documenting its operation.

`ReadOnlyAPIView` checks the method and query parameters, authenticates API keys, applies
the tiered rate limit and negotiates the language before a handler runs; `read_operation`
declares a view's OpenAPI operation and its known query parameters once.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request

from api import schema_problems, snapshots
from api.body_format import BodyFormatNegotiation
from api.negotiation import supported_tags
from api.pagination import GuidePagination
from api.problems import ProblemException
from api.request_policy import PolicyAPIView, negotiate, unknown_parameter
from guide.languages import Language
from guide.models import Guide

# A language tag, not a closed list: `es-MX`, `ES` and `zh-CN` are all served (matched to
# `es` and `zh-Hans`), and languages are added by configuration within v1.
LANG_PATTERN = r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"
LANG_PARAMETER = OpenApiParameter(
    "lang",
    {"type": "string", "pattern": LANG_PATTERN, "maxLength": 35, "examples": supported_tags()},
    description="Content language (BCP 47, e.g. `es`, `zh-Hans`). Beats Accept-Language. "
    "Case-insensitive; a region or script subtag is matched to a served language too "
    "(`es-MX` is `es`, `zh-CN` is `zh-Hans`). A tag we do not serve is a 400 "
    "`unsupported-language` listing the served ones (`GET /api/v1/languages/`).",
    required=False,
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["html", "text", "blocks"],
    description="Bodies as sanitised HTML (default) or plain text, for voice and SMS clients; "
    "`blocks` adds a JSON block tree (`blocks`) beside each body, which is then plain text, "
    "for native apps (see docs/blocks.md).",
    required=False,
)
SYNC_LANG_PARAMETER = OpenApiParameter(
    "lang",
    {
        "type": "string",
        "pattern": r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*( ?, ?[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)*$",
        "maxLength": 200,
        "examples": ["es", "es,ar"],
    },
    description="One language, or several separated by commas (`es,ar`): each guide comes "
    "in each of them. Matched like `lang` elsewhere; without it, Accept-Language decides.",
    required=False,
)
CURSOR_PARAMETER = OpenApiParameter(
    "cursor",
    {"type": "string", "minLength": 1, "maxLength": 512},
    description="The `cursor` of the previous sync response, unchanged (it is opaque).",
    required=False,
)
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": 999_999_999},
        description="Page number, from 1. A page past the last is a 404.",
        required=False,
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": GuidePagination.max_page_size},
        description=f"Guides per page (default {GuidePagination.page_size}).",
        required=False,
    ),
]


def read_operation(
    operation_id: str,
    *,
    summary: str,
    description: str,
    tag: str,
    response: Any,
    errors: tuple[int, ...] = (),
    parameters: tuple[OpenApiParameter, ...] = (LANG_PARAMETER,),
    not_modified: bool = True,
    **extra: Any,
):
    """Documents a view's GET and declares its query parameters once: the same list is the
    schema's and the one `ReadOnlyAPIView` checks requests against (an unknown parameter
    is a 400 naming the known ones, as Wagtail's API does)."""

    def decorate(view_class: type[ReadOnlyAPIView]) -> type[ReadOnlyAPIView]:
        view_class.known_query_parameters = frozenset(
            p.name for p in parameters if p.location == OpenApiParameter.QUERY
        )
        return extend_schema_view(
            get=extend_schema(
                operation_id=operation_id,
                summary=summary,
                description=description,
                tags=[tag],
                parameters=list(parameters),
                responses=extra.pop("responses", None)
                or schema_problems.responses(response, *errors, not_modified=not_modified),
                **extra,
            )
        )(view_class)

    return decorate


class ReadOnlyAPIView(PolicyAPIView):
    """The shared read policy (`api.request_policy`, applied by the lean path too): GET/HEAD
    only, known query parameters only, API-key authentication, the tiered rate limit, and the
    content language negotiated before the handler runs."""

    http_method_names = ["get", "head", "options"]
    # None: the view reads a standard's open parameter set itself (HL7 Infobutton).
    known_query_parameters: frozenset[str] | None = frozenset({"lang"})
    # `?format=` is the body format
    content_negotiation_class: type[BaseContentNegotiation] = BodyFormatNegotiation
    vary_language = True
    language: Language

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        problem = unknown_parameter(self.known_query_parameters, list(request.query_params))
        if problem is not None:
            raise problem
        self.language = self.negotiate_language(request)
        self.languages = self.languages or [self.language]

    def negotiate_language(self, request: Request) -> Language:
        """`?lang=` beats Accept-Language beats the default (see api.negotiation)."""
        return negotiate(
            request.query_params.get("lang"), request.headers.get("Accept-Language", "")
        )

    @staticmethod
    def language_from_query(tag: str) -> Language:
        return negotiate(tag, "")

    def live_or_404(self, slug: str, kind: str) -> snapshots.Snapshot:
        snapshot = snapshots.live(slug, self.language, kind)
        if snapshot is not None:
            return snapshot
        if kind != "summary" and snapshots.live(slug, self.language, "summary") is not None:
            raise ProblemException("not-found", f"The guide {slug!r} has no {kind} part.")
        raise ProblemException("not-found", f"No published guide has the slug {slug[:80]!r}.")

    def published_document(self, slug: str) -> dict[str, Any]:
        """The frozen document of the live version, for representations made per request."""
        self.live_or_404(slug, "summary")
        guide = (
            Guide.objects.filter(slug=slug, status=Guide.Status.PUBLISHED)
            .select_related("live_version")
            .first()
        )
        if guide is None or guide.live_version is None:
            raise ProblemException("not-found", f"No published guide has the slug {slug[:80]!r}.")
        return guide.live_version.document
