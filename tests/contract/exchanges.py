"""Real exchanges with every v1 operation, as a generated client would see them.

`collect()` drives the API in process (Django's test client) over every operation, every
served language and every documented error, and returns each response with the OpenAPI path
template it belongs to, so the strict validators in `test_consumer.py` (openapi-core in
process, Ajv through node) check the bodies and headers the service really sends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.test import Client, override_settings

from guide.languages import all_languages
from guide.models import Guide
from guide.preview import make_token

SEED = "opzelura-atopic-dermatitis"
BARE = "bare-guide"


@dataclass
class Exchange:
    method: str
    url: str
    template: str
    response: Any  # django.test Client response (has .wsgi_request)

    @property
    def media(self) -> str:
        return self.response.get("Content-Type", "").split(";")[0].strip()

    def body(self) -> Any:
        content = (
            b"".join(self.response.streaming_content)
            if self.response.streaming
            else (self.response.content)
        )
        if not content or self.method == "head":
            return None
        try:
            return json.loads(content)
        except ValueError:
            return content.decode("utf-8", "replace")

    def line(self) -> str:
        return json.dumps(
            {
                "method": self.method,
                "url": self.url,
                "template": self.template,
                "status": self.response.status_code,
                "media": self.media,
                "body": self.body(),
            }
        )


def make_bare_guide() -> Guide:
    """A published guide with no author, table, FAQ or callout, English only: the nulls and
    fallbacks a client meets on a guide unlike the seed."""
    from guide.models import Section
    from guide.publishing import publish

    guide = Guide.objects.create(slug=BARE, title_en="A bare guide")
    Section.objects.create(
        guide=guide, order=0, anchor="only", heading_en="Only", body_en="<p>x</p>"
    )
    publish(guide, note="bare")
    return guide


def collect(client: Client | None = None) -> list[Exchange]:
    client = client or Client()
    out: list[Exchange] = []

    def get(template: str, url: str, method: str = "get", **extra) -> Any:
        response = getattr(client, method)(url, **extra)
        out.append(Exchange(method, url, template, response))
        return response

    guide = "/api/v1/guides/{slug}/"
    for language in [*all_languages(), None]:
        q = f"?lang={language.tag}" if language else ""
        get("/api/v1/guides/", f"/api/v1/guides/{q}")
        for slug in (SEED, BARE):
            get(guide, f"/api/v1/guides/{slug}/{q}")
            get("/api/v1/guides/{slug}/sections/", f"/api/v1/guides/{slug}/sections/{q}")
            get("/api/v1/guides/{slug}/faq/", f"/api/v1/guides/{slug}/faq/{q}")
            get("/api/v1/guides/{slug}/comparison/", f"/api/v1/guides/{slug}/comparison/{q}")
            get("/api/v1/guides/{slug}/versions/", f"/api/v1/guides/{slug}/versions/{q}")
            get(
                "/api/v1/guides/{slug}/versions/{number}/",
                f"/api/v1/guides/{slug}/versions/1/{q}",
            )
            get("/api/v1/guides/{slug}/jsonld/", f"/api/v1/guides/{slug}/jsonld/{q}")
        sep = "&" if q else "?"
        get(guide, f"/api/v1/guides/{SEED}/{q}{sep}format=text")
        get(
            "/api/v1/guides/{slug}/sections/", f"/api/v1/guides/{SEED}/sections/{q}{sep}format=text"
        )
        first = get("/api/v1/sync/", f"/api/v1/sync/{q}")
        if first.status_code == 200:
            cursor = first.json()["cursor"]
            get("/api/v1/sync/", f"/api/v1/sync/{q}{sep}cursor={cursor}")
        get("/api/v1/glossary/", f"/api/v1/glossary/{q}")
        get("/api/v1/languages/", f"/api/v1/languages/{q}")
        token = make_token(Guide.objects.get(slug=SEED))
        get("/api/v1/preview/{token}/", f"/api/v1/preview/{token}/{q}")
        embed = f"http://testserver/embed/v1/guides/{SEED}/"
        get(
            "/api/v1/oembed/",
            f"/api/v1/oembed/?url={embed}{'&lang=' + language.tag if language else ''}",
        )

    # Conditional and HEAD requests.
    first = client.get(f"/api/v1/guides/{SEED}/")
    get(guide, f"/api/v1/guides/{SEED}/", HTTP_IF_NONE_MATCH=first["ETag"])
    get(guide, f"/api/v1/guides/{SEED}/", method="head")
    get("/api/v1/guides/", "/api/v1/guides/", method="head")

    # Errors, each as a client meets it.
    get(guide, "/api/v1/guides/no-such-guide/")
    get(guide, f"/api/v1/guides/{SEED}/?lang=tlh")
    get("/api/v1/guides/", "/api/v1/guides/?page=999")
    get("/api/v1/guides/", "/api/v1/guides/?page=abc")
    get("/api/v1/sync/", "/api/v1/sync/?cursor=not-a-cursor")
    get("/api/v1/guides/{slug}/versions/{number}/", f"/api/v1/guides/{SEED}/versions/99/")
    get("/api/v1/guides/{slug}/comparison/", f"/api/v1/guides/{BARE}/comparison/")
    get(guide, f"/api/v1/guides/{SEED}/", HTTP_ACCEPT="text/xml")
    get(guide, f"/api/v1/guides/{SEED}/", HTTP_AUTHORIZATION="Api-Key wrong")
    get("/api/v1/preview/{token}/", "/api/v1/preview/not-a-token/")
    get("/api/v1/oembed/", "/api/v1/oembed/?url=https://elsewhere.example/x")
    get("/api/v1/oembed/", f"/api/v1/oembed/?url={embed}&format=xml")
    get("/api/v1/guides/", "/api/v1/guides/?" + "x" * 5000)

    # Over the anonymous limit: the lean path's 429 and the DRF view's.
    with override_settings(API_RATES={**settings.API_RATES, "anonymous": "1/min"}):
        get(guide, f"/api/v1/guides/{SEED}/")
        get("/api/v1/guides/", "/api/v1/guides/")
        get("/api/v1/sync/", "/api/v1/sync/?lang=es,ar")
    assert [x.response.status_code for x in out[-3:]] == [429, 429, 429]
    return out
