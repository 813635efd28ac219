"""Shared fixtures: the seed guide, real HTTP against a live server, a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import requests

from guide.seed_import import import_seed

SEED_SLUG = "opzelura-atopic-dermatitis"

GENEROUS_RATES = {
    "anonymous": "100000/min",
    "basic": "100000/min",
    "standard": "100000/min",
    "premium": "100000/min",
}


@pytest.fixture(autouse=True)
def _fresh_cache_and_generous_rates(settings):
    """Tests share one client address and one process cache: start each from zero, with
    limits high enough not to interfere. Rate-limit tests set their own."""
    from django.core.cache import cache

    cache.clear()
    settings.API_RATES = dict(GENEROUS_RATES)
    yield
    cache.clear()


@pytest.fixture
def seeded(db):
    """The seed guide, imported into the test database."""
    import_seed(SEED_SLUG)
    from guide.models import Guide

    return Guide.objects.get(slug=SEED_SLUG)


# Test data: the seed as it stood with one complete translation (Spanish), one partial
# (Arabic: title, summary, tags, FAQ and the first five sections) and three untranslated
# languages. Tests about partial and missing translations use it, so they hold whatever
# translations the shipped seed has.
PARTIAL_SEED_DIR = Path(__file__).resolve().parent / "data" / "seed"
SHIPPED_SEED_DIR = Path(__file__).resolve().parents[1] / "guide" / "seed"


def partial_seed_dir(directory: Path) -> Path:
    """A seed directory in `directory`: the shipped English and Spanish, the partial Arabic."""
    directory.mkdir(parents=True, exist_ok=True)
    for code in ("en", "es"):
        name = f"{SEED_SLUG}.{code}.json"
        shutil.copyfile(SHIPPED_SEED_DIR / name, directory / name)
    name = f"{SEED_SLUG}.ar.json"
    shutil.copyfile(PARTIAL_SEED_DIR / name, directory / name)
    return directory


@pytest.fixture
def seeded_partial(db, tmp_path):
    """The seed guide with Spanish complete, Arabic partial, French, Chinese, Vietnamese missing."""
    import_seed(SEED_SLUG, seed_dir=partial_seed_dir(tmp_path / "seed"))
    from guide.models import Guide

    return Guide.objects.get(slug=SEED_SLUG)


@pytest.fixture
def http_partial(transactional_db, live_server, tmp_path):
    """Like `http`, over the partially translated seed (see `seeded_partial`)."""
    import_seed(SEED_SLUG, seed_dir=partial_seed_dir(tmp_path / "seed"))

    class Client:
        base = live_server.url

        def get(self, path: str, **kwargs) -> requests.Response:
            return requests.get(self.base + path, timeout=10, **kwargs)

    return Client()


@pytest.fixture
def live_seeded(transactional_db, live_server):
    import_seed(SEED_SLUG)
    return live_server


@pytest.fixture
def http(live_seeded):
    """GET/POST against the live server over real HTTP."""

    class Client:
        base = live_seeded.url

        def get(self, path: str, **kwargs) -> requests.Response:
            return requests.get(self.base + path, timeout=10, **kwargs)

        def request(self, method: str, path: str, **kwargs) -> requests.Response:
            return requests.request(method, self.base + path, timeout=10, **kwargs)

    return Client()


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; CI sets REQUIRE_BROWSER=1 so it never skips."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (REQUIRE_BROWSER=1) but was not found")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
