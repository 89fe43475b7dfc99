"""Server schema 201 (issue 15 F5): partial media uploads leave PostgreSQL.

The bytes of an unfinished upload now wait as a file on the server's disk
(``appraiser.server.media_staging``); ``media_uploads.received`` still says how many of them
are vouched for. Chunks that were waiting in the old table are dropped with it: the offset a
station is told is never more than the bytes staged on disk, so such an upload simply starts
again from 0 (nothing is lost: the station still holds the blob).
"""

from __future__ import annotations

import psycopg

from appraiser.server.migrations import migration


@migration(201)
def media_staging(conn: psycopg.Connection) -> None:
    """Media chunks are staged on disk: drop media_chunks."""
    conn.execute("DROP TABLE IF EXISTS media_chunks")
