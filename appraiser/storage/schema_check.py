"""Is the station's schema the app's? Every table, view, trigger and index compared with
what the migrations create (issue 14 breaker H2).

A view is code the app trusts: ``verdicts_current`` edited to ignore amendments made
``label issue`` label a counterfeit item, and the view put back left no trace. So ``audit
verify`` names every difference, and ``Store.atomic`` refuses to write while a view or
trigger differs (or a table is gone). The write check costs one ``PRAGMA schema_version``
per transaction; the comparison runs again only when that number changes.
"""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations.schema_tools import SCHEMA_OBJECTS, expected_objects

KINDS = ("table", "view", "trigger", "index")
GUARDED = ("view", "trigger")  # refused before a write; tables only when missing


def _normal(sql: str | None) -> str:
    """Whitespace and identifier quoting aside (SQLite re-quotes a renamed table's SQL)."""
    return " ".join((sql or "").replace('"', "").split())


def differences(conn: sqlite3.Connection, kinds: tuple[str, ...] = KINDS) -> list[str]:
    """Every object of ``kinds`` missing, altered or added outside the app, named."""
    expected = expected_objects()
    actual = {(t, n): sql for t, n, sql in conn.execute(SCHEMA_OBJECTS)}
    found = []
    for kind in kinds:
        for key in sorted(k for k in expected if k[0] == kind):
            if key not in actual:
                found.append(f"{kind} {key[1]} is missing")
            elif _normal(actual[key]) != _normal(expected[key]):
                found.append(f"{kind} {key[1]} was altered")
        for key in sorted(k for k in actual if k[0] == kind and k not in expected):
            found.append(f"{kind} {key[1]} was added outside the app")
    return found


def write_blockers(conn: sqlite3.Connection) -> list[str]:
    """What makes writing unsafe: a view or trigger that differs, a table that is gone
    (an added table or index, or an index dropped, is named by verify but harmless)."""
    missing = [p for p in differences(conn, ("table",)) if p.endswith(" is missing")]
    return differences(conn, GUARDED) + missing
