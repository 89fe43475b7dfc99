"""Read models built from what stations push, in the same transaction as the ingest.

Ingest calls ``apply(conn, station, table, row)`` once for every audited row it stores (a
new version of a row: the first time its digest is seen), in audit order, inside the ingest
transaction, each row in a savepoint: a projection that raises on a row it cannot read
(KeyError, TypeError, ValueError, a value the database refuses) has only that row's
projection undone; the row stays stored and ingest raises the alarm ``projection.bad_row``
(issue 15 F16), so one bad row never wedges a station's sync. ``station`` is a dict with at
least ``id`` and ``code``; ``row`` is the row's columns exactly as the station's SQLite
held them (dict of column → value), ``table`` the station's table name (``labels``,
``label_events``, ``appraisals``, …).

To add one (slice F2's label projection, say): write ``projections/labels.py`` with

    from appraiser.server.projections import projection

    @projection("labels", "label_events")
    def labels(conn, station, table, row): ...

and add ``"labels"`` to ``MODULES`` below. Its tables come from a server migration
(``appraiser/server/migrations/p01NN_*.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from appraiser.server import namespace

Projection = Callable[[psycopg.Connection, dict[str, Any], str, dict[str, Any]], None]

MODULES: tuple[str, ...] = ("labels",)  # submodules of this package holding @projection functions

_BY_TABLE: dict[str, list[Projection]] = {}
_loaded = False


def projection(*tables: str) -> Callable[[Projection], Projection]:
    """Register ``fn(conn, station, table, row)`` for rows of these station tables."""

    def register(fn: Projection) -> Projection:
        for table in tables:
            if fn not in _BY_TABLE.setdefault(table, []):
                _BY_TABLE[table].append(fn)
        return fn

    return register


def _load() -> None:
    global _loaded
    if not _loaded:
        for name in MODULES:
            importlib.import_module(f"{__name__}.{name}")
        _loaded = True


def apply(
    conn: psycopg.Connection, station: dict[str, Any], table: str, row: dict[str, Any]
) -> None:
    """Run every projection registered for ``table`` on one newly ingested row — unless the
    row names another station (``server.namespace``, issue 15 finding N3): then nothing is
    projected and the pushing station is alarmed ``projection.foreign_record``."""
    _load()
    foreign = namespace.foreign_field(str(station["code"]), table, row)
    if foreign is not None:
        conn.execute(
            "INSERT INTO alarms(station_id, kind, detail) VALUES"
            " (%s, 'projection.foreign_record', %s)",
            (station["id"], Jsonb({"table": table, **foreign})),
        )
        return
    for fn in _BY_TABLE.get(table, ()):
        fn(conn, station, table, row)
