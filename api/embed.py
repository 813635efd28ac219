"""Embeddable pages for partner sites: the guide (or one part) as accessible HTML.

Pages are made from the same stored representation the API serves, so they change only
when a guide is published. Framing is allowed, through Content-Security-Policy
`frame-ancestors`, only by the requesting partner's registered origins (or, without a
`partner` parameter, by any active partner's), never by anyone else.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from api import representation, snapshots
from api.embed_render import PARTS, part_exists, render_page
from api.jsonld import build_jsonld
from api.negotiation import UnsupportedLanguage, choose_language, supported_tags
from api.partners import partner_origins
from api.problems import problem_response
from guide.document import build_document, guide_tree_queryset
from guide.glossary import attach_glossary
from guide.models import Guide
from guide.preview import PreviewTokenError, read_token
from guide.reviews import attach_reviews

LOADER = Path(__file__).resolve().parent / "static" / "embed" / "loader.js"


def _csp(ancestors: list[str]) -> str:
    frame = " ".join(ancestors) if ancestors else "'none'"
    return (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        f"base-uri 'none'; form-action 'none'; frame-ancestors {frame}"
    )


def _language(request: HttpRequest):
    return choose_language(request.GET.get("lang"), request.headers.get("Accept-Language", ""))


def _bad_language(exc: UnsupportedLanguage) -> HttpResponse:
    return problem_response(
        "unsupported-language",
        f"Language {exc.requested[:40]!r} is not served. Supported: {', '.join(supported_tags())}.",
        supported_languages=supported_tags(),
    )


def _page_response(html: str, language_tag: str, csp: str) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language_tag
    response["Content-Security-Policy"] = csp
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_safe
@xframe_options_exempt
def embed_guide(request: HttpRequest, slug: str, part: str | None = None) -> HttpResponse:
    try:
        language = _language(request)
    except UnsupportedLanguage as exc:
        return _bad_language(exc)
    partner = request.GET.get("partner")
    origins = partner_origins()
    if partner is not None and partner not in origins:
        return problem_response(
            "not-found", f"No active partner is called {partner[:60]!r}; check data-partner."
        )
    ancestors = origins[partner] if partner else sorted({o for v in origins.values() for o in v})
    snapshot = snapshots.live(slug, language, "detail")
    if snapshot is None:
        return problem_response("not-found", f"No published guide has the slug {slug[:80]!r}.")
    csp = _csp(ancestors)
    etag = (
        '"'
        + hashlib.sha256(
            f"{snapshot.etag}|{part}|{csp}|{settings.EMBED_PROVIDER_NAME}".encode()
        ).hexdigest()[:40]
        + '"'
    )
    key = f"embed:v1:{etag}"
    html = cache.get(key)
    if html is None:
        guide = json.loads(snapshot.body)
        if part is not None and not part_exists(guide, part):
            return problem_response(
                "not-found",
                f"The guide {slug!r} has no part {part[:60]!r}. Parts: "
                f"{', '.join(PARTS)}, or a section anchor.",
            )
        canonical = request.build_absolute_uri(
            reverse("embed:guide", args=[slug]) + f"?lang={language.tag}"
        )
        try:
            document = (
                Guide.objects.filter(slug=slug, live_version__isnull=False)
                .values_list("live_version__document", flat=True)
                .first()
            )
        except DatabaseError:  # the page still serves from the stored copy, without JSON-LD
            document = None
        jsonld = build_jsonld(guide, document, language, canonical) if document else None
        html = render_page(
            guide,
            part=part,
            canonical_url=canonical,
            provider=settings.EMBED_PROVIDER_NAME,
            jsonld=jsonld,
        )
        if document is not None:
            cache.set(key, html, settings.API_LIVE_CACHE_SECONDS)
    response = _page_response(html, language.tag, csp)
    response["ETag"] = etag
    response["Cache-Control"] = settings.API_CACHE_CONTROL
    response["Surrogate-Key"] = f"guides guide-{slug} guide-{slug}-v{snapshot.number}"
    response["Cache-Tag"] = f"guides,guide-{slug},guide-{slug}-v{snapshot.number}"
    return get_conditional_response(request, etag=etag, response=response)


@require_safe
def embed_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The working copy as an embed page, for editors holding a preview link."""
    try:
        language = _language(request)
    except UnsupportedLanguage as exc:
        return _bad_language(exc)
    try:
        guide = read_token(token)
    except PreviewTokenError as exc:
        return problem_response("invalid-preview-token", str(exc))
    document = attach_reviews(
        attach_glossary(build_document(guide_tree_queryset().get(pk=guide.pk)))
    )
    payload = representation.render_guide(document, language)
    html = render_page(
        payload,
        part=None,
        canonical_url=request.build_absolute_uri(),
        provider=f"{settings.EMBED_PROVIDER_NAME} (preview of unpublished edits)",
    )
    response = _page_response(html, language.tag, _csp([]))
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def loader_js(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(LOADER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
