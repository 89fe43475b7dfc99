"""Server schema 100 (slice F2): the label projection the resolver reads, the scan log and
fleet-wide clone flags.

The projection is a read model (``appraiser.server.projections.labels``) filled from
ingested station rows in the ingest transaction; the resolver's hot path reads it with one
statement of primary-key lookups. Only what a consumer may see is projected (DESIGN §3.5):
no payload, declaration number, merchant, login, note or review.
"""

from __future__ import annotations

import secrets

import psycopg

from appraiser.server.migrations import migration

_PROJECTION = """
-- One row per serial any station issued. ``page_token`` is the consumer page's unguessable
-- address (HMAC of the serial under the server secret); ``resolver``/``gtin``/``key_id``/
-- ``issued_on`` are the signed claim's fields (not the payload itself), so the page can
-- check a scanned signature; ``state`` is live | voided | revoked, ``state_day`` its day.
CREATE TABLE resolver_labels (
    serial        text PRIMARY KEY,
    page_token    text NOT NULL UNIQUE,
    station_id    bigint NOT NULL REFERENCES stations(id),
    appraisal_uid text NOT NULL,
    lot_uid       text,
    gtin          text,
    resolver      text NOT NULL,
    key_id        text NOT NULL,
    issued_on     text NOT NULL,
    state         text NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'voided', 'revoked')),
    state_day     text,
    created       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resolver_labels_appraisal ON resolver_labels (station_id, appraisal_uid);
CREATE INDEX resolver_labels_lot ON resolver_labels (station_id, lot_uid);
-- The public facts of an appraisal: the item's product name and the day it was signed.
CREATE TABLE resolver_appraisals (
    station_id    bigint NOT NULL REFERENCES stations(id),
    appraisal_uid text NOT NULL,
    item_uid      text,
    signed_on     text,
    PRIMARY KEY (station_id, appraisal_uid)
);
CREATE TABLE resolver_items (
    station_id    bigint NOT NULL REFERENCES stations(id),
    item_uid      text NOT NULL,
    product       text,
    PRIMARY KEY (station_id, item_uid)
);
-- Photos (role 'still') and video segments of an appraisal, in capture order.
CREATE TABLE resolver_media (
    station_id    bigint NOT NULL REFERENCES stations(id),
    appraisal_uid text NOT NULL,
    sha256        text NOT NULL,
    role          text NOT NULL,
    view          text,
    position      bigint NOT NULL,
    PRIMARY KEY (station_id, appraisal_uid, sha256)
);
CREATE TABLE resolver_media_types (
    sha256        text PRIMARY KEY,
    mime          text NOT NULL
);
-- Lots (issue 16): N units, n of them appraised (the sample, or all of them).
CREATE TABLE resolver_lots (
    station_id    bigint NOT NULL REFERENCES stations(id),
    lot_uid       text NOT NULL,
    quantity      integer NOT NULL,
    appraised     integer NOT NULL,
    PRIMARY KEY (station_id, lot_uid)
);
"""

_SCANS = """
-- Every resolver hit: when, a salted hash of the client address (the salt is a server
-- secret, so the log names no address), a coarse user agent, what was asked and answered.
CREATE TABLE resolver_scans (
    id        bigserial PRIMARY KEY,
    serial    text,
    at        timestamptz NOT NULL,
    client    text NOT NULL,
    agent     text NOT NULL,
    kind      text NOT NULL,
    outcome   text NOT NULL
);
CREATE INDEX resolver_scans_serial ON resolver_scans (serial, at);
-- Outbound scans pushed by stations: each claims a serial for the item leaving the warehouse.
CREATE TABLE outbound_claims (
    station_id bigint NOT NULL REFERENCES stations(id),
    scan_key   text NOT NULL,
    serial     text NOT NULL,
    at         text NOT NULL,
    PRIMARY KEY (station_id, scan_key)
);
CREATE INDEX outbound_claims_serial ON outbound_claims (serial);
-- Probable clones, raised once per serial and rule; supervisors see them (server and
-- stations). ``detail`` holds counts and times, never a client address.
CREATE TABLE clone_flags (
    id        bigserial PRIMARY KEY,
    serial    text NOT NULL,
    rule      text NOT NULL CHECK (rule IN
              ('too_many_scans', 'many_clients', 'scanned_after_end', 'outbound_claimed')),
    detail    jsonb NOT NULL DEFAULT '{}',
    raised    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (serial, rule)
);
CREATE INDEX clone_flags_raised ON clone_flags (raised);
-- Server-wide secrets every worker shares (the scan log's address salt).
CREATE TABLE resolver_secrets (
    name      text PRIMARY KEY,
    value     bytea NOT NULL
);
"""


@migration(100)
def resolver_projection(conn: psycopg.Connection) -> None:
    """Label projection for the resolver: labels, appraisals, items, media, lots."""
    conn.execute(_PROJECTION)


@migration(101)
def resolver_scans(conn: psycopg.Connection) -> None:
    """Resolver scan log, stations' outbound claims and fleet-wide clone flags."""
    conn.execute(_SCANS)
    conn.execute(
        "INSERT INTO resolver_secrets (name, value) VALUES ('scan_salt', %s)",
        (secrets.token_bytes(32),),
    )


@migration(102)
def resolver_gtin_index(conn: psycopg.Connection) -> None:
    """Index labels by GTIN: the resolver's product level (``/01/<GTIN>``) asks whether any
    label carries a GTIN."""
    conn.execute("CREATE INDEX resolver_labels_gtin ON resolver_labels (gtin)")


@migration(103)
def resolver_key_ends(conn: psycopg.Connection) -> None:
    """Station keys that stopped vouching: ``rotated`` (labels dated after ``after`` are not
    its) or ``revoked`` (none are), from the stations' synced ``key_events``; first kept."""
    conn.execute(
        "CREATE TABLE resolver_key_ends (station_id bigint NOT NULL, kid text NOT NULL,"
        " kind text NOT NULL CHECK (kind IN ('rotated', 'revoked')), after text NOT NULL,"
        " PRIMARY KEY (station_id, kid, kind))"
    )
