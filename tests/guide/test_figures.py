"""Figures: an upload in the admin, cleaned of metadata, published with renditions, served
by the API with alt text per language and by the embed with srcset."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from guide import figures
from guide.models import Figure, Guide, Section
from guide.publishing import publish
from tests.support.admin_forms import change_form_data
from tests.support.images import ARTIST, photo
from tests.support.openapi_validation import assert_valid


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_an_upload_is_upright_and_has_no_metadata():
    raw = photo()
    assert ARTIST.encode() in raw
    clean = figures.clean_upload(raw)
    assert ARTIST.encode() not in clean.content and b"PhoneMaker" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert not image.getexif()
        assert image.size == (900, 1600)  # turned upright by its orientation, then dropped
    assert (clean.width, clean.height, clean.extension) == (900, 1600, "jpeg")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not an image"),
        (b"GIF89a" + b"\0" * 20, "not an image"),
        (photo(fmt="GIF", orientation=None), "GIF images are not accepted"),
    ],
)
def test_uploads_of_other_kinds_are_refused(data, message):
    with pytest.raises(figures.FigureError, match=message):
        figures.clean_upload(data)


def test_too_large_uploads_are_refused(monkeypatch):
    monkeypatch.setattr(figures, "MAX_PIXELS", 1000)
    with pytest.raises(figures.FigureError, match="million pixels"):
        figures.clean_upload(photo(size=(100, 100)))
    monkeypatch.setattr(figures, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(figures.FigureError, match="larger than"):
        figures.clean_upload(photo(size=(100, 100)))


def test_renditions_are_never_upscaled():
    small = figures.renditions("a" * 64, 500, 250, "png")
    assert {r["width"] for r in small} == {320, 500}
    assert small[-1]["format"] == "png" and small[0]["format"] in ("avif", "webp")
    assert all(r["height"] == r["width"] // 2 for r in small)
    big = figures.renditions("b" * 64, 4000, 3000, "jpeg")
    assert sorted({r["width"] for r in big}) == list(figures.WIDTHS)


@pytest.fixture
def editor_client(client, seeded):
    admin = User.objects.create_superuser("figure-admin", "a@example.org", "pw")
    client.force_login(admin)
    return client


def upload_in_admin(client, section: Section, data: bytes, name: str, **texts) -> object:
    url = f"/admin/guide/section/{section.pk}/change/"
    form = change_form_data(client.get(url).content.decode(), "section_form")
    form["figures-TOTAL_FORMS"] = ["1"]
    fields = {"order": "1", "alt_en": "", **texts}
    for key, value in fields.items():
        form[f"figures-0-{key}"] = [value]
    form["figures-0-image"] = SimpleUploadedFile(name, data, "image/jpeg")
    return client.post(url, form)


def test_an_image_uploaded_in_the_admin_reaches_the_api_and_the_embed(editor_client, seeded, media):
    client = editor_client
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    response = upload_in_admin(
        client,
        section,
        photo(),
        "fingertip.jpg",
        alt_en="A line of cream from the fingertip to the first crease.",
        alt_es="Una línea de crema desde la punta del dedo hasta el primer pliegue.",
        caption_en="One fingertip unit.",
    )
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode()
    )
    figure = Figure.objects.get(section=section)
    stored = (media / figure.image.name).read_bytes()
    assert (
        ARTIST.encode() not in stored
        and figure.sha256
        and (figure.width, figure.height) == (900, 1600)
    )
    publish(seeded, note="with a figure")

    client.logout()
    body = client.get(f"/api/v1/guides/{seeded.slug}/", {"lang": "es"}).json()
    served = body["sections"][0]["figures"][0]
    assert served["alt"].startswith("Una línea de crema")
    assert served["fallback"] == {"caption": "en"}  # no Spanish caption yet
    assert served["decorative"] is False and (served["width"], served["height"]) == (900, 1600)
    formats = {r["format"] for r in served["renditions"]}
    assert {"webp", "jpeg"} <= formats
    assert {r["width"] for r in served["renditions"]} == {320, 640, 900}
    arabic = client.get(f"/api/v1/guides/{seeded.slug}/", {"lang": "ar"}).json()
    fig_ar = arabic["sections"][0]["figures"][0]
    assert fig_ar["alt"].startswith("A line of cream") and fig_ar["fallback"]["alt"] == "en"
    openapi = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert_valid(openapi, "GuideDetail", body)

    # Every rendition exists, is the size it says, has no metadata, and is cached for good.
    for rendition in served["renditions"]:
        got = client.get(rendition["url"])
        assert got.status_code == 200, rendition["url"]
        assert got["Cache-Control"] == "public, max-age=31536000, immutable"
        assert got["Content-Type"] == rendition["media_type"]
        data = b"".join(got.streaming_content)
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (rendition["width"], rendition["height"])
            assert image.format.lower() == rendition["format"]
            assert not image.getexif().get(0x013B)
    assert client.get("/media/figures/renditions/nope.webp").status_code == 404
    assert client.get(f"/media/{figure.image.name}").status_code == 404  # originals stay private

    blocks = client.get(f"/api/v1/guides/{seeded.slug}/", {"format": "blocks"}).json()
    last = blocks["sections"][0]["blocks"][-1]
    assert last["type"] == "figure" and last["figure"]["id"] == figure.pk
    assert_valid(openapi, "GuideDetail", blocks)

    page = client.get(f"/embed/v1/guides/{seeded.slug}/", {"lang": "es"}).content.decode()
    img = re.search(r"<img [^>]*>", page).group(0)
    assert 'alt="Una línea de crema' in img
    assert re.search(r'srcset="[^"]+ 320w, [^"]+ 640w, [^"]+ 900w"', img)
    assert 'width="900" height="1600"' in img
    assert '<source type="image/webp" srcset=' in page
    assert '<figcaption><span lang="en" dir="ltr">One fingertip unit.</span>' in page


def test_alt_text_is_required_unless_decorative(editor_client, seeded):
    section = Section.objects.filter(guide=seeded, parent=None).first()
    missing = upload_in_admin(editor_client, section, photo(), "a.jpg")
    assert missing.status_code == 200 and "Describe the image" in missing.content.decode()
    both = upload_in_admin(editor_client, section, photo(), "a.jpg", decorative="on", alt_en="x")
    assert "A decorative image has no alt text" in both.content.decode()
    bad = upload_in_admin(editor_client, section, b"not an image", "a.jpg", alt_en="x")
    assert bad.status_code == 200 and not Figure.objects.exists()
    ok = upload_in_admin(editor_client, section, photo(), "divider.jpg", decorative="on")
    assert ok.status_code == 302
    publish(Guide.objects.get(pk=seeded.pk))
    editor_client.logout()
    body = editor_client.get(f"/api/v1/guides/{seeded.slug}/", {"lang": "vi"}).json()
    served = next(s for s in body["sections"] if s.get("figures"))["figures"][0]
    assert served["decorative"] is True and served["alt"] == "" and "fallback" not in served
    page = editor_client.get(f"/embed/v1/guides/{seeded.slug}/").content.decode()
    img = re.search(r"<img [^>]*>", page).group(0)
    assert 'alt=""' in img and "<figure" not in page  # nothing for assistive technology
