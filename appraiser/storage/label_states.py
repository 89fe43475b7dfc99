"""A label's state in SQL, for the lists that read many labels in one query.

The rule is the one of ``services.labelling.labels.state_of``: ``revoked``, then
``voided``, win whenever such an event exists (they are final); otherwise the latest step of
issued → printed → applied. Day lists show it next to the serial, so a revoked or voided
serial is never presented as an item's live label (issue 14).
"""

from __future__ import annotations

DEAD = ("revoked", "voided")

# Over the rows of ``label_events e`` of one serial (a GROUP BY or a scalar subquery).
STATE_CASE = (
    "CASE WHEN SUM(e.event = 'revoked') THEN 'revoked' "
    "WHEN SUM(e.event = 'voided') THEN 'voided' "
    "WHEN SUM(e.event = 'applied') THEN 'applied' "
    "WHEN SUM(e.event = 'printed') THEN 'printed' "
    "WHEN COUNT(e.id) THEN 'issued' END"
)


def state_sql(serial: str) -> str:
    """A scalar SQL expression: the state of the label whose serial the SQL expression
    ``serial`` gives (NULL when it is NULL)."""
    return f"(SELECT {STATE_CASE} FROM label_events e WHERE e.serial = {serial})"


def latest_serial_sql(appraisal_uid: str) -> str:
    """A scalar SQL expression: the newest serial issued for the appraisal ``appraisal_uid``."""
    return (
        "(SELECT l.serial FROM labels l "
        f"WHERE l.appraisal_uid = {appraisal_uid} ORDER BY l.id DESC LIMIT 1)"
    )


def shown_serial_sql(appraisal_uid: str, item_uid: str) -> str:
    """A scalar SQL expression: the appraisal's own newest serial or, for a unit drawn from
    a lot (which never gets a label of its own appraisal), the unit's newest lot unit label
    — so the lists show a lot unit's label like an item's (issue 16 finding N8)."""
    unit_label = (
        "(SELECT lu.serial FROM lot_unit_labels lu JOIN lot_samples ls "
        "ON ls.lot_uid = lu.lot_uid AND ls.unit_no = lu.unit_no "
        f"WHERE ls.item_uid = {item_uid} ORDER BY lu.id DESC LIMIT 1)"
    )
    return f"COALESCE({latest_serial_sql(appraisal_uid)}, {unit_label})"
