"""SSRF guard: refuse URLs whose host resolves to a private, loopback, link-local, multicast,
reserved or otherwise non-global address, unless the caller allows private targets.

The check runs on the first request and again on every redirect (the fetcher follows redirects
itself). Every address the name resolves to must be global: one private answer refuses the URL.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from flashpoint.errors import InputError

Resolver = Callable[[str, int], list[str]]
ALLOWED_SCHEMES = ("http", "https")


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    """True for a global unicast address; False for private, loopback, link-local, multicast,
    reserved, unspecified and shared (carrier-grade NAT) ranges, and for IPv4-mapped forms of them."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback
                                 or ip.is_link_local or ip.is_private or ip.is_unspecified)


def check_url(url: str, *, allow_private: bool = False, resolve: Resolver = resolve_host) -> None:
    """Raise :class:`InputError` (``where`` = the URL) unless ``url`` is a safe http(s) target."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InputError(url, f"malformed URL ({exc})") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise InputError(url, f"refused: scheme '{parts.scheme or '(none)'}' (only http and https are fetched)")
    host = parts.hostname
    if not host:
        raise InputError(url, "malformed URL (no host)")
    if allow_private:
        return
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolve(host, port or (443 if parts.scheme.lower() == "https" else 80))
        except (OSError, UnicodeError) as exc:
            raise InputError(url, f"could not resolve host '{host}' ({exc})") from None
    if not addresses:
        raise InputError(url, f"could not resolve host '{host}' (no addresses)")
    for address in addresses:
        if not is_public_address(address):
            raise InputError(
                url,
                f"refused: host '{host}' resolves to non-public address {address} "
                "(private, loopback, link-local, multicast or reserved); pass allow_private=True "
                "(--allow-private) to fetch from your own network",
            )
