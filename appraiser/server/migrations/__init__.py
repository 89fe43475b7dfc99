"""Versioned PostgreSQL migrations for the fleet server, like the station's SQLite ones.

Each module ``pNNNN_<area>.py`` in this package holds functions decorated ``@migration(N)``
with a one-line docstring; ``migrate(conn)`` applies every version not yet recorded in
``server_schema``, in ascending order, each in its own transaction, under an advisory lock
so several workers starting at once migrate exactly once. Numbers need not be contiguous:
slice F1 (core, ingest) uses 1–99, slice F2 (resolver, consumer page, scans, label
projection) uses 100–199, later work 200+. Never edit an applied migration; add one.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg.rows import tuple_row

_LOCK = 0x61707072  # pg_advisory_lock key: "appr"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    doc: str
    apply: Callable[[psycopg.Connection], None]


_REGISTRY: dict[int, Migration] = {}


def migration(version: int) -> Callable:
    """Register ``fn(conn)`` as schema step ``version`` (unique across all modules)."""

    def register(fn: Callable[[psycopg.Connection], None]) -> Callable:
        if version in _REGISTRY and _REGISTRY[version].apply is not fn:
            raise RuntimeError(f"server migration {version} is defined twice")
        doc = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else fn.__name__
        _REGISTRY[version] = Migration(version, f"{fn.__module__}.{fn.__name__}", doc, fn)
        return fn

    return register


def all_migrations() -> list[Migration]:
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("p"):
            importlib.import_module(f"{__name__}.{module.name}")
    return [_REGISTRY[v] for v in sorted(_REGISTRY)]


def applied(conn: psycopg.Connection) -> set[int]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS server_schema (version integer PRIMARY KEY, name text NOT"
        " NULL, doc text NOT NULL, applied timestamptz NOT NULL DEFAULT now())"
    )
    cur = conn.cursor(row_factory=tuple_row)
    return {row[0] for row in cur.execute("SELECT version FROM server_schema").fetchall()}


def migrate(conn: psycopg.Connection) -> list[Migration]:
    """Apply what is missing; returns the steps applied now (empty: already current)."""
    done: list[Migration] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        have = applied(conn)
        for step in all_migrations():
            if step.version in have:
                continue
            with conn.transaction():
                step.apply(conn)
                conn.execute(
                    "INSERT INTO server_schema(version, name, doc) VALUES (%s, %s, %s)",
                    (step.version, step.name, step.doc),
                )
            done.append(step)
    return done


def pending(conn: psycopg.Connection) -> list[Migration]:
    with conn.transaction():
        have = applied(conn)
    return [step for step in all_migrations() if step.version not in have]
