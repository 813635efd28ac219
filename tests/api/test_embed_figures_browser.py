"""An embedded guide with figures in real Chromium: images load (the right rendition for the
viewport), alt text is in the reader's language, and axe-core finds nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guide import figures
from guide.models import Figure, Guide, Section
from guide.publishing import publish
from tests.support.browser import axe_violations
from tests.support.guides import SEED_SLUG
from tests.support.images import photo


@pytest.fixture
def with_figures(live_seeded, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    section = Section.objects.filter(guide__slug=SEED_SLUG, parent=None).order_by("order").first()
    for order, decorative in ((1, False), (2, True)):
        clean = figures.clean_upload(photo(size=(1200, 800), orientation=None))
        Figure.objects.create(
            section=section,
            order=order,
            image=SimpleUploadedFile(f"f{order}.jpeg", clean.content, "image/jpeg"),
            sha256=clean.sha256,
            decorative=decorative,
            alt_en="" if decorative else "Cream squeezed along an index finger.",
            alt_ar="" if decorative else "كريم على طول إصبع السبابة.",
            caption_en="" if decorative else "One fingertip unit.",
        )
    publish(Guide.objects.get(slug=SEED_SLUG), note="figures")
    return live_seeded


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_embed_with_figures_is_accessible(browser, with_figures, lang, tmp_path):
    page = browser.new_page(viewport={"width": 420, "height": 900})
    page.goto(f"{with_figures.url}/embed/v1/guides/{SEED_SLUG}/?lang={lang}")
    image = page.locator("figure img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('figure img');"
        " return i.complete && i.naturalWidth > 0 }",
        timeout=10000,
    )
    current = image.evaluate("i => i.currentSrc")
    assert "/media/figures/renditions/" in current
    assert current.endswith((".avif", ".webp"))  # a modern format from <source>
    assert image.evaluate("i => i.naturalWidth") <= 960  # not the largest for a phone
    alt = image.get_attribute("alt")
    assert alt == (
        "كريم على طول إصبع السبابة." if lang == "ar" else "Cream squeezed along an index finger."
    )
    assert page.locator("img[alt='']").count() == 1  # the decorative one
    page.screenshot(path=str(tmp_path / f"embed-figure-{lang}.png"), full_page=False)
    assert axe_violations(page.main_frame) == []
    page.close()
