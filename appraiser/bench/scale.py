"""``python -m appraiser.bench scale``: the whole engine at 10k/100k versions (issue 13 item 6).

See ``matching_scale`` for how the library is made (real tuning-world artwork imported,
then distractors that cluster like a real library) and measured (a fresh process per
size; wall and CPU ms per photo, shortlist recall, recall@1, with the load average,
since the bench machine is shared).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from appraiser.bench import matching_scale as scale
from appraiser.paths import DataDir
from appraiser.storage.db import Store


def add_arguments(parser) -> None:
    parser.add_argument("--sizes", default="10000", help="library sizes, e.g. 10000,100000")
    parser.add_argument("--worlds", default="atelier,apothecary", help="tuning worlds only")
    parser.add_argument("--real", type=int, default=200, help="real versions per world")
    parser.add_argument("--photos", type=int, default=40, help="genuine photos per world")
    parser.add_argument("--shortlist", type=int, default=0, help="global index alone at N")
    parser.add_argument("--work", default="", help="keep the libraries in this folder")
    parser.add_argument("--seed", type=int, default=1)


def run(args) -> dict:
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.quick:
        sizes, args.real, args.photos = [1000], 60, 10
    out: dict = {
        "machine": f"{os.cpu_count()} cores, shared with other jobs during the run",
        "load_average_at_start": scale._load(),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="appraiser-scale-") as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        data = DataDir(work / "data").ensure()
        store = Store.open(data)
        try:
            names = [n for n in args.worlds.split(",") if n]
            out["import"], libraries = scale.import_real(store, data, names, args.real, args.seed)
            job = scale.photograph(libraries, args.photos, args.seed, work)
            bases = scale._bases(store, data)
            out["real_versions"] = len(bases)
            for size in sizes:
                started = time.perf_counter()
                figures = scale.grow(store, data, bases, size, args.seed)
                figures.update(scale.reindex(store, data))
                figures.update(scale.probe(data, job, work))
                figures["wall_s"] = round(time.perf_counter() - started, 1)
                out["sizes"][str(size)] = figures
                scale._say(f"[scale] {size}: {figures}")
            if args.shortlist:
                out["shortlist"] = scale.shortlist_run(store, data, job, args.shortlist)
        finally:
            store.close()
    return out
