"""A partner page on another origin embeds guides with loader.js, in real Chromium.

axe-core (the copy shipped in the axe-playwright-python wheel) checks both the partner
page and the embedded guide for WCAG 2.0/2.1/2.2 A and AA and best practices.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import axe_playwright_python
import pytest

from api.models import Partner
from tests.conftest import SEED_SLUG

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")

PARTNER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Riverside Clinic: eczema care</title></head>
<body><main><h1>Eczema care at Riverside</h1>
<div data-guide="{slug}" data-lang="{lang}" data-partner="{partner}">
<a href="{api}/embed/v1/guides/{slug}/?lang={lang}">Read the guide</a></div>
<noscript><a href="{api}/embed/v1/guides/{slug}/?lang={lang}">Read the guide</a></noscript>
</main>
<script src="{api}/embed/v1/loader.js"></script>
</body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def partner_site(tmp_path):
    """A static site on its own origin (127.0.0.1:<port>), stopped after the test."""
    handler = functools.partial(_Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def axe_violations(frame) -> list[dict]:
    frame.evaluate(AXE_SOURCE)
    result = frame.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def write_page(directory: Path, name: str, api: str, lang: str, partner: str = "riverside") -> str:
    (directory / name).write_text(
        PARTNER_PAGE.format(slug=SEED_SLUG, lang=lang, partner=partner, api=api), "utf-8"
    )
    return name


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("es", "ltr"), ("ar", "rtl")])
def test_loader_embeds_an_accessible_resizing_guide(
    browser, live_seeded, partner_site, lang, direction
):
    directory, origin = partner_site
    api = live_seeded.url
    Partner.objects.create(name="Riverside", slug="riverside", origins=origin)
    name = write_page(directory, f"{lang}.html", api, lang)
    page = browser.new_page(viewport={"width": 800, "height": 900})
    requests_seen: list[str] = []
    page.on("request", lambda r: requests_seen.append(r.url))
    page.goto(f"{origin}/{name}")
    iframe = page.wait_for_selector("iframe")
    frame = iframe.content_frame()
    frame.wait_for_selector("h1")
    # The loader set a starting height; the frame's message made it fit its content.
    page.wait_for_function(
        "() => parseInt(document.querySelector('iframe').style.height) > 2000", timeout=10000
    )
    height = page.evaluate("() => parseInt(document.querySelector('iframe').style.height)")
    content = frame.evaluate("() => document.documentElement.scrollHeight")
    assert abs(height - content) <= 2
    assert iframe.get_attribute("title") == frame.title()
    assert frame.evaluate("() => document.documentElement.lang") == lang
    assert frame.evaluate("() => document.documentElement.dir") == direction
    if lang == "ar":  # English passages (sources, any untranslated text) are marked
        assert frame.locator("[lang=en][dir=ltr]").count() >= 1
    # Opening a FAQ entry grows the page, and the frame follows.
    frame.locator("details summary").first.click()
    page.wait_for_function(
        f"() => parseInt(document.querySelector('iframe').style.height) > {height}", timeout=5000
    )
    assert axe_violations(page.main_frame) == []
    assert axe_violations(frame) == []
    third_party = [u for u in requests_seen if not u.startswith((origin, api))]
    assert third_party == []
    page.close()


def test_an_unregistered_origin_cannot_frame_the_guide(browser, live_seeded, partner_site):
    directory, origin = partner_site
    Partner.objects.create(name="Elsewhere", slug="elsewhere", origins="https://elsewhere.example")
    name = write_page(directory, "stranger.html", live_seeded.url, "en", partner="elsewhere")
    page = browser.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"{origin}/{name}")
    iframe = page.wait_for_selector("iframe")
    page.wait_for_timeout(1500)
    frame = iframe.content_frame()
    assert frame is None or frame.url.startswith("chrome-error://")  # refused, not rendered
    assert blocked, "Chromium reported no frame-ancestors refusal"
    page.close()
