"""``python -m appraiser.bench libimport``: library import speed (issue 13 item 6, ≥ 30/s).

Each tuning world's library (never the held-out one: its artwork is not looked at here
either) is rendered as a reference pack of each size (cached like ``bench matching``)
and imported with the real importer into a fresh data folder. Per import: versions per
second of wall time and per CPU-second (the process's user + system time, every thread
and any child), the wall time of each stage the importer reports (reading = the
manifest, validating = decode + checks + SIFT, importing = copying the images, then the
commit, the global index and the voting index), and the load average: the bench PC's
2 cores are shared with other jobs, and on a busy machine wall time follows the others
(versions per CPU-second much less).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from appraiser.bench import worlds
from appraiser.library.importer import import_pack
from appraiser.paths import DataDir
from appraiser.storage.db import Store

TARGET = 30.0  # versions per second (issue 13 item 6)


def add_arguments(parser) -> None:
    parser.add_argument("--worlds", default="atelier,apothecary", help="tuning worlds only")
    parser.add_argument("--sizes", default="200,1000", help="versions per import")
    parser.add_argument("--seed", type=int, default=1)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cpu_seconds() -> float:
    """User + system CPU of this process (all threads) and its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> list[float]:
    return [round(x, 1) for x in os.getloadavg()]


class _Stages:
    """Wall seconds spent in each stage the importer reports through its progress."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._mark = time.perf_counter()
        self._stage = "reading"

    def __call__(self, done: int, total: int, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[self._stage] = self.seconds.get(self._stage, 0.0) + now - self._mark
        self._mark, self._stage = now, stage


def import_once(pack: Path, work: Path) -> dict:
    """Import ``pack`` into a fresh data folder under ``work``; its figures."""
    data = DataDir(work / f"data-{pack.name}").ensure()
    store = Store.open(data)
    try:
        before = _load()
        stages = _Stages()
        wall, cpu = time.perf_counter(), cpu_seconds()
        report = import_pack(store, data, pack, "bench", stages)
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    finally:
        store.close()
    return {
        "versions": report.versions,
        "images": report.images,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "versions_per_s": round(report.versions / wall, 1),
        "versions_per_cpu_s": round(report.versions / cpu, 1),
        "stages_s": {k: round(v, 2) for k, v in stages.seconds.items() if k != "done"},
        "load_average": [before, _load()],
    }


def run(args) -> dict:
    from appraiser.bench.matching import _pack  # the same cached packs as bench matching

    names = [n for n in args.worlds.split(",") if n]
    sizes = [30] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    out: dict = {
        "machine": f"{os.cpu_count()} cores, shared with other jobs during the run",
        "target_versions_per_s": TARGET,
        "worlds": {},
    }
    with tempfile.TemporaryDirectory(prefix="appraiser-libimport-") as tmp:
        for name in names:
            if name == worlds.HELD_OUT or name not in worlds.TUNING + worlds.NOT_COUNTED:
                raise SystemExit(f"libimport measures the tuning worlds only, not {name!r}")
            world, figures = worlds.WORLDS[name], {}
            for size in sizes:
                library, _unknown = world.catalogue(size, args.seed)
                pack = _pack(world, library, args.seed)
                figures[str(size)] = import_once(pack, Path(tmp))
                _say(f"[libimport] {name} {size}: {figures[str(size)]}")
            out["worlds"][name] = figures
    runs = [f for world in out["worlds"].values() for f in world.values()]
    out["min_versions_per_s"] = min(f["versions_per_s"] for f in runs)
    out["min_versions_per_cpu_s"] = min(f["versions_per_cpu_s"] for f in runs)
    return out
