"""The resolver's scan log and per-client rate limit.

Every resolver hit is logged (DESIGN §3.3: every verification is a ScanEvent): the time, a
salted hash of the client address (HMAC-SHA-256 under a server secret kept in PostgreSQL, so
the log holds no address and nobody without the secret can test one against it) and a
coarse user agent (a browser/app family and platform, never the full string, which would
fingerprint people).

Why batched: a scan is a write, and the hot path must stay under a few milliseconds at
1,000 requests/s on two cores. Hits are queued in memory and written by one task per worker
every ``FLUSH_SECONDS`` (or every ``FLUSH_ROWS``) in one ``COPY``, and the clone rules then
run once for the serials of that batch. The cost: a worker killed with ``kill -9`` loses at
most the last fraction of a second of its scan log (never a label state: those are read).

Rate limiting is site-wide, not per worker (``site_limits.SiteLimiter``): each worker
keeps the token bucket here (``RateLimiter``: a burst of ``burst`` requests, then ``rate``
per second) and every 0.5 s adds its counts to PostgreSQL's ``rate_counts`` and reads back
which clients are over the site's budget, so any number of workers and hosts together admit
a client about ``burst + rate × window`` per window; beyond it a 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import hmac
import logging
import math
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from psycopg_pool import AsyncConnectionPool

from appraiser.server import clone

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.25
FLUSH_ROWS = 2000
MAX_QUEUE = 200_000  # beyond this (database down for long) the oldest hits are dropped


@functools.lru_cache(maxsize=65_536)
def client_hash(salt: bytes, address: str) -> str:
    """The scan log's name for a client: HMAC of its address under the server's salt
    (remembered per address: the HMAC was a twentieth of a cached scan's cost)."""
    return hmac.new(salt, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


_FAMILIES = (
    ("bot", re.compile(r"bot|crawl|spider|slurp|curl|wget|python|httpx|go-http|java/", re.I)),
    ("wechat", re.compile(r"MicroMessenger", re.I)),
    ("alipay", re.compile(r"AlipayClient", re.I)),
    ("edge", re.compile(r"Edg/", re.I)),
    ("chrome", re.compile(r"Chrome/|CriOS/", re.I)),
    ("firefox", re.compile(r"Firefox/|FxiOS/", re.I)),
    ("safari", re.compile(r"Safari/", re.I)),
)
_PLATFORMS = (
    ("android", re.compile(r"Android", re.I)),
    ("ios", re.compile(r"iPhone|iPad|iOS", re.I)),
    ("windows", re.compile(r"Windows", re.I)),
    ("mac", re.compile(r"Macintosh|Mac OS", re.I)),
    ("linux", re.compile(r"Linux|X11", re.I)),
)


def coarse_agent(user_agent: str | None) -> str:
    """``family/platform`` (``chrome/android``, ``wechat/ios``, ``bot/other``…)."""
    ua = (user_agent or "")[:512]
    if not ua:
        return "none/other"
    family = next((name for name, rx in _FAMILIES if rx.search(ua)), "other")
    platform = next((name for name, rx in _PLATFORMS if rx.search(ua)), "other")
    return f"{family}/{platform}"


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets per client, bounded in memory (least recently seen evicted)."""

    def __init__(self, rate: float, burst: int, max_clients: int = 100_000) -> None:
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def retry_after(self, client: str, now: float | None = None) -> int:
        """0 when the request may go ahead (and takes a token), else whole seconds to wait.
        A rate of 0 disables the limit."""
        if self.rate <= 0:
            return 0
        now = time.monotonic() if now is None else now
        bucket = self._buckets.pop(client, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[client] = bucket
        if len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / self.rate))


@dataclass(frozen=True)
class Hit:
    serial: str | None
    at: datetime
    client: str
    agent: str
    kind: str  # resolve | linkset | page | media | bad_request
    outcome: str  # what was answered: genuine, revoked, voided, unknown, bad_signature, …


class ScanLog:
    """Queue of hits written in batches by one background task of the worker."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool
        self._queue: list[Hit] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self.dropped = 0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def record(self, serial: str | None, client: str, agent: str, kind: str, outcome: str):
        self._queue.append(Hit(serial, datetime.now(UTC), client, agent, kind, outcome))
        if len(self._queue) > MAX_QUEUE:
            del self._queue[: len(self._queue) - MAX_QUEUE]
            self.dropped += 1
        if len(self._queue) >= FLUSH_ROWS:
            self._wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), FLUSH_SECONDS)
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # the database is away: keep the queue, try again later
                log.exception("scan log flush failed; %d hits kept", len(self._queue))
                await asyncio.sleep(1.0)

    async def flush(self) -> int:
        """Write what is queued (one COPY), then run the clone rules for its serials."""
        batch, self._queue = self._queue, []
        if not batch:
            return 0
        try:
            async with self.pool.connection() as conn, conn.transaction():
                async with conn.cursor().copy(
                    "COPY resolver_scans (serial, at, client, agent, kind, outcome) FROM STDIN"
                ) as copy:
                    for hit in batch:
                        await copy.write_row(
                            (hit.serial, hit.at, hit.client, hit.agent, hit.kind, hit.outcome)
                        )
                serials = sorted({h.serial for h in batch if h.serial})
                await clone.evaluate(conn, serials)
        except BaseException:
            self._queue[:0] = batch  # not written: put it back in front, in order
            raise
        return len(batch)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(Exception):
            await self.flush()
