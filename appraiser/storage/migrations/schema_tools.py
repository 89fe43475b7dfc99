"""Helpers migrations share: append-only triggers and the list of audited tables."""

from __future__ import annotations

import functools
import sqlite3


def protect(conn: sqlite3.Connection, table: str, *, allow_update: bool = False) -> None:
    """Refuse DELETE (and UPDATE unless allowed) on ``table`` at the database level."""
    ops = ["DELETE"] if allow_update else ["UPDATE", "DELETE"]
    for op in ops:
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        )


def register_audited(conn: sqlite3.Connection, table: str, *, append_only: bool = True) -> None:
    """Every row of an audited table must be named by an audit event carrying its digest."""
    conn.execute(
        "INSERT OR REPLACE INTO audited_tables(name, append_only) VALUES (?, ?)",
        (table, int(append_only)),
    )
    protect(conn, table, allow_update=not append_only)


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    ``executescript`` would COMMIT first; splitting on ``;`` breaks on a semicolon in a
    comment. ``sqlite3.complete_statement`` knows SQL's comments and quoting.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        raise sqlite3.ProgrammingError(f"incomplete SQL statement: {pending.strip()[:60]}")


@functools.cache
def _scratch() -> tuple[dict[tuple[str, str], str], frozenset[str]]:
    """Every schema object ((type, name) → SQL) and the audited tables the migrations
    create, read once per process from a scratch in-memory database built by the very
    same migrations (~8 ms)."""
    from appraiser.storage.migrations import migrate

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        objects = {(t, n): sql for t, n, sql in conn.execute(SCHEMA_OBJECTS)}
        tables = frozenset(r[0] for r in conn.execute("SELECT name FROM audited_tables"))
    finally:
        conn.close()
    return objects, tables


# SQLite's own objects (autoindexes, sqlite_sequence, sqlite_stat*) are not the app's.
SCHEMA_OBJECTS = (
    "SELECT type, name, sql FROM sqlite_master "
    "WHERE type IN ('table', 'view', 'trigger', 'index') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
)


def expected_objects() -> dict[tuple[str, str], str]:
    """Every table, view, trigger and index the migrations create: the schema ``audit
    verify`` holds a station against, and ``Store`` before it writes (issue 14 H2)."""
    return _scratch()[0]


def expected_schema() -> tuple[dict[str, str], frozenset[str]]:
    """The triggers (name → SQL) and audited tables the migrations create: the one list
    ``audit verify`` compares a station with, so a trigger a later migration adds is expected
    without anyone remembering to list it, and one dropped by hand is named."""
    objects, tables = _scratch()
    return {n: sql for (t, n), sql in objects.items() if t == "trigger"}, tables
