"""Daily export benchmark: a 50,000-appraisal day exported as CSV, XLSX and PDF summary,
one appraisal report PDF, and the UI's frame stalls while an export runs in the background.

The day is written by direct inserts in one transaction, each row with the audit event the
services would write, so the checkpoint covers a realistic event count (about seven events
per appraisal). Timings are end to end through ``services.exports.export_daily`` (query,
checkpoint, writing, manifest, audit event), with the parts reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from appraiser.reports.sample import SAMPLE_PASSWORD, SUPERVISOR, populate_day
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import export_daily

DAY = date(2026, 11, 20)
TARGETS_S = {"csv": 0.5, "xlsx": 5.0, "pdf": 10.0}
REPORT_TARGET_MS = 300.0
STALL_TARGET_MS = 16.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--appraisals", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per format (best kept)")
    parser.add_argument("--no-ui", action="store_true", help="skip the Qt stall probe")
    parser.add_argument("--keep", type=Path, help="build the data folder here and keep it")


def _log(message: str) -> None:
    print(f"bench export: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict:
    count = 5_000 if args.quick else args.appraisals
    repeat = 1 if args.quick else args.repeat
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        root = args.keep or Path(tmp) / "data"
        out = Path(tmp) / "out"
        out.mkdir()
        station = Station.open(root)
        try:
            figures = {"appraisals": count, **_generate(station, count)}
            for fmt in ("csv", "xlsx", "pdf"):
                figures[fmt] = _export(station, fmt, out, repeat)
            figures["report_pdf"] = _report(Path(tmp), out, 3 if args.quick else 11)
        finally:
            station.close()
        if not args.no_ui:
            figures["ui"] = _ui_probe(root, out)
    figures["targets"] = {
        **{f"{k}_s": v for k, v in TARGETS_S.items()},
        "report_ms": REPORT_TARGET_MS,
        "stall_p99_ms": STALL_TARGET_MS,
    }
    figures["cpu_count"] = os.cpu_count()
    figures["load_avg_1m"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    return figures


def _generate(station: Station, count: int) -> dict:
    _log(f"writing {count:,} appraisals with their audit events…")
    started = time.perf_counter()
    tally = populate_day(station.store, DAY, station.settings.tz(), count)
    events = station.store.one("SELECT COUNT(*) AS n FROM audit_events")["n"]
    return {
        "generate_s": round(time.perf_counter() - started, 2),
        "audit_events": events,
        "tally": tally,
    }


def _export(station: Station, fmt: str, out: Path, repeat: int) -> dict:
    runs = []
    for attempt in range(repeat):
        _log(f"{fmt} export {attempt + 1}/{repeat}")
        session = check_password(station.store, SUPERVISOR[0], SAMPLE_PASSWORD, "bench")
        result = export_daily(station, session, DAY, fmt, out / f"day.{fmt}")
        runs.append(result.seconds)
    best = min(runs, key=lambda r: r["total"])
    return {
        "rows": result.rows,
        "bytes": (out / f"day.{fmt}").stat().st_size,
        "file_s": round(best["write"], 3),
        "query_s": round(best["query"], 3),
        "checkpoint_s": round(best["checkpoint"], 3),
        "total_s": round(best["total"], 3),
        "total_runs_s": [round(r["total"], 3) for r in runs],
        "target_s": TARGETS_S[fmt],
    }


def _report(tmp: Path, out: Path, runs: int) -> dict:
    """Report PDFs of two documented demo appraisals (stills, reference, deviation map,
    QR label), each made ``runs`` times; the first, cold run is reported separately."""
    from appraiser.bench.export_report import build
    from appraiser.services.records.reports import appraisal_report

    _log("report PDF: preparing documented demo appraisals…")
    station, uids = build(tmp / "report-station")
    session = check_password(station.store, "supervisor", "demo-supervisor", "bench")
    try:
        times: list[float] = []
        cold = None
        for i in range(runs):
            for uid in uids:
                started = time.perf_counter()
                appraisal_report(station, session, uid, out / f"report-{uid}.pdf", lang="zh_CN")
                elapsed = (time.perf_counter() - started) * 1000
                cold = elapsed if cold is None else cold
                if i:  # the first round includes font loading and imports
                    times.append(elapsed)
    finally:
        station.close()
    times = times or [cold]
    return {
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "cold_ms": round(cold, 1),
        "runs": len(times),
        "target_ms": REPORT_TARGET_MS,
    }


def _ui_probe(root: Path, out: Path) -> dict:
    """Run the export through ui/tasks.py in a Qt child process and measure frame stalls."""
    _log("UI stall probe (Qt child process)…")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    command = [
        sys.executable,
        "-m",
        "ui.devtools.bench_export_probe",
        "--data-dir",
        str(root),
        "--date",
        DAY.isoformat(),
        "--format",
        "xlsx",
        "--out",
        str(out / "ui.xlsx"),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=600, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {
            "error": done.stderr.strip().splitlines()[-1:] or ["probe failed"],
            "returncode": done.returncode,
        }
    figures = json.loads(lines[-1])
    if done.returncode != 0:
        figures["returncode"] = done.returncode
    return figures
