"""Per-worker memory of label records, kept true by PostgreSQL ``LISTEN``/``NOTIFY``.

Why: a consumer scan is a read of one label's record (state, product, media, flags), and
the database round trip for it was most of the hot path's cost (issue 15 "Measure": the
profile of one worker under ``wrk``). With the record in the worker's memory a scan that
hits needs no pool checkout at all.

Why it stays true: server migration 300 makes every change to what a consumer page shows
``NOTIFY resolver_labels, '<serial>'`` at commit (``*`` for a change that touches many
labels). Each worker keeps one connection ``LISTEN``-ing and forgets a serial the moment
its notice arrives, so a revoked, voided or flagged label reads so on every worker within
the notice's delivery time (milliseconds), not after some expiry.

The races, and what closes them:

- a lookup that read the old row before a change committed, and stores it after the
  change's notice was handled: every notice bumps ``epoch``; a lookup stores its row only
  if ``epoch`` did not move while it ran (a notice that comes later simply forgets it);
- changes nobody heard (the listening connection down, PostgreSQL restarting): when the
  channel goes down the cache is emptied and, until it is back, an entry is trusted for
  ``FALLBACK_TTL`` seconds only; when it comes back (``LISTEN`` done) it is emptied again;
- a channel that died without an error: the listener runs ``SELECT 1`` every
  ``PING_SECONDS`` when no notice came, so a dead connection is found and replaced.

Misses read through their own pool (``lookup_pool``), which does not check a connection on
every checkout (one more round trip per miss); a dropped connection is found by the lookup
itself, the pool is checked and the lookup asked once more.

Unknown serials and tokens are never remembered (a forger's guesses would fill memory and a
new label would have to announce its token too); they ask the database every time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from appraiser.server.migrations.p0300_resolver_notify import CHANNEL
from appraiser.server.projections import labels as projection

log = logging.getLogger(__name__)

FALLBACK_TTL = 1.0  # seconds an entry is believed while nobody listens for changes
PING_SECONDS = 2.0  # a quiet channel is checked this often
RETRY_SECONDS = 0.5  # wait before listening again after the channel failed
# Records kept per worker, least recently used first out: ~6 KB each with one rendered page
# (measured), so ~120 MB at most; a label is scanned mostly in the days after it is sold.
LIMIT = 20_000
EVERYTHING = "*"
LISTENER_NAME = "appraiser-resolver-listen"  # pg_stat_activity's name for the channel


@dataclass
class Entry:
    """One label's record as looked up, and what was worked out from it (``memo``: the
    consumer page's views by status, so a repeated scan builds nothing)."""

    record: dict[str, Any]
    loaded: float
    memo: dict[Any, Any] = field(default_factory=dict)


def lookup_pool(dsn: str) -> AsyncConnectionPool:
    """The misses' pool: autocommit (a lookup is one round trip: no BEGIN, no COMMIT),
    server-side prepared statements, dicts; no check on checkout (see ``_load``)."""
    return AsyncConnectionPool(
        dsn,
        min_size=2,
        max_size=8,
        timeout=5,  # a consumer waits at most this long; then 503 (resolver_guard)
        kwargs={"row_factory": dict_row, "autocommit": True},
        open=False,
    )


class LabelCache:
    """Label records by serial and by page token, coherent through ``NOTIFY``."""

    def __init__(
        self, dsn: str, pool: AsyncConnectionPool, *, ttl: float = FALLBACK_TTL, limit=LIMIT
    ) -> None:
        self.dsn, self.pool, self.ttl, self.limit = dsn, pool, ttl, limit
        self.epoch = 0  # moves on every change heard (and when the channel goes up or down)
        self.listening = False
        self.hits = self.misses = 0
        self._serials: OrderedDict[str, Entry] = OrderedDict()
        self._tokens: dict[str, str] = {}
        self._task: asyncio.Task | None = None
        self._up = asyncio.Event()

    # -- lookups --------------------------------------------------------------------------

    async def by_serial(self, serial: str) -> Entry | None:
        entry = self._fresh(serial)
        return entry if entry is not None else await self._load(projection.BY_SERIAL, serial)

    async def by_token(self, token: str) -> Entry | None:
        serial = self._tokens.get(token)
        entry = self._fresh(serial) if serial is not None else None
        return entry if entry is not None else await self._load(projection.BY_TOKEN, token)

    def _fresh(self, serial: str) -> Entry | None:
        entry = self._serials.get(serial)
        if entry is None:
            return None
        if not self.listening and time.monotonic() - entry.loaded > self.ttl:
            self.forget(serial)
            return None
        self._serials.move_to_end(serial)
        self.hits += 1
        return entry

    async def _load(self, sql: str, value: str) -> Entry | None:
        self.misses += 1
        epoch = self.epoch
        try:
            record = await self._read(sql, value)
        except PoolTimeout:
            raise  # the database is away: 503 (resolver_guard), no second wait
        except psycopg.OperationalError:
            # A connection PostgreSQL dropped (a restart, issue 15 F17). The lookup pool does
            # not check each checkout (that was a second round trip on every miss), so it is
            # checked now, once, and the lookup asked again on a live connection.
            await self.pool.check()
            record = await self._read(sql, value)
        if record is None:
            return None
        entry = Entry(record, time.monotonic())
        if epoch == self.epoch:  # no change was heard while we read: safe to keep
            self._store(entry)
        return entry

    async def _read(self, sql: str, value: str) -> dict[str, Any] | None:
        async with self.pool.connection() as conn:
            cur = await conn.execute(sql, (value,), prepare=True)
            return await cur.fetchone()

    def _store(self, entry: Entry) -> None:
        serial = entry.record["serial"]
        self.forget(serial)
        self._serials[serial] = entry
        self._tokens[entry.record["page_token"]] = serial
        while len(self._serials) > self.limit:
            _old, evicted = self._serials.popitem(last=False)
            self._tokens.pop(evicted.record["page_token"], None)

    # -- invalidation ---------------------------------------------------------------------

    def forget(self, serial: str) -> None:
        entry = self._serials.pop(serial, None)
        if entry is not None:
            self._tokens.pop(entry.record["page_token"], None)

    def heard(self, payload: str) -> None:
        """A change notice: forget its serial (``*``: everything)."""
        self.epoch += 1
        if payload == EVERYTHING:
            self._serials.clear()
            self._tokens.clear()
        else:
            self.forget(payload)

    # -- the listening connection ---------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._listen())

    async def wait_listening(self, timeout: float) -> bool:
        """Tests and start-up: whether the channel is up within ``timeout`` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._up.wait(), timeout)
        return self.listening

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _listen(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the channel is down: fall back to the short TTL
                log.warning("resolver cache: change channel down (%s: %s)", type(exc).__name__, exc)
            finally:
                self._down()
            await asyncio.sleep(RETRY_SECONDS)

    async def _listen_once(self) -> None:
        conn = await psycopg.AsyncConnection.connect(
            self.dsn,
            autocommit=True,
            row_factory=dict_row,
            connect_timeout=5,
            application_name=LISTENER_NAME,
        )
        async with conn:
            await conn.execute(f"LISTEN {CHANNEL}")
            self.heard(EVERYTHING)  # changes made while nobody listened are unknown
            self.listening = True
            self._up.set()
            while True:
                async for note in conn.notifies(timeout=PING_SECONDS):
                    self.heard(note.payload)
                await asyncio.wait_for(conn.execute("SELECT 1"), PING_SECONDS)

    def _down(self) -> None:
        if self.listening:
            self.listening = False
            self._up.clear()
            self.heard(EVERYTHING)
