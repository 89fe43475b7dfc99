"""Schema 1 of the fleet server: stations and their keys, enrolment tokens, sessions, the
ingested audit chain with the rows it names, checkpoint lines, media and alarms."""

from __future__ import annotations

import psycopg

from appraiser.server.migrations import migration

_CORE = """
CREATE TABLE stations (
    id          bigserial PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    created     timestamptz NOT NULL DEFAULT now(),
    enrolled    timestamptz,
    events_head bigint NOT NULL DEFAULT 0,      -- newest ingested audit event (seq)
    head_hash   text NOT NULL DEFAULT repeat('0', 64),
    lines_head  bigint NOT NULL DEFAULT 0,      -- checkpoint lines ingested (line numbers 1..n)
    last_push   timestamptz
);
-- Every public key a station showed at enrolment (or added later, signed by a known key).
CREATE TABLE station_keys (
    station_id  bigint NOT NULL REFERENCES stations(id),
    kid         text NOT NULL,
    pem         text NOT NULL,
    added       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, kid)
);
-- A key an enrolled station signed in with but the server does not know (a rotation after
-- enrolment): used only once an administrator approves it (server approve-key, fingerprint).
CREATE TABLE proposed_keys (
    station_id  bigint NOT NULL REFERENCES stations(id),
    kid         text NOT NULL,
    pem         text NOT NULL,
    proposed    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, kid)
);
-- One-time enrolment tokens: only their SHA-256 is kept.
CREATE TABLE enrolment_tokens (
    token_sha   text PRIMARY KEY,
    station_id  bigint NOT NULL REFERENCES stations(id),
    created     timestamptz NOT NULL DEFAULT now(),
    expires     timestamptz NOT NULL,
    used        timestamptz
);
CREATE TABLE auth_challenges (
    challenge   text PRIMARY KEY,
    station_id  bigint NOT NULL REFERENCES stations(id),
    expires     timestamptz NOT NULL
);
CREATE TABLE sessions (
    token_sha   text PRIMARY KEY,
    station_id  bigint NOT NULL REFERENCES stations(id),
    expires     timestamptz NOT NULL
);
-- The station's audit chain, exactly as it hashed it (appraiser.storage.audit.event_hash).
CREATE TABLE audit_events (
    station_id  bigint NOT NULL REFERENCES stations(id),
    seq         bigint NOT NULL,
    ts          text NOT NULL,
    actor       text,
    action      text NOT NULL,
    entity      text,
    entity_id   text,
    row_digest  text,
    data        text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    received    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, seq)
);
-- Audited rows as the events vouch for them: one version per digest.
CREATE TABLE station_rows (
    station_id  bigint NOT NULL REFERENCES stations(id),
    tbl         text NOT NULL,
    row_key     text NOT NULL,
    digest      text NOT NULL,
    seq         bigint NOT NULL,                -- the event that carried this version
    body        jsonb NOT NULL,
    PRIMARY KEY (station_id, tbl, row_key, digest)
);
CREATE INDEX station_rows_latest ON station_rows (station_id, tbl, row_key, seq DESC);
-- <data>/audit/checkpoints.jsonl line by line; status: matches | pending | differs.
CREATE TABLE checkpoint_lines (
    station_id  bigint NOT NULL REFERENCES stations(id),
    line_no     bigint NOT NULL,
    line_sha    text NOT NULL,
    line        jsonb NOT NULL,
    base        bigint NOT NULL,
    base_head   text NOT NULL,
    count       bigint NOT NULL,
    head        text NOT NULL,
    status      text NOT NULL,
    alarmed     boolean NOT NULL DEFAULT false,   -- a contradiction was already raised
    received    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, line_no)
);
CREATE TABLE media (
    sha256      text PRIMARY KEY,
    size        bigint NOT NULL,
    stored      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE station_media (
    station_id  bigint NOT NULL REFERENCES stations(id),
    sha256      text NOT NULL REFERENCES media(sha256),
    PRIMARY KEY (station_id, sha256)
);
-- Resumable uploads: chunks wait here (any worker may take the next) until complete.
CREATE TABLE media_uploads (
    sha256      text PRIMARY KEY,
    total       bigint NOT NULL,
    received    bigint NOT NULL DEFAULT 0
);
CREATE TABLE media_chunks (
    sha256      text NOT NULL REFERENCES media_uploads(sha256) ON DELETE CASCADE,
    "offset"    bigint NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (sha256, "offset")
);
-- Forks, bad signatures, contradicted checkpoints: never resolved by the code, only seen.
CREATE TABLE alarms (
    id          bigserial PRIMARY KEY,
    station_id  bigint REFERENCES stations(id),
    kind        text NOT NULL,
    detail      jsonb NOT NULL,
    raised      timestamptz NOT NULL DEFAULT now()
);
"""


@migration(1)
def core(conn: psycopg.Connection) -> None:
    """Stations, keys, enrolment, sessions, audit events, rows, checkpoints, media, alarms."""
    conn.execute(_CORE)
