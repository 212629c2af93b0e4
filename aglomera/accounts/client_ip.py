"""The address of the client behind the reverse proxy (settings.TRUSTED_PROXIES).

X-Forwarded-For is believed only when the request comes from a trusted proxy
(REMOTE_ADDR in TRUSTED_PROXIES), and then only as far as the proxies are trusted: the client
is the right-most address that is not a trusted proxy. Everything to its left was written by
the client itself and may be forged. Without TRUSTED_PROXIES the header is ignored and the
client is REMOTE_ADDR. Used by the login rate limit (django-axes, AXES_CLIENT_IP_CALLABLE).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(value: str | None) -> bool:
    address = _address(value or "")
    return address is not None and any(address in network for network in trusted_networks())


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as a string, or None when the connection has none (a socket)."""
    remote = _address(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return None
    networks = trusted_networks()
    if not any(remote in network for network in networks):
        return str(remote)
    client = remote
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage where a trusted proxy should have written an address
        client = address
        if not any(address in network for network in networks):
            break
    return str(client)
