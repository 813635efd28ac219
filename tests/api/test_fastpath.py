"""The lean path for published guides answers exactly as the DRF view does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve
from rest_framework.throttling import AnonRateThrottle

from api import fastpath, views
from api.request_policy import view_policy
from tests.support.guides import DETAIL

pytestmark = pytest.mark.django_db


def both(monkeypatch, path: str, method: str = "get", **headers: str):
    """(lean response, DRF response) for the same request."""
    lean = getattr(Client(), method)(path, headers=headers)
    with monkeypatch.context() as patch:
        patch.setattr(resolve(path.split("?")[0]).func, "lean", lambda request, slug: None)
        drf = getattr(Client(), method)(path, headers=headers)
    return lean, drf


def assert_same(lean, drf) -> None:
    assert lean.status_code == drf.status_code
    assert lean.content == drf.content
    # Each request spends one unit of the rate budget, so only the remainder differs.
    lean_headers, drf_headers = dict(lean.headers), dict(drf.headers)
    if "RateLimit-Remaining" in lean_headers:
        assert int(lean_headers.pop("RateLimit-Remaining")) == (
            int(drf_headers.pop("RateLimit-Remaining")) + 1
        )
    # ... and the window's reset may tick over between the two requests.
    if "RateLimit-Reset" in lean_headers:
        lean_reset = int(lean_headers.pop("RateLimit-Reset"))
        assert abs(lean_reset - int(drf_headers.pop("RateLimit-Reset"))) <= 1
    assert lean_headers == drf_headers


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        (DETAIL + "?lang=es", {}),
        (DETAIL, {"Accept-Language": "ar,en;q=0.5"}),
        (DETAIL, {"Accept-Language": "zh-CN", "Accept": "application/json"}),
        (DETAIL + "sections/?lang=fr", {"Accept": "*/*"}),
        (DETAIL + "faq/", {}),
        (DETAIL + "comparison/?lang=vi", {}),
        (DETAIL + "?lang=xx", {}),
        (DETAIL + "?format=json", {}),
        (DETAIL, {"Accept": "text/html"}),
        ("/api/v1/guides/no-such-guide/", {}),
    ],
)
def test_same_response(seeded, monkeypatch, path, headers):
    assert_same(*both(monkeypatch, path, **headers))


def test_same_conditional_responses(seeded, monkeypatch):
    first = Client().get(DETAIL + "?lang=es")
    lean, drf = both(monkeypatch, DETAIL + "?lang=es", **{"If-None-Match": first["ETag"]})
    assert lean.status_code == 304
    assert_same(lean, drf)
    since = {"If-Modified-Since": first["Last-Modified"]}
    assert_same(*both(monkeypatch, DETAIL + "?lang=es", **since))
    assert_same(*both(monkeypatch, DETAIL, method="head"))


def test_a_throttled_view_is_never_served_by_the_lean_path(seeded):
    class Throttled(views.SNAPSHOT_VIEWS["detail"]):  # type: ignore[misc,valid-type]
        throttle_classes = [AnonRateThrottle]

    faq = views.SNAPSHOT_VIEWS["faq"]
    assert not view_policy(Throttled).lean
    assert not hasattr(fastpath.lean_view(Throttled, "detail"), "lean")
    assert view_policy(faq).lean
    assert hasattr(fastpath.lean_view(faq, "faq"), "lean")


def test_malformed_accept_language_gets_the_same_problem(seeded, monkeypatch):
    lean, drf = both(monkeypatch, DETAIL, **{"Accept-Language": "q=;;,,"})
    assert lean.status_code == 400
    assert_same(lean, drf)
