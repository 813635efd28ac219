"""Figures: checking and cleaning uploads, and the renditions made at publish time.

An upload is opened with Pillow (so a file that only claims to be an image is refused),
limited in bytes and pixels, turned upright by its EXIF orientation, and re-encoded without
any metadata (EXIF can carry GPS coordinates, a device or a person's name). Renditions are
named by the digest of the cleaned original, width and format, so they never change once
written: served with a year-long immutable cache lifetime, and made only once however often
a guide is republished. Which renditions exist is a pure function of the original's size
(`renditions()`), so the document and the API can name them before the files are written.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, features

if TYPE_CHECKING:
    from guide.models import GuideVersion

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
WIDTHS = (320, 640, 960, 1280)
RENDITION_DIR = "figures/renditions"
MEDIA_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


class FigureError(ValueError):
    """An upload we do not accept; the message says why, for the editor."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int
    sha256: str


def clean_upload(data: bytes) -> CleanImage:
    """The upload, checked and re-encoded without metadata."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FigureError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            size = probe.size
            probe.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken or foreign file
        raise FigureError("The file is not an image Pillow can read.") from exc
    if kind not in ACCEPTED:
        raise FigureError(f"{kind} images are not accepted; use JPEG, PNG or WebP.")
    if size[0] * size[1] > MAX_PIXELS:
        raise FigureError(f"The image has more than {MAX_PIXELS // 1_000_000} million pixels.")
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)  # upright, and drops the orientation tag
        extension = ACCEPTED[kind]
        if extension == "jpeg" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        # No `exif=`, `icc_profile=` or `pnginfo=`: nothing but pixels is written.
        if extension == "jpeg":
            image.save(out, "JPEG", quality=90, optimize=True)
        elif extension == "png":
            image.save(out, "PNG", optimize=True)
        else:
            image.save(out, "WEBP", quality=90)
        content = out.getvalue()
        width, height = image.size
    return CleanImage(content, extension, width, height, hashlib.sha256(content).hexdigest())


def formats(original_extension: str) -> list[str]:
    """Modern formats this Pillow can write, then one every browser reads."""
    modern = [f for f in ("avif", "webp") if features.check(f)]
    return [*modern, "png" if original_extension == "png" else "jpeg"]


def renditions(sha256: str, width: int, height: int, extension: str) -> list[dict[str, Any]]:
    """The renditions of an original: each width below it (and its own, if smaller than the
    largest), in each format; never upscaled."""
    widths = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1]:
        widths.append(width)
    if not widths:
        widths = [width]
    out = []
    for fmt in formats(extension):
        for w in widths:
            name = f"{RENDITION_DIR}/{sha256[:24]}-{w}.{fmt}"
            out.append(
                {
                    "path": name,
                    "url": settings.MEDIA_URL + name,
                    "width": w,
                    "height": max(1, round(height * w / width)),
                    "format": fmt,
                    "media_type": MEDIA_TYPES[fmt],
                }
            )
    return out


def _save(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "png":
        image.save(out, "PNG", optimize=True)
    elif fmt == "webp":
        image.save(out, "WEBP", quality=80, method=4)
    else:
        image.save(out, "AVIF", quality=60)
    return out.getvalue()


def write_renditions(figure: dict[str, Any]) -> int:
    """Write the renditions of a document's figure that do not exist yet; how many were."""
    missing = [r for r in figure["renditions"] if not default_storage.exists(r["path"])]
    if not missing:
        return 0
    with default_storage.open(figure["image"], "rb") as handle, Image.open(handle) as original:
        original.load()
        for rendition in missing:
            size = (rendition["width"], rendition["height"])
            resized = (
                original
                if size == original.size
                else original.resize(size, Image.Resampling.LANCZOS)
            )
            data = _save(resized, rendition["format"])
            default_storage.save(rendition["path"], ContentFile(data))
    return len(missing)


def document_figures(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    def walk(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for section in sections:
            yield from section.get("figures", [])
            yield from walk(section.get("subsections", []))

    return walk(document["sections"])


def write_published_renditions(sender: Any, version: GuideVersion, **kwargs: Any) -> None:
    """Connected to `version_published` (guide.apps): inside the publishing transaction, so
    a guide is not published with renditions that could not be written."""
    for figure in document_figures(version.document):
        write_renditions(figure)
