"""Daily log exports with signed manifests, and their verification.

Used by the CLI (``appraiser export …``, also unattended from cron / Task Scheduler) and by
the supervisor's export dialog. An export is all-or-nothing: its data file and manifest are
written under temporary names and renamed into place together.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from appraiser.clock import utcnow
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular
from appraiser.keys import StationKeys, key_id
from appraiser.reports import checkpoint as cp
from appraiser.reports import manifest
from appraiser.reports.atomic import check_folder, staged
from appraiser.reports.daily import DayFilter, DayWindow, load_day
from appraiser.reports.daily_lots import load_lots, lots_name, write_lots_csv
from appraiser.reports.day_formats import write_day
from appraiser.reports.figures import DayFigures, compute
from appraiser.reports.snapshot import read_snapshot
from appraiser.reports.texts import check_lang, tr
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station

FORMATS = ("csv", "xlsx", "pdf")
ALL = DayFilter()
Progress = Callable[[float, str], None]


@dataclass
class DailyExport:
    path: Path
    manifest: Path
    rows: int
    checkpoint: cp.Checkpoint
    figures: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "manifest": str(self.manifest),
            "rows": self.rows,
            "checkpoint": self.checkpoint.as_dict(),
            "seconds": self.seconds,
        }


def report_lang(station: Station, lang: str | None) -> str:
    return check_lang(lang or station.settings.language or "zh_CN")


def _noop(_fraction: float, _message: str) -> None:
    return None


def export_daily(
    station: Station,
    session: Session | None,
    day: date,
    fmt: str,
    out: Path,
    *,
    filters: DayFilter = ALL,
    lang: str | None = None,
    progress: Progress = _noop,
) -> DailyExport:
    """Write the day's log as ``fmt`` to ``out`` with ``out.manifest.json`` beside it.

    A supervisor's job (DESIGN §3.4): the log names merchants, declarations and people,
    so the session is checked before anything is read, and the audit event names it."""
    rules.require(station.store, session, Action.SUPERVISE, export="daily", day=str(day))
    assert session is not None
    actor = session.actor
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}", hint="Use csv, xlsx or pdf.")
    lang, out = report_lang(station, lang), Path(out)
    filters.validate()
    check_folder(out.parent)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    progress(0.05, "reading")
    window = DayWindow(day, station.settings.tz())
    with read_snapshot(station.data.db) as snap:
        rows = load_day(snap, window, filters)
        lots = load_lots(snap, window, filters)  # issue 16: the day's lots
        timings["query"] = time.perf_counter() - started
        checkpoint = cp.compute(snap, window)
    timings["checkpoint"] = time.perf_counter() - started - timings["query"]
    figures = compute(rows)
    progress(0.4, "writing")
    mark = time.perf_counter()
    meta = _meta(station, window, filters, lang)
    with staged(out) as stage:
        data_tmp = stage.path(out)
        write_day(fmt, rows, figures, data_tmp, lang, meta, checkpoint, lots)
        files = {out.name: data_tmp}
        if fmt == "csv" and lots:  # a second file: the log's columns stay as they were
            lots_out = out.with_name(lots_name(out.name))
            files[lots_out.name] = stage.path(lots_out)
            write_lots_csv(lots, files[lots_out.name], lang)
        timings["write"] = time.perf_counter() - mark
        progress(0.85, "signing")
        man_path = out.with_name(manifest.manifest_name(out.name))
        details = {
            "export": "daily-log",
            "format": fmt,
            "lang": lang,
            "day": day.isoformat(),
            "filters": filters.as_dict(),
            "rows": len(rows.rows),
            "totals": {"appraisals": figures.total, **figures.by_verdict},
            "lots": len(lots),
        }
        body = manifest.build(
            kind="daily-log",
            station=station.settings.station_code,
            files=files,
            checkpoint=checkpoint,
            details=details,
            keys=StationKeys(station.data.keys, station.store),
        )
        stage.path(man_path).write_bytes(body)
    timings["total"] = time.perf_counter() - started
    _record(station, actor, out, day, fmt, len(rows.rows), checkpoint, body)
    progress(1.0, "done")
    return DailyExport(
        out,
        man_path,
        len(rows.rows),
        checkpoint,
        figures.as_dict(),
        {k: round(v, 4) for k, v in timings.items()},
    )


def _meta(station: Station, window: DayWindow, filters: DayFilter, lang: str) -> dict[str, str]:
    chosen = ", ".join(f"{k}={v}" for k, v in filters.as_dict().items())
    local_now = utcnow().astimezone(window.tz)
    return {
        "station": station.settings.station_code,
        "day": window.day.isoformat(),
        "timezone": window.tz.key,
        "filters": chosen or tr(lang, "meta.none"),
        "generated": local_now.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "institute": station.settings.institute,
        "warehouse": station.settings.warehouse,
    }


def _record(
    station: Station,
    actor: str,
    out: Path,
    day: date,
    fmt: str,
    rows: int,
    checkpoint: cp.Checkpoint,
    body: bytes,
) -> None:
    """Leave a trace in the audit trail that this export left the station (the file's
    digest is taken from the manifest, so a large file is not read twice)."""
    listed = next(f for f in json.loads(body)["files"] if f["name"] == out.name)
    sha, size = listed["sha256"], listed["size"]
    with station.store.atomic(actor) as tx:
        tx.event(
            "export.daily",
            file=out.name,
            sha256=sha,
            size=size,
            day=day.isoformat(),
            format=fmt,
            rows=rows,
            manifest_sha256=hashlib.sha256(body).hexdigest(),
            merkle_root=checkpoint.merkle_root,
            events=checkpoint.count,
        )


def day_figures(station: Station, day: date, filters: DayFilter = ALL) -> DayFigures:
    """The figures of one day for the dashboard, from a private read snapshot."""
    with read_snapshot(station.data.db) as snap:
        return compute(load_day(snap, DayWindow(day, station.settings.tz()), filters))


def load_public_keys(pems: Iterable[Path]) -> dict[str, Ed25519PublicKey]:
    """Public keys given for one verification only (e.g. at head office)."""
    found = {}
    for path in pems:
        try:
            # a regular file of at most 64 KiB: a FIFO blocked read_bytes() for ever (M3)
            raw = read_regular(Path(path), 64 * 1024, f"The public key {path}")
            public = serialization.load_pem_public_key(raw)
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"cannot read the public key {path}: {exc}") from exc
        if not isinstance(public, Ed25519PublicKey):
            raise InvalidInput(f"{path} is not an Ed25519 public key")
        found[key_id(public)] = public
    return found


def verify_exports(
    station: Station | None,
    folder: Path,
    *,
    extra_keys: dict[str, Ed25519PublicKey] | None = None,
    keys_folder: Path | None = None,
) -> manifest.FolderCheck:
    """Check every manifest in ``folder``; with a station, also the audit checkpoints."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    if station is not None:  # the keys the station's audit trail vouches for (H3)
        trusted = dict(StationKeys(station.data.keys, station.store).public_keys())
    else:  # a key folder handed over for this one check
        trusted = dict(StationKeys(keys_folder).public_keys(create=False)) if keys_folder else {}
    trusted.update(extra_keys or {})
    if station is None:
        return manifest.verify_folder(folder, trusted, local_station=None, probe=None)

    def probe(_station: str, expected: cp.Checkpoint) -> str | None:
        with read_snapshot(station.data.db) as snap:
            return cp.mismatch(snap, expected)

    return manifest.verify_folder(
        folder, trusted, local_station=station.settings.station_code, probe=probe
    )
