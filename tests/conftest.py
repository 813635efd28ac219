"""Shared fixtures: the seed guide, real HTTP against a live server, a real browser."""

from __future__ import annotations

import json as _json
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model
from django.http.response import HttpResponseBase
from django.test import Client as DjangoClient
from django.test import override_settings

from guide.seed_import import import_seed
from tests.support.celery_worker import _worker_on_redis, celery_worker  # noqa: F401  (one worker)
from tests.support.guides import SEED_SLUG

GENEROUS_RATES = {
    "anonymous": "100000/min",
    "basic": "100000/min",
    "standard": "100000/min",
    "premium": "100000/min",
    "auth_failures": "100000/min",
}


POSTGRES_ONLY_REASON = "needs PostgreSQL: {why} (SQLite is the embedded default here)"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "postgres_only(why): needs what only PostgreSQL gives (concurrent transactions, "
        "row locks, a server to cut off); skipped on SQLite with the reason given",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    for item in items:
        marker = item.get_closest_marker("postgres_only")
        if marker is not None:
            why = marker.args[0] if marker.args else marker.kwargs.get("why", "")
            item.add_marker(pytest.mark.skip(reason=POSTGRES_ONLY_REASON.format(why=why)))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests use a file, not Django's shared in-memory database: a live server thread
    or a worker thread then waits for the writer's lock (WAL, busy timeout) instead of failing
    at once with "database table is locked"."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)
        options = database.setdefault("OPTIONS", {})
        options.setdefault("timeout", 30)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;")


@pytest.fixture(autouse=True)
def _fresh_cache_and_generous_rates(settings):
    """Tests share one client address and one process cache: start each from zero, with
    limits high enough not to interfere. Rate-limit tests set their own."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["keys"].clear()
    settings.API_RATES = dict(GENEROUS_RATES)
    yield
    cache.clear()
    caches["keys"].clear()


class SeedRows:
    """The rows `import_seed` writes, recorded once per test session and inserted again.

    A real import costs about two seconds (readability figures, about thirty representations
    rendered and frozen); inserting the same rows costs a few bulk inserts. At the start of
    the session the seed is imported once in a transaction that is rolled back, and what it
    wrote is recorded table by table, so the rows (ids, change numbers) never depend on what
    an earlier test did. Tests that run inside a transaction (rolled back after them) insert
    those rows. Transactional tests import for real: the flush after each of them re-creates
    content types and permissions under new ids, which recorded rows may point to. Tests of
    the importer itself call `import_seed` directly.
    """

    def __init__(self) -> None:
        self.new: list[tuple[type[Model], list[dict[str, Any]]]] = []
        self.changed: list[tuple[type[Model], list[dict[str, Any]]]] = []

    def load(self) -> None:
        from guide.models import Guide

        if Guide.objects.filter(slug=SEED_SLUG).exists():
            return
        if not connection.in_atomic_block:
            import_seed(SEED_SLUG)
            return
        for model, rows in self.new:
            # A row the test already made (the change counter, say) is brought in line.
            fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
            model._base_manager.bulk_create(
                [model(**row) for row in rows],
                **(
                    {"update_conflicts": True, "unique_fields": ["pk"], "update_fields": fields}
                    if fields
                    else {"ignore_conflicts": True}
                ),
            )
        for model, rows in self.changed:
            for row in rows:
                model._base_manager.filter(pk=row["pk"]).update(
                    **{k: v for k, v in row.items() if k != "pk"}
                )

    def record(self) -> None:
        models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
        # As every test sees publishing: without printable handouts (see _no_handout_rendering).
        with override_settings(HANDOUTS_RENDERING=False), transaction.atomic():
            before = {model: _rows(model) for model in models}
            import_seed(SEED_SLUG)
            for model in models:
                after = _rows(model)
                added = [row for pk, row in after.items() if pk not in before[model]]
                altered = [
                    {"pk": pk, **row}
                    for pk, row in after.items()
                    if pk in before[model] and before[model][pk] != row
                ]
                if added:
                    self.new.append((model, added))
                if altered:
                    self.changed.append((model, altered))
            transaction.set_rollback(True)


def _rows(model: type[Model]) -> dict[Any, dict[str, Any]]:
    fields = [f.attname for f in model._meta.concrete_fields]
    return {row[model._meta.pk.attname]: row for row in model._base_manager.values(*fields)}


@pytest.fixture(scope="session")
def _seed_rows(django_db_setup, django_db_blocker) -> SeedRows:
    rows = SeedRows()
    with django_db_blocker.unblock():
        rows.record()
    return rows


@pytest.fixture(autouse=True)
def _no_handout_rendering(settings):
    """Printable PDFs take about a second each: publishing renders none in tests, except
    where a test turns `HANDOUTS_RENDERING` back on (tests/api/test_handouts.py)."""
    settings.HANDOUTS_RENDERING = False


@pytest.fixture
def seeded(db, _seed_rows):
    """The seed guide in the test database (rolled back after the test)."""
    from guide.models import Guide

    _seed_rows.load()
    return Guide.objects.get(slug=SEED_SLUG)


# Test data: the seed as it stood with one complete translation (Spanish), one partial
# (Arabic: title, summary, tags, FAQ and the first five sections) and three untranslated
# languages. Tests about partial and missing translations use it, so they hold whatever
# translations the shipped seed has.
PARTIAL_SEED_DIR = Path(__file__).resolve().parent / "data" / "seed"
SHIPPED_SEED_DIR = Path(__file__).resolve().parents[1] / "guide" / "seed"


def partial_seed_dir(directory: Path) -> Path:
    """A seed directory in `directory`: the shipped English and Spanish (and the files that
    are not translations, such as coded subjects), the partial Arabic."""
    directory.mkdir(parents=True, exist_ok=True)
    translations = {f"{SEED_SLUG}.{code}.json" for code in ("fr", "zh-hans", "vi", "ar")}
    for path in SHIPPED_SEED_DIR.glob("*.json"):
        if path.name not in translations:
            shutil.copyfile(path, directory / path.name)
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
def http_partial(seeded_partial) -> InProcessClient:
    """Like `http`, over the partially translated seed (see `seeded_partial`)."""
    return InProcessClient()


@pytest.fixture
def live_seeded(transactional_db, live_server, _seed_rows):
    """The seed guide committed, and a live server in a thread; for tests where real HTTP
    or committed rows (other threads, other connections) are the point."""
    _seed_rows.load()
    return live_server


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): publish(guide)`: inside a test's rolled-back transaction, run what the
    commit would have run (cache purges, webhook sending), as a real commit does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


class InProcessResponse:
    """The parts of a `requests.Response` the tests read, from Django's test client."""

    def __init__(self, response: HttpResponseBase) -> None:
        self._response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = b"" if response.streaming else response.content

    @property
    def text(self) -> str:
        return self.content.decode(self._response.charset or "utf-8")

    def json(self) -> Any:
        return _json.loads(self.content)


class InProcessClient:
    """`http.get(path, params=..., headers=...)` through Django's test client: the whole
    middleware stack and the lean path, without a server thread or a committed database."""

    base = "http://testserver"

    def __init__(self) -> None:
        self._client = DjangoClient()

    def get(self, path: str, **kwargs: Any) -> InProcessResponse:
        return self.request("GET", path, **kwargs)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        json: Any = None,
        data: Any = None,
        **ignored: Any,
    ) -> InProcessResponse:
        headers = dict(headers or {})
        if params:
            query = urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)
            path += ("&" if "?" in path else "?") + query
        content_type = headers.pop("Content-Type", "application/octet-stream")
        if json is not None:
            data, content_type = _json.dumps(json), "application/json"
        call = getattr(self._client, method.lower())
        extra = {"data": data, "content_type": content_type} if data is not None else {}
        return InProcessResponse(call(path, headers=headers, **extra))


class LiveClient:
    """GET/POST against the live server over real HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return requests.get(self.base + path, timeout=10, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(method, self.base + path, timeout=10, **kwargs)


@pytest.fixture
def http(seeded) -> InProcessClient:
    """Requests to the seeded service, in process: the default for API behaviour."""
    return InProcessClient()


@pytest.fixture
def live_http(live_seeded) -> LiveClient:
    """Requests to the seeded service over real HTTP, where the HTTP is the point."""
    return LiveClient(live_seeded.url)


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
