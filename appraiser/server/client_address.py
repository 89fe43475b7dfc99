"""Who is asking: the client address the rate limits and the scan log count.

Without a proxy the answer is the TCP peer. With ``APPRAISER_TRUST_PROXY=1`` (or the
resolver's ``APPRAISER_RESOLVER_TRUST_PROXY=1``) the server sits behind reverse proxies that
*append* the address they saw to ``X-Forwarded-For`` (nginx ``$proxy_add_x_forwarded_for``).
Everything left of what a trusted proxy appended was written by the client itself, so the
client is the right-most address that is not a trusted proxy (issue 15 finding F6: the
left-most entry let anyone rotate a header value past the rate limit and fake "many
clients" clone flags). Trusted proxies: ``APPRAISER_TRUSTED_PROXIES`` (addresses or networks,
comma-separated; default loopback). A peer that is not a trusted proxy is the client,
whatever headers it sends. uvicorn's own proxy-header handling is off (``server run``), so
this is the only place the header is read.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from functools import lru_cache

from starlette.requests import Request

TRUST_ENVS = ("APPRAISER_TRUST_PROXY", "APPRAISER_RESOLVER_TRUST_PROXY")
PROXIES_ENV = "APPRAISER_TRUSTED_PROXIES"
DEFAULT_PROXIES = "127.0.0.1/8,::1/128"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_proxies(text: str = DEFAULT_PROXIES) -> tuple[Network, ...]:
    """The networks of ``APPRAISER_TRUSTED_PROXIES``; a malformed entry is ``ValueError``
    naming it (the server refuses to start rather than trusting the wrong hop)."""
    networks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ValueError(f"{PROXIES_ENV}: {part!r} is not an address or network.") from exc
    return tuple(networks)


def from_env(*, trust: bool | None = None) -> tuple[Network, ...] | None:
    """The trusted proxies if proxy headers are to be read at all, else ``None``."""
    if trust is None:
        trust = any(os.environ.get(name) == "1" for name in TRUST_ENVS)
    return trusted_proxies(os.environ.get(PROXIES_ENV, DEFAULT_PROXIES)) if trust else None


def _is_proxy(address: str, proxies: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in proxies)


def client_address(request: Request, proxies: tuple[Network, ...] | None) -> str:
    """The right-most address of ``X-Forwarded-For`` + peer that is not a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    if proxies is None or not _is_proxy(peer, proxies):
        return peer
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_proxy(hop, proxies):
            return hop[:64]
    return hops[0][:64] if hops else peer
