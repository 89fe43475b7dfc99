"""Server schema 340 (issue 15 finding N6): a scan of a *withdrawn* label is its own signal.

A label revoked because its verdict was amended or its lot withdrawn is still stuck on the
real item; a buyer who scans it holds that item, which is no sign of a copy. Such scans were
flagged ``scanned_after_end`` like scans after a void (a reprint: the old label should be
gone), so one withdrawn lot of 500 units buried the site's real clone flags. They now get
the rule ``withdrawn_in_circulation`` (``clone.py``), shown apart and grouped per lot.
"""

from __future__ import annotations

import psycopg

from appraiser.server.migrations import migration

RULES = ("too_many_scans", "many_clients", "scanned_after_end", "outbound_claimed",
         "withdrawn_in_circulation")  # fmt: skip


@migration(340)
def withdrawn_flags(conn: psycopg.Connection) -> None:
    """clone_flags.rule may be withdrawn_in_circulation; scans after a revocation move there."""
    names = conn.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = 'clone_flags'::regclass"
        " AND contype = 'c'"
    ).fetchall()
    for row in names:
        name = row["conname"] if isinstance(row, dict) else row[0]
        conn.execute(f'ALTER TABLE clone_flags DROP CONSTRAINT "{name}"')
    listed = ", ".join(f"'{rule}'" for rule in RULES)
    conn.execute(
        f"ALTER TABLE clone_flags ADD CONSTRAINT clone_flags_rule CHECK (rule IN ({listed}))"
    )
    conn.execute(
        "UPDATE clone_flags SET rule = 'withdrawn_in_circulation'"
        " WHERE rule = 'scanned_after_end' AND detail->>'state' = 'revoked'"
    )
