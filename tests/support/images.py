"""Images for figure tests, made in memory with Pillow."""

from __future__ import annotations

import io

from PIL import Image

ARTIST = "Jane Patient"


def photo(
    size: tuple[int, int] = (1600, 900), fmt: str = "JPEG", orientation: int | None = 6
) -> bytes:
    """A photo as a phone makes it: EXIF with a person's name and a sideways orientation."""
    image = Image.new("RGB", size, (210, 140, 100))
    for x in range(0, size[0], 40):
        image.paste((40, 60, 90), (x, 0, x + 10, size[1]))
    exif = Image.Exif()
    exif[0x013B] = ARTIST  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()
