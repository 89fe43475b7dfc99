"""The site-wide read model: every enrolled station's day from what it pushed.

Used by the supervisor web page, the stations' Supervision page (site view) and
``appraiser server export daily``. Each station's day is cut in the station's own recorded
time zone (its latest ``settings_records`` row; DESIGN §3.4 H4), read with the station's own
``load_day`` (``site_rows``), so a station's figures here equal its own export's. Besides the
figures: sync lag (last push, newest event ingested), open alarms, and the clone flags.

Everything here reads; nothing is written. Times in the plain dicts are ISO-8601 UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import psycopg

from appraiser.config import Settings
from appraiser.errors import InvalidInput
from appraiser.reports import checkpoint as cp
from appraiser.reports import merkle
from appraiser.reports.daily import DayFilter, DayRows, DayWindow, load_day
from appraiser.reports.figures import DayFigures, compute
from appraiser.server import clone, site_rows

DEFAULT_TZ = Settings().timezone
# The days a site view or export may name: a day's window spans neighbouring days in the
# station's time zone, so the calendar's edges (0001-01-01, 9999-12-31) would overflow
# (issue 15 finding F8: 500 / exit 70 instead of a one-line refusal).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def check_day(day: date) -> date:
    """``day`` if a site view or export can cover it, else ``InvalidInput`` saying which."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            f"The day {day.isoformat()} is out of range: give a day between"
            f" {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}."
        )
    return day


@dataclass
class StationDay:
    """One station's day: its rows and figures, its audit checkpoint, its sync state."""

    code: str
    station_id: int
    window: DayWindow
    rows: DayRows
    figures: DayFigures
    checkpoint: cp.Checkpoint
    last_push: datetime | None
    newest_event: str | None
    pending_lines: int
    alarms: int

    def lag_seconds(self, now: datetime) -> float | None:
        """Seconds since the station last pushed (None: never)."""
        return None if self.last_push is None else max(0.0, (now - self.last_push).total_seconds())

    def summary(self, now: datetime) -> dict[str, Any]:
        fig = self.figures
        signed = sum(a.signed for a in fig.appraisers)
        hours = sum(a.hours for a in fig.appraisers)
        return {
            "station": self.code,
            "timezone": self.window.tz.key,
            "appraisals": fig.total,
            "signed": fig.signed,
            "by_verdict": fig.by_verdict,
            "by_hour": fig.by_hour,
            "per_appraiser_hour": round(signed / hours, 2) if hours else None,
            "appraisers": len(fig.appraisers),
            "audit_events": self.checkpoint.count,
            "last_push": self.last_push.isoformat() if self.last_push else None,
            "newest_event": self.newest_event,
            "lag_seconds": self.lag_seconds(now),
            "alarms": self.alarms,
        }


@dataclass
class SiteDay:
    day: date
    stations: list[StationDay] = field(default_factory=list)
    clone_flags: list[dict[str, Any]] = field(default_factory=list)
    withdrawn: list[dict[str, Any]] = field(default_factory=list)  # flags, not clones (N6)
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def totals(self) -> dict[str, Any]:
        by_verdict: dict[str, int] = {}
        for station in self.stations:
            for verdict, n in station.figures.by_verdict.items():
                by_verdict[verdict] = by_verdict.get(verdict, 0) + n
        return {
            "appraisals": sum(s.figures.total for s in self.stations),
            "signed": sum(s.figures.signed for s in self.stations),
            "by_verdict": by_verdict,
            "stations": len(self.stations),
        }

    def as_dict(self) -> dict[str, Any]:
        """What the supervisor page and the stations' site view show (no merchant,
        declaration or person appears here: counts, stations and serials only)."""
        return {
            "day": self.day.isoformat(),
            "read_at": self.read_at.isoformat(),
            "totals": self.totals(),
            "stations": [s.summary(self.read_at) for s in self.stations],
            "clone_flags": [_flag(f) for f in self.clone_flags],
            "withdrawn_in_circulation": withdrawn_by_lot(self.withdrawn),
        }


def _flag(row: dict[str, Any]) -> dict[str, Any]:
    raised = row["raised"]
    return {
        "serial": row["serial"],
        "rule": row["rule"],
        "station": row.get("station"),
        "raised": raised.isoformat() if isinstance(raised, datetime) else str(raised),
        "detail": row["detail"] if isinstance(row["detail"], dict) else {},
    }


def enrolled(conn: psycopg.Connection, code: str | None = None) -> list[dict[str, Any]]:
    """Enrolled stations (or the one named), by code."""
    rows = conn.execute(
        "SELECT id, code, last_push, events_head, lines_head FROM stations"
        " WHERE enrolled IS NOT NULL AND (%(code)s::text IS NULL OR code = %(code)s)"
        " ORDER BY code",
        {"code": code},
    ).fetchall()
    return [dict(r) for r in rows]


def recorded_settings(conn: psycopg.Connection, station_id: int) -> dict[str, str]:
    """The settings the station last recorded (code, time zone, warehouse, institute)."""
    rows = site_rows.fetch(conn, station_id, "settings_records")
    newest = max(rows, key=lambda r: r.get("id") or 0, default=None)
    try:
        values = json.loads(newest["settings"]) if newest else {}
    except (ValueError, TypeError):
        return {}
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


def station_tz(conn: psycopg.Connection, station_id: int) -> ZoneInfo:
    """The time zone the station last recorded (its day is cut there), else the default."""
    try:
        return ZoneInfo(recorded_settings(conn, station_id).get("timezone") or DEFAULT_TZ)
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo(DEFAULT_TZ)


def checkpoint(conn: psycopg.Connection, station_id: int, window: DayWindow) -> cp.Checkpoint:
    """The day's checkpoint over the events the server holds, computed as the station
    computes it (``reports.checkpoint.compute``): count and RFC 6962 root, in seq order."""
    start, end = window.bounds_iso()
    events = conn.execute(
        "SELECT seq, hash FROM audit_events WHERE station_id = %s AND ts >= %s AND ts < %s"
        " ORDER BY seq",
        (station_id, start, end),
    ).fetchall()
    hashes = [e["hash"] for e in events]
    return cp.Checkpoint(
        day=window.day.isoformat(),
        timezone=window.tz.key,
        from_utc=start,
        to_utc=end,
        count=len(events),
        first_seq=events[0]["seq"] if events else None,
        last_seq=events[-1]["seq"] if events else None,
        last_hash=hashes[-1] if hashes else None,
        merkle_root=merkle.root_hex(hashes),
    )


def station_day(
    conn: psycopg.Connection, station: dict[str, Any], day: date, filters: DayFilter
) -> StationDay:
    window = DayWindow(day, station_tz(conn, station["id"]))
    snap = site_rows.snapshot(site_rows.day_tables(conn, station["id"], window, station["code"]))
    try:
        rows = load_day(snap, window, filters)
    finally:
        snap.conn.close()
    newest = conn.execute(
        "SELECT ts FROM audit_events WHERE station_id = %s AND seq = %s",
        (station["id"], station["events_head"]),
    ).fetchone()
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM checkpoint_lines WHERE station_id = %(id)s"
        " AND status = 'pending') AS pending, (SELECT count(*) FROM alarms WHERE station_id ="
        " %(id)s) AS alarms",
        {"id": station["id"]},
    ).fetchone()
    return StationDay(
        code=station["code"],
        station_id=station["id"],
        window=window,
        rows=rows,
        figures=compute(rows),
        checkpoint=checkpoint(conn, station["id"], window),
        last_push=station["last_push"],
        newest_event=newest["ts"] if newest else None,
        pending_lines=counts["pending"],
        alarms=counts["alarms"],
    )


def withdrawn_by_lot(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scans of withdrawn labels, one entry per lot (a label of no lot is its own entry):
    how many of its labels were scanned since, how often, when last — most labels first.
    A lot withdrawn after sale shows as one line, not as hundreds of "clones" (N6)."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for flag in flags:
        detail = flag["detail"] if isinstance(flag["detail"], dict) else {}
        lot = flag.get("lot_uid")
        key = (str(flag.get("station")), lot or f"serial:{flag['serial']}")
        group = groups.setdefault(key, {"station": flag.get("station"), "lot": lot,
                                        "serials": [], "scans": 0, "last_scan": ""})  # fmt: skip
        group["serials"].append(flag["serial"])
        group["scans"] += int(detail.get("scans") or 0)
        group["last_scan"] = max(group["last_scan"], str(detail.get("last_scan") or ""))
    ordered = sorted(groups.values(), key=lambda g: (-len(g["serials"]), g["last_scan"]))
    return [{**g, "labels": len(g["serials"]), "serials": sorted(g["serials"])[:20]}
            for g in ordered]  # fmt: skip


def site_day(
    conn: psycopg.Connection,
    day: date,
    *,
    station: str | None = None,
    filters: DayFilter | None = None,
) -> SiteDay:
    """The site's day (one station's with ``station``); call it inside ``read_only``."""
    chosen = enrolled(conn, station)
    result = SiteDay(day)
    for row in chosen:
        result.stations.append(station_day(conn, row, day, filters or DayFilter()))
    codes = {s.code for s in result.stations}
    seen = [f for f in clone.flags(conn) if station is None or f["station"] in codes]
    result.clone_flags = [f for f in seen if f["rule"] != clone.WITHDRAWN]
    result.withdrawn = [f for f in seen if f["rule"] == clone.WITHDRAWN]
    return result


@contextmanager
def read_only(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """One consistent snapshot for the whole read: the rows, figures and checkpoints of
    every station come from the same instant (as a station export's read snapshot), while
    stations keep pushing."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield conn
