"""Is the schema version ``Store.open`` found believable? (issue 14 second breaker, H-1, L-2)

``PRAGMA user_version`` is one writable integer. An insider who turns a current database
back into a schema-4 one (new tables dropped, events re-chained, the checkpoint log deleted)
made the upgrade start the checkpoints afresh and adopt whatever the folder held; a mere
change of the number made every command die with exit 70. So before migrating an older
version, ``Store.open`` looks for what only this release makes — cheap tripwires, not
proof: an insider holding the private key can still forge, and only an anchor kept off the
station (the daily exports, ``audit verify --exports``) catches that. Any failure while
migrating is reported the same way: the database was altered, exit 3, never a crash.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from appraiser.errors import DatabaseDamagedError

SCHEMA = 5  # the version that brought checkpoints, the key ledger and recorded settings
SERIAL_SYMBOLS = 18  # serials of this length are issued only since schema 5
# Audit actions only schema 5 writes. Schema 4 wrote just ``keys.rotated`` (label rotate-key)
# and ``settings.changed``; it trusted keys by file, with no event, so a ``keys.trusted`` in a
# schema-4 database is a forged downgrade asking the upgrade to adopt a key.
_NEW_ACTIONS = (
    "action = 'rules.refused' OR action LIKE 'audit.%' OR "
    "(action LIKE 'keys.%' AND action <> 'keys.rotated')"
    " OR (action LIKE 'settings.%' AND action <> 'settings.changed')"
)
# Rows only schema 5 writes: (table, condition, parameters, how to name them).
_NEW_ROWS = (
    (
        "labels",
        "length(serial) = ?",
        (SERIAL_SYMBOLS,),
        f"labels with {SERIAL_SYMBOLS}-symbol serials",
    ),
    ("label_events", "event = 'revoked'", (), "label events 'revoked'"),
    ("label_flags", "rule = 'forgery'", (), "label flags 'forgery'"),
)
_HINT = (
    "'appraiser audit verify' names it. Restore the latest backup, or ask the administrator "
    "to check the database against the daily exports kept off the station "
    "('appraiser audit verify --exports DIR')."
)


class SchemaAltered(DatabaseDamagedError):
    """The schema version was altered: exit 3 for every command; ``audit verify`` reports
    it as its failed check (exit 1). A file that is not a database stays plain damage."""


def altered(version: int, why: str) -> SchemaAltered:
    return SchemaAltered(
        f"The database's schema version was altered (user_version {version}): {why}. "
        "Nothing was changed.",
        hint=_HINT,
    )


def check_before_migrating(conn: sqlite3.Connection, version: int, log: Path) -> None:
    """Refuse a version no release writes, or an older one whose contents are newer."""
    if version < 0:
        raise altered(version, "no release writes a negative version")
    if version == 0 or version >= SCHEMA:
        return  # a new database (a filled one fails its first CREATE), or nothing to upgrade
    found = _newer_contents(conn, version)
    if _log_has_lines(log):
        found.insert(0, f"the signed checkpoint log {log.name} already holds lines")
    elif log.parent.exists():  # only schema 5 makes audit/: a station turned back, log deleted
        found.insert(0, f"the folder {log.parent.name}/ of the checkpoint log exists")
    if found:
        raise altered(version, "it holds what only schema 5 makes: " + "; ".join(found))


def _newer_contents(conn: sqlite3.Connection, version: int) -> list[str]:
    found = []
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, where, params, what in _NEW_ROWS:
        if table in tables:
            (count,) = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {where}", params
            ).fetchone()
            if count:
                found.append(f"{count} {what}")
    if "audit_events" in tables:
        actions = [
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT action FROM audit_events WHERE {_NEW_ACTIONS} ORDER BY action"
            )
        ]
        if actions:
            found.append(
                "audit events " + ", ".join(actions[:6]) + (" …" if len(actions) > 6 else "")
            )
    return found


def _log_has_lines(log: Path) -> bool:
    try:
        return log.is_file() and log.stat().st_size > 0
    except OSError:
        return True  # something sits there that cannot be read: not a schema-4 station
