"""Schema version 3: label scan events, clone flags and print jobs."""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration
from appraiser.storage.migrations.schema_tools import execute_script, register_audited

_TABLES = """
-- Every verification of a label payload is a ScanEvent (DESIGN §3.3), valid or not.
CREATE TABLE scan_events (
    id INTEGER PRIMARY KEY,
    serial TEXT,
    outcome TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('bench', 'outbound', 'consumer')),
    station TEXT NOT NULL,
    key_id TEXT,
    payload_sha256 TEXT NOT NULL,
    known INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX scan_events_serial ON scan_events(serial);

-- A serial seen where a genuine label cannot be: raised once per serial and rule.
CREATE TABLE label_flags (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('outbound_repeat', 'multi_station', 'voided_seen')),
    detail TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    UNIQUE (serial, rule)
);

-- A print job is recorded before anything is sent; label_events 'printed' name the job.
CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,
    stock TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('pdf', 'zpl', 'raster')),
    serials TEXT NOT NULL,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX labels_appraisal ON labels(appraisal_uid);
"""


@migration(3)
def create_label_tables(conn: sqlite3.Connection) -> None:
    """Add scan events, clone flags and print jobs for the label lifecycle."""
    execute_script(conn, _TABLES)
    for table in ("scan_events", "label_flags", "print_jobs"):
        register_audited(conn, table)
