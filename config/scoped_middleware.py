"""Browser-session middleware that steps aside for the JSON API.

Sessions, authentication, messages and edit history serve the admin. No `/api/` view reads
them (the API is anonymous and read-only; DRF is configured without authentication
classes), yet each did work on every API request: a session store, a lazy user, a signed
cookie storage for messages. These subclasses skip themselves on `/api/` and behave exactly
as Django's everywhere else; being subclasses, the admin's system checks still find them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Message
from django.contrib.sessions.middleware import SessionMiddleware as _Session
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import sync_and_async_middleware
from simple_history.middleware import HistoryRequestMiddleware as _History

from config import url_prefixes

API_PREFIX = url_prefixes.API


class _SkipOnAPI:
    def __call__(self, request: HttpRequest) -> Any:
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)  # type: ignore[attr-defined]
        return super().__call__(request)  # type: ignore[misc]


class SessionMiddleware(_SkipOnAPI, _Session):
    pass


class AuthenticationMiddleware(_SkipOnAPI, _Authentication):
    pass


class MessageMiddleware(_SkipOnAPI, _Message):
    pass


@sync_and_async_middleware
def HistoryRequestMiddleware(get_response: Callable[[HttpRequest], Any]) -> Callable[..., Any]:
    inner = _History(get_response)
    if iscoroutinefunction(get_response):

        async def async_middleware(request: HttpRequest) -> HttpResponse:
            if request.path_info.startswith(API_PREFIX):
                return await get_response(request)
            return await inner(request)

        return async_middleware

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return get_response(request)
        return inner(request)

    return middleware
