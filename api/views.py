"""HTTP delivery of guides. Views stay thin: they negotiate, look up and respond.

Published content comes from `api.snapshots` (stored bytes, one lookup); conditional
requests and cache headers are applied in `api.caching`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api import representation, schemas, snapshots, sync
from api.body_format import BodyFormatNegotiation, apply_body_format, body_format
from api.caching import json_response, snapshot_response
from api.embed import public_base
from api.embed_render import part_exists
from api.negotiation import (
    UnsupportedLanguage,
    choose_language,
    supported_tags,
)
from api.pagination import GuidePagination
from api.problems import ProblemException
from api.request_guards import is_ascii_digits
from api.request_policy import PolicyAPIView, negotiate, unknown_parameter
from api.search import listing
from api.search import params as search_params
from api.search import query as search_query
from guide.document import build_document, guide_tree_queryset
from guide.glossary import attach_glossary
from guide.languages import Language, all_languages
from guide.models import Guide, GuideVersion
from guide.preview import PreviewTokenError, read_token
from guide.reviews import attach_reviews

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

    def decorate(view_class: type) -> type:
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
                or schemas.responses(response, *errors, not_modified=not_modified),
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
    content_negotiation_class = BodyFormatNegotiation  # `?format=` is the body format
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


@read_operation(
    "guides_list",
    summary="List published guides",
    description="Summaries of every published guide in the requested language, by slug, "
    "a page at a time. Texts missing in that language fall back to English and say so.",
    tag="guides",
    response=schemas.GuideSummaryPage,
    errors=(400, 404),
    parameters=(
        LANG_PARAMETER,
        *PAGE_PARAMETERS,
        search_params.TAG_PARAMETER,
        search_params.UPDATED_SINCE_PARAMETER,
        search_params.ordering_parameter(search_query.LIST_ORDERINGS, "slug"),
    ),
)
class GuideListView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> HttpResponse:
        paginator = GuidePagination()
        page, size = paginator.page_and_size(request)
        if listing.FILTER_PARAMETERS & set(request.query_params):
            total, items = listing.filtered_page(
                self.language,
                search_params.filters(request.query_params),
                search_params.list_ordering(request.query_params),
                (page - 1) * size,
                size,
            )
        else:
            total, items = snapshots.live_page(self.language, (page - 1) * size, size)
        paginator.check_page(page, size, total)
        body = paginator.body(request, page, size, total, items)
        return json_response(request, body, surrogate_keys=["guides"])


def _snapshot_view(
    kind: str, response_schema, operation_id: str, summary: str, formats: bool = False
):
    parameters = (LANG_PARAMETER, FORMAT_PARAMETER) if formats else (LANG_PARAMETER,)

    @read_operation(
        operation_id,
        summary=summary,
        description=f"{summary} of the live version, in the requested language: stored "
        "bytes rendered at publish time, with a strong `ETag`, compressed (`br`, `gzip`) "
        "when the client accepts it. 404 when the guide is not published"
        + ("." if kind == "detail" else f" or has no {kind} part."),
        tag="guides",
        response=response_schema,
        errors=(404,),
        parameters=parameters,
    )
    class SnapshotView(ReadOnlyAPIView):
        def get(self, request: Request, version: str, slug: str) -> HttpResponse:
            if formats and body_format(request) == "blocks":
                stored = snapshots.live(slug, self.language, snapshots.BLOCKS_KINDS[kind])
                if stored is not None:
                    return snapshot_response(request, stored, self.language)
            snapshot = self.live_or_404(slug, kind)
            if formats and body_format(request) == "text":
                # Plain text is made from the stored HTML representation on demand.
                body = apply_body_format(json.loads(snapshot.body), request)
                return json_response(request, body, surrogate_keys=["guides", f"guide-{slug}"])
            if formats and body_format(request) == "blocks":
                # A version published before blocks were stored: derive them now.
                document = self.published_document(slug)
                body = apply_body_format(json.loads(snapshot.body), request, document)
                return json_response(request, body, surrogate_keys=["guides", f"guide-{slug}"])
            return snapshot_response(request, snapshot, self.language)

    SnapshotView.__name__ = SnapshotView.__qualname__ = f"Guide{kind.title()}View"
    return SnapshotView


GuideDetailView = _snapshot_view(
    "detail", schemas.GuideDetail, "guides_retrieve", "A whole guide", formats=True
)
GuideSectionsView = _snapshot_view(
    "sections", schemas.GuideSections, "guides_sections", "The sections of a guide", formats=True
)
GuideFAQView = _snapshot_view("faq", schemas.GuideFAQ, "guides_faq", "The FAQ of a guide")
GuideComparisonView = _snapshot_view(
    "comparison", schemas.GuideComparison, "guides_comparison", "The comparison table of a guide"
)


@read_operation(
    "guides_versions_list",
    summary="List a guide's published versions",
    description="Every version of a published guide, newest first, with its note and address.",
    tag="versions",
    response=schemas.VersionList,
    errors=(404,),
)
class GuideVersionListView(ReadOnlyAPIView):
    def get(self, request: Request, version: str, slug: str) -> HttpResponse:
        self.live_or_404(slug, "summary")
        rows = GuideVersion.objects.filter(guide__slug=slug).order_by("-number")
        body = {
            "api_version": representation.API_VERSION,
            "slug": slug,
            "versions": [
                {
                    "number": number,
                    "published_at": published_at.isoformat(),
                    "note": note,
                    "url": request.build_absolute_uri(
                        reverse("api:guide-version", args=["v1", slug, number])
                    ),
                }
                for number, published_at, note in rows.values_list("number", "published_at", "note")
            ],
        }
        return json_response(request, body, surrogate_keys=[f"guide-{slug}"])


NUMBER_PARAMETER = OpenApiParameter(
    "number",
    {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    OpenApiParameter.PATH,
    description="The version number (`version` in a guide body).",
)


@read_operation(
    "guides_versions_retrieve",
    summary="A published version of a guide",
    description="A guide exactly as version `number` was served, while the guide is "
    "published. A version never changes, but a withdrawal takes the guide off the API: these "
    "answers are cached like live ones (not `immutable`) and purged with the guide's "
    "surrogate key, so a withdrawal reaches apps and CDNs.",
    tag="versions",
    response=schemas.GuideDetail,
    errors=(404,),
    parameters=(LANG_PARAMETER, FORMAT_PARAMETER, NUMBER_PARAMETER),
)
class GuideVersionView(ReadOnlyAPIView):
    def get(self, request: Request, version: str, slug: str, number: str) -> HttpResponse:
        n = int(number) if is_ascii_digits(number) and len(number) <= 9 else 0
        snapshot = snapshots.version(slug, n, self.language) if n else None
        if snapshot is None:
            self.live_or_404(slug, "summary")
            raise ProblemException(
                "not-found", f"The guide {slug!r} has no version {number[:20]!r}."
            )
        if body_format(request) == "text":
            body = apply_body_format(json.loads(snapshot.body), request)
            return json_response(request, body, surrogate_keys=["guides", f"guide-{slug}"])
        return snapshot_response(request, snapshot, self.language)


@read_operation(
    "sync",
    summary="Sync an offline copy",
    description="Without a cursor: the first sync, every live guide a page at a time "
    "(`full` is true; follow `cursor` while `has_more`). With a cursor: what changed since, "
    "guides to store and slugs to drop. Send the last cursor again later; with "
    "`If-None-Match` it answers 304 while nothing changed.",
    tag="sync",
    response=schemas.SyncPage,
    parameters=(SYNC_LANG_PARAMETER, CURSOR_PARAMETER),
)
class SyncView(ReadOnlyAPIView):
    languages: list[Language]

    def negotiate_language(self, request: Request) -> Language:
        """`lang` may list several languages (`es,ar`): every guide comes in each."""
        raw = request.query_params.get("lang")
        if raw is None or "," not in raw:
            self.languages = [super().negotiate_language(request)]
            return self.languages[0]
        languages: list[Language] = []
        for tag in raw.split(",")[:20]:
            language = self.language_from_query(tag.strip())
            if language not in languages:
                languages.append(language)
        self.languages = languages
        return languages[0]

    def get(self, request: Request, version: str) -> HttpResponse:
        try:
            page = sync.sync(self.languages, request.query_params.get("cursor"))
        except sync.CursorError as exc:
            raise ProblemException("invalid-cursor", str(exc)) from exc
        body = {
            "api_version": representation.API_VERSION,
            "language": self.language.tag,
            "dir": self.language.direction,
            "languages": [language.tag for language in self.languages],
            "full": page.full,
            "guides": page.guides,
            "deleted": page.deleted,
            "glossaries": page.glossaries,
            "cursor": sync.make_cursor(page.position),
            "has_more": page.has_more,
        }
        return json_response(request, body, cache_control="private, no-cache")


@read_operation(
    "preview",
    summary="Preview unpublished edits",
    description="The working copy of a guide, unpublished edits included, for holders of a "
    "signed preview link (made in the admin). Never cached by shared caches.",
    tag="preview",
    response=schemas.GuideDetail,
    errors=(403, 404),
    parameters=(LANG_PARAMETER, FORMAT_PARAMETER),
)
class PreviewView(ReadOnlyAPIView):
    """The working copy, unpublished edits included, for holders of a signed link."""

    def get(self, request: Request, version: str, token: str) -> HttpResponse:
        try:
            guide = read_token(token)
        except PreviewTokenError as exc:
            raise ProblemException("invalid-preview-token", str(exc)) from exc
        document = attach_reviews(
            attach_glossary(build_document(guide_tree_queryset().get(pk=guide.pk)))
        )
        body = apply_body_format(
            representation.render_guide(document, self.language), request, document
        )
        body["preview"] = True
        response = json_response(request, body, cache_control="private, no-store")
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@read_operation(
    "languages_list",
    summary="List the languages served",
    description="Every language a guide can be asked for, with its name and direction.",
    tag="languages",
    response=schemas.LanguageList,
)
class LanguageListView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> Response:
        body = {
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
        return json_response(request, body)


_GUIDE_URL = re.compile(
    r"^/(?:embed|api)/v1/guides/(?P<slug>[-a-zA-Z0-9_]+)/(?:(?P<part>[-a-zA-Z0-9_]+)/)?$"
)


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")
_HOST = re.compile(r"(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\.?)+(?::\d+)?|\[[0-9a-f:.]+\](?::\d+)?")


def _dimension(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not is_ascii_digits(raw) or not 1 <= int(raw) <= 10000:
        raise ProblemException("invalid-request", f"`{name}` must be a whole number of pixels.")
    return min(default, int(raw))


@read_operation(
    "oembed",
    summary="oEmbed for a guide address",
    description="A rich oEmbed (https://oembed.com) of the accessible embed page of a guide "
    "or part. Only the JSON format is offered (501 otherwise, as oEmbed asks).",
    tag="embeds",
    response=schemas.OEmbed,
    errors=(400, 404, 501),
    parameters=(
        LANG_PARAMETER,
        OpenApiParameter(
            "url",
            {"type": "string", "minLength": 1},
            required=True,
            description="A guide or embed URL of this service; one that is not a URL "
            "(no valid host, an unclosed `[`) is a 400.",
        ),
        OpenApiParameter(
            "maxwidth", {"type": "integer", "minimum": 1, "maximum": 10000}, required=False
        ),
        OpenApiParameter(
            "maxheight", {"type": "integer", "minimum": 1, "maximum": 10000}, required=False
        ),
        OpenApiParameter(
            "format",
            {"type": "string", "enum": ["json"]},
            required=False,
            description="`json`, the only format offered.",
        ),
    ),
)
class OEmbedView(ReadOnlyAPIView):
    """oEmbed (https://oembed.com) for guide URLs: a rich embed, the loader snippet."""

    def get(self, request: Request, version: str) -> HttpResponse:
        if request.query_params.get("format", "json") != "json":
            raise ProblemException("not-implemented", "Only the JSON oEmbed format is offered.")
        base = public_base(request)
        example = base + "/embed/v1/guides/<slug>/"
        raw = request.query_params.get("url", "")
        if not raw:
            raise ProblemException("invalid-request", f"`url` is required, e.g. {example}")
        try:
            parts = urlsplit(raw)
            host = parts.netloc.lower()
            parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
            if host and not _HOST.fullmatch(host.rsplit("@", 1)[-1]):
                raise ValueError("its host name is not one")
        except ValueError as exc:
            raise ProblemException(
                "invalid-request", f"`url` is not a valid URL ({exc}); e.g. {example}"
            ) from exc
        match = _GUIDE_URL.match(parts.path or "")
        if match is None or host not in ("", urlsplit(base).netloc.lower()):
            raise ProblemException(
                "not-found", f"`url` must be a guide address of this service, e.g. {example}"
            )
        slug, part = match["slug"], match["part"]
        query = dict(parse_qsl(parts.query))
        partner = query.get("partner", "")
        if partner and not _SLUG.fullmatch(partner):
            raise ProblemException("invalid-request", "The `partner` in `url` is not a slug.")
        language = self.language
        if "lang" in query:
            try:
                language = choose_language(query["lang"], "")
            except UnsupportedLanguage as exc:
                raise ProblemException(
                    "unsupported-language", f"Language {exc.requested[:40]!r} is not served."
                ) from exc
        detail = snapshots.live(slug, language, "detail")
        if detail is None:
            raise ProblemException("not-found", f"No published guide has the slug {slug[:80]!r}.")
        guide = json.loads(detail.body)
        if part is not None and not part_exists(guide, part):
            raise ProblemException("not-found", f"The guide {slug!r} has no part {part[:60]!r}.")
        title = guide["title"]
        width = _dimension(request, "maxwidth", 800)
        height = _dimension(request, "maxheight", 1200)
        page = reverse("embed:part", args=[slug, part]) if part else None
        page = page or reverse("embed:guide", args=[slug])
        page_params = {"lang": language.tag, **({"partner": partner} if partner else {})}
        # The loader's snippet, not a bare iframe: the frame then fits its content (a guide
        # is about 21,000 px tall on a phone) and a refused frame becomes a link.
        html = format_html(
            '<div data-guide="{}"{} data-lang="{}"{}><a href="{}">{}</a></div>'
            '<script src="{}" async></script>',
            slug,
            format_html(' data-part="{}"', part) if part else "",
            language.tag,
            format_html(' data-partner="{}"', partner) if partner else "",
            f"{base}{page}?{urlencode(page_params)}",
            title,
            base + reverse("embed:loader"),
        )
        body = {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": settings.EMBED_PROVIDER_NAME,
            "provider_url": base + "/",
            "cache_age": 300,
            "html": str(html),
            "width": width,
            "height": height,
        }
        return json_response(request, body, surrogate_keys=["guides", f"guide-{slug}"])
