"""Server schema 200 (slice F3): site-wide supervision — supervisors of the web page, their
sessions, and indexes that let the site's day be read from ingested rows without a scan.

Supervisors are server accounts, not station accounts: a station's users never leave its
bench as credentials, and the server never checks station passwords. ``server
add-supervisor NAME`` prints a random access key once; only its SHA-256 is kept, like the
enrolment and session tokens of schema 1.
"""

from __future__ import annotations

import psycopg

from appraiser.server.migrations import migration

_SITE = """
CREATE TABLE supervisors (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    key_sha     text NOT NULL,
    created     timestamptz NOT NULL DEFAULT now(),
    disabled    timestamptz
);
-- A signed-in browser: the cookie's SHA-256 and the CSRF token its forms must carry.
CREATE TABLE supervisor_sessions (
    token_sha     text PRIMARY KEY,
    supervisor_id bigint NOT NULL REFERENCES supervisors(id),
    csrf          text NOT NULL,
    expires       timestamptz NOT NULL
);
-- The site's day: appraisals by their start, and the rows that hang off an appraisal.
CREATE INDEX station_rows_started ON station_rows (station_id, (body->>'started'))
    WHERE tbl = 'appraisals';
CREATE INDEX station_rows_appraisal ON station_rows (station_id, tbl, (body->>'appraisal_uid'))
    WHERE tbl IN ('verdicts', 'labels', 'review_decisions');
CREATE INDEX audit_events_ts ON audit_events (station_id, ts);
"""


@migration(200)
def site(conn: psycopg.Connection) -> None:
    """Supervisors and their sessions; indexes for the site's day."""
    conn.execute(_SITE)
