"""Lot unit labels (issue 16): issue + sign + render for a 60,000-unit accepted lot (targets
≥ 500 labels/s to ZPL, ≥ 200/s to PDF), and a 10,000-label batch to a real private CUPS
queue whose printer fails twice (the backend dies in a job, then the queue is disabled),
resumed each time: duplicates and gaps must both be 0.

The CUPS part starts its own scheduler with the test suite's helper (``tests/support``),
so it runs from a source checkout; without ``cupsd`` it reports ``cups: null``.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from appraiser.clock import now_iso
from appraiser.labels import ids, layouts, pdf, zpl_format
from appraiser.labels.printing import Target
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.lots import unit_labels, unit_print, unit_render

PASSWORD = "bench-password-1"
ZPL_TARGET, PDF_TARGET = 500, 200
RENDER_CHUNK = 500
STALL_P99_MS = 16


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, default=60_000, help="units of the big lot")
    parser.add_argument("--print-units", type=int, default=10_000, help="labels sent to CUPS")
    parser.add_argument("--stock", default="50x30")
    parser.add_argument("--no-cups", action="store_true", help="only issue, sign and render")


def accepted_lot(station: Station, session: Session, quantity: int) -> str:
    """A lot of ``quantity`` units accepted by a computed decision, as the services write
    it (rows and audit events), without walking the sample through the bench."""
    lot = f"LOT-{secrets.token_hex(5).upper()}"
    line = f"IT-{secrets.token_hex(5).upper()}"
    stamp = now_iso()
    with station.store.atomic(session.actor) as tx:
        tx.insert("items", {"uid": line, "revision": 1, "gtin": "04006381333931",
                  "brand": "Château Exemple", "model": "Rouge 2024", "category": "food",
                  "batch_lot": "B-BENCH", "created": stamp, "created_by": session.user_id},
                  action="item.created")  # fmt: skip
        tx.insert("lots", {"uid": lot, "line_uid": line, "day": stamp[:10], "category": "food",
                  "gtin": "04006381333931", "batch_lot": "B-BENCH", "quantity": quantity,
                  "policy": "sampling", "sample_size": 315, "created": stamp,
                  "created_by": session.user_id}, action="lot.planned")  # fmt: skip
        tx.insert("lot_decisions", {"uid": f"LD-{lot}", "lot_uid": lot, "decision": "accept",
                  "kind": "computed", "meaning": "bench", "signed_by": session.user_id,
                  "signed_at": stamp}, action="lot.decided")  # fmt: skip
    return lot


def bench_station(root: Path) -> tuple[Station, Session]:
    station = Station.open(root)
    accounts.create_user(station.store, "admin", "A", accounts.Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(station.store, "admin", PASSWORD)
    accounts.create_user(station.store, "sup", "S", accounts.Role.SUPERVISOR, PASSWORD, by=admin)
    return station, accounts.check_password(station.store, "sup", PASSWORD)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _issue(station: Station, session: Session, quantity: int) -> tuple[str, float]:
    lot = accepted_lot(station, session, quantity)
    start = time.perf_counter()
    every = max(1, quantity // 10)

    def shown(done: int, total: int) -> None:
        if done % every < unit_labels.UNITS_PER_TX:
            _say(f"issued {done}/{total}")

    unit_labels.issue_units(station, session, lot, progress=shown)
    return lot, time.perf_counter() - start


def _render(station: Station, lot: str, stock: str, fmt: str) -> float:
    layout = layouts.load(stock)
    serials = unit_print.pending_serials(station, lot)
    start = time.perf_counter()
    for first in range(0, len(serials), RENDER_CHUNK):
        contents = unit_labels.contents(station, lot, serials[first : first + RENDER_CHUNK])
        if fmt == "zpl":
            zpl_format.render(layout, contents, 203)
        else:
            pdf.render(layout, contents, title="bench", dpi=203)
        if first % (RENDER_CHUNK * 20) == 0:
            _say(f"{fmt}: rendered {first + len(contents)}/{len(serials)}")
    return time.perf_counter() - start


def _pipeline(station: Station, session: Session, quantity: int, stock: str, fmt: str) -> float:
    """Issue + sign + render as the station does it for a large lot: each committed batch
    of serials goes to the render pool (``unit_render``) while the next one is issued."""
    lot = accepted_lot(station, session, quantity)
    start = time.perf_counter()
    workers = unit_render.workers_for(quantity, fmt)
    with unit_render.Renderer(stock, fmt, 203, workers=workers) as renderer:
        futures = []

        def render(serials: list[str]) -> None:
            contents = unit_labels.contents(station, lot, serials)
            futures.append(renderer.submit(contents, "bench"))

        unit_labels.issue_units(station, session, lot, committed=render)
        rendered = sum(len(f.result()) if fmt == "zpl" else 1 for f in futures)
    seconds = time.perf_counter() - start
    _say(f"{fmt}: issued, signed and rendered {quantity} in {seconds:.1f} s ({rendered})")
    return seconds


def _load() -> float:
    return (
        float(Path("/proc/loadavg").read_text().split()[0])
        if Path("/proc/loadavg").exists()
        else -1.0
    )


def run(args: argparse.Namespace) -> dict:
    if args.quick:
        args.units, args.print_units = 3_000, 1_000
    with tempfile.TemporaryDirectory() as folder:
        station, session = bench_station(Path(folder) / "station")
        try:
            load = {"before": _load()}
            lot, issue_s = _issue(station, session, args.units)
            zpl_s = _render(station, lot, args.stock, "zpl")
            pdf_s = _render(station, lot, args.stock, "pdf")
            pipe_zpl_s = _pipeline(station, session, args.units, args.stock, "zpl")
            pipe_pdf_s = _pipeline(station, session, args.units, args.stock, "pdf")
            load["after_render"] = _load()
            cups = None if args.no_cups else _cups_run(station, session, args.print_units)
        finally:
            station.close()
    n = args.units
    figures = {
        "units": n,
        "issue_sign_per_s": round(n / issue_s, 1),
        "zpl_render_per_s": round(n / zpl_s, 1),
        "pdf_render_per_s": round(n / pdf_s, 1),
        "issue_sign_render_zpl_per_s": round(n / (issue_s + zpl_s), 1),
        "issue_sign_render_pdf_per_s": round(n / (issue_s + pdf_s), 1),
        "pipelined_zpl_per_s": round(n / pipe_zpl_s, 1),
        "pipelined_pdf_per_s": round(n / pipe_pdf_s, 1),
        "render_workers": {f: unit_render.workers_for(n, f) for f in ("zpl", "pdf")},
        "load_avg_1m": load,
        "targets": {"zpl_per_s": ZPL_TARGET, "pdf_per_s": PDF_TARGET},
        "cups": cups,
        "ui": cups.pop("ui") if cups else None,
    }
    figures["zpl_ok"] = figures["pipelined_zpl_per_s"] >= ZPL_TARGET
    figures["pdf_ok"] = figures["pipelined_pdf_per_s"] >= PDF_TARGET
    return figures


def _ui_stall(root: Path, count: int, queue: str | None = None) -> dict:
    """The dialog printing ``count`` unit labels (issued on the way) in a Qt subprocess:
    to ``queue`` the way the station does (a child process), else on its worker thread."""
    station, session = bench_station(root)
    try:
        lot = accepted_lot(station, session, count)
    finally:
        station.close()
    _say(f"ui: printing {count} labels through the dialog, stall probe on")
    command = [sys.executable, "-m", "ui.devtools.bench_lot_print_probe", "--data-dir",
               str(root), "--lot", lot, "--user", "sup", "--password", PASSWORD]  # fmt: skip
    command += ["--queue", queue] if queue else []
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or done.returncode}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["stall_ok"] = figures["stall_p99_ms"] <= STALL_P99_MS
    return figures


# The queue's backend: like the tests' (each job kept as job_<id>.ps), except that while
# ``.die`` exists it writes the first half of the job, removes the marker and fails, as a
# printer that dies mid-job; CUPS then stops the queue (ErrorPolicy stop-printer).
FLAKY_BACKEND = """#!/bin/sh
[ $# -eq 0 ] && exit 0
folder="${DEVICE_URI#*:}"
if [ -n "$6" ]; then data="$6"; else data="$folder/.stdin_$1"; cat > "$data"; fi
if [ -e "$folder/.die" ]; then
  rm -f "$folder/.die"
  size=$(wc -c < "$data")
  head -c $((size / 2)) "$data" > "$folder/died_$1.ps"
  exit 1
fi
cat "$data" > "$folder/.job_$1.part" && mv "$folder/.job_$1.part" "$folder/job_$1.ps"
"""


def _cups_run(station: Station, session: Session, count: int) -> dict | None:
    tests = Path(__file__).resolve().parents[2] / "tests"
    if not (tests / "support" / "cups.py").exists() or not Path("/usr/sbin/cupsd").exists():
        _say("cups: skipped (no cupsd or no tests/support)")
        return None
    sys.path.insert(0, str(tests))
    from support.cups import PrivateCups

    scheduler = PrivateCups()
    scheduler.start()
    try:
        figures = _faulty_batch(station, session, scheduler, count)
        scheduler.run("cancel", "-a", "zebra")
        figures["ui"] = _ui_stall(scheduler.root / "ui-station", count, "zebra")
        return figures
    finally:
        scheduler.stop()


def _faulty_batch(station, session, scheduler, count: int) -> dict:
    import os

    os.environ["CUPS_SERVER"] = scheduler.socket
    output = scheduler.root / "output" / "zebra"
    output.mkdir(mode=0o777)
    output.chmod(0o777)
    backend = scheduler.root / "bin" / "backend" / "appraiser-flaky"
    backend.write_text(FLAKY_BACKEND)
    backend.chmod(0o755)
    scheduler.lpadmin("-p", "zebra", "-v", f"appraiser-flaky:{output}", "-E")
    lot = accepted_lot(station, session, count)
    sender = unit_print.CupsSender(Target("cups-raw", "zebra"), layouts.load("50x30"), 203)
    faults = {"die": count // 3, "disable": 2 * count // 3}

    def fault(done: int, total: int) -> None:
        if faults.get("die") is not None and done >= faults["die"]:
            (output / ".die").touch()
            faults["die"] = None
            _say(f"cups: the printer will die in the next job (after {done})")
        elif faults.get("disable") is not None and done >= faults["disable"]:
            scheduler.run("cupsdisable", "zebra")
            faults["disable"] = None
            _say(f"cups: queue disabled after {done}")

    start, runs, voided = time.perf_counter(), 0, 0
    while True:
        runs += 1
        result = unit_print.print_lot(station, session, lot, sender, job_size=250, progress=fault)
        voided += sum(len(v["serials"]) for v in result.voided)
        _say(f"cups: run {runs}: {result.printed}/{result.total} printed, error={result.error}")
        if result.complete or runs > 5:
            break
        scheduler.run("cupsenable", "zebra")
    seconds = time.perf_counter() - start
    return {**_count_output(station, lot, output), "labels": count, "runs": runs,
            "voided_unknown": voided, "seconds": round(seconds, 1),
            "per_s": round(count / seconds, 1)}  # fmt: skip


def _count_output(station: Station, lot: str, output: Path) -> dict:
    """Serials in everything the printer received (complete and died jobs alike)."""
    seen: Counter[str] = Counter()
    for path in output.glob("*.ps"):
        for grouped in re.findall(r"\^FX label ([0-9A-Z-]+)", path.read_text(errors="replace")):
            seen[ids.normalise(grouped)] += 1
    live = unit_labels.live_units(station.store, lot)
    printed_live = [s for s in live.values() if seen[s] >= 1]
    return {
        "duplicates": sum(1 for c in seen.values() if c > 1),
        "gaps": unit_labels.lot_row(station.store, lot)["quantity"] - len(printed_live),
    }
