"""What signed audit checkpoints cost: commit latency with and without, and verify time.

A station is filled with ``--events`` audit events in commits of ``--per-commit`` events
(the bench's typical 1–3), each commit appending its signed checkpoint line. The fill runs
with fsync off (SQLite ``synchronous=OFF`` and no fsync of the log) only to get there in
minutes; everything measured afterwards runs durable, as on the bench: one-event commits
with their checkpoint line, then ``Store.verify_audit`` (chain, checkpoints, rows, triggers)
and the checkpoint part alone, and last the same commits with the checkpoint hook replaced
by a no-op (last, because verify would rightly call those events written outside the app).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from appraiser.services.admin.station import Station
from appraiser.storage import audit, checkpoint_verify, checkpoints


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=100_000, help="audit events to verify")
    parser.add_argument("--per-commit", type=int, default=3, help="events per filling commit")
    parser.add_argument("--commits", type=int, default=200, help="timed commits per variant")


@contextlib.contextmanager
def _fast_fill(station: Station) -> Iterator[None]:
    station.store.conn.execute("PRAGMA synchronous = OFF")
    try:
        with mock.patch.object(os, "fsync", lambda fd: None):
            yield
    finally:
        station.store.conn.execute("PRAGMA synchronous = FULL")


def _fill(station: Station, events: int, per_commit: int) -> None:
    done = station.store.one("SELECT COUNT(*) AS n FROM audit_events")["n"]
    with _fast_fill(station):
        while done < events:
            with station.store.atomic("bench") as tx:
                for _ in range(min(per_commit, events - done)):
                    tx.event("bench.event", n=done)
                    done += 1
            if done % 20_000 < per_commit:
                print(f"filled {done} events", file=sys.stderr, flush=True)


def _commit_ms(station: Station) -> float:
    start = time.perf_counter()
    with station.store.atomic("bench") as tx:
        tx.event("bench.timed")
    return (time.perf_counter() - start) * 1000


def _latencies(station: Station, commits: int, *, hook: bool) -> dict[str, float]:
    if hook:
        return _figures([_commit_ms(station) for _ in range(commits)])
    with mock.patch.object(checkpoints, "before_commit", lambda conn, data, begun: None):
        return _figures([_commit_ms(station) for _ in range(commits)])


def _figures(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 3),
    }


def _time_verify(station: Station) -> dict[str, float | int | bool]:
    start = time.perf_counter()
    report = station.store.verify_audit()
    total = time.perf_counter() - start
    conn, count = station.store.conn, report.events
    start = time.perf_counter()
    checkpoint_verify.check(conn, station.data, audit.VerifyReport(), upto=count, size=None)
    part = time.perf_counter() - start
    return {
        "verify_s": round(total, 2),
        "verify_checkpoints_s": round(part, 2),
        "verify_ok": report.ok,
        "events": report.events,
        "checkpoint_lines": report.checkpoints,
    }


def run(args: argparse.Namespace) -> dict:
    events = 5_000 if args.quick else args.events
    commits = 50 if args.quick else args.commits
    with tempfile.TemporaryDirectory(prefix="appraiser-bench-audit-") as tmp:
        station = Station.open(Path(tmp))
        try:
            _fill(station, events, args.per_commit)
            figures = {"with_checkpoint_ms": _latencies(station, commits, hook=True)}
            figures.update(_time_verify(station))
            log = checkpoints.log_path(station.data)
            figures["log_bytes"] = log.stat().st_size
            # last: commits without a line are what verify reports as written outside the app
            figures["without_checkpoint_ms"] = _latencies(station, commits, hook=False)
        finally:
            station.close()
    return figures
