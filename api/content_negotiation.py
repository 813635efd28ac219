"""DRF content negotiation without parsing in the common case (kept import-light: DRF loads
it from settings while its own modules are still importing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rest_framework.negotiation import DefaultContentNegotiation

if TYPE_CHECKING:
    from rest_framework.renderers import BaseRenderer

_ANY = ("", "*/*")
JSON = "application/json"


class JSONFirstNegotiation(DefaultContentNegotiation):
    """DRF's content negotiation, answered without parsing for `*/*` and `application/json`
    (what apps, wrk and curl send); any other Accept header or `?format=` gets DRF's own."""

    def select_renderer(
        self, request: Any, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)
        if renderers and not format_suffix:
            query = getattr(request, "query_params", request.GET)
            if self.settings.URL_FORMAT_OVERRIDE not in query:
                accept = request.META.get("HTTP_ACCEPT", "").strip()
                if accept in _ANY:
                    return renderers[0], renderers[0].media_type
                if accept == JSON:
                    for renderer in renderers:
                        if renderer.media_type == JSON:
                            return renderer, JSON
        return super().select_renderer(request, renderers, format_suffix)
