"""``appraiser server export daily``: the whole site's day, as a station exports its own.

The same writers (``reports.csv_export``, ``xlsx_export``, ``pdf_summary``), the same
columns and figures, the same all-or-nothing staging and the same signed manifest that
``appraiser export verify`` checks — signed with the server's own Ed25519 key (a bare key
folder, ``--keys``; ``server public-key`` prints it for ``export verify --key``).

The manifest's ``station`` is ``site:<name>`` (never a station code: codes are capitals),
its ``checkpoint`` the site's: the count of every station's audit events of the day and the
RFC 6962 root over the stations' day roots in code order; ``details.station_checkpoints``
holds each station's own day checkpoint, equal to the one that station's own export would
sign (so a station can hold the site export against its database). On a day with synced lots
(issue 16) the site's lots follow as a station's do (``site_lots``): ``NAME.lots.csv`` beside
the CSV in the same manifest, a "Lots" sheet, a PDF section; ``details.lots`` counts them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from appraiser.errors import InvalidInput, NotFound
from appraiser.keys import StationKeys
from appraiser.reports import checkpoint as cp
from appraiser.reports import manifest, merkle
from appraiser.reports.atomic import check_folder, staged
from appraiser.reports.daily import DayFilter, DayRows, DayWindow
from appraiser.reports.daily_lots import lots_name, write_lots_csv
from appraiser.reports.day_formats import write_day
from appraiser.reports.figures import compute
from appraiser.reports.texts import check_lang, tr
from appraiser.server import site, site_lots

FORMATS = ("csv", "xlsx", "pdf")
KIND = "site-daily-log"
SITE_PREFIX = "site:"


@dataclass
class SiteExport:
    path: Path
    manifest: Path
    rows: int
    stations: list[str]
    checkpoint: cp.Checkpoint
    key_id: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "manifest": str(self.manifest),
            "rows": self.rows,
            "stations": self.stations,
            "checkpoint": self.checkpoint.as_dict(),
            "key_id": self.key_id,
        }


def merged(view: site.SiteDay, filters: DayFilter) -> DayRows:
    """One DayRows of every station's, in start order (each station's rows were cut in its
    own time zone; the merged window is the zone most stations keep)."""
    out = DayRows(_site_window(view), filters, [])
    for station in view.stations:
        part = station.rows
        out.rows += part.rows
        out.labels += part.labels
        out.decided_verdicts |= part.decided_verdicts
        out.blind_reviews |= part.blind_reviews
        out.amendments |= part.amendments
    out.rows.sort(key=lambda r: (r["started"], r["station"], r["uid"]))
    return out


def _site_window(view: site.SiteDay) -> DayWindow:
    zones = Counter(s.window.tz.key for s in view.stations)
    zone = zones.most_common(1)[0][0] if zones else site.DEFAULT_TZ
    return DayWindow(view.day, ZoneInfo(zone))


def site_checkpoint(view: site.SiteDay, window: DayWindow) -> cp.Checkpoint:
    """The site's: every station's day events counted, the root over their day roots."""
    start, end = window.bounds_iso()
    roots = [s.checkpoint.merkle_root for s in sorted(view.stations, key=lambda s: s.code)]
    return cp.Checkpoint(
        day=view.day.isoformat(),
        timezone=window.tz.key,
        from_utc=start,
        to_utc=end,
        count=sum(s.checkpoint.count for s in view.stations),
        first_seq=None,
        last_seq=None,
        last_hash=None,
        merkle_root=merkle.root_hex(roots),
    )


def _meta(conn, view: site.SiteDay, name: str, window: DayWindow, filters, lang) -> dict:
    recorded = site.recorded_settings(conn, view.stations[0].station_id) if view.stations else {}
    chosen = ", ".join(f"{k}={v}" for k, v in filters.as_dict().items())
    codes = ", ".join(s.code for s in view.stations)
    return {
        "station": f"{name} ({codes})" if codes else name,
        "day": view.day.isoformat(),
        "timezone": window.tz.key,
        "filters": chosen or tr(lang, "meta.none"),
        "generated": datetime.now(UTC).astimezone(window.tz).strftime("%Y-%m-%d %H:%M:%S %Z"),
        "institute": recorded.get("institute", ""),
        "warehouse": recorded.get("warehouse", ""),
    }


def export_daily(
    conn: psycopg.Connection,
    day: date,
    fmt: str,
    out: Path,
    keys: StationKeys,
    *,
    station: str | None = None,
    lang: str = "zh_CN",
    name: str = "site",
) -> SiteExport:
    """Write the site's day (or one station's) as ``fmt`` with its signed manifest."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}", hint="Use csv, xlsx or pdf.")
    lang, out = check_lang(lang), Path(out)
    check_folder(out.parent)
    filters = DayFilter(station=station).validate()
    with site.read_only(conn):
        view = site.site_day(conn, day, station=station, filters=filters)
        if station and not view.stations:
            raise NotFound(f"No enrolled station {station!r} on this server.")
        rows = merged(view, filters)
        meta = _meta(conn, view, name, rows.window, filters, lang)
        lots = [
            lot
            for s in view.stations
            for lot in site_lots.station_lots(
                conn, {"id": s.station_id, "code": s.code}, s.window, filters
            )
        ]
    figures, checkpoint = compute(rows), site_checkpoint(view, rows.window)
    with staged(out) as stage:
        data_tmp = stage.path(out)
        write_day(fmt, rows, figures, data_tmp, lang, meta, checkpoint, lots)
        files = {out.name: data_tmp}
        if fmt == "csv" and lots:  # a second file, as a station's export has
            lots_out = out.with_name(lots_name(out.name))
            files[lots_out.name] = stage.path(lots_out)
            write_lots_csv(lots, files[lots_out.name], lang)
        details = {
            "export": KIND,
            "format": fmt,
            "lang": lang,
            "day": day.isoformat(),
            "filters": filters.as_dict(),
            "rows": len(rows.rows),
            "totals": {"appraisals": figures.total, **figures.by_verdict},
            "stations": [s.code for s in view.stations],
            "station_checkpoints": {s.code: s.checkpoint.as_dict() for s in view.stations},
            "lots": len(lots),
        }
        body = manifest.build(
            kind=KIND,
            station=SITE_PREFIX + name,
            files=files,
            checkpoint=checkpoint,
            details=details,
            keys=keys,
        )
        man_path = out.with_name(manifest.manifest_name(out.name))
        stage.path(man_path).write_bytes(body)
    return SiteExport(
        out, man_path, len(rows.rows), details["stations"], checkpoint, keys.current_key_id()
    )
