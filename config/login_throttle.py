"""A cap on failed admin logins per client address, over every username.

django-axes locks a (username, address) pair after a few failures, which stops guessing one
account's password but lets one address try one password on every account (password
spraying). This backend counts failures per address (an IPv6 client per /64) for
AXES_COOLOFF_TIME and refuses every login from an address past LOGIN_FAILURES_PER_ADDRESS,
before any password is checked. It runs before ModelBackend.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from config.client_address import rate_ident

logger = logging.getLogger(__name__)


def _key(request) -> str:
    return f"login-failures:{rate_ident(request)}"


def _seconds() -> int:
    return max(60, int(float(settings.AXES_COOLOFF_TIME) * 3600))


def failures(request) -> int:
    return int(cache.get(_key(request)) or 0)


class AddressFailureLimitBackend:
    """Authenticates nobody; refuses (PermissionDenied) addresses over their failure cap."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and failures(request) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            logger.warning("login refused: too many failures from %s", rate_ident(request))
            raise PermissionDenied("Too many failed logins from this address.")
        return None  # no `get_user`: never a session's backend, never logs anyone in


@receiver(user_login_failed, dispatch_uid="login-failures-per-address")
def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    key = _key(request)
    try:
        if not cache.add(key, 1, _seconds()):
            cache.incr(key)
    except Exception:  # expired between add and incr, or the cache is down: best effort
        logger.debug("login failure not counted for %s", key)
