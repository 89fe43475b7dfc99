"""Resumable, content-addressed media upload: chunks at a stated offset, checked at the end.

``missing`` tells a station which of its blobs the server lacks. ``offset`` says how much of
one has arrived (the station resumes there after any interruption). ``chunk`` appends bytes
only at exactly that offset (a repeated or stale chunk changes nothing and answers the real
offset), and when the stated total has arrived, the blob is hashed: only a blob whose
SHA-256 is its name reaches the store; a wrong one is dropped whole. The bytes of an
unfinished upload are staged on disk (``media_staging``), the ``media_uploads`` row says how
many of them are vouched for.
"""

from __future__ import annotations

from typing import Any

import psycopg

from appraiser.errors import InvalidInput
from appraiser.server.media import MediaStore, check_sha
from appraiser.server.media_staging import DiskStaging, staging_for

MAX_CHUNK = 4 << 20
MAX_BLOB = 512 << 20  # photos and ≤ 10 s video segments; staged on disk, hashed in pieces


def _staging(store: MediaStore) -> DiskStaging:
    """One staging folder per store object (made once per worker)."""
    staging = getattr(store, "_staging", None)
    if staging is None:
        staging = staging_for(store)
        store._staging = staging  # type: ignore[attr-defined]
    return staging


def missing(conn: psycopg.Connection, store: MediaStore, station_id: int, hashes: Any) -> list[str]:
    if not isinstance(hashes, list) or len(hashes) > 10_000:
        raise InvalidInput("'hashes' is a list of at most 10,000 SHA-256 names.")
    wanted = [check_sha(h) if isinstance(h, str) else check_sha("") for h in hashes]
    have = {
        r["sha256"]
        for r in conn.execute("SELECT sha256 FROM media WHERE sha256 = ANY(%s)", (wanted,))
    }
    for sha in have:
        _link(conn, station_id, sha)
    return [sha for sha in wanted if sha not in have and not _adopt(conn, store, station_id, sha)]


def _link(conn: psycopg.Connection, station_id: int, sha: str) -> None:
    conn.execute(
        "INSERT INTO station_media(station_id, sha256) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        (station_id, sha),
    )


def _adopt(conn: psycopg.Connection, store: MediaStore, station_id: int, sha: str) -> bool:
    """A blob in the store without its row (the worker died between the two): record it."""
    size = store.size(sha)
    if size is None:
        return False
    conn.execute(
        "INSERT INTO media(sha256, size) VALUES (%s, %s) ON CONFLICT DO NOTHING", (sha, size)
    )
    _link(conn, station_id, sha)
    return True


def offset(conn: psycopg.Connection, store: MediaStore, sha: str) -> tuple[int, bool]:
    """(bytes received so far, whether the blob is complete on the server)."""
    check_sha(sha)
    if conn.execute("SELECT 1 FROM media WHERE sha256 = %s", (sha,)).fetchone():
        return 0, True
    row = conn.execute("SELECT received FROM media_uploads WHERE sha256 = %s", (sha,)).fetchone()
    if row is None:
        return 0, False
    return min(row["received"], _staging(store).size(sha)), False


def chunk(
    conn: psycopg.Connection,
    store: MediaStore,
    station_id: int,
    sha: str,
    at: int,
    total: int,
    data: bytes,
) -> dict[str, Any]:
    """Append ``data`` at ``at`` of a ``total``-byte blob; see the module doc."""
    check_sha(sha)
    if not (0 < total <= MAX_BLOB) or len(data) > MAX_CHUNK or at < 0 or at + len(data) > total:
        raise InvalidInput("The chunk does not fit the stated size of the blob.")
    if conn.execute("SELECT 1 FROM media WHERE sha256 = %s", (sha,)).fetchone():
        _link(conn, station_id, sha)
        return {"received": total, "complete": True}
    conn.execute(
        "INSERT INTO media_uploads(sha256, total) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        (sha, total),
    )
    upload = conn.execute(
        "SELECT total, received FROM media_uploads WHERE sha256 = %s FOR UPDATE", (sha,)
    ).fetchone()
    if upload["total"] != total:
        raise InvalidInput("The blob's total size differs from the upload already begun.")
    staging = _staging(store)
    vouched = min(upload["received"], staging.size(sha))  # staged bytes lost: resume earlier
    if at != vouched or not data:
        if vouched != upload["received"]:
            conn.execute("UPDATE media_uploads SET received = %s WHERE sha256 = %s", (vouched, sha))
        return {"received": vouched, "complete": False}
    staging.write(sha, at, data)  # durable before the row vouches for it
    received = at + len(data)
    conn.execute("UPDATE media_uploads SET received = %s WHERE sha256 = %s", (received, sha))
    if received < total:
        return {"received": received, "complete": False}
    return _finish(conn, store, station_id, sha, total)


def _finish(
    conn: psycopg.Connection, store: MediaStore, station_id: int, sha: str, total: int
) -> dict[str, Any]:
    staging = _staging(store)
    conn.execute("DELETE FROM media_uploads WHERE sha256 = %s", (sha,))
    if staging.digest(sha) != sha:
        staging.discard(sha)
        return {"received": 0, "complete": False, "rejected": "content does not match its name"}
    store.put_file(sha, staging.path(sha))  # in the store before the row that names it commits
    conn.execute(
        "INSERT INTO media(sha256, size) VALUES (%s, %s) ON CONFLICT DO NOTHING", (sha, total)
    )
    _link(conn, station_id, sha)
    return {"received": total, "complete": True}
