"""Embeddable pages for partner sites: the guide (or one part) as accessible HTML.

Pages are made from the same stored representation the API serves, so they change only
when a guide is published. Framing is allowed, through Content-Security-Policy
`frame-ancestors`, only by the origins of the partner named in `?partner=`; without one, or
with a slug that is unknown or inactive, by nobody (`'none'`), and these cases look alike,
so the page can neither list partners' origins nor tell which slugs exist.

Errors are small HTML pages in the reader's language (a patient reads them inside a
clinic's site), framed under the same policy as the page that was asked for.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import override
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from api import representation, snapshots
from api.embed.errors import render_error
from api.embed.interface import loader_strings
from api.embed.render import part_exists, render_page
from api.jsonld import build_jsonld
from api.negotiation import UnsupportedLanguage, choose_language, from_accept_language
from api.partners.keys import partner_origins
from api.problems import problem_response
from guide.accessibility_analysis.glossary_terms import attach_glossary
from guide.coded_subjects import subjects_of
from guide.document import build_document, guide_tree_queryset
from guide.languages import Language, all_languages, source_language
from guide.models import Guide
from guide.preview import PreviewTokenError, read_token
from guide.reviews import attach_reviews

LOADER = Path(__file__).resolve().parent / "static" / "embed" / "loader.js"
# Part of every cached page's key: raise it when templates or catalogues change the HTML
# of pages whose stored representation did not change.
PAGE_REVISION = "2"


def public_base(request: HttpRequest) -> str:
    """`scheme://host` of the service as readers reach it: PUBLIC_BASE_URL when configured,
    else the request's own (then part of every cache key, so a forged Host or
    X-Forwarded-Proto only ever reaches the request that sent it)."""
    return settings.PUBLIC_BASE_URL or f"{request.scheme}://{request.get_host()}"


def _csp(ancestors: list[str]) -> str:
    frame = " ".join(ancestors) if ancestors else "'none'"
    return (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        f"base-uri 'none'; form-action 'none'; frame-ancestors {frame}"
    )


def _ancestors(request: HttpRequest) -> list[str]:
    """Origins that may frame the page: the named active partner's, else none."""
    partner = request.GET.get("partner")
    return list(partner_origins().get(partner, [])) if partner else []


def _page_response(html: str, language_tag: str, csp: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8", status=status)
    response["Content-Language"] = language_tag
    response["Content-Security-Policy"] = csp
    response["Referrer-Policy"] = "strict-origin-when-cross-origin"
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _reader_language(request: HttpRequest) -> Language:
    """The language to explain an error in: `?lang=` if served, else the browser's."""
    try:
        return choose_language(request.GET.get("lang"), request.headers.get("Accept-Language", ""))
    except UnsupportedLanguage:
        return from_accept_language(request.headers.get("Accept-Language", "")) or (
            source_language()
        )


def error_page(
    request: HttpRequest, kind: str, status: int, *, guide_url: str | None = None, **details: str
) -> HttpResponse:
    language = _reader_language(request)
    html = render_error(language, kind, status, guide_url=guide_url, **details)
    response = _page_response(html, language.tag, _csp(_ancestors(request)), status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@xframe_options_exempt
def embed_guide(request: HttpRequest, slug: str, part: str | None = None) -> HttpResponse:
    try:
        language = choose_language(
            request.GET.get("lang"), request.headers.get("Accept-Language", "")
        )
    except UnsupportedLanguage as exc:
        return error_page(request, "language", 400, requested=exc.requested[:40])
    snapshot = snapshots.live(slug, language, "detail")
    if snapshot is None:
        return error_page(request, "guide", 404)
    base = public_base(request)
    ancestors = _ancestors(request)
    csp = _csp(ancestors)
    # Only a partner that may frame the page is carried into it (and into the cache key):
    # any other value gives the same page, so slugs cannot be probed or the cache flooded.
    partner = request.GET.get("partner", "") if ancestors else ""
    etag = (
        '"'
        + hashlib.sha256(
            "|".join(
                [
                    snapshot.etag,
                    part or "",
                    csp,
                    base,
                    partner,
                    settings.EMBED_PROVIDER_NAME,
                    PAGE_REVISION,
                ]
            ).encode()
        ).hexdigest()[:40]
        + '"'
    )
    key = f"embed:v1:{etag}"
    html = cache.get(key)
    if html is None:
        guide = json.loads(snapshot.body)
        guide_path = reverse("embed:guide", args=[slug])
        if part is not None and not part_exists(guide, part):
            return error_page(
                request, "part", 404, guide_url=f"{base}{guide_path}?lang={language.tag}"
            )
        canonical = f"{base}{guide_path}?lang={language.tag}"
        page_url = f"{base}{request.path}?lang={language.tag}"
        if partner:
            page_url += f"&partner={partner}"
        try:
            document = (
                Guide.objects.filter(slug=slug, live_version__isnull=False)
                .values_list("live_version__document", flat=True)
                .first()
            )
            codes = subjects_of(document["id"]) if document else []
        except DatabaseError:  # the page still serves from the stored copy, without JSON-LD
            document = None
        jsonld = build_jsonld(guide, document, language, canonical, codes) if document else None
        html = render_page(
            guide,
            part=part,
            canonical_url=canonical,
            provider=settings.EMBED_PROVIDER_NAME,
            jsonld=jsonld,
            oembed_url=f"{base}{reverse('api:oembed', kwargs={'version': 'v1'})}?"
            + urlencode({"url": page_url}),
        )
        if document is not None:
            cache.set(key, html, settings.API_LIVE_CACHE_SECONDS)
    response = _page_response(html, language.tag, csp)
    response["ETag"] = etag
    response["Cache-Control"] = settings.API_CACHE_CONTROL
    response["Surrogate-Key"] = f"guides guide-{slug} guide-{slug}-v{snapshot.number}"
    response["Cache-Tag"] = f"guides,guide-{slug},guide-{slug}-v{snapshot.number}"
    return get_conditional_response(request, etag=etag, response=response) or response


@require_safe
def embed_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The working copy as an embed page, for editors holding a preview link."""
    try:
        language = choose_language(
            request.GET.get("lang"), request.headers.get("Accept-Language", "")
        )
    except UnsupportedLanguage as exc:
        return error_page(request, "language", 400, requested=exc.requested[:40])
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
@xframe_options_exempt
def embed_not_found(request: HttpRequest, path: str) -> HttpResponse:
    return error_page(request, "address", 404)


@require_safe
def loader_js(request: HttpRequest) -> HttpResponse:
    """The loader, with its few words (frame title, fallback link) in every language."""
    strings = {}
    for language in all_languages():
        with override(language.code):
            strings[language.tag] = loader_strings()
    script = LOADER.read_text("utf-8").replace(
        "/*STRINGS*/{}", json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c")
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
