"""Stored guides are served compressed, from bytes compressed once at publish time."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import Client

from api import encodings
from api.partners.keys import create_key
from api.partners.models import Partner
from tests.support.guides import DETAIL, SEED_SLUG


@pytest.fixture
def keyed(seeded) -> str:
    """An API key: its requests take the DRF view, not the lean path."""
    partner = Partner.objects.create(name="Clinic", slug="clinic")
    return create_key(partner, "app")[1]


@pytest.fixture
def no_compression_at_request_time(monkeypatch):
    """Serving must not compress: any call to a compressor fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("compressed while serving a request")

    monkeypatch.setattr(encodings.brotli, "compress", refuse)
    monkeypatch.setattr(encodings.gzip, "compress", refuse)


def get(path: str, key: str | None = None, **headers):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if key:
        extra["HTTP_AUTHORIZATION"] = f"Api-Key {key}"
    return Client().get(path, **extra)


@pytest.mark.parametrize("path", ["lean", "drf"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_brotli_and_gzip_bytes_decode_to_the_identity_body(
    keyed, no_compression_at_request_time, path, lang
):
    key = keyed if path == "drf" else None
    url = f"{DETAIL}?lang={lang}"
    plain = get(url, key)
    br = get(url, key, accept_encoding="gzip, deflate, br")
    gz = get(url, key, accept_encoding="gzip")
    assert "Content-Encoding" not in plain
    assert br["Content-Encoding"] == "br" and gz["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.content) == plain.content
    assert gzip.decompress(gz.content) == plain.content
    assert len(br.content) < len(gz.content) < len(plain.content) / 2
    for response in (plain, br, gz):
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Accept-Encoding", "Accept-Language"} <= vary
    assert len({plain["ETag"], br["ETag"], gz["ETag"]}) == 3  # one validator per coding
    again = get(url, key, accept_encoding="br", if_none_match=br["ETag"])
    assert again.status_code == 304


def test_identity_when_the_client_refuses_every_coding(seeded):
    response = get(DETAIL, accept_encoding="br;q=0, gzip;q=0")
    assert "Content-Encoding" not in response
    assert response.json()["slug"] == SEED_SLUG
    assert get(DETAIL, accept_encoding="*")["Content-Encoding"] == "br"
    assert get(DETAIL, accept_encoding="br;q=0.5, gzip")["Content-Encoding"] == "gzip"


def test_old_versions_are_compressed_too(seeded, no_compression_at_request_time):
    response = get(f"{DETAIL}versions/1/", accept_encoding="br")
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content).startswith(b'{"api_version"')


def test_gzip_middleware_does_not_compress_again(seeded, settings):
    settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]
    stored = get(DETAIL, accept_encoding="br")
    assert stored["Content-Encoding"] == "br"
    assert brotli.decompress(stored.content).startswith(b"{")
    gz = get(DETAIL, accept_encoding="gzip")
    assert gzip.decompress(gz.content).startswith(b"{")  # once, not twice


def test_representations_stored_before_encodings_are_compressed_by_the_command(seeded):
    from django.core.management import call_command

    from api.models import RenderedGuide

    RenderedGuide.objects.update(body_br=None, body_gzip=None)
    from django.core.cache import cache

    cache.clear()
    assert "Content-Encoding" not in get(DETAIL, accept_encoding="br")
    call_command("compress_renders")
    response = get(DETAIL, accept_encoding="br")
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content) == get(DETAIL).content
