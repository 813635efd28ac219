"""Unexpected failures under /api/ are problem+json 500s, never pages or tracebacks."""

import pytest
from django.test import Client

from tests.support.guides import SEED_SLUG


@pytest.mark.django_db
def test_unhandled_error_is_a_500_problem(seeded, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("api.snapshots.live", broken)
    client = Client(raise_request_exception=False)
    response = client.get(f"/api/v1/guides/{SEED_SLUG}/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/server-error"
    assert "secret internal detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
