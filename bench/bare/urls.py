"""Serve responses captured from the app (status, headers, body) from memory, by name."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def _load() -> dict[str, tuple[int, list[tuple[str, str]], bytes]]:
    responses = {}
    for meta in getattr(settings, "BENCH_RESPONSES").glob("*.json"):  # noqa: B009 (not in the stubs)
        data = json.loads(meta.read_text())
        body = meta.with_suffix(".body").read_bytes()
        responses[meta.stem] = (data["status"], data["headers"], body)
    return responses


RESPONSES = _load()


def captured(request: HttpRequest, name: str) -> HttpResponse:
    try:
        status, headers, body = RESPONSES[name]
    except KeyError as exc:
        raise Http404(name) from exc
    response = HttpResponse(body, status=status)
    for header, value in headers:
        response[header] = value
    return response


urlpatterns = [path("bare/<str:name>", captured)]
