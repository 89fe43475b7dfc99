"""``python -m appraiser.bench matching [--quick]``: the engine on every synthetic world,
side by side, with the naive brute-force peer beside it (issue 13).

Per world (``appraiser.bench.worlds``): its library is rendered as a reference pack
(cached under /tmp by the worlds' code fingerprint), imported with the real importer into
a fresh data folder, then its bench photos — genuine, counterfeit (ten defect types),
unknown products — are matched by the engine (``Matcher.match``, the ``match --json``
line) and by the peer (``matching_peer.Peer``) on the same data. Figures: recall@1 (and
on regional siblings), shortlist recall, unknown → no_match, known → not no_match,
genuine → consistent, counterfeit AUC (identified) overall and per defect, localisation,
ms per photo p50/p99.

World ``tuned`` is the engine's own generator: shown, never counted. The HELD-OUT world
(``worlds.HELD_OUT``) is the result; nothing may be tuned on it. ``--sizes`` adds the
scaling run on the tuned world (``matching_sizes``), ``--scale N`` its index-only
shortlist at N versions. Sizing: ``--quick`` uses 30 versions and 28 photos per world
(one counterfeit per defect type; the peer sees every other photo), the full run 200
versions and 160 photos per world (5 counterfeits per defect; the peer sees 40, because
brute force costs ~10 ms per reference per photo), which keeps them near 3 and 20 minutes
on 2 shared cores (the engine's own ms per photo dominates either way).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import cv2

from appraiser.bench import matching_sizes, worlds
from appraiser.bench.matching_data import CACHE, cached
from appraiser.bench.matching_metrics import percentiles, score_world
from appraiser.bench.matching_peer import Peer
from appraiser.bench.matching_table import table
from appraiser.library import store as lib_store
from appraiser.library.importer import import_pack
from appraiser.matching import deviation, features
from appraiser.matching.engine import Matcher
from appraiser.paths import DataDir
from appraiser.storage.db import Store

QUICK = {"versions": 30, "counts": (12, 10, 6), "peer": 14}
FULL = {"versions": 200, "counts": (80, 50, 30), "peer": 40}


def add_arguments(parser) -> None:
    parser.add_argument("--worlds", default=",".join(worlds.WORLDS), help="comma-separated")
    parser.add_argument("--versions", type=int, default=0, help="library versions per world")
    parser.add_argument("--photos", default="", help="genuine,counterfeit,unknown per world")
    parser.add_argument("--peer-queries", type=int, default=-1, help="photos the peer sees")
    parser.add_argument("--sizes", default="", help="also: tuned-world sizes, e.g. 1000,10000")
    parser.add_argument("--queries", type=int, default=0, help="genuine photos per size")
    parser.add_argument("--scale", type=int, default=0, help="also: index-only run size")
    parser.add_argument("--hard", type=float, default=1.0, help="> 1: hard conditions")
    parser.add_argument("--seed", type=int, default=1)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fingerprint() -> str:
    """Changes whenever any world's code (or the tuned generator) changes."""
    digest = hashlib.sha256()
    sources = sorted(Path(worlds.__file__).parent.glob("*.py"))
    sources.append(Path(lib_store.__file__).parent / "synthetic.py")
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _pack(world, library, seed: int) -> Path:
    def render(target: Path) -> None:
        _say(f"[{world.name}] rendering a pack of {len(library)} versions")
        world.write_pack(target, library)

    return cached(CACHE / f"world-{world.name}-{len(library)}-{seed}-{fingerprint()}", render)


def _peer_refs(store: Store, data: DataDir, pack: Path) -> dict:
    rows = store.query(
        "SELECT v.version_id, i.sha256, i.file FROM reference_images i JOIN "
        "reference_versions v ON v.id = i.version_row"
    )
    root = lib_store.features_root(data)
    return {
        r["version_id"]: (
            features.load(features.feature_path(root, r["sha256"])),
            cv2.imread(str(pack / r["file"]), cv2.IMREAD_COLOR),
        )
        for r in rows
    }


def _peer_subset(queries: list, limit: int) -> list[int]:
    """Indices of up to ``limit`` photos, the same share of each kind as the whole.

    A negative ``limit`` means every photo; 0 means no peer at all (``--peer-queries 0``
    for an engine-only run: brute force is the slow half of the benchmark)."""
    if limit == 0:
        return []
    if limit < 0 or limit >= len(queries):
        return list(range(len(queries)))
    step = len(queries) / limit
    return sorted({int(i * step) for i in range(limit)})


def _match_peer(name: str, store: Store, data: DataDir, pack: Path, queries: list) -> list:
    """The naive peer's answers to ``queries`` (none asked: its references are not even
    loaded)."""
    if not queries:
        return []
    peer = Peer(_peer_refs(store, data, pack))
    results = []
    for n, query in enumerate(queries):
        results.append(peer.match(query.photo))
        if n % 10 == 0:
            _say(f"[{name}] peer {n}/{len(queries)}")
    return results


def _peer_figures(queries: list, results: list) -> dict:
    """The peer's measures; with no photo, only ``photos: 0`` (the table prints "–")."""
    if not queries:
        return {"photos": 0}
    return {**score_world(queries, results), "photos": len(queries)}


def run_world(world, plan: dict, seed: int, work: Path) -> dict:
    """Import one world, match its photos with the engine and the peer, score both."""
    started = time.perf_counter()
    library, unknown = world.catalogue(plan["versions"], seed)
    pack = _pack(world, library, seed)
    data = DataDir(work / f"data-{world.name}").ensure()
    store = Store.open(data)
    try:
        report = import_pack(store, data, pack, "bench", lambda d, t, s: None)
        _say(f"[{world.name}] imported {len(library)} versions at {report.rate:.1f}/s")
        queries = world.queries(library, unknown, plan["counts"], seed, plan["hard"])
        matcher = Matcher(store, data)
        engine, cpu_ms = [], []
        for i, q in enumerate(queries):
            cpu = time.process_time()
            engine.append(matcher.match(q.photo, top=10).as_dict())
            cpu_ms.append((time.process_time() - cpu) * 1000)
            if i % 50 == 0:
                _say(f"[{world.name}] engine {i}/{len(queries)}")
        chosen = _peer_subset(queries, plan["peer"])
        peer_results = _match_peer(world.name, store, data, pack, [queries[i] for i in chosen])
    finally:
        store.close()
    return {
        "role": world.role,
        "held_out": world.name == worlds.HELD_OUT,
        "counted": world.name not in worlds.NOT_COUNTED,
        "about": world.about,
        "versions": len(library),
        "import_versions_per_s": round(report.rate, 1),
        "engine": {
            **score_world(queries, engine, deviation.FLAG_AT),
            # wall ms suffer from other jobs on a shared machine; CPU ms (all threads) less
            "cpu_ms": percentiles(cpu_ms),
        },
        "peer": _peer_figures([queries[i] for i in chosen], peer_results),
        "occluded_photos": sum(bool(q.occluders) for q in queries),
        "wall_s": round(time.perf_counter() - started, 1),
    }


def run(args) -> dict:
    plan = dict(QUICK if args.quick else FULL)
    if args.versions:
        plan["versions"] = args.versions
    plan["hard"] = args.hard
    if args.photos:
        plan["counts"] = tuple(int(n) for n in args.photos.split(","))
    if args.peer_queries >= 0:
        plan["peer"] = args.peer_queries
    names = [n for n in args.worlds.split(",") if n]
    out: dict = {
        "machine": f"{os.cpu_count()} cores, shared with other jobs during the run",
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "held_out": worlds.HELD_OUT,
        "tuning": list(worlds.TUNING),
        "not_counted": list(worlds.NOT_COUNTED),
        "fonts": worlds.fonts_used(),
        "conditions": "default" if args.hard == 1.0 else f"hard x{args.hard}",
        "worlds": {},
    }
    with tempfile.TemporaryDirectory(prefix="appraiser-bench-") as tmp:
        for name in names:
            _say(f"[{name}] world {name} ({worlds.WORLDS[name].role})")
            out["worlds"][name] = run_world(worlds.WORLDS[name], plan, args.seed, Path(tmp))
    out["table"] = table(out["worlds"])
    _say(out["table"])
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        out["scaling"] = matching_sizes.run_sizes(sizes, args.queries or 300, args.scale, args.seed)
    return out
