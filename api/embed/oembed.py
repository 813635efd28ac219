"""oEmbed (https://oembed.com) for guide addresses: the embed's loader snippet as a rich embed.

The addresses it accepts are those of `api.registry` (embed pages and published API
addresses of a guide).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from api import schema_endpoints, snapshots
from api.caching import json_response
from api.embed.render import part_exists
from api.embed.views import public_base
from api.negotiation import UnsupportedLanguage, choose_language
from api.problems import ProblemException
from api.read_view import LANG_PARAMETER, ReadOnlyAPIView, read_operation
from api.registry import EMBED_GUIDES, GUIDE_ADDRESS
from api.request_guards import is_ascii_digits

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
    response=schema_endpoints.OEmbed,
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
        example = base + EMBED_GUIDES + "<slug>/"
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
        match = GUIDE_ADDRESS.match(parts.path or "")
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
