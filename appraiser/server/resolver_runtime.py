"""Per-worker state of the resolver: its async pool, scan log, rate limiter and caches (the
label records themselves: ``resolver_cache``, kept true by ``NOTIFY``). The rate limit
itself is site-wide: the worker's limiter shares its counts through PostgreSQL
(``site_limits``), so adding workers or hosts does not multiply a client's rate.

The resolver's hot path is async end to end (uvicorn's event loop, psycopg's async pool with
server-side prepared statements), unlike the rest of the server whose blocking endpoints run
in Starlette's thread pool: a thread hop per request would cost more than the lookup. The
runtime is made on a worker's first resolver request and closed by the app's shutdown hook
(``shutdown``), which also flushes the scan log.

Settings come from the environment, so ``appraiser server run`` needs no new flags:
``APPRAISER_RESOLVER_NAME`` (the description document's name), ``APPRAISER_RESOLVER_RATE``
(requests per second per client, 0 = unlimited; default 2) and ``…_BURST`` (default 60),
``APPRAISER_TRUST_PROXY=1`` (older name ``APPRAISER_RESOLVER_TRUST_PROXY``; see
``client_address``) to take the client address from ``X-Forwarded-For``
(only behind a proxy that sets it), ``APPRAISER_RESOLVER_PUBLIC_URL`` (``https://v.acme.cn``:
the origin every absolute link is built on; ``server run --public-url`` sets it).

Why a configured origin (issue 15 finding F14): a ``Location``, linkset anchor or
``resolverRoot`` built from the request's ``Host`` header lets anyone who can reach the
server (or poison a cache in front of it) send consumers to a look-alike page. Without the
setting the origin is the resolver domain of the first enrolled station's labels (what the
QR codes already name), and until a label exists links are relative.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from starlette.requests import Request

from appraiser.errors import InvalidInput
from appraiser.server import client_address, site_limits
from appraiser.server.resolver_cache import LabelCache, lookup_pool
from appraiser.server.scans import ScanLog, client_hash
from appraiser.server.site_limits import SiteLimiter

PUBLIC_URL_ENV = "APPRAISER_RESOLVER_PUBLIC_URL"
# The resolver domain of the first enrolled station's labels: the default public origin.
_FIRST_DOMAIN = """
SELECT l.resolver FROM resolver_labels l JOIN stations s ON s.id = l.station_id
 ORDER BY s.enrolled NULLS LAST, s.id, l.serial LIMIT 1
"""


@dataclass(frozen=True)
class ResolverSettings:
    name: str = "Appraiser label resolver"
    rate: float = 2.0
    burst: int = 60
    trust_proxy: bool = False
    public_url: str = ""  # scheme://host[:port], no path; "" = from the first station

    @classmethod
    def from_env(cls) -> ResolverSettings:
        env = os.environ
        return cls(
            name=env.get("APPRAISER_RESOLVER_NAME", cls.name),
            rate=float(env.get("APPRAISER_RESOLVER_RATE", cls.rate)),
            burst=int(env.get("APPRAISER_RESOLVER_BURST", cls.burst)),
            trust_proxy=client_address.trusts_proxy(env),  # the README's name too (N1)
            public_url=public_origin(env.get(PUBLIC_URL_ENV, "")),
        )


def public_origin(text: str) -> str:
    """``https://host[:port]`` from a configured public URL (no path, query or user), or
    ``InvalidInput`` saying what is wrong; ``""`` stays ``""`` (not configured)."""
    text = text.strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        raise InvalidInput(f"The resolver's public URL {text!r} must look like https://v.acme.cn.")
    if parts.path or parts.query or parts.fragment:
        raise InvalidInput(f"The resolver's public URL {text!r} must have no path or query.")
    return f"{parts.scheme}://{parts.netloc.lower()}"


class KeyCache:
    """Station public keys by key id; a key id never changes its key, so a hit is final."""

    def __init__(self) -> None:
        self._keys: dict[str, Ed25519PublicKey | None] = {}

    async def get(self, pool: AsyncConnectionPool, kid: str) -> Ed25519PublicKey | None:
        if kid in self._keys:
            return self._keys[kid]
        async with pool.connection() as conn:
            cur = await conn.execute("SELECT pem FROM station_keys WHERE kid = %s", (kid,))
            row = await cur.fetchone()
        key = load_pem_public_key(row["pem"].encode("ascii")) if row else None
        if key is not None and not isinstance(key, Ed25519PublicKey):
            key = None
        if key is not None:
            self._keys[kid] = key  # unknown ids are asked again: the station may enrol later
        return key


class Verdicts(OrderedDict[tuple[str, str, str], bool]):
    """Bounded memo of signature checks: (signed URI, key id, issue day) → valid. The key is
    everything the check reads, so a hit is the check's answer (a key id never changes its
    key); a check against a key not yet known is not remembered."""

    LIMIT = 100_000

    def remember(self, key: tuple[str, str], valid: bool) -> bool:
        self[key] = valid
        if len(self) > self.LIMIT:
            self.popitem(last=False)
        return valid


@dataclass
class Runtime:
    pool: AsyncConnectionPool
    scans: ScanLog
    limiter: SiteLimiter  # site-wide: counts shared through PostgreSQL (F19)
    salt: bytes
    keys: KeyCache
    signatures: Verdicts
    settings: ResolverSettings
    limits_task: asyncio.Task | None = None
    labels: LabelCache = field(default=None)  # type: ignore[assignment]  # set by _start
    _origin: str = field(default="", init=False)

    async def origin(self) -> str:
        """Where absolute links point: the configured public URL, else the resolver domain
        of the first enrolled station's labels (looked up until one exists), else ``""``
        (relative links). Never the request's ``Host``."""
        if self.settings.public_url:
            return self.settings.public_url
        if not self._origin:
            async with self.pool.connection() as conn:
                cur = await conn.execute(_FIRST_DOMAIN, prepare=True)
                row = await cur.fetchone()
            if row and row["resolver"]:
                self._origin = f"https://{row['resolver']}"
        return self._origin

    def client_address(self, request: Request) -> str:
        """The right-most untrusted hop (``client_address``, issue 15 finding F6)."""
        from appraiser.server import client_address

        proxies = client_address.from_env(trust=self.settings.trust_proxy)
        return client_address.client_address(request, proxies)

    def admit(self, request: Request) -> tuple[str, int]:
        """The scan's client (a salted hash, never the address) and the seconds it must wait
        under the site-wide rate limit (0: go on) — one rule for every consumer route."""
        client = client_hash(self.salt, self.client_address(request))
        return client, self.limiter.retry_after(client)


async def runtime(request: Request) -> Runtime:
    """The worker's runtime, made on first use."""
    app = request.app
    existing = getattr(app.state, "resolver", None)
    if existing is not None:
        return existing
    if getattr(app.state, "resolver_lock", None) is None:
        app.state.resolver_lock = asyncio.Lock()  # no await before: no other task interleaves
    async with app.state.resolver_lock:
        if getattr(app.state, "resolver", None) is None:
            app.state.resolver = await _start(app.state.settings.dsn)
    return app.state.resolver


async def _start(dsn: str) -> Runtime:
    settings = ResolverSettings.from_env()
    # autocommit: a lookup is one round trip (no implicit BEGIN, no COMMIT when the
    # connection goes back to the pool); the scan log writes in explicit transactions.
    pool = AsyncConnectionPool(
        dsn,
        min_size=2,
        max_size=8,
        # a consumer waits at most this long for a connection; then 503 (resolver_guard)
        timeout=5,
        kwargs={"row_factory": dict_row, "autocommit": True},
        # a dead connection (PostgreSQL restarted) is replaced on checkout, not a 500 (F17)
        check=AsyncConnectionPool.check_connection,
        open=False,
    )
    await pool.open(wait=True, timeout=10)
    async with pool.connection() as conn:
        cur = await conn.execute("SELECT value FROM resolver_secrets WHERE name = 'scan_salt'")
        salt = bytes((await cur.fetchone())["value"])
    scans = ScanLog(pool)
    scans.start()
    limiter = SiteLimiter("resolver", settings.rate, settings.burst)
    lookups = lookup_pool(dsn)
    await lookups.open(wait=True, timeout=10)
    labels = LabelCache(dsn, lookups)  # label records in memory, kept true by NOTIFY
    labels.start()
    await labels.wait_listening(timeout=2)  # else it serves on the short TTL until it is
    return Runtime(
        pool,
        scans,
        limiter,
        salt,
        KeyCache(),
        Verdicts(),
        settings,
        site_limits.start(dsn, lambda: (limiter,)),
        labels,
    )


async def shutdown(app) -> None:
    """Flush the scan log and close the pool (the app factory's shutdown calls this)."""
    running = getattr(app.state, "resolver", None)
    if running is not None:
        app.state.resolver = None
        await site_limits.stop(running.limits_task)
        await running.labels.close()
        await running.labels.pool.close()
        await running.scans.close()
        await running.pool.close()
