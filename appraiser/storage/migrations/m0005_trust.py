"""Schema version 5: trust (issue 14) — what the rule book, the label states, accounts and
consumer bundles need to hold.

Each part is its own function, named for what it serves, and ``upgrade`` runs them in order
in the one transaction of the version bump.
"""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration


def _parts() -> list:
    """The parts of this version, in order (each ``(conn) -> None``)."""
    return []


@migration(5)
def upgrade(conn: sqlite3.Connection) -> None:
    """Trust: label states, accounts, consumer bundle addresses."""
    for part in _parts():
        part(conn)
