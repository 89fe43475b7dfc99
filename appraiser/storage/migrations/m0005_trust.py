"""Schema version 5: trust (issue 14) — what the rule book, the label states, accounts and
consumer bundles need to hold.

Each part is its own function, named for what it serves, and ``upgrade`` runs them in order
in the one transaction of the version bump.
"""

from __future__ import annotations

import re
import sqlite3

from appraiser.storage.migrations import found_version, migration
from appraiser.storage.migrations.schema_tools import protect, register_audited


def _labels(conn: sqlite3.Connection) -> None:
    """Slice A (labels): a label can be ``revoked`` (its verdict was amended away from genuine)
    and a scan can raise a ``forgery`` alarm (this station's key on a serial it never issued).
    SQLite cannot change a CHECK, so both tables are rebuilt with the same rows, ids (so the
    audit trail's row digests still match), indexes and append-only guards."""
    _widen_check(conn, "label_events", "'voided')", "'voided', 'revoked')")
    _widen_check(conn, "label_flags", "'voided_seen')", "'voided_seen', 'forgery')")


def _widen_check(conn: sqlite3.Connection, table: str, old: str, new: str) -> None:
    sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    if old not in sql:
        raise RuntimeError(f"{table}: the CHECK to widen ({old}) is not in its schema")
    indexes = [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    wider = re.sub(rf"^CREATE TABLE\s+\"?{table}\"?", f"CREATE TABLE {table}_wider", sql)
    conn.execute(wider.replace(old, new))
    conn.execute(f"INSERT INTO {table}_wider SELECT * FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {table}_wider RENAME TO {table}")
    for index in indexes:
        conn.execute(index)
    protect(conn, table)


def _audit(conn: sqlite3.Connection) -> None:
    """Slice D (audit): where the signed checkpoint log stands, kept in the same transaction
    as the events it covers — the RFC 6962 frontier (so each commit extends the Merkle root
    in O(log n)) and the event at which checkpoints started. The log itself lives outside
    the database (``audit/checkpoints.jsonl``); this row is only a cache of it, rebuilt from
    the events whenever it disagrees with them.

    Checkpoints start here and nowhere else (issue 14 finding H1): the audited start event
    is written in the transaction of this version bump, and ``Store.open`` signs its first
    line before that COMMIT. A database already at this version never starts them again,
    whatever is missing: a log or a start event that is gone is a finding, not a new start."""
    from appraiser.storage import checkpoints

    conn.execute(
        "CREATE TABLE audit_checkpoint_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " count INTEGER NOT NULL, head TEXT NOT NULL, frontier TEXT NOT NULL,"
        " started_seq INTEGER)"
    )
    checkpoints.begin(conn, found_version())


def _exports(conn: sqlite3.Connection) -> None:
    """Slice F (consumer outputs): each published appraisal's unguessable address (a random
    token, never the sequential id; one per appraisal, kept for good so a re-export lands
    at the same address), and one-time hand-offs that let a child process the GUI starts
    act for the signed-in user without ever seeing a password (not audited: a hand-off
    lives seconds; what it is used for is audited under that user's name)."""
    conn.execute(
        "CREATE TABLE bundle_addresses (id INTEGER PRIMARY KEY, "
        "appraisal_uid TEXT NOT NULL UNIQUE, token TEXT NOT NULL UNIQUE, "
        "created TEXT NOT NULL, created_by INTEGER REFERENCES users(id))"
    )
    register_audited(conn, "bundle_addresses")
    conn.execute(
        "CREATE TABLE session_handoffs (token_sha256 TEXT PRIMARY KEY, "
        "user_id INTEGER NOT NULL REFERENCES users(id), purpose TEXT NOT NULL, "
        "expires TEXT NOT NULL)"
    )


def _settings(conn: sqlite3.Connection) -> None:
    """Slice C2 (settings): the settings that go into labels and records (station code,
    label domain, time zone, warehouse, institute), as an administrator last saved or
    confirmed them. ``config.toml`` is a plain file anyone with the folder can edit; labels
    are issued only while it agrees with the newest row here (issue 14 H4). Append-only:
    each save, confirmation, restore or first recording is a new row."""
    conn.execute(
        "CREATE TABLE settings_records (id INTEGER PRIMARY KEY, "
        "settings TEXT NOT NULL, how TEXT NOT NULL, created TEXT NOT NULL, "
        "created_by INTEGER REFERENCES users(id))"
    )
    register_audited(conn, "settings_records")


def _keys(conn: sqlite3.Connection) -> None:
    """Slice E2 (keys, issue 14 breaker H3): which keys the station believes, audited and
    append-only instead of loose files in ``keys/``. ``station_keys``: every public key it
    signs with (``own``) or trusts (``trusted``), with its PEM, so a key file dropped into
    ``keys/public`` is never believed. ``key_events``: which key signs from now on
    (``signing``), which was rotated out for label dates after ``after`` (YYYYMMDD) and
    which was revoked (every date refused). No foreign key: a revocation may name a key
    whose PEM the station never had. Filled by ``appraiser.key_ledger.start`` at the first
    open, since only then is the data folder (and its key files) known."""
    conn.execute(
        "CREATE TABLE station_keys (id INTEGER PRIMARY KEY, key_id TEXT NOT NULL UNIQUE, "
        "public_pem TEXT NOT NULL, origin TEXT NOT NULL CHECK (origin IN ('own', 'trusted')), "
        "created TEXT NOT NULL)"
    )
    register_audited(conn, "station_keys")
    conn.execute(
        "CREATE TABLE key_events (id INTEGER PRIMARY KEY, key_id TEXT NOT NULL, "
        "kind TEXT NOT NULL CHECK (kind IN ('signing', 'rotated', 'revoked')), "
        "after TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '')"
    )
    conn.execute("CREATE INDEX key_events_kind ON key_events(kind, id)")
    register_audited(conn, "key_events")


def _parts() -> list:
    """The parts of this version, in order (each ``(conn) -> None``)."""
    return [_labels, _audit, _exports, _settings, _keys]


@migration(5)
def upgrade(conn: sqlite3.Connection) -> None:
    """Trust: label states, accounts, consumer bundle addresses."""
    for part in _parts():
        part(conn)
