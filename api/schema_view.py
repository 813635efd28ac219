"""The OpenAPI schema endpoint: generated once per process, throttled like the API.

drf-spectacular builds the schema from the URL conf and views on every request: about half
a second of CPU each, so an unthrottled loop on `/api/v1/schema/` could keep a server busy.
The schema only changes with the code and settings, so the generated document is kept for
the life of the process, and the endpoint counts against the caller's rate limit.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from api.access import ApiKeyAuthentication, TieredRateThrottle
from api.request_policy import RequestPolicy

_schemas: dict[tuple[str, str], Any] = {}


class SchemaView(RequestPolicy, SpectacularAPIView):
    authentication_classes = [ApiKeyAuthentication]
    throttle_classes = [TieredRateThrottle]

    def _get_schema_response(self, request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (str(version), request.GET.get("lang") or "")
        if key not in _schemas:
            _schemas[key] = super()._get_schema_response(request).data
        return Response(
            data=_schemas[key],
            headers={
                "Content-Disposition": (
                    f'inline; filename="{self._get_filename(request, version)}"'
                ),
                "Cache-Control": "public, max-age=3600",
            },
        )
