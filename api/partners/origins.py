"""Web origins as browsers send them in `Origin`: what a partner may list, normalised.

Pure (no models), so the Partner model validates its origins with it.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _hostname(host: str) -> str | None:
    """`host` as browsers send it in `Origin` (IDNA, lower case), or None if it is not a
    host name or address: no wildcards, spaces or separators can reach a CSP or CORS."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isascii() and labels[-1].isdigit():
        return None  # a number-only top label is an address, written oddly
    return ascii_host


def normalise_origin(origin: str) -> str | None:
    """`scheme://host[:port]` in lower case, or None if `origin` is not an origin."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    if "@" in parts.netloc or parts.password is not None:
        return None
    host = _hostname(parts.hostname)
    if host is None:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")
