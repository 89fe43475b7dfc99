"""Schema version 4: the bench workflow — inbound lists, the day's queue, quarantine and
blind-review decisions."""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration
from appraiser.storage.migrations.schema_tools import execute_script, register_audited

_TABLES = """
-- An imported warehouse list; ``digest`` (SHA-256 of the file) makes re-imports no-ops.
CREATE TABLE inbound_lists (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    day TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    skipped INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);

-- One entry per item waiting at the bench on ``day`` (station local date). The item is
-- registered when it enters the queue, so its appraisals find it by ``item_uid``; the
-- entry's state is read from those appraisals, never stored here.
CREATE TABLE queue_entries (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    item_uid TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL CHECK (source IN ('inbound', 'scan', 'manual')),
    inbound_list INTEGER REFERENCES inbound_lists(id),
    row_no INTEGER,
    row_key TEXT,
    quantity INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX queue_entries_day ON queue_entries(day);
CREATE UNIQUE INDEX queue_entries_row_key ON queue_entries(day, row_key);

-- Goods judged counterfeit are held: one record per counterfeit verdict.
CREATE TABLE quarantine_records (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    appraisal_uid TEXT NOT NULL,
    item_uid TEXT NOT NULL,
    verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
    reason_codes TEXT NOT NULL DEFAULT '[]',
    location TEXT,
    note TEXT,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX quarantine_appraisal ON quarantine_records(appraisal_uid);

-- The outcome of a blind review: the first appraiser's leaning against the reviewer's
-- decision, so disagreements can be counted and discussed.
CREATE TABLE review_decisions (
    id INTEGER PRIMARY KEY,
    appraisal_uid TEXT NOT NULL,
    first_verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
    review_verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
    first_leaning TEXT,
    decision TEXT NOT NULL,
    agrees INTEGER NOT NULL,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX review_decisions_uid ON review_decisions(appraisal_uid);
"""


@migration(4)
def create_workflow_schema(conn: sqlite3.Connection) -> None:
    """Create inbound lists, queue entries, quarantine records and review decisions."""
    execute_script(conn, _TABLES)
    for table in ("inbound_lists", "queue_entries", "quarantine_records", "review_decisions"):
        register_audited(conn, table)
