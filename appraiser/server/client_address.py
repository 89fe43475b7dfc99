"""Who is asking: the client address the rate limits and the scan log count.

Without a proxy the answer is the TCP peer. With ``APPRAISER_TRUST_PROXY=1`` (the one
documented name; the older ``APPRAISER_RESOLVER_TRUST_PROXY`` is read too, for the resolver,
the sign-in and the sync limits alike — issue 15 finding N1: the README's name did nothing
for the resolver) the server sits behind reverse proxies that
*append* the address they saw to ``X-Forwarded-For`` (nginx ``$proxy_add_x_forwarded_for``).
Everything left of what a trusted proxy appended was written by the client itself, so the
client is the right-most address that is not a trusted proxy (issue 15 finding F6: the
left-most entry let anyone rotate a header value past the rate limit and fake "many
clients" clone flags). Trusted proxies: ``APPRAISER_TRUSTED_PROXIES`` (addresses or networks,
comma-separated; default loopback; older name ``APPRAISER_RESOLVER_TRUSTED_PROXIES``).
``server run`` prints the trust in effect (``describe``) and refuses a value it cannot
read. A peer that is not a trusted proxy is the client, whatever headers it sends.
uvicorn's own proxy-header handling is off (``server run``), so this is the only place the
header is read.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from functools import lru_cache

from starlette.requests import Request

TRUST_ENV, PROXIES_ENV = "APPRAISER_TRUST_PROXY", "APPRAISER_TRUSTED_PROXIES"
OLD_TRUST_ENV, OLD_PROXIES_ENV = (
    "APPRAISER_RESOLVER_TRUST_PROXY",
    "APPRAISER_RESOLVER_TRUSTED_PROXIES",
)
TRUST_ENVS = (TRUST_ENV, OLD_TRUST_ENV)
DEFAULT_PROXIES = "127.0.0.1/8,::1/128"
_YES, _NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")

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


def trusts_proxy(env: Mapping[str, str] | None = None) -> bool:
    """Whether ``X-Forwarded-For`` is read: ``APPRAISER_TRUST_PROXY`` (or its older name) is
    1/true/yes/on; a value that is neither yes nor no, or the two names disagreeing, is
    ``ValueError`` naming it (a proxy trust the operator did not mean is worse than none)."""
    env = os.environ if env is None else env
    said = {}
    for name in TRUST_ENVS:
        value = env.get(name)
        if value is None:
            continue
        if value.strip().lower() not in _YES + _NO:
            raise ValueError(f"{name}={value!r}: set it to 1 (behind a reverse proxy) or 0.")
        said[name] = value.strip().lower() in _YES
    if len(set(said.values())) > 1:
        raise ValueError(f"{TRUST_ENV} and {OLD_TRUST_ENV} disagree: set only {TRUST_ENV}.")
    return any(said.values())


def proxies_text(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get(PROXIES_ENV) or env.get(OLD_PROXIES_ENV) or DEFAULT_PROXIES


def from_env(*, trust: bool | None = None) -> tuple[Network, ...] | None:
    """The trusted proxies if proxy headers are to be read at all, else ``None``."""
    if trust is None:
        trust = trusts_proxy()
    return trusted_proxies(proxies_text()) if trust else None


def describe(env: Mapping[str, str] | None = None) -> str:
    """The line ``server run`` prints at start: which client address the limits and the scan
    log count; ``ValueError`` for a setting it cannot read (the server then does not start)."""
    env = os.environ if env is None else env
    if not trusts_proxy(env):
        return (
            f"proxy trust: off — the client is the TCP peer, X-Forwarded-For is ignored"
            f" (behind a reverse proxy set {TRUST_ENV}=1 and {PROXIES_ENV})"
        )
    text = proxies_text(env)
    networks = ", ".join(str(n) for n in trusted_proxies(text))
    line = (
        f"proxy trust: on ({TRUST_ENV}) — the client is the right-most X-Forwarded-For hop"
        f" not in {networks} ({PROXIES_ENV})"
    )
    if OLD_TRUST_ENV in env or OLD_PROXIES_ENV in env:
        line += f"; older names {OLD_TRUST_ENV}/{OLD_PROXIES_ENV} read: rename them"
    return line


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
