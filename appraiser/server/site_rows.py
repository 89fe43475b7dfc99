"""One station's day, rebuilt from ingested rows as the station's own reports read it.

The station's daily export reads its SQLite with ``reports.daily.load_day``. The server holds
the same rows (``station_rows``, one version per digest, the newest by ``seq``); copying the
day's rows of one station into a private in-memory SQLite lets the very same query code run
on them, so a site export counts exactly what each station's own export counts — one
definition of "the day", "the verdict in force" and "label state", not two.

Only the tables ``load_day`` reads are copied, and only the rows the day reaches: the day's
appraisals (by their ``started``), their items, verdicts, labels, label events and blind
reviews, and the station's users (names of appraisers and signers).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from appraiser.reports.daily import DayWindow
from appraiser.reports.snapshot import Snapshot
from appraiser.server import namespace

# The columns load_day names, per table: created even when the station sent no such row.
COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "username", "display_name"),
    "appraisals": (
        "id", "uid", "revision", "started", "station", "category", "state", "appraiser_id",
        "item_uid",
    ),
    "items": (
        "id", "uid", "revision", "brand", "model", "gtin", "declaration_no", "merchant", "origin",
    ),
    "verdicts": (
        "id", "appraisal_uid", "verdict", "reason_codes", "kind", "signed_at", "supersedes",
        "signed_by",
    ),
    "labels": ("id", "appraisal_uid", "serial", "supersedes"),
    "label_events": ("id", "serial", "event", "created"),
}  # fmt: skip

_LATEST = (
    "SELECT DISTINCT ON (row_key) body FROM station_rows WHERE station_id = %(station)s"
    " AND tbl = %(tbl)s {where} ORDER BY row_key, seq DESC"
)
_BY_APPRAISAL = "AND body->>'appraisal_uid' = ANY(%(keys)s)"


def fetch(
    conn: psycopg.Connection, station_id: int, tbl: str, where: str = "", **params: Any
) -> list[dict[str, Any]]:
    """The newest version of each row of ``tbl`` (narrowed by ``where``)."""
    sql = _LATEST.format(where=where)
    rows = conn.execute(sql, {"station": station_id, "tbl": tbl, **params}).fetchall()
    return [row["body"] for row in rows]


def day_tables(
    conn: psycopg.Connection, station_id: int, window: DayWindow, code: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every row ``load_day`` needs for this station's day, by table: with ``code`` (the
    station's enrolled code) only its own records, stamped with it (issue 15 finding N3)."""
    rows = _day_tables(conn, station_id, window)
    if code is None:
        return rows
    return {tbl: namespace.own_rows(code, tbl, found) for tbl, found in rows.items()}


def _day_tables(
    conn: psycopg.Connection, station_id: int, window: DayWindow
) -> dict[str, list[dict[str, Any]]]:
    start, end = window.bounds_iso()
    rows: dict[str, list[dict[str, Any]]] = {"users": fetch(conn, station_id, "users")}
    rows["appraisals"] = fetch(
        conn,
        station_id,
        "appraisals",
        "AND body->>'started' >= %(start)s AND body->>'started' < %(end)s",
        start=start,
        end=end,
    )
    uids = sorted({str(r.get("uid")) for r in rows["appraisals"]})
    items = sorted({str(r.get("item_uid")) for r in rows["appraisals"] if r.get("item_uid")})
    rows["items"] = fetch(conn, station_id, "items", "AND body->>'uid' = ANY(%(keys)s)", keys=items)
    for tbl in ("verdicts", "labels", "review_decisions"):
        rows[tbl] = fetch(conn, station_id, tbl, _BY_APPRAISAL, keys=uids)
    serials = sorted({str(r.get("serial")) for r in rows["labels"]})
    rows["label_events"] = fetch(
        conn, station_id, "label_events", "AND body->>'serial' = ANY(%(keys)s)", keys=serials
    )
    return rows


def _value(value: Any) -> Any:
    """SQLite values as the station held them (JSON text stays text)."""
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def _create(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    names = list(COLUMNS.get(table, ()))
    for row in rows:
        names += [k for k in row if k not in names]
    if not names:
        return
    columns = ", ".join(f'"{n}"' for n in names)
    db.execute(f'CREATE TABLE "{table}" ({columns})')
    marks = ", ".join("?" for _ in names)
    db.executemany(
        f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
        [tuple(_value(row.get(n)) for n in names) for row in rows],
    )


def snapshot(tables: dict[str, list[dict[str, Any]]]) -> Snapshot:
    """An in-memory SQLite holding ``tables`` (a blind-review table only when there are
    reviews, as on a station before the workflow schema)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    for table, rows in tables.items():
        if table in COLUMNS or rows:
            _create(db, table, rows)
    db.execute("CREATE INDEX label_events_serial ON label_events (serial)")
    return Snapshot(db)
