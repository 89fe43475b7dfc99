"""Label speed: ID + sign + QR + PDF per label (target ≤ 50 ms), a 500-label batch PDF
(target ≤ 5 s), and 10^6 serials without a collision."""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

from appraiser.keys import StationKeys
from appraiser.labels import ids, layouts, payload, pdf, png, zpl
from appraiser.labels.content import LabelContent

PER_LABEL_TARGET_MS = 50
BATCH_TARGET_S = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--labels", type=int, default=200, help="single labels to time")
    parser.add_argument("--batch", type=int, default=500, help="labels in the batch PDF")
    parser.add_argument("--serials", type=int, default=1_000_000, help="collision run size")
    parser.add_argument("--stock", default="50x30")


def _make(keys: StationKeys, kid: str) -> LabelContent:
    claim = payload.make_claim(
        "verify.example.com",
        ids.new_serial(),
        "4006381333931",
        hashlib.sha256(b"bench").hexdigest(),
        "20261122",
        kid,
    )
    _, signature = keys.sign(payload.canonical(claim))
    return LabelContent(
        payload.build(claim, signature),
        claim.serial,
        "2026-11-22",
        "BW-01",
        "Gucci GG Marmont 手袋",
    )


def _per_label(keys: StationKeys, layout: layouts.Layout, count: int) -> list[float]:
    kid = keys.current_key_id()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        pdf.render(layout, [_make(keys, kid)])
        times.append((time.perf_counter() - start) * 1000)
    return times


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def _collisions(count: int) -> int:
    seen = set()
    for _ in range(count):
        seen.add(ids.new_serial())
    return count - len(seen)


def run(args: argparse.Namespace) -> dict:
    if args.quick:
        args.labels, args.batch, args.serials = 30, 100, 100_000
    layout = layouts.load(args.stock)
    with tempfile.TemporaryDirectory() as folder:
        keys = StationKeys(Path(folder))
        print(f"warming up; timing {args.labels} single labels", file=sys.stderr)
        _per_label(keys, layout, 3)
        times = sorted(_per_label(keys, layout, args.labels))
        print(f"rendering a {args.batch}-label batch PDF", file=sys.stderr)
        kid = keys.current_key_id()
        batch_s = _timed(lambda: pdf.render(layout, [_make(keys, kid) for _ in range(args.batch)]))
        sample = _make(keys, kid)
    zpl_ms = _timed(lambda: [zpl.render_label(layout, sample, 203) for _ in range(20)]) * 50
    png_ms = _timed(lambda: [png.render(layout, sample, 203) for _ in range(20)]) * 50
    print(f"generating {args.serials} serials", file=sys.stderr)
    collisions = _collisions(args.serials)
    p95 = times[int(0.95 * (len(times) - 1))]
    return {
        "stock": args.stock,
        "labels": args.labels,
        "per_label_ms_median": round(statistics.median(times), 2),
        "per_label_ms_p95": round(p95, 2),
        "per_label_target_ms": PER_LABEL_TARGET_MS,
        "batch_labels": args.batch,
        "batch_pdf_s": round(batch_s, 3),
        "batch_target_s": BATCH_TARGET_S,
        "zpl_ms_per_label": round(zpl_ms, 2),
        "png_preview_ms_per_label": round(png_ms, 2),
        "serials": args.serials,
        "serial_collisions": collisions,
        "ok": p95 <= PER_LABEL_TARGET_MS and batch_s <= BATCH_TARGET_S and collisions == 0,
    }
