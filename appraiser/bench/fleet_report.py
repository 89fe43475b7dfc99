"""The figures of ``bench fleet`` and the end-of-run comparison of every station with the
server (lost, duplicated, fork alarms)."""

from __future__ import annotations

import os
import sqlite3
import sys

import psycopg

from appraiser.bench.fleet_clone import PHOTOS


def progress(text: str) -> None:
    print(f"bench fleet: {text}", file=sys.stderr, flush=True)


def pctl(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(args, stations, results, seconds, cpu, grown, faults) -> dict:
    requests = [t for r in results for t in r["requests"]]
    passes = [r["seconds"] for r in results]
    events = faults.pop("events_stored")
    sent = sum(r["bytes"] for r in results)
    appraisals = args.appraisals * len(stations)
    cores = os.cpu_count() or 1
    busy = max(1e-9, seconds - faults.get("server_stopped_s", 0.0))
    return {
        "scale": _scale(args, stations),
        "concurrency": args.concurrency,
        "server_workers": args.workers,
        "push_seconds": round(seconds, 1),
        "events_per_s": round(events / busy, 1),
        "appraisals_per_s": round(appraisals / busy, 2),
        "mb_per_s": round(sent / busy / 1e6, 2),
        "rates_note": "events stored on the server (also by killed passes and the offline"
        " stations) over the push phase less the time the server was stopped",
        "request_ms_p50": round(pctl(requests, 0.50) * 1000, 1),
        "request_ms_p99": round(pctl(requests, 0.99) * 1000, 1),
        "requests": len(requests),
        "station_pass_s_p50": round(pctl(passes, 0.50), 2),
        "station_pass_s_p99": round(pctl(passes, 0.99), 2),
        "server_cpu_s": round(cpu["server"], 1),
        "server_cpu_share_of_machine": round(cpu["server"] / (seconds * cores), 3),
        "postgres_cpu_s": None if cpu["pg"] is None else round(cpu["pg"], 1),
        # media chunks are staged on the server's disk (server schema 201), so the raw
        # growth is the records' own; the figure after VACUUM FULL of media_uploads shows it
        "pg_size_mb_per_10k_appraisals_raw": round(grown / appraisals * 10_000 / 1e6, 1),
        "events_stored": events,
        "events_reported_by_final_passes": sum(r["events"] for r in results),
        "media_mb_pushed": round(sent / 1e6, 1),
        "faults": {**faults, **_station_faults(stations, results)},
    }


def _scale(args, stations) -> dict:
    return {
        "stations": len(stations),
        "appraisals_per_station": args.appraisals,
        "appraisals": args.appraisals * len(stations),
        "events_per_station": max(s["events"] for s in stations),
        "photos_kb": [args.photo_kb] * PHOTOS,
        "video_segment_kb": args.video_kb,
        "note": "one day built through the services, re-keyed per station (own key, code,"
        " ids, random media, clock); media sizes scaled ~1:60, blob count kept",
    }


def _station_faults(stations, results) -> dict:
    def total(key: str) -> int:
        return sum(int(r.get(key, 0)) for r in results)

    return {
        "stations_killed_mid_push": sum(1 for r in results if r.get("killed")),
        "stations_pushed_twice_at_once": sum(1 for r in results if r.get("twin_passes")),
        "reordered_pushes_sent": total("reordered_sent"),
        "reordered_pushes_refused_409": total("reordered_refused"),
        "duplicate_pushes_sent": total("duplicates_sent"),
        "duplicate_pushes_added_records": total("duplicates_added"),
        "stations_with_clock_skew": sum(1 for s in stations if s["skew"]),
        "passes_interrupted": sum(1 for r in results if r["cuts"] or r.get("killed")),
        "failed_attempts_retried": total("cuts"),
        "passes_not_done": sum(not r["done"] for r in results),
        "passes_refused_by_the_server": total("refused"),
    }


def stored_events(dsn: str) -> int:
    """Every station's events on the server, however they got there."""
    with psycopg.connect(dsn) as conn:
        return int(conn.execute("SELECT COALESCE(SUM(events_head), 0) FROM stations").fetchone()[0])


def db_size(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])


def _local(root: str) -> tuple[dict[int, str], set[str]]:
    local = sqlite3.connect(f"file:{root}/appraiser.db?mode=ro", uri=True)
    try:
        hashes = dict(local.execute("SELECT seq, hash FROM audit_events").fetchall())
        blobs = {r[0] for r in local.execute("SELECT sha256 FROM media")}
    finally:
        local.close()
    return hashes, blobs


def compare(dsn: str, stations: list[dict]) -> tuple[int, int, int]:
    """Events and media of each station missing on the server (lost) or there twice, and
    the fork alarms the server raised (a re-keyed or skewed station is no fork)."""
    lost = duplicated = 0
    with psycopg.connect(dsn) as conn:
        for s in stations:
            hashes, blobs = _local(s["root"])
            stored = conn.execute(
                "SELECT e.seq, e.hash FROM audit_events e JOIN stations s ON s.id = e.station_id"
                " WHERE s.code = %s",
                (s["code"],),
            ).fetchall()
            media = conn.execute(
                "SELECT m.sha256 FROM station_media m JOIN stations s ON s.id = m.station_id"
                " WHERE s.code = %s",
                (s["code"],),
            ).fetchall()
            server_hashes = {seq: h for seq, h in stored}
            lost += sum(1 for seq, h in hashes.items() if server_hashes.get(seq) != h)
            lost += len(blobs - {m for (m,) in media})
            duplicated += len(stored) - len(server_hashes) + max(0, len(stored) - len(hashes))
            duplicated += len(media) - len({m for (m,) in media})
        alarms = int(conn.execute("SELECT count(*) FROM alarms").fetchone()[0])
    return lost, duplicated, alarms
