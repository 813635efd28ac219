"""The admin in a real browser, signed in as a given account.

Signing in through the login form in every test is slow and tests nothing new; instead the
Django test client signs the account in and its session cookie is handed to a Playwright
context, so the browser is that user from the first request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client


def signed_in_context(browser: Any, base_url: str, user: User, **options: Any) -> Any:
    """A new Playwright browser context for `base_url` (a live server) with `user` signed in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(base_url=base_url, **options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "domain": urlsplit(base_url).hostname,
                "path": "/",
            }
        ]
    )
    return context
