"""The lots of the site's day for ``server export daily`` (issue 16's lots, issue 15 F5).

A station's export lists the lots planned that day (``reports.daily_lots``: NAME.lots.csv, a
"Lots" sheet, a PDF section). The site export lists every station's, read the same way: the
station's synced rows of the lot tables, the lot units' items, their appraisals (of any day:
a unit may be appraised after the lot's day) and verdicts are put in an in-memory SQLite
shaped like the station's (with its ``*_current`` views), and ``daily_lots.load_lots`` runs
on it — so a station's lot rows here equal its own export's. Each lot is named
``CODE: lot-uid`` (the site's file has no station column of its own).
"""

from __future__ import annotations

from typing import Any

import psycopg

from appraiser.reports.daily import DayFilter, DayWindow
from appraiser.reports.daily_lots import load_lots
from appraiser.server import site_rows

# Empty tables still need the columns the lots query names.
_EMPTY = {
    "lots": "id, uid, line_uid, day, category, gtin, batch_lot, merchant, quantity, policy,"
    " code_letter, sample_size",
    "lot_decisions": "id, lot_uid, decision, kind, signed_by, supersedes",
    "lot_samples": "lot_uid, item_uid",
    "lot_flags": "uid, lot_uid",
    "lot_flag_acks": "flag_uid",
}
_VIEWS = """
CREATE VIEW items_current AS
    SELECT * FROM items i WHERE revision = (SELECT MAX(revision) FROM items WHERE uid = i.uid);
CREATE VIEW appraisals_current AS
    SELECT * FROM appraisals a
    WHERE revision = (SELECT MAX(revision) FROM appraisals WHERE uid = a.uid);
CREATE VIEW verdicts_current AS
    SELECT * FROM verdicts v
    WHERE NOT EXISTS (SELECT 1 FROM verdicts later WHERE later.supersedes = v.id);
CREATE VIEW lot_decisions_current AS
    SELECT * FROM lot_decisions d
    WHERE NOT EXISTS (SELECT 1 FROM lot_decisions later WHERE later.supersedes = d.id);
"""
_BY_LOT = "AND body->>'lot_uid' = ANY(%(keys)s)"


def _like(uid: str) -> str:
    """A LIKE pattern finding ``uid`` anywhere in an item's attributes (JSON text)."""
    escaped = uid.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def lot_tables(
    conn: psycopg.Connection, station_id: int, window: DayWindow
) -> dict[str, list[dict[str, Any]]]:
    """The rows ``load_lots`` reads for this station's day (empty when no lot that day)."""
    day = window.day.isoformat()
    lots = site_rows.fetch(conn, station_id, "lots", "AND body->>'day' = %(day)s", day=day)
    if not lots:
        return {}
    uids = sorted({str(lot.get("uid")) for lot in lots})
    lines = sorted({str(lot.get("line_uid")) for lot in lots})
    tables = {"lots": lots, "users": site_rows.fetch(conn, station_id, "users")}
    for tbl in ("lot_decisions", "lot_samples", "lot_flags"):
        tables[tbl] = site_rows.fetch(conn, station_id, tbl, _BY_LOT, keys=uids)
    flags = sorted({str(f.get("uid")) for f in tables["lot_flags"]})
    tables["lot_flag_acks"] = site_rows.fetch(
        conn, station_id, "lot_flag_acks", "AND body->>'flag_uid' = ANY(%(keys)s)", keys=flags
    )
    drawn = sorted({str(s.get("item_uid")) for s in tables["lot_samples"]})
    tables["items"] = site_rows.fetch(
        conn,
        station_id,
        "items",
        "AND (body->>'uid' = ANY(%(keys)s) OR body->>'attributes' LIKE ANY(%(lines)s))",
        keys=lines + drawn,
        lines=[_like(line) for line in lines],
    )
    units = sorted({str(i.get("uid")) for i in tables["items"]})
    tables["appraisals"] = site_rows.fetch(
        conn, station_id, "appraisals", "AND body->>'item_uid' = ANY(%(keys)s)", keys=units
    )
    appraisals = sorted({str(a.get("uid")) for a in tables["appraisals"]})
    tables["verdicts"] = site_rows.fetch(
        conn, station_id, "verdicts", "AND body->>'appraisal_uid' = ANY(%(keys)s)", keys=appraisals
    )
    return tables


def station_lots(
    conn: psycopg.Connection, station: dict[str, Any], window: DayWindow, filters: DayFilter
) -> list[dict[str, Any]]:
    """One station's lots of its day, as its own export lists them, named by its code."""
    tables = lot_tables(conn, station["id"], window)
    if not tables:
        return []
    snap = site_rows.snapshot({**{table: [] for table in site_rows.COLUMNS}, **tables})
    for table, columns in _EMPTY.items():
        if not tables.get(table):
            snap.conn.execute(f"CREATE TABLE {table} ({columns})")
    snap.conn.executescript(_VIEWS)
    rows = load_lots(snap, window, filters)
    for row in rows:
        row["lot"] = f"{station['code']}: {row['lot']}"
    return rows
