"""Site-wide rate limits: every worker's counts added up in PostgreSQL (issue 15 F19, F12).

A per-worker token bucket lets a client through ``workers × hosts`` times the configured
rate. Asking PostgreSQL on every request would fix that but put a round trip on the
resolver's hot path, so the two are split:

- ``SiteLimiter.retry_after(client)`` stays synchronous and in memory: a client known to be
  over the site-wide budget is refused until its window ends, then the worker's own token
  bucket applies, and an admitted request is counted locally;
- every ``APPRAISER_RATE_SYNC_SECONDS`` (0.5 s) one background task per worker
  (``run_exchange``) adds the worker's counts to the UNLOGGED ``rate_counts`` table and reads
  back the site-wide totals of the clients it counted plus every client that is over budget.

The budget of a client per window of ``APPRAISER_RATE_WINDOW`` seconds (10) is what one
token bucket admits in that time: ``burst + rate × window``. Windows are fixed (aligned on
the wall clock, which hosts share through NTP), so a client may spend one budget at the end
of a window and the next at the start of the following one. Slack: a worker learns of
requests other workers admitted only at its next exchange, so the site admits at most the
budget plus what the other workers admit in one sync interval (each at most its own bucket).
A lost database only means each worker falls back to its own bucket until it returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable

import psycopg

from appraiser.server.scans import RateLimiter

log = logging.getLogger(__name__)

WINDOW_ENV = "APPRAISER_RATE_WINDOW"
SYNC_ENV = "APPRAISER_RATE_SYNC_SECONDS"

_ADD = """
INSERT INTO rate_counts (scope, win, client, hits)
SELECT %s, w, c, n FROM unnest(%s::bigint[], %s::text[], %s::int[]) AS t(w, c, n)
ON CONFLICT (scope, win, client) DO UPDATE SET hits = rate_counts.hits + EXCLUDED.hits
"""
_READ = """
SELECT client, hits FROM rate_counts
 WHERE scope = %s AND win = %s AND (hits >= %s OR client = ANY(%s))
"""
_FORGET = "DELETE FROM rate_counts WHERE scope = %s AND win < %s"


def window_seconds() -> float:
    return max(1.0, float(os.environ.get(WINDOW_ENV, "10")))


def sync_seconds() -> float:
    return max(0.01, float(os.environ.get(SYNC_ENV, "0.5")))


class SiteLimiter:
    """One limit (``scope``) shared by every worker of the site; thread-safe."""

    def __init__(self, scope: str, rate: float, burst: int, window: float | None = None) -> None:
        self.scope, self.rate = scope, rate
        self.window = window_seconds() if window is None else window
        self.budget = burst + rate * self.window
        self.local = RateLimiter(rate, burst)
        self.exchanges = 0  # successful exchanges with PostgreSQL (tests wait on it)
        self._lock = threading.Lock()
        self._pending: Counter[tuple[int, str]] = Counter()
        self._known: dict[str, int] = {}  # site-wide totals of the current window
        self._win = -1
        self._forgotten = -1

    def _roll(self, now: float) -> int:
        win = int(now // self.window)
        if win != self._win:
            self._win, self._known = win, {}
        return win

    def retry_after(self, client: str, now: float | None = None) -> int:
        """0 when the request may go ahead (it is counted), else whole seconds to wait.
        A rate of 0 disables the limit."""
        if self.rate <= 0:
            return 0
        now = time.time() if now is None else now
        with self._lock:
            win = self._roll(now)
            if self._known.get(client, 0) + self._pending[(win, client)] >= self.budget:
                return max(1, math.ceil((win + 1) * self.window - now))
            wait = self.local.retry_after(client)
            if wait:
                return wait
            self._pending[(win, client)] += 1
            return 0

    def take_counts(self) -> list[tuple[int, str, int]]:
        """The counts admitted since the last exchange (removed; ``give_back`` on failure)."""
        with self._lock:
            counts, self._pending = self._pending, Counter()
        return [(win, client, n) for (win, client), n in counts.items()]

    def give_back(self, counts: Iterable[tuple[int, str, int]]) -> None:
        with self._lock:
            for win, client, n in counts:
                self._pending[(win, client)] += n

    def learn(self, win: int, totals: dict[str, int]) -> None:
        """Site-wide totals read back for window ``win`` (ignored if it already ended)."""
        with self._lock:
            if win == self._win:
                self._known.update(totals)
            self.exchanges += 1

    def watched(self, win: int) -> set[str]:
        """Clients this worker counted in window ``win``: their totals are read back at each
        exchange, so requests other workers admitted reach this one within one interval."""
        with self._lock:
            return set(self._known) if win == self._win else set()

    def current_window(self, now: float | None = None) -> int:
        with self._lock:
            return self._roll(time.time() if now is None else now)

    def forget_due(self, win: int) -> bool:
        """Whether this worker should delete older windows now (once per window)."""
        with self._lock:
            due, self._forgotten = self._forgotten < win, max(self._forgotten, win)
        return due


async def exchange(conn: psycopg.AsyncConnection, limiters: Iterable[SiteLimiter]) -> None:
    """Add every limiter's counts, read back the totals that matter, in one transaction."""
    for limiter in limiters:
        if limiter.rate <= 0:
            continue
        counts = limiter.take_counts()
        win = limiter.current_window()
        try:
            async with conn.transaction():
                totals = await _exchange_one(conn, limiter, counts, win)
        except BaseException:
            limiter.give_back(counts)
            raise
        limiter.learn(win, totals)


async def _exchange_one(
    conn: psycopg.AsyncConnection, limiter: SiteLimiter, counts: list, win: int
) -> dict[str, int]:
    if counts:
        wins, clients, hits = (list(column) for column in zip(*counts, strict=True))
        await conn.execute(_ADD, (limiter.scope, wins, clients, hits))
    if limiter.forget_due(win):
        await conn.execute(_FORGET, (limiter.scope, win - 1))
    mine = limiter.watched(win) | {client for w, client, _ in counts if w == win}
    cur = await conn.execute(_READ, (limiter.scope, win, limiter.budget, sorted(mine)))
    return {row[0]: row[1] for row in await cur.fetchall()}


async def run_exchange(dsn: str, limiters: Callable[[], Iterable[SiteLimiter]]) -> None:
    """The worker's background task: exchange every ``sync_seconds()`` on a connection of
    its own (never one of the hot path's); reconnects after any database trouble."""
    conn: psycopg.AsyncConnection | None = None
    try:
        while True:
            await asyncio.sleep(sync_seconds())
            active = [limiter for limiter in limiters() if limiter.rate > 0]
            if not active:  # every limit off: no connection held for nothing
                continue
            try:
                if conn is None or conn.closed:
                    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
                await exchange(conn, active)
            except (psycopg.Error, OSError) as exc:
                log.warning("site-wide rate counts not exchanged: %s", exc)
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await conn.close()
                conn = None
    finally:
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()


def start(dsn: str, limiters: Callable[[], Iterable[SiteLimiter]]) -> asyncio.Task:
    return asyncio.get_running_loop().create_task(run_exchange(dsn, limiters))


async def stop(task: asyncio.Task | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
