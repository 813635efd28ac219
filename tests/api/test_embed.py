"""Embed pages over real HTTP: structure, language of parts, framing policy, oEmbed."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest

from api.partners.models import Partner
from guide.models import FAQEntry, Guide, Section
from guide.publishing import publish
from tests.support.guides import SEED_SLUG

EMBED = f"/embed/v1/guides/{SEED_SLUG}/"


class Outline(HTMLParser):
    """Headings, tables and scripts of a page, as a screen reader would meet them."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.scripts: list[dict] = []
        self.th_scopes: list[str | None] = []
        self.labelled_tables = 0
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
        if tag == "table" and attrs.get("aria-labelledby"):
            self.labelled_tables += 1
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
def partner(seeded) -> Partner:
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
    assert page.labelled_tables == 1  # named by the caption paragraph above it
    assert page.th_scopes.count("col") == 5 and page.th_scopes.count("row") == 5
    assert {s.get("src") for s in page.scripts if s.get("src")} == {"/static/embed/frame.js"}
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in page.scripts)
    resources = re.findall(r'<(?:script|img)[^>]*\ssrc="([^"]+)"', response.text)
    resources += re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.text)
    assert len(resources) == 2 and all(r.startswith("/static/") for r in resources), resources
    # The sources are listed in their own language (English), marked as such on every page.
    sources = len(http.get(f"/api/v1/guides/{SEED_SLUG}/").json()["references"])
    assert sources >= 1
    # Elsewhere the author's, the provider's and the publisher's names are marked English too.
    names = 0 if lang == "en" else 3
    if lang == "ar":
        assert page.lang_en >= sources + names  # any untranslated text is marked too
    else:
        assert page.lang_en == sources + names
    # The guide's address, for discovery by oEmbed consumers.
    assert 'type="application/json+oembed"' in response.text


def test_partial_translation_marks_each_fallback(http_partial):
    page = outline(http_partial.get(EMBED, params={"lang": "ar"}).text)
    assert page.html_attrs == {"lang": "ar", "dir": "rtl"}
    assert page.lang_en > 10  # untranslated sections, table and subtitle are marked


def test_framing_is_limited_to_the_named_partners_origins(http, partner):
    named = http.get(EMBED, params={"partner": "riverside"})
    csp = named.headers["Content-Security-Policy"]
    assert "frame-ancestors https://clinic.example.org" in csp
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "X-Frame-Options" not in named.headers
    Partner.objects.create(name="Other", slug="other", origins="https://other.example")
    mine = http.get(EMBED, params={"partner": "riverside"}).headers["Content-Security-Policy"]
    assert "https://other.example" not in mine and "https://clinic.example.org" in mine
    # Without a partner nobody's origins are listed: the page cannot be framed at all.
    anonymous = http.get(EMBED).headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in anonymous
    assert "clinic.example.org" not in anonymous and "other.example" not in anonymous


def test_partner_slugs_cannot_be_enumerated(http, partner):
    """An unknown slug and a known partner that may not frame (inactive) look alike."""
    Partner.objects.create(
        name="Dormant", slug="dormant", origins="https://dormant.example", active=False
    )
    unknown = http.get(EMBED, params={"partner": "no-such-partner"})
    inactive = http.get(EMBED, params={"partner": "dormant"})
    assert unknown.status_code == inactive.status_code == 200
    assert unknown.headers["Content-Security-Policy"] == inactive.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in unknown.headers["Content-Security-Policy"]
    assert unknown.text == inactive.text == http.get(EMBED).text
    assert unknown.headers["ETag"] == inactive.headers["ETag"]
    assert "dormant" not in inactive.text


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


def test_errors_are_small_pages_in_the_readers_language(http, partner):
    """A patient meets these inside a clinic's site: HTML in their language, right status."""
    for path, params, headers, status, lang, words in [
        (EMBED + "nope/", {"lang": "es"}, {}, 404, "es", "No se encuentra esta parte"),
        ("/embed/v1/guides/no-such-guide/", {"lang": "ar"}, {}, 404, "ar", "لا يمكن عرض"),
        (EMBED, {"lang": "xx"}, {"Accept-Language": "fr-CA"}, 400, "fr", "Cette langue"),
        ("/embed/v9/whatever", {}, {"Accept-Language": "vi"}, 404, "vi", "Không có gì"),
    ]:
        response = http.get(path, params=params, headers=headers)
        assert response.status_code == status
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Content-Language"] == lang
        page = outline(response.text)
        assert page.html_attrs["lang"] == lang and page.headings == [1]
        assert words in response.text
        assert {s.get("src") for s in page.scripts} == {"/static/embed/frame.js"}
    # The unknown part links to the whole guide; the language error lists those served.
    assert f"{EMBED}?lang=es" in http.get(EMBED + "nope/", params={"lang": "es"}).text
    assert 'lang="zh-Hans"' in http.get(EMBED, params={"lang": "xx"}).text
    # API clients still get problems.
    api = http.get(f"/api/v1/guides/{SEED_SLUG}/", params={"lang": "xx"})
    assert api.headers["Content-Type"] == "application/problem+json"


def test_conditional_get_and_cache_headers(http, partner):
    first = http.get(EMBED)
    again = http.get(EMBED, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert f"guide-{SEED_SLUG}" in first.headers["Surrogate-Key"]


def test_a_script_in_content_is_rendered_inert(http, partner, commit):
    guide = Guide.objects.get(slug=SEED_SLUG)
    section = Section.objects.filter(guide=guide, parent=None).first()
    section.body_en = '<p>Safe<script>alert("x")</script><img src=x onerror=alert(1)></p>'
    section.heading_en = '<script>alert("heading")</script>Heading'
    section.save()
    entry = FAQEntry.objects.get(guide=guide, order=1)
    entry.answer_en = '<script>alert("faq")</script>'
    entry.save()
    with commit():
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
    url = http.base + EMBED + "faq/?lang=es&partner=riverside"
    body = http.get("/api/v1/oembed/", params={"url": url, "maxwidth": "600"}).json()
    assert body["type"] == "rich" and body["version"] == "1.0"
    assert body["width"] == 600
    # The loader's snippet (the frame then fits its content), keeping part and partner.
    html = body["html"]
    assert f'data-guide="{SEED_SLUG}" data-part="faq" data-lang="es"' in html
    assert 'data-partner="riverside"' in html
    assert f'<script src="{http.base}/embed/v1/loader.js" async></script>' in html
    assert ">Opzelura muestra" in html
    bad = http.get("/api/v1/oembed/", params={"url": "https://elsewhere.example/x"})
    assert bad.status_code == 404 and bad.headers["Content-Type"] == "application/problem+json"
    xml = http.get("/api/v1/oembed/", params={"url": url, "format": "xml"})
    assert xml.status_code == 501
    unknown_part = http.get("/api/v1/oembed/", params={"url": http.base + EMBED + "nope/"})
    assert unknown_part.status_code == 404 and "nope" in unknown_part.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "http://[::1/x",
        "http://a%EF%BC%83b/embed/v1/guides/x/",
        "http://%5Bzz%5D/embed/v1/guides/x/",
        "http://localhost:99999/embed/v1/guides/x/",
        "http://localhost/embed/v1/guides/x/?partner=%3Cb%3E",
    ],
)
def test_oembed_with_a_missing_or_malformed_url_is_a_400_problem(client, url):
    params = {} if url is None else {"url": url}
    response = client.get("/api/v1/oembed/", params, HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/invalid-request"


def test_embed_pages_cannot_be_poisoned_by_a_forged_host(client, seeded, settings):
    """Cached HTML is kept apart by the scheme and host it was made for (or uses the
    configured public address), so a forged Host or X-Forwarded-Proto reaches no one else."""
    settings.ALLOWED_HOSTS = ["*"]  # a careless deployment; the cache must still hold
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forged = client.get(EMBED, HTTP_HOST="evil.example", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 200 and "https://evil.example/" in forged.content.decode()
    honest = client.get(EMBED, HTTP_HOST="guides.example.org").content.decode()
    assert "evil.example" not in honest
    assert f'rel="canonical" href="http://guides.example.org{EMBED}?lang=en"' in honest
    settings.PUBLIC_BASE_URL = "https://guides.example.org"
    configured = client.get(EMBED, HTTP_HOST="evil.example").content.decode()
    assert "evil.example" not in configured
    assert 'href="https://guides.example.org/embed/v1/guides/' in configured
