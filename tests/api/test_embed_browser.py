"""A partner page on another origin embeds guides with loader.js, in real Chromium.

axe-core (the copy shipped in the axe-playwright-python wheel) checks both the partner
page and the embedded guide for WCAG 2.0/2.1/2.2 A and AA and best practices. Each test
loads the seed once and walks several languages or cases in one browser page, to stay
quick. With EMBED_SHOTS_DIR set, screenshots (and the printed page, as PDF) are written
there for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from api.partners.models import Partner
from guide.accessibility_analysis.glossary_terms import import_glossary
from guide.models import Guide
from guide.publishing import publish
from tests.support.browser import axe_violations
from tests.support.guides import SEED_SLUG

LANGUAGES = [("en", "ltr"), ("es", "ltr"), ("fr", "ltr"), ("zh-Hans", "ltr"), ("vi", "ltr")]
LANGUAGES += [("ar", "rtl")]
SHOTS = os.environ.get("EMBED_SHOTS_DIR")

PARTNER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Riverside Clinic: eczema care</title></head>
<body><main><h1>Eczema care at Riverside</h1>
{containers}
<noscript><a href="{api}/embed/v1/guides/{slug}/">Read the guide</a></noscript>
</main>
<script src="{api}/embed/v1/loader.js"></script>
</body></html>
"""
CONTAINER = (
    '<div data-guide="{slug}" data-lang="{lang}" data-partner="{partner}"{extra}>'
    '<a href="{api}/embed/v1/guides/{slug}/?lang={lang}">Read the guide</a></div>'
)

# Every text node whose words are mostly of another script than the language it is
# declared in (by its nearest `lang` ancestor): WCAG 3.1.2, Language of Parts. Words, not
# letters: a Latin word is a run of Latin letters, an Arabic word a run of Arabic letters,
# and each Han character counts as one, so a brand name inside a Chinese sentence
# ("Opzelura是什么") is Chinese text, while "نشره Patient Guides." is mostly English.
LANGUAGE_OF_PARTS = """() => {
  const words = /(\\p{Script=Latin}+)|(\\p{Script=Arabic}+)|(\\p{Script=Han})/gu;
  const names = ["Latin", "Arabic", "Han"];
  const expected = (lang) => {
    const primary = (lang || "").toLowerCase().split("-")[0];
    return primary === "ar" ? "Arabic" : primary === "zh" ? "Han" : "Latin";
  };
  const bad = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest("script, style, head")) continue;
    if (/^\\s*https?:\\/\\/\\S+\\s*$/.test(node.textContent)) continue;  // an address
    const counts = {};
    for (const match of node.textContent.matchAll(words)) {
      const s = names[match.slice(1).findIndex((group) => group !== undefined)];
      counts[s] = (counts[s] || 0) + 1;
    }
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    if (!top || top[1] < 2) continue;
    const lang = el.closest("[lang]").getAttribute("lang");
    if (expected(lang) !== top[0]) {
      bad.push({text: node.textContent.slice(0, 60), lang, script: top[0]});
    }
  }
  return bad;
}"""

HEADINGS = """() => Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6"))
  .map((h) => parseInt(h.tagName[1]))"""


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


def write_page(directory: Path, name: str, api: str, containers: list[dict]) -> str:
    html = "\n".join(
        CONTAINER.format(
            slug=c.get("slug", SEED_SLUG),
            lang=c["lang"],
            partner=c.get("partner", "riverside"),
            extra=c.get("extra", ""),
            api=api,
        )
        for c in containers
    )
    (directory / name).write_text(
        PARTNER_PAGE.format(containers=html, slug=SEED_SLUG, api=api), "utf-8"
    )
    return name


def frame_height(page, index: int) -> int:
    return page.evaluate(
        "(i) => parseInt(document.querySelectorAll('iframe')[i].style.height)", index
    )


@pytest.fixture
def with_glossary(live_seeded):
    """The seed guide published again with the seed glossary, as `import_seed` does: its
    terms link to a list of definitions on every page."""
    import_glossary()
    publish(Guide.objects.get(slug=SEED_SLUG))
    return live_seeded


def shot(page, name: str, **kwargs) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), **kwargs)


def test_loader_embeds_accessible_frames_that_grow_and_shrink(browser, live_seeded, partner_site):
    directory, origin = partner_site
    api = live_seeded.url
    Partner.objects.create(name="Riverside", slug="riverside", origins=origin)
    languages = [("en", "ltr"), ("es", "ltr"), ("ar", "rtl")]
    containers = [{"lang": lang} for lang, _ in languages]
    containers.append({"lang": "es", "extra": ' data-part="faq" data-title="Preguntas: crema"'})
    name = write_page(directory, "frames.html", api, containers)
    page = browser.new_page(viewport={"width": 800, "height": 900})
    requests_seen: list[str] = []
    page.on("request", lambda r: requests_seen.append(r.url))
    page.goto(f"{origin}/{name}")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('iframe'))"
        ".every((f) => f.style.height.endsWith('px'))",
        timeout=20000,
    )
    iframes = page.query_selector_all("iframe")
    titles = set()
    for index, (lang, direction) in enumerate(languages):
        frame = iframes[index].content_frame()
        content = frame.evaluate("() => document.documentElement.getBoundingClientRect().height")
        assert abs(frame_height(page, index) - content) <= 2
        assert frame_height(page, index) > 2000
        assert iframes[index].get_attribute("title") == frame.title()
        assert iframes[index].get_attribute("lang") == lang  # an Arabic title is marked
        titles.add(frame.title())
        assert frame.evaluate("() => document.documentElement.lang") == lang
        assert frame.evaluate("() => document.documentElement.dir") == direction
    # The partner's own title is kept, and several frames are told apart by their titles.
    assert iframes[3].get_attribute("title") == "Preguntas: crema"
    assert len(titles) == 3
    # Opening a FAQ entry grows the frame; closing it shrinks the frame back.
    frame = iframes[1].content_frame()
    before = frame_height(page, 1)
    for summary in frame.locator("details summary").all():
        summary.click()
    page.wait_for_function(
        f"() => parseInt(document.querySelectorAll('iframe')[1].style.height) > {before}",
        timeout=5000,
    )
    for summary in frame.locator("details summary").all():
        summary.click()
    page.wait_for_function(
        f"() => Math.abs(parseInt(document.querySelectorAll('iframe')[1].style.height)"
        f" - {before}) <= 2",
        timeout=5000,
    )
    # A short part: the frame fits it rather than keeping the 40rem starting height.
    faq_frame = iframes[3].content_frame()
    assert (
        abs(
            frame_height(page, 3)
            - faq_frame.evaluate("() => document.documentElement.getBoundingClientRect().height")
        )
        <= 2
    )
    # Links open beside the partner's page, never inside the frame.
    targets = frame.evaluate(
        "() => Array.from(document.querySelectorAll('a[href^=\"http\"]')).map((a) => a.target)"
    )
    assert targets and set(targets) == {"_blank"}
    assert axe_violations(page.main_frame) == []
    for index in range(len(containers)):
        assert axe_violations(iframes[index].content_frame()) == [], index
    third_party = [u for u in requests_seen if not u.startswith((origin, api))]
    assert third_party == []
    page.close()


def test_every_part_in_every_language(browser, with_glossary):
    """axe-core, the language of parts and heading levels on the guide and its parts in
    all six languages; the comparison fits its column at desktop width."""
    api = with_glossary.url
    section = "opzelura-and-moderate-atopic-dermatitis-what-the-new-trial-signals-mean"
    subsection = "why-pain-scores-matter-in-eczema"
    parts = ["", "faq/", "comparison/", f"{section}/", f"{subsection}/"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failures = {}
    for lang, direction in LANGUAGES:
        for part in parts:
            page.goto(f"{api}/embed/v1/guides/{SEED_SLUG}/{part}?lang={lang}")
            assert page.evaluate("() => document.documentElement.dir") == direction
            levels = page.evaluate(HEADINGS)
            assert levels.count(1) == 1 and levels[0] == 1, (lang, part, levels)
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
            problems = axe_violations(page.main_frame) + page.evaluate(LANGUAGE_OF_PARTS)
            if problems:
                failures[(lang, part)] = problems
            if part in ("", "comparison/"):
                fit = page.evaluate(
                    "() => { const s = document.querySelector('.table-scroll');"
                    " return [s.scrollWidth, s.clientWidth]; }"
                )
                assert fit[0] <= fit[1], (lang, part, fit)
    # A glossary term is a link: from the keyboard it leads to its definition and back.
    page.goto(f"{api}/embed/v1/guides/{SEED_SLUG}/?lang=es")
    term = page.locator("main a.term").first
    description = page.evaluate(
        "() => { const a = document.querySelector('main a.term');"
        " return document.getElementById(a.getAttribute('aria-describedby')).textContent; }"
    )
    term.focus()
    page.keyboard.press("Enter")
    target = page.evaluate("() => location.hash")
    definition = page.locator(f"{target} + dd")
    assert definition.is_visible() and description.strip() in definition.inner_text()
    assert page.evaluate(
        "(id) => { const r = document.querySelector(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        target,
    )
    definition.locator("a.back").click()
    assert page.evaluate("() => location.hash") == f"{target}-use"
    assert failures == {}
    page.close()


def test_screenshots_and_small_screens(browser, with_glossary):
    """At 375 px the table scrolls with a visible cue; at 320 px with 200 % text nothing
    overflows sideways. Screenshots of en, es and ar at 375 and 1280 px."""
    api = with_glossary.url
    page = browser.new_page(viewport={"width": 375, "height": 800})
    for lang in ("en", "es", "ar"):
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{api}/embed/v1/guides/{SEED_SLUG}/?lang={lang}")
            shot(page, f"{lang}-{width}-top")
            page.locator(".table-scroll").scroll_into_view_if_needed()
            page.evaluate("() => window.scrollBy(0, -120)")
            shot(page, f"{lang}-{width}-table")
            cue = page.locator(".scroll-cue").first
            assert cue.is_visible() == (width == 375)
    page.set_viewport_size({"width": 320, "height": 800})
    for lang in ("en", "ar"):
        page.goto(f"{api}/embed/v1/guides/{SEED_SLUG}/?lang={lang}")
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        overflowing = page.evaluate(
            "() => Array.from(document.querySelectorAll('h1, h2, h3, p, li, summary'))"
            ".filter((e) => e.scrollWidth > e.clientWidth + 1)"
            ".map((e) => e.textContent.slice(0, 40))"
        )
        assert overflowing == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    page.close()


def test_printed_page_shows_every_answer_and_column(browser, with_glossary, tmp_path):
    api = with_glossary.url
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.goto(f"{api}/embed/v1/guides/{SEED_SLUG}/?lang=es")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => Array.from(document.querySelectorAll('details .answer'))"
        ".filter((a) => !a.checkVisibility() || a.getBoundingClientRect().height === 0).length"
    )
    assert page.locator("details .answer").count() == 6 and hidden == 0
    clipped = page.evaluate(
        "() => { const s = document.querySelector('.table-scroll');"
        " const edge = s.getBoundingClientRect();"
        " return Array.from(document.querySelectorAll('#comparison th, #comparison td'))"
        ".filter((c) => { const r = c.getBoundingClientRect();"
        " return r.right > edge.right + 1 || r.left < edge.left - 1; }).length; }"
    )
    assert clipped == 0
    printed = page.locator(".print-only")
    assert printed.is_visible() and f"/embed/v1/guides/{SEED_SLUG}/" in printed.inner_text()
    assert "2026" in page.locator("footer").inner_text()
    # Terms and their definitions are printed too; the links back are not.
    assert page.locator(".definitions dd").count() > 5
    assert not page.locator(".definitions .back").first.is_visible()
    # A link to the PDF means nothing on paper.
    assert not page.locator("footer .handout").is_visible()
    pdf = Path(SHOTS or tmp_path) / "print-es.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10000
    if SHOTS and shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(Path(SHOTS) / "print-es")],
            check=True,
            timeout=120,
        )
    page.close()


def test_late_containers_error_pages_and_the_fallback_link(browser, live_seeded, partner_site):
    directory, origin = partner_site
    api = live_seeded.url
    Partner.objects.create(name="Riverside", slug="riverside", origins=origin)
    Partner.objects.create(name="Elsewhere", slug="elsewhere", origins="https://elsewhere.example")
    name = write_page(directory, "late.html", api, [])
    page = browser.new_page(viewport={"width": 800, "height": 900})
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"{origin}/{name}")

    def add(slug: str, lang: str, partner: str) -> None:
        """A container, added as a single-page app would, first on the page (frames load
        lazily: one below a 20,000 px guide would wait until scrolled to)."""
        page.evaluate(
            """([slug, lang, partner]) => { const d = document.createElement('div');
            d.dataset.guide = slug; d.dataset.lang = lang; d.dataset.partner = partner;
            d.id = 'late-' + slug + '-' + partner;
            document.querySelector('main').prepend(d); window.scrollTo(0, 0); }""",
            [slug, lang, partner],
        )

    # A container added after the page loaded (as a single-page app would) is mounted.
    add(SEED_SLUG, "es", "riverside")
    page.wait_for_function(
        f"() => {{ const f = document.querySelector('#late-{SEED_SLUG}-riverside iframe');"
        " return f && f.style.height.endsWith('px') && parseInt(f.style.height) > 2000; }",
        timeout=15000,
    )
    # `mount()` returns the frame at once, at the 40rem starting height.
    start = page.evaluate(
        """() => { const d = document.createElement('div'); d.dataset.guide = 'x';
        document.body.appendChild(d); return PatientGuides.mount(d).style.height; }"""
    )
    assert start == "40rem"
    # A withdrawn or mistyped guide: a small page in the reader's language, not JSON.
    add("no-such-guide", "ar", "riverside")
    frame = page.wait_for_selector("#late-no-such-guide-riverside iframe").content_frame()
    frame.wait_for_selector("h1")
    assert frame.evaluate("() => document.documentElement.lang") == "ar"
    assert "لا يمكن عرض" in frame.locator("h1").inner_text()
    assert axe_violations(frame) == []
    # A refused frame never reports ready: the loader shows a link to the guide instead.
    add(SEED_SLUG, "es", "elsewhere")
    link = page.wait_for_selector(
        f"#late-{SEED_SLUG}-elsewhere .patient-guide-fallback a", timeout=15000
    )
    assert link.inner_text() == "Abrir la guía en una pestaña nueva"
    assert link.get_attribute("href").startswith(f"{api}/embed/v1/guides/{SEED_SLUG}/")
    assert not page.locator(f"#late-{SEED_SLUG}-elsewhere iframe").is_visible()
    assert blocked, "Chromium reported no frame-ancestors refusal"
    assert page.locator("#late-no-such-guide-riverside .patient-guide-fallback").count() == 0
    shot(page, "fallback-link")
    assert axe_violations(page.main_frame) == []
    page.close()
