"""Schema version 6: lots (issue 16) — an inbound line of many units inspected as one lot.

A lot is decided from a sample (GB/T 2828.1 / ISO 2859-1 single sampling) or from every
unit; each sampled unit is an ordinary item with its own appraisal. All rows are
append-only: a supervisor's override is a new decision that supersedes the computed one,
and the switching state of a supplier is a new row per lot, never an edited counter.

Each part is its own function, named for what it serves; ``upgrade`` runs them in order in
the one transaction of the version bump. A slice that needs a table adds a part here.
"""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration
from appraiser.storage.migrations.schema_tools import execute_script, register_audited

_LOTS = """
-- A lot: one inbound line whose declared quantity is more than one unit. ``line_uid`` is
-- the item uid of the queue line it came from. ``policy`` is fixed when the lot is
-- planned: 'every_unit' appraises all N units, 'sampling' draws ``sample_size`` of them.
-- ``plan`` (JSON) holds the plan per defect class:
--   {"critical": {"aql": 0.1, "n": 125, "ac": 0, "re": 1}, "major": {...}, "minor": {...}}
-- ``seed`` is the hex seed the sample was drawn with (also in the audit event), so anyone
-- can redraw the same units; ``units_per_carton`` turns a unit number into "carton c, unit u".
CREATE TABLE lots (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    line_uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL,
    category TEXT NOT NULL,
    gtin TEXT,
    batch_lot TEXT,
    expiry TEXT,
    merchant TEXT,
    declaration_no TEXT,
    quantity INTEGER NOT NULL CHECK (quantity >= 1),
    units_per_carton INTEGER NOT NULL DEFAULT 1 CHECK (units_per_carton >= 1),
    policy TEXT NOT NULL CHECK (policy IN ('every_unit', 'sampling')),
    level TEXT,
    severity TEXT CHECK (severity IN ('normal', 'tightened', 'reduced')),
    code_letter TEXT,
    sample_size INTEGER NOT NULL CHECK (sample_size >= 1),
    plan TEXT NOT NULL DEFAULT '{}',
    counterfeit_rejects INTEGER NOT NULL DEFAULT 1,
    seed TEXT,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX lots_day ON lots(day);
CREATE INDEX lots_supplier ON lots(merchant, gtin);

-- The units drawn for inspection, in drawing order: ``unit_no`` is 1..quantity, ``carton``
-- and ``unit_in_carton`` say where it is. Each drawn unit is an item of its own, created
-- (and queued) when the sample is drawn, so its appraisal is an ordinary appraisal.
CREATE TABLE lot_samples (
    id INTEGER PRIMARY KEY,
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    unit_no INTEGER NOT NULL CHECK (unit_no >= 1),
    carton INTEGER NOT NULL,
    unit_in_carton INTEGER NOT NULL,
    item_uid TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    UNIQUE (lot_uid, unit_no)
);

-- A lot decision, signed like a verdict. 'computed' comes from the Ac/Re numbers of the
-- units' verdicts; 'override' is a supervisor's different decision with a reason, which
-- supersedes the one it overrides (four eyes: never one's own lot). ``basis`` (JSON) holds
-- what the decision was read from: defects per class against Ac/Re, the units counted,
-- the counterfeit rule applied.
CREATE TABLE lot_decisions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    kind TEXT NOT NULL CHECK (kind IN ('computed', 'override')),
    basis TEXT NOT NULL DEFAULT '{}',
    meaning TEXT NOT NULL,
    signed_by INTEGER NOT NULL REFERENCES users(id),
    signed_at TEXT NOT NULL,
    supersedes INTEGER REFERENCES lot_decisions(id),
    reason TEXT
);
CREATE INDEX lot_decisions_lot ON lot_decisions(lot_uid);
CREATE VIEW lot_decisions_current AS
    SELECT * FROM lot_decisions d
    WHERE NOT EXISTS (SELECT 1 FROM lot_decisions later WHERE later.supersedes = d.id);

-- The switching state (normal / tightened / reduced) of one supplier's product, one row per
-- decided lot: the state the *next* lot of the same merchant + GTIN is inspected at, with
-- the counters the standard's switching rules need (JSON), and the lot that moved it.
CREATE TABLE lot_switching (
    id INTEGER PRIMARY KEY,
    merchant TEXT NOT NULL,
    gtin TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('normal', 'tightened', 'reduced', 'discontinued')),
    counters TEXT NOT NULL DEFAULT '{}',
    lot_uid TEXT REFERENCES lots(uid),
    reason TEXT,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX lot_switching_key ON lot_switching(merchant, gtin, id);
"""


def _lots(conn: sqlite3.Connection) -> None:
    """Lots, their drawn samples, their signed decisions and the suppliers' switching
    state."""
    execute_script(conn, _LOTS)
    for table in ("lots", "lot_samples", "lot_decisions", "lot_switching"):
        register_audited(conn, table)


_PLAUSIBILITY = """
-- What a supervisor knows about a producer's output (slice L5, declaration plausibility).
-- ``producer`` is the brand a line declares (items.brand, compared case-insensitively;
-- the merchant is the importer, not the producer); ``gtin`` narrows a row to one product.
-- Either may be '' (any): a row keyed by producer covers every product of that brand, a
-- row keyed by GTIN only covers that product whoever declares it. Append-only: the newest
-- row of a (producer, gtin) key wins; a NULL figure means "not known".
CREATE TABLE lot_capacity (
    id INTEGER PRIMARY KEY,
    producer TEXT NOT NULL DEFAULT '',
    gtin TEXT NOT NULL DEFAULT '',
    batch_size INTEGER CHECK (batch_size IS NULL OR batch_size >= 1),
    annual_capacity INTEGER CHECK (annual_capacity IS NULL OR annual_capacity >= 1),
    source TEXT NOT NULL,
    note TEXT,
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    CHECK (producer <> '' OR gtin <> '')
);
CREATE INDEX lot_capacity_key ON lot_capacity(producer, gtin, id);

-- A doubt about a lot's declared quantity raised at intake: ``kind`` 'batch_size' (this
-- GTIN + batch now totals more units than the batch holds) or 'annual_capacity' (the
-- producer's calendar-year total is above its yearly capacity). ``figures`` (JSON) holds
-- the numbers the message names; an open flag keeps the lot's labels from being released.
CREATE TABLE lot_flags (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    kind TEXT NOT NULL CHECK (kind IN ('batch_size', 'annual_capacity', 'category')),
    message TEXT NOT NULL,
    figures TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX lot_flags_lot ON lot_flags(lot_uid);

-- A supervisor's acknowledgement of one flag, with a note (one per flag): the flag stays,
-- the lot may be released once every flag of it is acknowledged.
CREATE TABLE lot_flag_acks (
    id INTEGER PRIMARY KEY,
    flag_uid TEXT NOT NULL UNIQUE REFERENCES lot_flags(uid),
    note TEXT NOT NULL CHECK (length(trim(note)) > 0),
    acknowledged_by INTEGER NOT NULL REFERENCES users(id),
    acknowledged_at TEXT NOT NULL
);
"""


def _plausibility(conn: sqlite3.Connection) -> None:
    """The supervisor's capacity table, plausibility flags and their acknowledgements."""
    execute_script(conn, _PLAUSIBILITY)
    for table in ("lot_capacity", "lot_flags", "lot_flag_acks"):
        register_audited(conn, table)


_QUARANTINE = """
-- Quarantine of a whole lot (slice L3): a rejected lot is held with every unit of it,
-- sampled or not (``units`` = the lot's quantity), and the evidence (JSON list: unit_no,
-- item_uid, appraisal_uid, verdict_id, defect class of each unit that rejected it). A
-- supervisor's override to accept releases it: a new 'released' row naming that decision;
-- an override to reject holds it again. Nothing is edited; the newest row is in force.
CREATE TABLE lot_quarantine (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    decision_id INTEGER NOT NULL REFERENCES lot_decisions(id),
    action TEXT NOT NULL CHECK (action IN ('held', 'released')),
    units INTEGER NOT NULL CHECK (units >= 0),
    evidence TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX lot_quarantine_lot ON lot_quarantine(lot_uid, id);
"""


def _quarantine(conn: sqlite3.Connection) -> None:
    """Rejected lots held in quarantine with their evidence, and their releases."""
    execute_script(conn, _QUARANTINE)
    register_audited(conn, "lot_quarantine")


_UNIT_LABELS = """
-- A label for every unit of an accepted lot (slice L4). ``labels.appraisal_uid`` of a unit
-- label holds the lot DECISION's uid (its payload digest ``h`` is the decision's digest);
-- this table says which unit of which lot the serial is. Append-only: a unit whose serial
-- was voided (a print job whose outcome is unknown) gets a new row with a fresh serial; the
-- service keeps at most one live serial per unit, checked inside the issuing transaction.
CREATE TABLE lot_unit_labels (
    id INTEGER PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE REFERENCES labels(serial),
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    unit_no INTEGER NOT NULL CHECK (unit_no >= 1),
    decision_uid TEXT NOT NULL REFERENCES lot_decisions(uid),
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX lot_unit_labels_unit ON lot_unit_labels(lot_uid, unit_no);

-- The print journal of a lot's unit labels: ``print_jobs`` rows (with their serials) are
-- written before anything is sent; each step of a job is a row here. 'spooled' names the
-- spooler's job id once it took the job; a job ends 'printed' (every serial recorded
-- printed), 'refused' (nothing left the station: the serials stay issued) or 'unknown'
-- (it may have printed any part: its unprinted serials are voided, the units get fresh
-- serials). A job with no ending is unknown; the next print of the lot settles it first.
CREATE TABLE lot_print_log (
    id INTEGER PRIMARY KEY,
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    print_job INTEGER NOT NULL REFERENCES print_jobs(id),
    step TEXT NOT NULL CHECK (step IN ('started', 'spooled', 'printed', 'refused', 'unknown')),
    spool_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    UNIQUE (print_job, step)
);
CREATE INDEX lot_print_log_lot ON lot_print_log(lot_uid, print_job);
"""


def _unit_labels(conn: sqlite3.Connection) -> None:
    """Unit labels of accepted lots and the print journal of their batches."""
    execute_script(conn, _UNIT_LABELS)
    for table in ("lot_unit_labels", "lot_print_log"):
        register_audited(conn, table)


_REVIEWS = """
-- A lot decision put under review (slice L7): a unit's verdict was amended after the lot
-- was decided and the lot, read again, no longer says what the decision in force says.
-- ``decision_id`` is that decision; the review is open while it is in force, and ends when
-- a supervisor signs a new decision over it (override, or the same decision confirmed).
-- ``was`` / ``now`` are the lot's evaluation before and after the amendment (accept,
-- reject, held, pending); ``basis`` (JSON) is the evaluation after it. ``revoked`` counts
-- the unit labels revoked in the amendment's transaction (an accepted lot read as rejected).
CREATE TABLE lot_reviews (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    lot_uid TEXT NOT NULL REFERENCES lots(uid),
    decision_id INTEGER NOT NULL REFERENCES lot_decisions(id),
    appraisal_uid TEXT NOT NULL,
    verdict_id INTEGER NOT NULL REFERENCES verdicts(id),
    was TEXT NOT NULL,
    now TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '{}',
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked >= 0),
    created TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX lot_reviews_lot ON lot_reviews(lot_uid, decision_id);
"""


def _reviews(conn: sqlite3.Connection) -> None:
    """Lot decisions questioned by an amended unit verdict, until a supervisor re-signs."""
    execute_script(conn, _REVIEWS)
    register_audited(conn, "lot_reviews")


def _parts() -> list:
    """The parts of this version, in order (each ``(conn) -> None``)."""
    return [_lots, _plausibility, _quarantine, _unit_labels, _reviews]


@migration(6)
def upgrade(conn: sqlite3.Connection) -> None:
    """Lots: inbound quantities, sampling plans, samples, lot decisions."""
    for part in _parts():
        part(conn)
