"""Checking application/problem+json answers."""

from __future__ import annotations

from typing import Any

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, slug: str, *words: str) -> dict[str, Any]:
    """A problem of this status and type (`/problems/<slug>`), with a title and a detail that
    mentions each of `words`; its body, for further checks."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"/problems/{slug}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    for word in words:
        assert word.lower() in body["detail"].lower(), body["detail"]
    return body
