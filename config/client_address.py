"""Who is on the other end: the client's address, read one way for the API and the admin.

Behind proxies, `REMOTE_ADDR` is the nearest proxy, so every client would share one rate
limit and one login-failure count. The address is taken from `X-Forwarded-For`, counting
`NUM_PROXIES` trusted proxies from the right (as Django REST framework does): entries further
left were written by the client and prove nothing. A request that carries the header while no
proxy is trusted is a deployment mistake; it is logged once and shown by `/readyz`.

Rate limits count an IPv6 client per /64, the block one subscriber line or host gets: counting
per address would give each client 2**64 budgets.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)
IPV6_PREFIX = 64
untrusted_forwarding_seen = False


def num_proxies() -> int:
    value: int | str | None = settings.REST_FRAMEWORK.get("NUM_PROXIES")  # type: ignore[assignment]
    return int(value or 0)


def client_ip(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it."""
    global untrusted_forwarding_seen
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    proxies = num_proxies()
    if forwarded is None:
        return remote
    if proxies == 0:
        if not untrusted_forwarding_seen:
            untrusted_forwarding_seen = True
            logger.error(
                "Requests carry X-Forwarded-For but NUM_PROXIES=0: every client behind the "
                "proxy shares one rate limit and one login-failure count. Set NUM_PROXIES to "
                "the number of proxies in front of the app."
            )
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


def rate_ident(request: HttpRequest) -> str:
    """The client as rate limits count it: the address, or its /64 for IPv6."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def client_ip_for_axes(request: HttpRequest) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address the API limits."""
    return client_ip(request)
