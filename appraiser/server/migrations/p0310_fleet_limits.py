"""Server schema 310–313 (issue 15 slice S1): site-wide rate counts, station revocation,
why a lot unit label was revoked.

``rate_counts`` is UNLOGGED: it holds only the last seconds' request counts per client that
workers add up (``appraiser.server.site_limits``). Losing it in a crash merely forgets who
was over a limit for a few seconds, so it skips the write-ahead log and costs almost nothing.
"""

from __future__ import annotations

import psycopg
from psycopg.rows import tuple_row

from appraiser.server.migrations import migration


@migration(310)
def rate_counts(conn: psycopg.Connection) -> None:
    """Site-wide rate limits: UNLOGGED rate_counts (scope, client, window) → hits."""
    conn.execute(
        "CREATE UNLOGGED TABLE IF NOT EXISTS rate_counts ("
        " scope text NOT NULL, client text NOT NULL, win bigint NOT NULL,"
        " hits integer NOT NULL, PRIMARY KEY (scope, win, client))"
    )


@migration(311)
def station_revocation(conn: psycopg.Connection) -> None:
    """Enrolment revocation: stations.revoked (when) and revoked_reason."""
    conn.execute("ALTER TABLE stations ADD COLUMN IF NOT EXISTS revoked timestamptz")
    conn.execute("ALTER TABLE stations ADD COLUMN IF NOT EXISTS revoked_reason text")


@migration(312)
def retired_keys(conn: psycopg.Connection) -> None:
    """Keys of a revoked enrolment no longer sign in: station_keys.retired (when)."""
    conn.execute("ALTER TABLE station_keys ADD COLUMN IF NOT EXISTS retired timestamptz")


@migration(313)
def label_end_cause(conn: psycopg.Connection) -> None:
    """Why a label was revoked (own verdict or its lot's decision): resolver_labels.end_cause."""
    from appraiser.server.projections.labels import end_cause

    conn.execute("ALTER TABLE resolver_labels ADD COLUMN IF NOT EXISTS end_cause text")
    rows = (
        conn.cursor(row_factory=tuple_row)
        .execute(
            "SELECT r.station_id, r.body FROM station_rows r JOIN resolver_labels l ON"
            " l.serial = r.body->>'serial' AND l.station_id = r.station_id AND l.state = 'revoked'"
            " WHERE r.tbl = 'label_events' AND r.body->>'event' = 'revoked'"
        )
        .fetchall()
    )
    for station_id, body in rows:  # labels revoked before this step get their cause too
        conn.execute(
            "UPDATE resolver_labels SET end_cause = %s WHERE serial = %s AND station_id = %s",
            (end_cause(body), body["serial"], station_id),
        )
