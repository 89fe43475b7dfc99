"""Schema version 1: station, accounts, items, appraisals, media, verdicts, labels, audit."""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration
from appraiser.storage.migrations.schema_tools import execute_script, protect, register_audited

_TABLES = """
-- Audited tables all have an INTEGER PRIMARY KEY: audit events name rows by it, and
-- VACUUM may renumber an implicit rowid.
CREATE TABLE audited_tables (name TEXT PRIMARY KEY, append_only INTEGER NOT NULL);

CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    entity TEXT,
    entity_id TEXT,
    row_digest TEXT,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_entity ON audit_events(entity, entity_id);
CREATE INDEX audit_ts ON audit_events(ts);

CREATE TABLE stations (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    warehouse TEXT NOT NULL,
    timezone TEXT NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('appraiser', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL,
    changed TEXT NOT NULL
);

-- Sign-in throttling state changes on every attempt; the attempts themselves are audited.
CREATE TABLE auth_state (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);

CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    revision INTEGER NOT NULL,
    supersedes INTEGER REFERENCES items(id),
    gtin TEXT, sku TEXT, brand TEXT, model TEXT, category TEXT,
    declaration_no TEXT, batch_lot TEXT, expiry TEXT, serial TEXT,
    origin TEXT, merchant TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    reason TEXT,
    UNIQUE (uid, revision)
);

CREATE TABLE appraisals (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    revision INTEGER NOT NULL,
    supersedes INTEGER REFERENCES appraisals(id),
    item_uid TEXT NOT NULL,
    station TEXT NOT NULL,
    appraiser_id INTEGER NOT NULL REFERENCES users(id),
    category TEXT NOT NULL,
    state TEXT NOT NULL,
    step TEXT NOT NULL,
    started TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    reason TEXT,
    UNIQUE (uid, revision)
);
CREATE INDEX appraisals_started ON appraisals(started);

CREATE TABLE appraisal_media (
    id INTEGER PRIMARY KEY,
    appraisal_uid TEXT NOT NULL,
    media_sha256 TEXT NOT NULL REFERENCES media(sha256),
    role TEXT NOT NULL,
    view TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX appraisal_media_uid ON appraisal_media(appraisal_uid);

CREATE TABLE verdicts (
    id INTEGER PRIMARY KEY,
    appraisal_uid TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('genuine', 'counterfeit', 'inconclusive')),
    reason_codes TEXT NOT NULL DEFAULT '[]',
    note TEXT,
    kind TEXT NOT NULL DEFAULT 'initial' CHECK (kind IN ('initial', 'review', 'amendment')),
    meaning TEXT NOT NULL,
    signed_by INTEGER NOT NULL REFERENCES users(id),
    signed_at TEXT NOT NULL,
    supersedes INTEGER REFERENCES verdicts(id),
    reason TEXT
);
CREATE INDEX verdicts_uid ON verdicts(appraisal_uid);

CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    appraisal_uid TEXT NOT NULL,
    gtin TEXT,
    payload TEXT NOT NULL,
    key_id TEXT NOT NULL,
    supersedes INTEGER REFERENCES labels(id),
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    reason TEXT
);

CREATE TABLE label_events (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL REFERENCES labels(serial),
    event TEXT NOT NULL CHECK (event IN ('issued', 'printed', 'applied', 'voided')),
    detail TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    approved_by INTEGER REFERENCES users(id),
    reason TEXT
);
CREATE INDEX label_events_serial ON label_events(serial);
"""

_CURRENT_VIEWS = """
CREATE VIEW items_current AS
    SELECT * FROM items i WHERE revision = (SELECT MAX(revision) FROM items WHERE uid = i.uid);
CREATE VIEW appraisals_current AS
    SELECT * FROM appraisals a
    WHERE revision = (SELECT MAX(revision) FROM appraisals WHERE uid = a.uid);
CREATE VIEW verdicts_current AS
    SELECT * FROM verdicts v
    WHERE NOT EXISTS (
        SELECT 1 FROM verdicts later WHERE later.supersedes = v.id);
"""


@migration(1)
def create_core_schema(conn: sqlite3.Connection) -> None:
    """Create the core tables, their current-revision views and append-only guards."""
    execute_script(conn, _TABLES + _CURRENT_VIEWS)
    protect(conn, "audit_events")
    for table in ("media", "items", "appraisals", "appraisal_media", "verdicts", "labels"):
        register_audited(conn, table)
    register_audited(conn, "label_events")
    register_audited(conn, "users", append_only=False)
    register_audited(conn, "stations", append_only=False)
