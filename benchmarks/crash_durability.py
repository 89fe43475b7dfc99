"""Crash durability: kill -9 a busy station at random points and prove nothing was lost.

A child process loops through real appraisal work (register an item, start an appraisal,
attach 1-3 photos of a few hundred KB, save revisions, sign verdicts) and prints one JSON
line after each change has committed. The parent kills it with SIGKILL at random moments
(during start-up, between saves, in the middle of a media write or a commit), starts a new
child on the same data folder, and repeats. At the end it reopens the folder the way the
application does and checks:

- ``PRAGMA integrity_check`` is ``ok``;
- no row names missing media (every media file exists and hashes to its name);
- the audit chain and every audited row verify (0 chain breaks);
- every change a child reported as done is present (no save reported, then lost).

Usage: ``python benchmarks/crash_durability.py [--kills 300] [--seed N] [--data-dir DIR]``.
Progress goes to stderr; the figures are one JSON line on stdout. Exit 0 when all is well.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

PASSWORD = "crash-test-password"
VERDICTS = ("genuine", "counterfeit", "inconclusive")


# --- the child: real work, one report per committed change --------------------------------


def _report(op: str, **fields: Any) -> None:
    sys.stdout.write(json.dumps({"op": op, **fields}) + "\n")
    sys.stdout.flush()


def _sessions(store):
    from appraiser.domain.enums import Role
    from appraiser.services.admin import accounts

    if accounts.needs_first_admin(store):
        accounts.create_user(store, "crash-admin", "Admin", Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(store, "crash-admin", PASSWORD)
    for name, role in (("crash-appraiser", Role.APPRAISER), ("crash-supervisor", Role.SUPERVISOR)):
        if store.one("SELECT 1 AS x FROM users WHERE username = ?", (name,)) is None:
            accounts.create_user(store, name, name, role, PASSWORD, by=admin)
    return (
        accounts.check_password(store, "crash-appraiser", PASSWORD),
        accounts.check_password(store, "crash-supervisor", PASSWORD),
    )


def _one_appraisal(station, appraiser, supervisor, rng: random.Random) -> None:
    from appraiser.services.casework import appraisals

    store, tz = station.store, station.settings.tz()
    item = appraisals.register_item(
        store,
        appraiser,
        brand="Crash",
        model=f"M{rng.randrange(999)}",
        gtin="04012345678901",
        category="bags",
    )
    _report("item", item=item)
    uid = appraisals.start(store, appraiser, station.settings.station_code, item, "bags", tz)
    _report("start", uid=uid, item=item)
    for view in range(rng.randint(1, 3)):
        photo = rng.randbytes(rng.randint(200_000, 600_000))
        sha = appraisals.attach_media(
            store,
            appraiser,
            uid,
            photo,
            role="photo",
            mime="application/octet-stream",
            view=f"v{view}",
        )
        _report("media", uid=uid, sha=sha)
        token = f"{rng.getrandbits(64):016x}"
        revision = appraisals.save(
            store, appraiser, uid, step="capture", data={f"photo{view}": sha, "token": token}
        )
        _report("save", uid=uid, revision=revision, token=token)
    verdict = rng.choice(VERDICTS)
    codes = ["NOT_AUTHENTIC"] if verdict == "counterfeit" else None
    vid = appraisals.sign_verdict(store, appraiser, uid, verdict, PASSWORD, reason_codes=codes)
    _report("verdict", uid=uid, id=vid, verdict=verdict)
    if verdict == "inconclusive":
        vid = appraisals.sign_verdict(store, supervisor, uid, "genuine", PASSWORD)
        _report("verdict", uid=uid, id=vid, verdict="genuine")


def run_child(root: Path, seed: int) -> None:
    from appraiser.services.admin.station import Station

    station = Station.open(root)
    appraiser, supervisor = _sessions(station.store)
    _report("ready")
    rng = random.Random(seed)
    while True:
        _one_appraisal(station, appraiser, supervisor, rng)


# --- the parent: kill at random points, then check everything -----------------------------


def _spawn(root: Path, seed: int, errors: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--child",
        "--data-dir",
        str(root),
        "--seed",
        str(seed),
    ]
    with open(errors, "wb") as err:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True)


def _kill_once(root: Path, rng: random.Random, errors: Path, stats: Counter) -> list[dict]:
    """One child life: returns the reports it completed before the kill."""
    proc = _spawn(root, rng.getrandbits(32), errors)
    assert proc.stdout is not None
    lines: list[str] = []
    if rng.random() < 0.15:  # somewhere in start-up: imports, checks, migrations, sign-in
        stats["killed_in_startup"] += 1
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=rng.uniform(0.0, 1.2))
    else:
        target = rng.randint(1, 14)
        while len(lines) < target:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(rng.uniform(0.0, 0.05))  # land inside a media write or a commit
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    else:
        stats["child_failures"] += 1
        sys.stderr.write(f"child exited by itself ({proc.returncode}):\n{errors.read_text()}\n")
    proc.wait()
    lines.extend(proc.stdout.readlines())
    proc.stdout.close()
    complete = [json.loads(line) for line in lines if line.endswith("\n")]
    return [r for r in complete if r["op"] != "ready"]


def _media_problems(station) -> int:
    bad = 0
    for row in station.store.query("SELECT sha256 FROM media"):
        path = station.store.media.path(row["sha256"])
        if not path.is_file() or _sha_of(path) != row["sha256"]:
            bad += 1
    dangling = station.store.one(
        "SELECT COUNT(*) AS n FROM appraisal_media am "
        "WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.sha256 = am.media_sha256)"
    )
    return bad + dangling["n"]


def _unnamed_files(station) -> int:
    """Photos stored but never named: the child died between the file and its row, which
    shows the kills land inside the window that matters (harmless: no row points there)."""
    named = {r["sha256"] for r in station.store.query("SELECT sha256 FROM media")}
    files = [p for p in station.data.media.rglob("*") if p.is_file() and len(p.name) == 64]
    return sum(1 for p in files if p.name not in named)


def _sha_of(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _present(store, report: dict) -> bool:
    op, uid = report["op"], report.get("uid")
    if op == "item":
        return store.one("SELECT 1 AS x FROM items WHERE uid = ?", (report["item"],)) is not None
    if op == "start":
        sql = "SELECT 1 AS x FROM appraisals WHERE uid = ? AND revision = 1 AND item_uid = ?"
        return store.one(sql, (uid, report["item"])) is not None
    if op == "media":
        sql = "SELECT 1 AS x FROM appraisal_media WHERE appraisal_uid = ? AND media_sha256 = ?"
        return store.one(sql, (uid, report["sha"])) is not None
    if op == "save":
        row = store.one(
            "SELECT data FROM appraisals WHERE uid = ? AND revision = ?", (uid, report["revision"])
        )
        return row is not None and json.loads(row["data"]).get("token") == report["token"]
    row = store.one(
        "SELECT verdict FROM verdicts WHERE id = ? AND appraisal_uid = ?", (report["id"], uid)
    )
    return row is not None and row["verdict"] == report["verdict"]


def check(root: Path, reports: list[dict]) -> dict[str, int]:
    """Reopen like the application does and count every kind of damage."""
    from appraiser.errors import DatabaseDamagedError
    from appraiser.services.admin.station import Station

    try:
        station = Station.open(root)
    except DatabaseDamagedError:
        return {
            "integrity_failures": 1,
            "missing_media_rows": -1,
            "chain_breaks": -1,
            "lost_saves": len(reports),
        }
    try:
        integrity = station.store.integrity_check()
        audit = station.store.verify_audit()
        lost = [r for r in reports if not _present(station.store, r)]
        for report in lost[:10]:
            sys.stderr.write(f"LOST: {report}\n")
        counts = {
            t: station.store.one(f"SELECT COUNT(*) AS n FROM {t}")["n"]
            for t in ("appraisals", "verdicts", "media", "audit_events")
        }
        return {
            "integrity_failures": int(integrity != ["ok"]),
            "missing_media_rows": _media_problems(station),
            "chain_breaks": len(audit.problems),
            "lost_saves": len(lost),
            "leftover_temp_files": len(list(station.data.media.rglob("*.tmp"))),
            "unnamed_media_files": _unnamed_files(station),
            **{f"rows_{name}": n for name, n in counts.items()},
        }
    finally:
        station.close()


def run_parent(args: argparse.Namespace) -> int:
    temp = None if args.data_dir else tempfile.mkdtemp(prefix="appraiser-crash-")
    root = Path(args.data_dir or temp)
    rng, stats, reports = random.Random(args.seed), Counter(), []
    errors = root.parent / f"{root.name}.child-stderr.txt"
    started = time.monotonic()
    interim_failures = 0
    try:
        for kill in range(1, args.kills + 1):
            reports.extend(_kill_once(root, rng, errors, stats))
            if args.check_every and kill % args.check_every == 0:
                interim = check(root, reports)
                bad = sum(
                    interim[k]
                    for k in (
                        "integrity_failures",
                        "missing_media_rows",
                        "chain_breaks",
                        "lost_saves",
                    )
                )
                interim_failures += int(bad != 0)
            if kill % 10 == 0 or kill == args.kills:
                sys.stderr.write(f"{kill}/{args.kills} kills, {len(reports)} reported changes\n")
        figures = check(root, reports)
    finally:
        errors.unlink(missing_ok=True)
        if temp and not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    ops = Counter(r["op"] for r in reports)
    result = {
        "kills": args.kills,
        "seed": args.seed,
        "killed_in_startup": stats["killed_in_startup"],
        "child_failures": stats["child_failures"],
        "reported_changes": len(reports),
        "reported": dict(sorted(ops.items())),
        **figures,
        "interim_check_failures": interim_failures,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(result), flush=True)
    bad = (
        "integrity_failures",
        "missing_media_rows",
        "chain_breaks",
        "lost_saves",
        "child_failures",
        "interim_check_failures",
    )
    return 0 if all(result[k] == 0 for k in bad) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=300, help="number of SIGKILLs (300)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="random seed")
    parser.add_argument("--data-dir", help="data folder to torture (default: a temp folder)")
    parser.add_argument(
        "--check-every",
        type=int,
        default=50,
        help="also check everything after every N kills (0: only at the end)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp data folder")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(Path(args.data_dir), args.seed)
        return 0
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
