"""Embed pages over real HTTP: structure, language of parts, framing policy, oEmbed."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest

from api.models import Partner
from guide.models import FAQEntry, Guide, Section
from guide.publishing import publish
from tests.conftest import SEED_SLUG

EMBED = f"/embed/v1/guides/{SEED_SLUG}/"


class Outline(HTMLParser):
    """Headings, tables and scripts of a page, as a screen reader would meet them."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.scripts: list[dict] = []
        self.th_scopes: list[str | None] = []
        self.captions = 0
        self.html_attrs: dict = {}
        self.lang_en = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "th":
            self.th_scopes.append(attrs.get("scope"))
        if tag == "caption":
            self.captions += 1
        if tag != "html" and attrs.get("lang") == "en":
            self.lang_en += 1
            assert attrs.get("dir") == "ltr"


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def assert_heading_order(levels: list[int]) -> None:
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


@pytest.fixture
def partner(live_seeded) -> Partner:
    return Partner.objects.create(
        name="Riverside", slug="riverside", origins="https://clinic.example.org"
    )


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("es", "ltr"), ("ar", "rtl")])
def test_whole_guide_page(http, partner, lang, direction):
    response = http.get(EMBED, params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = outline(response.text)
    assert page.html_attrs == {"lang": lang, "dir": direction}
    assert_heading_order(page.headings)
    assert page.captions == 1
    assert page.th_scopes.count("col") == 5 and page.th_scopes.count("row") == 5
    assert {s.get("src") for s in page.scripts if s.get("src")} == {"/static/embed/frame.js"}
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in page.scripts)
    resources = re.findall(r'<(?:script|img)[^>]*\ssrc="([^"]+)"', response.text)
    resources += re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.text)
    assert len(resources) == 2 and all(r.startswith("/static/") for r in resources), resources
    # The sources are listed in their own language (English), marked as such on every page.
    sources = len(http.get(f"/api/v1/guides/{SEED_SLUG}/").json()["references"])
    assert sources >= 1
    if lang == "ar":
        assert page.lang_en >= sources  # any untranslated text is marked too
    else:
        assert page.lang_en == sources


def test_partial_translation_marks_each_fallback(http_partial):
    page = outline(http_partial.get(EMBED, params={"lang": "ar"}).text)
    assert page.html_attrs == {"lang": "ar", "dir": "rtl"}
    assert page.lang_en > 10  # untranslated sections, table and subtitle are marked


def test_framing_is_limited_to_partner_origins(http, partner):
    csp = http.get(EMBED).headers["Content-Security-Policy"]
    assert "frame-ancestors https://clinic.example.org" in csp
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "X-Frame-Options" not in http.get(EMBED).headers
    other = Partner.objects.create(name="Other", slug="other", origins="https://other.example")
    mine = http.get(EMBED, params={"partner": "riverside"}).headers["Content-Security-Policy"]
    assert "https://other.example" not in mine and "https://clinic.example.org" in mine
    other.active = False
    other.save()
    assert http.get(EMBED, params={"partner": "other"}).status_code == 404
    Partner.objects.all().update(active=False)
    from django.core.cache import cache

    from api.partners import ORIGINS_CACHE_KEY

    cache.delete(ORIGINS_CACHE_KEY)
    assert "frame-ancestors 'none'" in http.get(EMBED).headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "part",
    [
        "faq",
        "comparison",
        "what-the-trial-found-time-to-improvement-pain-and-symptom-relief",
        "why-pain-scores-matter-in-eczema",
    ],
)
def test_parts_have_one_h1_and_no_skipped_levels(http, partner, part):
    response = http.get(EMBED + f"{part}/", params={"lang": "es"})
    assert response.status_code == 200
    assert_heading_order(outline(response.text).headings)


def test_unknown_part_guide_and_language_are_problems(http, partner):
    for path, params, status in [
        (EMBED + "nope/", {}, 404),
        ("/embed/v1/guides/no-such-guide/", {}, 404),
        (EMBED, {"lang": "xx"}, 400),
        ("/embed/v9/whatever", {}, 404),
    ]:
        response = http.get(path, params=params)
        assert response.status_code == status
        assert response.headers["Content-Type"] == "application/problem+json"


def test_conditional_get_and_cache_headers(http, partner):
    first = http.get(EMBED)
    again = http.get(EMBED, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert f"guide-{SEED_SLUG}" in first.headers["Surrogate-Key"]


def test_a_script_in_content_is_rendered_inert(http, partner):
    guide = Guide.objects.get(slug=SEED_SLUG)
    section = Section.objects.filter(guide=guide, parent=None).first()
    section.body_en = '<p>Safe<script>alert("x")</script><img src=x onerror=alert(1)></p>'
    section.heading_en = '<script>alert("heading")</script>Heading'
    section.save()
    entry = FAQEntry.objects.get(guide=guide, order=1)
    entry.answer_en = '<script>alert("faq")</script>'
    entry.save()
    publish(guide)
    html = http.get(EMBED).text
    assert "<script>alert" not in html and "onerror" not in html
    assert "&lt;script&gt;alert(&quot;heading&quot;)" in html


def test_loader_script(http):
    response = http.get("/embed/v1/loader.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["Content-Type"]
    assert "patient-guide:resize" in response.text


def test_oembed(http, partner):
    url = http.base + EMBED + "faq/?lang=es"
    body = http.get("/api/v1/oembed/", params={"url": url, "maxwidth": "600"}).json()
    assert body["type"] == "rich" and body["version"] == "1.0"
    assert body["width"] == 600
    assert 'title="Opzelura muestra' in body["html"]
    assert "/embed/v1/guides/opzelura-atopic-dermatitis/faq/?lang=es" in body["html"]
    bad = http.get("/api/v1/oembed/", params={"url": "https://elsewhere.example/x"})
    assert bad.status_code == 404 and bad.headers["Content-Type"] == "application/problem+json"
    xml = http.get("/api/v1/oembed/", params={"url": url, "format": "xml"})
    assert xml.status_code == 501
