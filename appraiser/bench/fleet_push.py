"""One station's push in ``bench fleet``: a process of its own, the real sync client over HTTP,
every request timed, a cut pass retried as the sync loop would (until a deadline, so a server
that is down for the scaled "hour" is waited out), and the station's share of the faults:

- ``kill``: ``appraiser sync --once`` in a child process is killed -9 once the server shows
  its events arriving, then the station syncs again from where the server stands;
- ``duplicate``: two passes of the same station at once (two connections, two sessions);
- ``reorder``: a later batch of events pushed before the first (refused with the number
  expected), then the pass, then the first batch, a checkpoint batch and a media chunk
  pushed again (each must add nothing).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

RETRY_S = 0.5
REFUSALS = 5  # a pass the server refuses this often is given up (and counted) in a bench


def push(job: dict[str, Any]) -> dict[str, Any]:
    """The station's pass(es) for its role; figures for ``fleet._figures``."""
    from appraiser.services.fleet import link, sync

    timings: list[float] = []
    real_call = link.call

    def timed(http, method, path, **kwargs):
        began = time.perf_counter()
        try:
            return real_call(http, method, path, **kwargs)
        finally:
            timings.append(time.perf_counter() - began)

    sync.call = timed
    began = time.perf_counter()
    result: dict[str, Any] = {"code": job["code"], "role": job["role"], "requests": timings}
    if job["role"] == "kill":
        result["killed"] = _kill_mid_push(job)
    if job["role"] == "reorder":
        result.update(_reorder_first(job))
    if job["role"] == "duplicate":
        result.update(_twin_passes(job))
    else:
        result.update(pass_until_done(job["root"], job["deadline"]))
    if job["role"] == "reorder":
        result.update(_replay(job))
    result["seconds"] = time.perf_counter() - began
    return result


def pass_until_done(root: str, deadline: float) -> dict[str, Any]:
    """``sync_once`` until it succeeds or the deadline passes; every failed try counted."""
    from appraiser.errors import KnownError
    from appraiser.paths import DataDir
    from appraiser.services.fleet import sync
    from appraiser.services.fleet.link import ServerUnreachable
    from appraiser.storage.db import Store

    data = DataDir(Path(root))
    store = Store.open(data, check=False)
    cuts, refused, report = 0, 0, None
    try:
        while report is None and time.time() < deadline and refused < REFUSALS:
            try:
                report = sync.sync_once(data, store)
            except ServerUnreachable:  # down, restarting, 5xx: the loop waits it out
                cuts += 1
                time.sleep(RETRY_S)
            except KnownError:  # refused: a person would have to act; counted, not hidden
                cuts, refused = cuts + 1, refused + 1
                time.sleep(RETRY_S)
    finally:
        store.close()
    return {
        "refused": refused,
        "cuts": cuts,
        "events": report.events if report else 0,
        "bytes": report.media_bytes if report else 0,
        "done": report is not None and not any(report.pending.values()),
    }


# -- kill -9 of the station mid-push ---------------------------------------------------------


def _events_head(dsn: str, code: str) -> int:
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT events_head FROM stations WHERE code = %s", (code,)).fetchone()
    return int(row[0]) if row else 0


def _kill_mid_push(job: dict[str, Any]) -> bool:
    """``appraiser sync --once`` for the station, killed -9 as soon as the server holds
    some of its events; started again when it could not reach the server (another fault
    may have it down). True when it was cut mid-push, False when it finished first."""
    argv = [sys.executable, "-m", "appraiser", "--data-dir", job["root"], "sync", "--once"]
    while time.time() < job["deadline"]:
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while child.poll() is None and _events_head(job["dsn"], job["code"]) == 0:
                time.sleep(0.05)
        finally:
            cut = child.poll() is None
            if cut:
                os.kill(child.pid, signal.SIGKILL)
            child.wait()
        if cut or child.returncode == 0:
            return cut
        time.sleep(RETRY_S)
    return False


# -- duplicate and reordered pushes -----------------------------------------------------------


def _twin_passes(job: dict[str, Any]) -> dict[str, Any]:
    """The same station pushed by two passes at once: each must end done, the server must
    hold every record once (checked at the end for all stations)."""
    found: list[dict[str, Any]] = []
    twins = [
        threading.Thread(target=lambda: found.append(pass_until_done(job["root"], job["deadline"])))
        for _ in range(2)
    ]
    for twin in twins:
        twin.start()
    for twin in twins:
        twin.join()
    return {
        "cuts": sum(f["cuts"] for f in found),
        "refused": sum(f["refused"] for f in found),
        "events": sum(f["events"] for f in found),
        "bytes": sum(f["bytes"] for f in found),
        "done": all(f["done"] for f in found),
        "twin_passes": len(found),
    }


def _session(root: str):
    """An authenticated HTTP client of the station (the real sign-in) and its store."""
    from appraiser.keys import StationKeys
    from appraiser.paths import DataDir
    from appraiser.services.fleet import link as fleet_link
    from appraiser.storage.db import Store

    data = DataDir(Path(root))
    store = Store.open(data, check=False)
    link = fleet_link.load(data)
    token = fleet_link.sign_in(link, StationKeys(data.keys, store))
    return data, store, fleet_link.client(link, token)


def _events(store, first: int, count: int) -> dict[str, Any]:
    from appraiser.services.fleet import sync

    events = store.query(
        f"SELECT {sync._EVENT_COLUMNS} FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT ?",
        (first, count),
    )
    return {"events": events, "rows": sync._rows_for(store.conn, events)}


def _reorder_first(job: dict[str, Any]) -> dict[str, Any]:
    """A later batch of events (from the middle of the day, or event 501) pushed before
    the first: the server must refuse it naming event 1."""
    from appraiser.errors import KnownError
    from appraiser.services.fleet.link import call

    for _ in range(int(120 / RETRY_S)):
        try:
            _, store, http = _session(job["root"])
            break
        except KnownError:  # the server may be restarting (another fault)
            time.sleep(RETRY_S)
    else:
        return {"reordered_sent": 0, "reordered_refused": 0}
    try:
        top = store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
        with http:
            later = _events(store, max(2, min(501, top // 2)), 500)
            response = call(http, "POST", "/sync/v1/events", json=later)
    finally:
        store.close()
    refused = response.status_code == 409 and response.json().get("expected") == 1
    return {"reordered_sent": 1, "reordered_refused": int(refused)}


def _replay(job: dict[str, Any]) -> dict[str, Any]:
    """After the pass: the first event batch, the first checkpoint batch and the first chunk
    of a stored blob sent again; the server's answers say how many records they added."""
    from appraiser.services.fleet import sync
    from appraiser.services.fleet.link import call

    data, store, http = _session(job["root"])
    added = 0
    try:
        with http:
            added += int(call(http, "POST", "/sync/v1/events", json=_events(store, 1, 500))
                         .json().get("added", 0))  # fmt: skip
            lines = [{"n": n + 1, "text": t} for n, t in enumerate(sync._complete_lines(data))]
            answer = call(http, "POST", "/sync/v1/checkpoints", json={"lines": lines[:500]})
            added += int(answer.json().get("added", 0))
            sha = store.one("SELECT sha256 FROM media ORDER BY id LIMIT 1")["sha256"]
            blob = (data.media / sha[:2] / sha).read_bytes()
            headers = {"Upload-Offset": "0", "Upload-Length": str(len(blob))}
            again = call(http, "PATCH", f"/sync/v1/media/{sha}", content=blob, headers=headers)
    finally:
        store.close()
    return {
        "duplicates_sent": 3,
        "duplicates_added": added,
        "media_resent_status": again.status_code,
    }
