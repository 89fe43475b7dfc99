"""A private read-only connection holding one consistent snapshot of the database.

Exports read tens of thousands of rows; doing it on the station's shared connection would
hold its lock and stall the bench. In WAL mode a second connection reads a stable snapshot
while the bench keeps writing, and the rows, figures and checkpoint all come from the same
instant.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from appraiser.errors import DatabaseDamagedError, DatabaseLockedError


class Snapshot:
    """Rows from one read transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def tuples(self, sql: str, params: Any = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()


@contextlib.contextmanager
def read_snapshot(db_path: Path) -> Iterator[Snapshot]:
    """Open ``db_path`` read-only and keep one read transaction for the whole block."""
    try:
        conn = sqlite3.connect(
            f"file:{db_path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise DatabaseDamagedError(f"Cannot open {db_path} for reading ({exc}).") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("BEGIN")
        conn.execute("SELECT 1 FROM audit_events LIMIT 1").fetchall()  # pins the snapshot
        yield Snapshot(conn)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLockedError(f"The database {db_path} is busy ({exc}).") from exc
        raise
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()
