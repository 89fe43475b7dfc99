"""A data folder as the release before issue 14 left it: schema 4, audit events, no
checkpoint log — what the upgrade, the downgrade tripwires and the checkpoint start are
tested against."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from appraiser.paths import DataDir
from appraiser.storage import audit
from appraiser.storage.migrations import all_migrations


def station_before_checkpoints(
    root: Path, events: int = 1, *statements: tuple[str, tuple]
) -> DataDir:
    """Migrations 1–4 only, ``events`` old audit events, then ``statements`` (rows a test
    needs) in the same transaction."""
    data = DataDir(root).ensure()
    conn = sqlite3.connect(data.db, isolation_level=None)
    try:
        for step in all_migrations()[:4]:
            conn.execute("BEGIN")
            step.step(conn)
            conn.execute(f"PRAGMA user_version = {step.version}")
            conn.execute("COMMIT")
        conn.execute("BEGIN")
        for n in range(events):
            audit.append(conn, "test.old_event", actor="system", data={"n": n})
        for sql, params in statements:
            conn.execute(sql, params)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return data
