"""Helpers for the fleet tests on the real stack: read the server's PostgreSQL directly, add a
blob to a station's media the way a capture does, and wait (bounded) for a condition that
another process makes true. Shared by the sync, fault and hardening tests."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import psycopg

from appraiser.storage.media import MediaStore


def server_rows(dsn: str, sql: str, params=()) -> list[tuple]:
    """The rows of ``sql`` on the server's database (its own connection, committed)."""
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql, params).fetchall()


def add_media(station, data: bytes) -> str:
    """Store ``data`` as a station blob and record it (so sync has it to push); its sha256."""
    sha = MediaStore(station.data.media).put_bytes(data)
    with station.store.atomic("system") as tx:
        tx.add_media(sha, len(data), "application/octet-stream")
    return sha


def sync_argv(station, *args: str) -> list[str]:
    """The command line of the station's own ``appraiser sync`` child, e.g. ``--once``."""
    return [sys.executable, "-m", "appraiser", "--data-dir", str(station.data.root), "sync", *args]


def wait_for(condition: Callable[[], bool], limit_s: float = 120) -> None:
    """Poll ``condition`` until true; fail the test if it never is within ``limit_s``."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.02)
