"""One request policy: the lean path and the DRF views negotiate, throttle and decorate alike."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer

from api import access, views
from api.access import RateState
from api.partners.keys import create_key
from api.partners.models import Partner
from api.problems import ProblemException
from api.request_policy import decorate, negotiate, unknown_parameter, view_policy
from guide.languages import get_language
from tests.support.guides import SEED_SLUG

pytestmark = pytest.mark.django_db
DETAIL = f"/api/v1/guides/{SEED_SLUG}/"
# What may differ between two requests a moment apart: the budget left and the reset time.
MOVING = {"RateLimit-Remaining", "RateLimit-Reset", "Retry-After"}


def through_drf(monkeypatch, path: str, **headers: str) -> HttpResponse:
    with monkeypatch.context() as patch:
        patch.setattr(resolve(path.split("?")[0]).func, "lean", lambda request, slug: None)
        return Client().get(path, headers=headers)


def steady(response: HttpResponse) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in MOVING}


def test_a_throttled_request_gets_the_same_429_on_both_paths(seeded, settings, monkeypatch):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "1/min"}
    now = time.time()
    monkeypatch.setattr(access, "time", SimpleNamespace(time=lambda: now))  # one instant
    assert Client().get(DETAIL + "?lang=es").status_code == 200
    lean = Client().get(DETAIL + "?lang=es")
    drf = through_drf(monkeypatch, DETAIL + "?lang=es")
    assert lean.status_code == drf.status_code == 429
    assert lean.content == drf.content
    assert lean["Content-Type"] == "application/problem+json"
    assert lean.json()["type"] == drf.json()["type"] == "/problems/rate-limited"
    assert steady(lean) == steady(drf)
    assert lean["RateLimit-Limit"] == "1" and lean["RateLimit-Remaining"] == "0"
    assert lean["RateLimit-Policy"] == "1;w=60"
    assert lean["Allow"] == "GET, HEAD, OPTIONS"
    assert "Accept-Language" in lean["Vary"]
    assert "Content-Language" not in lean
    assert int(lean["Retry-After"]) == int(lean["RateLimit-Reset"])


def test_both_paths_answer_with_the_same_headers(seeded, monkeypatch):
    lean = Client().get(DETAIL + "?lang=ar")
    drf = through_drf(monkeypatch, DETAIL + "?lang=ar")
    assert lean.content == drf.content
    assert steady(lean) == steady(drf)
    assert lean["Content-Language"] == "ar"
    assert lean["RateLimit-Policy"].endswith(";w=60")


def test_the_rate_state_is_not_left_on_the_request(seeded):
    response = Client().get(DETAIL + "?lang=es&unknown=1")  # the DRF view: a 400 problem
    assert response.status_code == 400
    assert "RateLimit-Limit" in response  # counted, and shown on the problem too
    assert not hasattr(response.wsgi_request, "rate_state")


def test_a_partner_key_is_counted_at_its_tier(seeded, settings):
    settings.API_RATES = {**settings.API_RATES, "anonymous": "5/min", "premium": "70/min"}
    partner = Partner.objects.create(name="Clinic", slug="clinic", tier=Partner.Tier.PREMIUM)
    _, key = create_key(partner, "site")
    response = Client().get(DETAIL, headers={"Authorization": f"Api-Key {key}"})
    assert response.status_code == 200
    assert response["RateLimit-Limit"] == "70" and response["RateLimit-Remaining"] == "69"
    assert response["Content-Language"] == "en"


def test_negotiation_precedence_and_problems():
    assert negotiate("es", "ar") == get_language("es")
    assert negotiate(None, "ar, en;q=0.5") == get_language("ar")
    assert negotiate(None, "xx") == get_language("en")  # unsupported but well-formed
    with pytest.raises(ProblemException) as unsupported:
        negotiate("xx", "")
    assert unsupported.value.slug == "unsupported-language"
    assert "es" in unsupported.value.extra["supported_languages"]
    with pytest.raises(ProblemException) as malformed:
        negotiate(None, "q=;;,,")
    assert malformed.value.slug == "invalid-request"
    assert negotiate("fr", "q=;;,,") == get_language("fr")  # `?lang=` wins; the header unread


def test_unknown_parameters_are_named_with_what_is_taken():
    assert unknown_parameter(frozenset({"lang"}), ["lang"]) is None
    assert unknown_parameter(None, ["anything"]) is None
    problem = unknown_parameter(frozenset({"lang", "page"}), ["zeta", "alpha", "lang"])
    assert problem is not None and problem.slug == "invalid-request"
    assert str(problem.detail) == (
        "Unknown query parameter `alpha`. This address takes: `lang`, `page`."
    )
    assert problem.extra == {"known_parameters": ["lang", "page"]}
    empty = unknown_parameter(frozenset(), ["x"])
    assert empty is not None and "no query parameters" in str(empty.detail)


def test_decorate_sets_language_vary_and_rate_fields():
    state = RateState(limit=100, remaining=42, reset=7, window=60)
    es, ar = get_language("es"), get_language("ar")
    ok = decorate(HttpResponse(), state=state, languages=[es, ar])
    assert ok["Content-Language"] == "es, ar"
    assert ok["Vary"] == "Accept-Language"
    assert (ok["RateLimit-Limit"], ok["RateLimit-Remaining"]) == ("100", "42")
    assert (ok["RateLimit-Reset"], ok["RateLimit-Policy"]) == ("7", "100;w=60")
    error = decorate(HttpResponse(status=404), state=None, languages=[es], vary_language=False)
    assert "Content-Language" not in error and "Vary" not in error
    assert "RateLimit-Limit" not in error
    assert "Content-Language" in decorate(HttpResponse(status=399), state=None, languages=[es])


def test_what_the_lean_path_may_serve_is_decided_per_view_class():
    policy = view_policy(views.SNAPSHOT_VIEWS["detail"])
    assert policy.lean and policy.throttled
    assert policy.allow == "GET, HEAD, OPTIONS"
    assert policy.known_query_parameters == frozenset({"lang", "format"})
    assert view_policy(views.SNAPSHOT_VIEWS["detail"]) is policy  # decided once

    class Private(views.SNAPSHOT_VIEWS["detail"]):
        permission_classes = [IsAuthenticated]

    class Browsable(views.SNAPSHOT_VIEWS["detail"]):
        renderer_classes = [BrowsableAPIRenderer]

    class Unthrottled(views.SNAPSHOT_VIEWS["detail"]):
        throttle_classes = []

    assert not view_policy(Private).lean
    assert not view_policy(Browsable).lean
    assert view_policy(Unthrottled).lean and not view_policy(Unthrottled).throttled
