"""Signed, expiring preview links show the working copy; nothing else does."""

from __future__ import annotations

from django.urls import reverse

from guide.models import FAQEntry, Guide
from guide.preview import make_token
from tests.support.guides import SEED_SLUG


def preview_path(guide: Guide) -> str:
    return reverse("api:preview", args=["v1", make_token(guide)])


def test_preview_shows_unpublished_edits_in_any_language(http):
    entry = FAQEntry.objects.get(guide__slug=SEED_SLUG, order=1)
    entry.answer_es = "Borrador sin publicar."
    entry.save()
    guide = Guide.objects.get(slug=SEED_SLUG)
    response = http.get(preview_path(guide), params={"lang": "es"})
    assert response.status_code == 200
    body = response.json()
    assert body["preview"] is True and body["version"] is None
    assert body["faq"][0]["answer"] == "Borrador sin publicar."
    assert "no-store" in response.headers["Cache-Control"]
    assert "noindex" in response.headers["X-Robots-Tag"]
    public = http.get(f"/api/v1/guides/{SEED_SLUG}/faq/", params={"lang": "es"}).json()
    assert public["faq"][0]["answer"] != "Borrador sin publicar."
    arabic = http.get(preview_path(guide), params={"lang": "ar"}).json()
    assert arabic["dir"] == "rtl"


def test_preview_of_a_never_published_draft(http):
    draft = Guide.objects.create(slug="draft-only", title_en="Draft only")
    assert http.get("/api/v1/guides/draft-only/").status_code == 404
    assert http.get(preview_path(draft)).json()["title"] == "Draft only"


def test_tampered_preview_link_is_refused(http):
    path = preview_path(Guide.objects.get(slug=SEED_SLUG))
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = http.get(path.replace(token, tampered))
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/invalid-preview-token"
    other = Guide.objects.create(slug="other", title_en="Other")
    other_token = make_token(other)
    forged = other_token.split(":", 1)[0] + ":" + token.split(":", 1)[1]
    assert http.get(path.replace(token, forged)).status_code == 403


def test_expired_preview_link_is_refused(http, settings):
    path = preview_path(Guide.objects.get(slug=SEED_SLUG))
    settings.PREVIEW_MAX_AGE_SECONDS = -1
    response = http.get(path)
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_preview_page_renders_the_working_copy(http):
    entry = FAQEntry.objects.get(guide__slug=SEED_SLUG, order=1)
    entry.answer_en = "Unpublished page answer."
    entry.save()
    token = make_token(Guide.objects.get(slug=SEED_SLUG))
    page = http.get(reverse("embed:preview", args=[token]))
    assert page.status_code == 200
    assert "Unpublished page answer." in page.text
    assert "no-store" in page.headers["Cache-Control"]
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert http.get(reverse("embed:preview", args=[token[:-2] + "xx"])).status_code == 403
