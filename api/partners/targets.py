"""Where webhooks may go: public addresses only, checked on save and again on every send.

A partner manager types the URL; the worker POSTs to it from inside our network. Without
this, `http://127.0.0.1:6379/`, `http://169.254.169.254/` (cloud metadata) or any private
address would be reachable, and the delivery log would tell which ports are open. A name is
resolved at send time and the connection goes to the address that was checked (no second
lookup a rebinding DNS server could answer differently). `WEBHOOK_ALLOWED_NETWORKS` lists
networks to allow anyway (a receiver on a private network; tests on loopback).

Each send also has a total deadline (WEBHOOK_DEADLINE_SECONDS): the per-read timeout alone
let a receiver trickling a byte at a time hold a worker for as long as it liked.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(OSError):
    """The target is not a public address (or the deadline passed)."""


def _allowed_networks() -> list:
    return [ipaddress.ip_network(n, strict=False) for n in settings.WEBHOOK_ALLOWED_NETWORKS]


def address_problem(ip: Address) -> str | None:
    """Why webhooks must not go to `ip`, or None."""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks()):
        return None
    if ip.is_unspecified:
        return f"{ip} is the unspecified address"
    if ip.is_loopback:
        return f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address"
    if ip.is_multicast:
        return f"{ip} is a multicast address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return f"{ip} is a private or reserved address"
    return None


def host_problem(host: str) -> str | None:
    """Checks that need no DNS: address literals and names that always mean this machine."""
    name = host.strip("[]").rstrip(".").lower()
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        if name == "localhost" or name.endswith(".localhost"):
            allowed = address_problem(ipaddress.ip_address("127.0.0.1")) is None
            return None if allowed else f"{host} is this machine"
        return None
    return address_problem(ip)


def resolve(host: str, port: int) -> list[tuple]:
    """getaddrinfo for `host`, refused if any address is not public (all or nothing, so a
    name with one private address among public ones cannot be used to reach it)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Refused(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        problem = address_problem(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
        if problem:
            raise Refused(f"{host} resolves to {problem}")
    return infos


def save_problem(url: str) -> str | None:
    """Why `url` may not be registered: a non-public address, literally or once resolved.
    A name that does not resolve now is accepted; sending checks it again."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    problem = host_problem(host)
    if problem:
        return problem
    try:
        resolve(host, parts.port or 443)
    except Refused as exc:
        if "cannot resolve" not in str(exc):
            return str(exc)
    return None


# Sending: connect only to the checked address, within a total deadline --------------------

_attempt = threading.local()


# http.client passes its "no timeout given" sentinel, which the stubs do not declare.
_DEFAULT_TIMEOUT = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined]


def _pinned_connection(address, timeout=_DEFAULT_TIMEOUT, source_address=None):
    host, port = address
    deadline = getattr(_attempt, "deadline", None)
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise Refused("the delivery deadline passed")
            sock.settimeout(min(t for t in (timeout, remaining) if isinstance(t, float | int)))
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        sockets = getattr(_attempt, "sockets", None)
        if sockets is not None:
            sockets.append(sock)
        return sock
    raise error or Refused(f"no address for {host}")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned_connection  # http.client sets it per instance


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned_connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_HTTPSConnection, req)


def build_opener(*handlers) -> urllib.request.OpenerDirector:
    """An opener that never uses proxies from the environment and connects as above."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _HTTPHandler, _HTTPSHandler, *handlers
    )


class Deadline:
    """`with Deadline(seconds):` every socket opened inside is shut when the time is up."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False

    def __enter__(self) -> Deadline:
        _attempt.deadline = time.monotonic() + self.seconds
        self.sockets: list[socket.socket] = []
        _attempt.sockets = self.sockets
        self.timer = threading.Timer(self.seconds, self._expire)
        self.timer.daemon = True
        self.timer.start()
        return self

    def _expire(self) -> None:
        self.expired = True
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        _attempt.deadline = None
        _attempt.sockets = None
