"""Schema version 7: the fleet server's clone flags on this station's serials (issue 15 N9).

The server sees every consumer scan of the fleet; the station sees only its own. ``appraiser
sync`` pulls the server's flags on the serials this station issued into ``label_flags`` as
rules ``fleet_<server rule>`` (their ``detail`` says ``source: fleet`` and the server's flag
id), so ``appraiser label flags`` and the desktop's flag list show them beside the station's
own. SQLite cannot change a CHECK, so the table is rebuilt with the same rows and ids (the
audit trail's row digests still match), indexes and append-only guards, as in version 5.
"""

from __future__ import annotations

import sqlite3

from appraiser.storage.migrations import migration
from appraiser.storage.migrations.m0005_trust import _widen_check

FLEET_RULES = (
    "fleet_too_many_scans",
    "fleet_many_clients",
    "fleet_scanned_after_end",
    "fleet_outbound_claimed",
    "fleet_withdrawn_in_circulation",
)


@migration(7)
def upgrade(conn: sqlite3.Connection) -> None:
    """Fleet flags: label_flags may hold the server's clone flags (rules fleet_*)."""
    wider = ", ".join(f"'{rule}'" for rule in FLEET_RULES)
    _widen_check(conn, "label_flags", "'forgery')", f"'forgery', {wider})")
