"""Fleet sync at the issue's scale (issue 15): 100 stations × 500 appraisals a day pushed
concurrently to one ``appraiser server run`` (2 workers) on a real PostgreSQL, with faults.

Stations (``fleet_clone``): ONE station day is built through the services as at a bench
(items, appraisals with 4 photos and a video segment, signed verdicts, every change audited
and checkpointed), then each simulated station is a re-keyed copy of it — its own key, code,
item ids, fresh random media (nothing deduplicates on the server), its clock offset — with
the chain and every checkpoint line recomputed and signed; each is enrolled by its own key.
Media are random bytes of a scaled size: real bench photos are ~300–800 KB JPEGs and a 10 s
segment 2–4 MB; at 50,000 appraisals that is ~150 GB, so by default photos are 8 KB and a
segment 48 KB (≈ 1:60, 4 GB a copy); the blob count (5 per appraisal) is kept.

Pushes (``fleet_push``): the real sync client over HTTP, ``--concurrency`` stations at a
time, each in its own process; a cut pass is retried as the sync loop would. Faults, each
counted: the whole server killed -9 at a third of the push and started again; stopped
(SIGTERM) at two thirds for ``--outage-s`` (an "hour" scaled down) while
``--offline-stations`` stations keep recording appraisals and their sync loops fail, then
started again and their loops resume by themselves; one station in ten killed -9 mid-push
(``appraiser sync --once``), one in ten pushed by two passes at once, one in ten sending a
later batch first and replaying events, checkpoint lines and a media chunk after its pass;
one in ten with its clock hours or a day off (records and the offline recording). At the
end every station's events and media are compared with the server's: lost and duplicated
must be 0, and no fork alarm may have been raised.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

import psycopg

from appraiser.bench import fleet_clone, fleet_faults, fleet_push
from appraiser.bench.fleet_report import compare, db_size, figures, progress, stored_events
from appraiser.bench.fleet_stack import PrivatePostgres, Server, cpu_seconds
from appraiser.server import db, migrations

ROLES = {1: "kill", 3: "duplicate", 4: "reorder"}  # by station index % 10; others plain


def add_arguments(parser) -> None:
    parser.add_argument("--dsn", default=None, help="an existing PostgreSQL (else a private one)")
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--appraisals", type=int, default=500, help="per station (a day)")
    parser.add_argument("--photo-kb", type=int, default=8)
    parser.add_argument("--video-kb", type=int, default=48)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--outage-s", type=float, default=60.0, help="the server stopped (s)")
    parser.add_argument("--offline-stations", type=int, default=10)
    parser.add_argument("--offline-appraisals", type=int, default=10)
    parser.add_argument("--no-fault", action="store_true", help="no faults at all")


def run(args) -> dict:
    if args.quick:
        args.stations, args.appraisals = min(args.stations, 6), min(args.appraisals, 10)
        args.outage_s, args.offline_stations = min(args.outage_s, 6.0), 2
        args.offline_appraisals = min(args.offline_appraisals, 2)
    if args.no_fault:
        args.offline_stations = 0
    work = Path(tempfile.mkdtemp(prefix="appraiser-bench-fleet-"))
    cluster = None if args.dsn else PrivatePostgres()
    server = None
    try:
        dsn = args.dsn or _database(cluster.start())
        with psycopg.connect(dsn) as conn:
            migrations.migrate(conn)
        server = Server(dsn, work / "server-media", args.workers, work / "server.log")
        server.start()
        progress(f"server on {server.url} ({args.workers} workers); building stations")
        stations, build_s = _build(args, dsn, server.url, work)
        found = _push_all(args, dsn, server, cluster, stations)
        found["build_s"] = build_s
        found["lost"], found["duplicated"], found["fork_alarms"] = compare(dsn, stations)
        found["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
        return found
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


def _build(args, dsn: str, url: str, work: Path) -> tuple[list[dict], float]:
    from appraiser.server import enrolment

    started = time.monotonic()
    template = work / "template"
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:  # the services' imports stay out of this process
        pool.apply(fleet_clone.build_day, (template, fleet_clone.TEMPLATE_CODE, args.appraisals,
                                           args.photo_kb, args.video_kb))  # fmt: skip
        pool.apply(fleet_clone.template_check, (template,))
    progress(f"template day of {args.appraisals} built in {time.monotonic() - started:.0f} s")
    jobs = []
    with db.connect(dsn) as conn:
        for n in range(args.stations):
            code = f"FB-{n + 1:03d}"
            token = enrolment.issue_token(conn, code)
            skew = fleet_faults.skew_of(n) if not args.no_fault else fleet_faults.timedelta(0)
            role = "plain" if args.no_fault else ROLES.get(n % 10, "plain")
            jobs.append({"index": n, "code": code, "root": str(work / code), "token": token,
                         "url": url, "skew": skew, "role": role, "dsn": dsn,
                         "template": str(template)})  # fmt: skip
    built = []
    with context.Pool(min(2, os.cpu_count() or 1)) as pool:
        for done in pool.imap_unordered(_clone_one, jobs):
            built.append(done)
            if len(built) % 10 == 0 or len(built) == len(jobs):
                progress(f"re-keyed and enrolled {len(built)}/{len(jobs)} stations")
    shutil.rmtree(template, ignore_errors=True)
    seconds = round(time.monotonic() - started, 1)
    progress(f"stations ready in {seconds:.0f} s")
    return sorted(built, key=lambda s: s["index"]), seconds


def _clone_one(job: dict) -> dict:
    from appraiser.services.admin import accounts
    from appraiser.services.admin.station import Station
    from appraiser.services.fleet.enrol import enrol

    made = fleet_clone.clone(Path(job["template"]), Path(job["root"]), job["code"], job["skew"])
    undo = fleet_faults.skew_clock(job["skew"])  # its enrolment is stamped by its own clock
    station = Station.open(Path(job["root"]))
    try:
        admin = accounts.check_password(station.store, "admin", fleet_clone.PASSWORD)
        enrol(station, admin, job["url"], job["token"])
        events = station.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    finally:
        station.close()
        undo()
    return {**job, "events": events, "media_bytes": made["media_bytes"]}


# -- pushing ----------------------------------------------------------------------------------


def _push_all(args, dsn: str, server: Server, cluster, stations: list[dict]) -> dict:
    size0, stored0 = db_size(dsn), stored_events(dsn)
    cpu = {"server": 0.0, "pg0": cpu_seconds(cluster.pids() if cluster else [])}
    mark = cpu_seconds(server.pids())
    deadline = time.time() + args.outage_s + 3600
    jobs = [{**s, "deadline": deadline} for s in stations]
    results: list[dict] = []
    faults: dict = {"server_kill9": 0, "server_stopped_s": 0.0}
    offline = None
    started = time.monotonic()
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.concurrency) as pool:
        for result in pool.imap_unordered(fleet_push.push, jobs):
            results.append(result)
            if not args.no_fault and len(results) == len(stations) // 3:
                progress("kill -9 of the whole server mid-push, then start it again")
                cpu["server"] += cpu_seconds(server.pids()) - mark
                server.kill()
                faults["server_kill9"] += 1
                time.sleep(1.0)
                server.start()
                mark = cpu_seconds(server.pids())
            if not args.no_fault and len(results) == (2 * len(stations)) // 3:
                cpu["server"] += cpu_seconds(server.pids()) - mark
                offline = _outage(args, server, context, results, stations, faults, deadline)
                mark = cpu_seconds(server.pids())
            if len(results) % 10 == 0 or len(results) == len(stations):
                elapsed = time.monotonic() - started
                events = sum(r["events"] for r in results)
                progress(f"pushed {len(results)}/{len(stations)} stations in {elapsed:.0f} s"
                         f" ({events / elapsed:.0f} events/s so far)")  # fmt: skip
        seconds = time.monotonic() - started
        cpu["server"] += cpu_seconds(server.pids()) - mark
        if offline is not None:
            faults.update(_offline_figures(offline, faults))
    cpu["pg"] = cpu_seconds(cluster.pids()) - cpu["pg0"] if cluster else None
    faults["events_stored"] = stored_events(dsn) - stored0  # by every pass, killed ones too
    found = figures(args, stations, results, seconds, cpu, db_size(dsn) - size0, faults)
    _after_vacuum(dsn, server, size0, found, args.appraisals * len(stations))
    return found


def _outage(args, server, context, results, stations, faults, deadline):
    """Stop the server for ``--outage-s``; stations already pushed keep recording and
    their sync loops keep trying meanwhile (returns their pool and async results)."""
    done = {r["code"] for r in results}
    chosen = [s for s in stations if s["code"] in done and s["skew"]][: args.offline_stations]
    chosen += [s for s in stations if s["code"] in done and not s["skew"]]
    chosen = chosen[: args.offline_stations]
    progress(f"server stopped for {args.outage_s:g} s; {len(chosen)} stations keep recording")
    server.stop()
    stopped = time.monotonic()
    pool = context.Pool(max(1, len(chosen)))
    jobs = [_offline_job(args, s, deadline) for s in chosen]
    pending = [pool.apply_async(fleet_faults.record_offline, (job,)) for job in jobs]
    time.sleep(max(0.0, args.outage_s - (time.monotonic() - stopped)))
    server.start()
    faults["server_stopped_s"] = round(time.monotonic() - stopped, 1)
    faults["restarted_at"] = time.time()
    progress("server started again; the offline stations' sync loops resume by themselves")
    return pool, pending


def _offline_job(args, station: dict, deadline: float) -> dict:
    return {
        "code": station["code"],
        "root": station["root"],
        "skew": station["skew"],
        "deadline": deadline,
        "appraisals": args.offline_appraisals,
        "first": args.appraisals,
        "photo_kb": args.photo_kb,
        "video_kb": args.video_kb,
    }


def _offline_figures(offline, faults: dict) -> dict:
    pool, pending = offline
    found = []
    for job in pending:
        try:
            found.append(job.get())
        except Exception as exc:  # counted, never the end of the whole run
            found.append({"recorded": 0, "failed_passes": 0, "done_at": None, "error": repr(exc)})
    pool.close()
    pool.join()
    restarted = faults.pop("restarted_at")
    lags = [f["done_at"] - restarted for f in found if f["done_at"] is not None]
    return {
        "offline_stations": len(found),
        "offline_appraisals_recorded": sum(f["recorded"] for f in found),
        "offline_failed_passes": sum(f["failed_passes"] for f in found),
        "offline_resumed_by_itself": len(lags),
        "offline_resume_lag_s_max": round(max(lags), 1) if lags else None,
        "offline_errors": [f["error"][:200] for f in found if "error" in f],
    }


def _after_vacuum(dsn: str, server: Server, size0: int, found: dict, appraisals: int) -> None:
    staged = server.media / ".uploads"  # partial uploads wait here, not in PostgreSQL
    found["staged_upload_mb_left"] = round(
        sum(p.stat().st_size for p in staged.glob("*.part")) / 1e6, 1
    )
    with psycopg.connect(dsn, autocommit=True) as conn:  # the upload rows' dead versions
        conn.execute("VACUUM FULL media_uploads")
    kept = db_size(dsn) - size0
    found["pg_size_mb_per_10k_appraisals_after_vacuum"] = round(kept / appraisals * 10_000 / 1e6, 1)
