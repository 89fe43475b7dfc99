"""PostgreSQL access for the fleet server: one pool per process, short transactions.

Workers are stateless: everything they share lives in PostgreSQL, so any number of them can
run behind a load balancer against one database. Route code gets a connection with
``transaction(pool)``; it commits on success and rolls back on any exception.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import psycopg.errors
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from appraiser.errors import InvalidInput, KnownError

DSN_ENV = "APPRAISER_DSN"


class DatabaseUnavailable(KnownError):
    """The server's PostgreSQL cannot be reached or refused the login (exit 3)."""


def resolve_dsn(given: str | None) -> str:
    """``--dsn`` or ``$APPRAISER_DSN``; a missing or non-PostgreSQL DSN is bad input."""
    dsn = given or os.environ.get(DSN_ENV, "")
    if not dsn:
        raise InvalidInput(f"Give the database as --dsn postgresql://… (or set {DSN_ENV}).")
    if not dsn.startswith(("postgresql://", "postgres://")) and "=" not in dsn:
        raise InvalidInput(f"--dsn {dsn!r} is not a PostgreSQL connection string.")
    return dsn


def connect(dsn: str, **kwargs) -> psycopg.Connection:
    """One connection (CLI commands, migrations); unreachable is ``DatabaseUnavailable``."""
    try:
        return psycopg.connect(dsn, row_factory=dict_row, **kwargs)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(
            f"Cannot reach the server database ({reason}).",
            hint="Check --dsn and that PostgreSQL is running.",
        ) from exc


def open_pool(dsn: str, *, min_size: int = 1, max_size: int = 8) -> ConnectionPool:
    """The process's pool; rows come back as dicts. Opened and checked at once, so a wrong
    DSN fails at start-up, not on the first request. Every checkout is checked (one empty
    round trip) and a dead connection replaced, so a routine PostgreSQL restart costs no
    request a 500 (issue 15 finding F17)."""
    pool = ConnectionPool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        kwargs={"row_factory": dict_row},
        check=ConnectionPool.check_connection,
        open=False,
    )
    try:
        pool.open(wait=True, timeout=10)
    except psycopg.Error as exc:
        pool.close()
        raise DatabaseUnavailable(f"Cannot reach the server database ({exc}).") from exc
    return pool


# How long a request waits for a pooled connection: long enough for a busy pool, short
# enough that with PostgreSQL down a station or a supervisor hears "database unavailable"
# (503) at once instead of after the pool's 30 s default (issue 15 finding N8). Once a
# checkout failed, the next ones wait only AWAY_WAIT_S until one succeeds again.
CHECKOUT_WAIT_S, AWAY_WAIT_S = 5.0, 1.0
# What "the database is away" raises (psycopg_pool.PoolTimeout is an OperationalError).
AWAY = (psycopg.OperationalError, psycopg.InterfaceError, psycopg.errors.ReadOnlySqlTransaction)
_away = False


@contextmanager
def checkout(pool: ConnectionPool) -> Iterator[psycopg.Connection]:
    """A pooled connection, waited for at most ``CHECKOUT_WAIT_S`` (``AWAY_WAIT_S`` while the
    database is known away); ``PoolTimeout`` when none comes."""
    global _away
    try:
        with pool.connection(timeout=AWAY_WAIT_S if _away else CHECKOUT_WAIT_S) as conn:
            _away = False
            yield conn
    except PoolTimeout:
        _away = True
        raise


@contextmanager
def transaction(pool: ConnectionPool) -> Iterator[psycopg.Connection]:
    """A pooled connection inside one transaction (commit on success, rollback on error)."""
    with checkout(pool) as conn, conn.transaction():
        yield conn
