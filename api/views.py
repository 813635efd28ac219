"""HTTP delivery of guides. Views stay thin: they negotiate, look up and respond.

Published content comes from `api.snapshots` and `api.catalogue` (stored bytes, one
lookup); its views are derived from `api.registry`. Conditional requests and cache headers
are applied in `api.caching`; the shared read policy is `api.read_view`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from api import (
    catalogue,
    representation,
    schema_endpoints,
    schema_problems,
    schemas,
    snapshots,
    sync,
)
from api.body_format import apply_body_format, body_format
from api.caching import json_response, snapshot_response
from api.pagination import GuidePagination
from api.problems import ProblemException
from api.read_view import (
    CURSOR_PARAMETER,
    FORMAT_PARAMETER,
    LANG_PARAMETER,
    PAGE_PARAMETERS,
    SYNC_LANG_PARAMETER,
    ReadOnlyAPIView,
    read_operation,
)
from api.registry import CATALOGUE, GUIDE, CatalogueRepresentation, Representation
from api.request_guards import is_ascii_digits
from api.search import listing
from api.search import params as search_params
from api.search import query as search_query
from guide.accessibility_analysis.glossary_terms import attach_glossary
from guide.document import build_document, guide_tree_queryset
from guide.languages import Language, all_languages
from guide.models import GuideVersion
from guide.preview import PreviewTokenError, read_token
from guide.reviews import attach_reviews


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


def _negotiation(rep: Representation) -> dict[str, Any]:
    """What a view serving `rep` as several media types needs: `?format=` picks one."""
    if len(rep.media_types) == 1:
        return {}
    names = [name for name, _ in rep.media_types]
    renderers = [
        type(f"{name.title()}Renderer", (JSONRenderer,), {"media_type": mt, "format": name})
        for name, mt in rep.media_types
    ]

    def perform_content_negotiation(self, request, force=False):
        # DRF answers an unknown `format` with a bare 404; say which parameter is wrong.
        value = request.query_params.get("format")
        if not force and value is not None and value not in names:
            allowed = " or ".join(f"`{name}`" for name in names)
            raise ProblemException(
                "invalid-request", f"`format` must be {allowed}; got {value[:20]!r}."
            )
        return ReadOnlyAPIView.perform_content_negotiation(self, request, force)

    return {
        "renderer_classes": renderers,
        "content_negotiation_class": DefaultContentNegotiation,
        "perform_content_negotiation": perform_content_negotiation,
    }


def _parameters(rep: Representation) -> tuple[OpenApiParameter, ...]:
    if rep.body_formats:
        return (LANG_PARAMETER, FORMAT_PARAMETER)
    if len(rep.media_types) > 1:
        names = [name for name, _ in rep.media_types]
        return (
            LANG_PARAMETER,
            OpenApiParameter(
                "format",
                {"type": "string", "enum": names},
                required=False,
                description=f"The media type of the response: `{names[0]}` (default) or "
                + " or ".join(f"`{name}`" for name in names[1:])
                + ".",
            ),
        )
    return (LANG_PARAMETER,)


class SnapshotView(ReadOnlyAPIView):
    """A published representation of a guide: stored bytes, one lookup (or a cache hit)."""

    representation: Representation

    def get(self, request: Request, version: str, slug: str) -> HttpResponse:
        rep = self.representation
        wanted = body_format(request) if rep.body_formats else "html"
        if rep.blocks_kind and wanted == "blocks":
            stored = snapshots.live(slug, self.language, rep.blocks_kind)
            if stored is not None:
                return snapshot_response(request, stored, self.language)
        snapshot = self.live_or_404(slug, rep.kind)
        if wanted == "text":
            # Plain text is made from the stored HTML representation on demand.
            body = apply_body_format(json.loads(snapshot.body), request)
            return json_response(request, body, surrogate_keys=["guides", f"guide-{slug}"])
        if wanted == "blocks":
            # A version published before blocks were stored: derive them now.
            document = self.published_document(slug)
            body = apply_body_format(json.loads(snapshot.body), request, document)
            return json_response(request, body, surrogate_keys=["guides", f"guide-{slug}"])
        media_type = rep.media_types[0][1]
        if len(rep.media_types) > 1:
            media_type = request.accepted_renderer.media_type  # `?format=` or Accept
        return snapshot_response(request, snapshot, self.language, content_type=media_type)


def snapshot_view(rep: Representation) -> type[SnapshotView]:
    """The view of a guide representation, documented from its declaration."""
    media_types = tuple(mt for _, mt in rep.media_types)
    schema = rep.schema
    assert schema is not None, f"{rep.kind} is served, so it documents its body"
    description = rep.description or (
        f"{rep.summary} of the live version, in the requested language: stored "
        "bytes rendered at publish time, with a strong `ETag`, compressed (`br`, `gzip`) "
        "when the client accepts it. 404 when the guide is not published"
        + ("." if rep.path == "" else f" or has no {rep.kind} part.")
    )
    view = type(
        f"Guide{rep.kind.title()}View",
        (SnapshotView,),
        {"representation": rep, "__module__": __name__, **_negotiation(rep)},
    )
    return read_operation(
        rep.operation_id,
        summary=rep.summary,
        description=description,
        tag="guides",
        response=rep.schema,
        errors=(404,),
        parameters=_parameters(rep),
        responses=schema_problems.responses(schema, 404, media_types=media_types),
    )(view)


# One view per guide representation with an address of its own (api.registry.GUIDE).
SNAPSHOT_VIEWS: dict[str, type[SnapshotView]] = {
    rep.kind: snapshot_view(rep) for rep in GUIDE if rep.path is not None
}


def catalogue_view(rep: CatalogueRepresentation) -> type[ReadOnlyAPIView]:
    """The view of a catalogue representation (the glossary): frozen bytes like a guide's."""

    def get(self, request: Request, version: str) -> HttpResponse:
        snapshot = catalogue.live(rep.kind, self.language)
        if snapshot is None:  # pragma: no cover - stored on first request
            raise ProblemException("not-found", f"No {rep.kind} is published.")
        response = snapshot_response(request, snapshot, self.language)
        # Refreshed by any publish, so purged with every guide: the `guides` key.
        response["Surrogate-Key"] = f"guides {rep.kind}"
        response["Cache-Tag"] = f"guides,{rep.kind}"
        return response

    view = type(f"{rep.kind.title()}View", (ReadOnlyAPIView,), {"get": get, "__module__": __name__})
    return read_operation(
        rep.operation_id,
        summary=rep.summary,
        description=rep.description,
        tag=rep.kind,
        response=rep.schema,
    )(view)


CATALOGUE_VIEWS: dict[str, type[ReadOnlyAPIView]] = {
    rep.kind: catalogue_view(rep) for rep in CATALOGUE
}


@read_operation(
    "guides_versions_list",
    summary="List a guide's published versions",
    description="Every version of a published guide, newest first, with its note and address.",
    tag="versions",
    response=schema_endpoints.VersionList,
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
    response=schema_endpoints.SyncPage,
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
        position = page.position
        assert position is not None  # every page says where it ends
        body = {
            "api_version": representation.API_VERSION,
            "language": self.language.tag,
            "dir": self.language.direction,
            "languages": [language.tag for language in self.languages],
            "full": page.full,
            "guides": page.guides,
            "deleted": page.deleted,
            "glossaries": page.glossaries,
            "cursor": sync.make_cursor(position),
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
    response=schema_endpoints.LanguageList,
)
class LanguageListView(ReadOnlyAPIView):
    def get(self, request: Request, version: str) -> HttpResponse:
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
