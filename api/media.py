"""Figure renditions over HTTP, for deployments without a web server or CDN in front.

Rendition names contain the digest of their original (guide.figures), so a URL always
means the same bytes: a year-long `immutable` lifetime is safe. Originals are not served
publicly: they are for editors, and readers get renditions.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest

from guide.figures import MEDIA_TYPES, RENDITION_DIR

IMMUTABLE = "public, max-age=31536000, immutable"


def rendition(request: HttpRequest, name: str) -> FileResponse:
    path = f"{RENDITION_DIR}/{name}"
    media_type = MEDIA_TYPES.get(name.rsplit(".", 1)[-1])
    if media_type is None or name.startswith(".") or not default_storage.exists(path):
        raise Http404("No such rendition.")
    # The type by our own table: the platform's may not know AVIF.
    response = FileResponse(default_storage.open(path, "rb"), content_type=media_type)
    response["Cache-Control"] = IMMUTABLE
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # partner pages embed them
    return response
