"""Fleet sync at site scale (issue 15): N stations' days pushed concurrently to one
``appraiser server run`` (2 workers) on a real PostgreSQL.

Each simulated station is a real station data folder built through the services (users,
items, appraisals with photos and a video segment, signed verdicts: every change audited and
checkpointed as at a bench), enrolled with the server by its own key. The pushes go through
the real sync client (``services.fleet.sync.sync_once``) over HTTP, ``--concurrency``
stations at a time, each in a process of its own. Media are random bytes (no two alike, so
nothing is deduplicated) of a scaled-down size: ``--photo-kb`` × 4 photos and one
``--video-kb`` video segment per appraisal; the default day is 50 appraisals per station,
a tenth of issue 15's 500 — the scale is printed with the figures.

Midway the whole server is killed -9 and started again (``--no-fault`` to skip): the passes
it cut are retried by the client as the sync loop would, and counted. At the end every
station's events and media are compared with the server's: lost and duplicated must be 0.

Figures: sustained events/s, appraisals/s, MB/s over the push phase; per request and per
station pass p50/p99 (ms); CPU seconds of the server's processes and PostgreSQL's (from
``/proc``) and their share of the machine; ``pg_database_size`` growth per 10k appraisals.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import psycopg

from appraiser.bench.fleet_stack import PrivatePostgres, Server, cpu_seconds
from appraiser.server import db, migrations

PASSWORD = "bench fleet password 1"
PHOTOS = 4
RETRIES = 120


def add_arguments(parser) -> None:
    parser.add_argument("--dsn", default=None, help="an existing PostgreSQL (else a private one)")
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--appraisals", type=int, default=50, help="per station (a day, scaled)")
    parser.add_argument("--photo-kb", type=int, default=60)
    parser.add_argument("--video-kb", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-fault", action="store_true", help="no kill -9 of the server")


def _progress(text: str) -> None:
    print(f"bench fleet: {text}", file=sys.stderr, flush=True)


def _pctl(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(args) -> dict:
    if args.quick:
        args.stations, args.appraisals = min(args.stations, 6), min(args.appraisals, 10)
    work = Path(tempfile.mkdtemp(prefix="appraiser-bench-fleet-"))
    cluster = None if args.dsn else PrivatePostgres()
    server = None
    try:
        dsn = args.dsn or _database(cluster.start())
        with psycopg.connect(dsn) as conn:
            migrations.migrate(conn)
        server = Server(dsn, work / "server-media", args.workers, work / "server.log")
        server.start()
        _progress(f"server on {server.url} ({args.workers} workers); building stations")
        stations = _build(args, dsn, server.url, work)
        figures = _push_all(args, dsn, server, cluster, stations)
        figures["lost"], figures["duplicated"] = _compare(dsn, stations)
        return figures
    finally:
        if server is not None:
            server.kill()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def _database(admin_dsn: str) -> str:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute("CREATE DATABASE fleet_bench")
    return admin_dsn.replace("/postgres?", "/fleet_bench?")


# -- stations ---------------------------------------------------------------------------------


def _build(args, dsn: str, url: str, work: Path) -> list[dict]:
    from appraiser.server import enrolment

    jobs = []
    with db.connect(dsn) as conn:
        for n in range(args.stations):
            code = f"FB-{n + 1:03d}"
            token = enrolment.issue_token(conn, code)
            jobs.append((code, str(work / code), token, url, args))
    started = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(min(2, os.cpu_count() or 1)) as pool:
        built = []
        for done in pool.imap_unordered(_build_one, jobs):
            built.append(done)
            if len(built) % 10 == 0 or len(built) == len(jobs):
                _progress(f"built {len(built)}/{len(jobs)} stations")
    _progress(f"stations built in {time.monotonic() - started:.0f} s")
    return sorted(built, key=lambda s: s["code"])


def _build_one(job) -> dict:
    from appraiser import config
    from appraiser.domain.enums import Category, Role, Verdict
    from appraiser.paths import DataDir
    from appraiser.services.admin import accounts
    from appraiser.services.admin.station import Station
    from appraiser.services.casework import appraisals
    from appraiser.services.fleet.enrol import enrol

    code, root, token, url, args = job
    data = DataDir(Path(root)).ensure()
    config.save(data.config, replace(config.Settings(), station_code=code))
    station = Station.open(Path(root))
    store = station.store
    accounts.create_user(store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(store, "admin", PASSWORD)
    accounts.create_user(store, "appr", "Appraiser", Role.APPRAISER, PASSWORD, by=admin)
    appr = accounts.check_password(store, "appr", PASSWORD)
    media_bytes = 0
    for i in range(args.appraisals):
        item = appraisals.register_item(
            store, appr, gtin="04006381333931", brand="Gucci", model=f"M{i}", category="bags"
        )
        uid = appraisals.start(store, appr, code, item, Category.BAGS, station.settings.tz())
        for view in range(PHOTOS):
            photo = os.urandom(args.photo_kb * 1024)
            appraisals.attach_media(
                store, appr, uid, photo, role="photo", mime="image/jpeg", view=f"v{view}"
            )
            media_bytes += len(photo)
        video = os.urandom(args.video_kb * 1024)
        appraisals.attach_media(store, appr, uid, video, role="video", mime="video/mp4")
        media_bytes += len(video)
        appraisals.sign_verdict(store, appr, uid, Verdict.GENUINE, PASSWORD)
    enrol(station, admin, url, token)
    events = store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    station.close()
    return {"code": code, "root": root, "events": events, "media_bytes": media_bytes}


# -- pushing ----------------------------------------------------------------------------------


def _push_one(root: str) -> dict:
    """One station's pass through the real client, retried after a cut as the sync loop
    would; every request timed."""
    from appraiser.errors import KnownError
    from appraiser.paths import DataDir
    from appraiser.services.fleet import link, sync
    from appraiser.storage.db import Store

    timings: list[float] = []
    real_call = link.call

    def timed(http, method, path, **kwargs):
        began = time.perf_counter()
        try:
            return real_call(http, method, path, **kwargs)
        finally:
            timings.append(time.perf_counter() - began)

    sync.call = timed
    data = DataDir(Path(root))
    store = Store.open(data, check=False)
    began, cuts, report = time.perf_counter(), 0, None
    try:
        for _ in range(RETRIES):
            try:
                report = sync.sync_once(data, store)
                break
            except KnownError:
                cuts += 1
                time.sleep(0.5)
    finally:
        store.close()
    return {
        "seconds": time.perf_counter() - began,
        "requests": timings,
        "cuts": cuts,
        "events": report.events if report else 0,
        "bytes": report.media_bytes if report else 0,
        "done": report is not None,
    }


def _push_all(args, dsn: str, server: Server, cluster, stations: list[dict]) -> dict:
    size0 = _db_size(dsn)
    cpu0 = cpu_seconds(server.pids()), cpu_seconds(cluster.pids() if cluster else [])
    server_cpu_before_kill = 0.0
    results: list[dict] = []
    started = time.monotonic()
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.concurrency) as pool:
        for result in pool.imap_unordered(_push_one, [s["root"] for s in stations]):
            results.append(result)
            if not args.no_fault and len(results) == len(stations) // 2:
                _progress("kill -9 of the whole server mid-push, then start it again")
                server_cpu_before_kill = cpu_seconds(server.pids()) - cpu0[0]
                server.kill()
                time.sleep(1.0)
                server.start()
                cpu0 = 0.0, cpu0[1]
            if len(results) % 10 == 0 or len(results) == len(stations):
                _progress(f"pushed {len(results)}/{len(stations)} stations")
    seconds = time.monotonic() - started
    server_cpu = server_cpu_before_kill + cpu_seconds(server.pids()) - cpu0[0]
    pg_cpu = cpu_seconds(cluster.pids()) - cpu0[1] if cluster else None
    raw = _db_size(dsn) - size0
    figures = _figures(args, stations, results, seconds, server_cpu, pg_cpu, raw)
    staged = server.media / ".uploads"  # partial uploads wait here, not in PostgreSQL
    figures["staged_upload_mb_left"] = round(
        sum(p.stat().st_size for p in staged.glob("*.part")) / 1e6, 1
    )
    with psycopg.connect(dsn, autocommit=True) as conn:  # the upload rows' dead versions
        conn.execute("VACUUM FULL media_uploads")
    kept = _db_size(dsn) - size0
    figures["pg_size_mb_per_10k_appraisals_after_vacuum"] = round(
        kept / (args.appraisals * len(stations)) * 10_000 / 1e6, 1
    )
    return figures


def _figures(args, stations, results, seconds, server_cpu, pg_cpu, grown) -> dict:
    requests = [t for r in results for t in r["requests"]]
    passes = [r["seconds"] for r in results]
    events = sum(r["events"] for r in results)
    sent = sum(r["bytes"] for r in results)
    appraisals = args.appraisals * len(stations)
    cores = os.cpu_count() or 1
    return {
        "scale": {
            "stations": len(stations),
            "appraisals_per_station": args.appraisals,
            "photos_kb": [args.photo_kb] * PHOTOS,
            "video_segment_kb": args.video_kb,
            "note": "a day of 500 appraisals scaled to the given count; media sizes scaled",
        },
        "concurrency": args.concurrency,
        "server_workers": args.workers,
        "push_seconds": round(seconds, 2),
        "events_per_s": round(events / seconds, 1),
        "appraisals_per_s": round(appraisals / seconds, 2),
        "mb_per_s": round(sent / seconds / 1e6, 2),
        "request_ms_p50": round(_pctl(requests, 0.50) * 1000, 1),
        "request_ms_p99": round(_pctl(requests, 0.99) * 1000, 1),
        "requests": len(requests),
        "station_pass_s_p50": round(_pctl(passes, 0.50), 2),
        "station_pass_s_p99": round(_pctl(passes, 0.99), 2),
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_share_of_machine": round(server_cpu / (seconds * cores), 3),
        "postgres_cpu_s": None if pg_cpu is None else round(pg_cpu, 1),
        # media chunks are staged on the server's disk (server schema 201), so the raw
        # growth is the records' own; the figure after VACUUM FULL of media_uploads shows it
        "pg_size_mb_per_10k_appraisals_raw": round(grown / appraisals * 10_000 / 1e6, 1),
        "events_pushed": events,
        "media_mb_pushed": round(sent / 1e6, 1),
        "passes_interrupted": sum(1 for r in results if r["cuts"]),
        "failed_attempts_retried": sum(r["cuts"] for r in results),
        "passes_not_done": sum(not r["done"] for r in results),
    }


def _db_size(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])


def _compare(dsn: str, stations: list[dict]) -> tuple[int, int]:
    """Events and media of each station missing on the server (lost) or there twice."""
    lost = duplicated = 0
    with psycopg.connect(dsn) as conn:
        for s in stations:
            local = sqlite3.connect(f"file:{s['root']}/appraiser.db?mode=ro", uri=True)
            try:
                hashes = dict(local.execute("SELECT seq, hash FROM audit_events").fetchall())
                blobs = {r[0] for r in local.execute("SELECT sha256 FROM media")}
            finally:
                local.close()
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
    return lost, duplicated
