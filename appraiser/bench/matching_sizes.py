"""Library sizes on the tuned world (``--sizes``): the engine's scaling figures.

For each size a catalogue of world 0 (``appraiser.library.synthetic``, the generator the
engine was tuned on — these figures measure speed and scaling, they are not a result of
identification quality) is imported, genuine and counterfeit photos are matched, the
naive peer is timed on a subset and extrapolated, and an index-only run shows the
shortlist at ``--scale`` versions.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from appraiser.bench import matching_data as bench_data
from appraiser.bench.matching_metrics import overlaps, percentiles, roc_auc, share
from appraiser.bench.matching_peer import run_peer
from appraiser.bench.matching_scale import run_scale
from appraiser.library import store as lib_store
from appraiser.library.importer import import_pack
from appraiser.matching import deviation, features, globaldesc
from appraiser.matching.engine import Matcher
from appraiser.paths import DataDir
from appraiser.storage.db import Store


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _score(queries, results) -> dict:
    gen = [(q, r) for q, r in zip(queries, results, strict=True) if q.kind == "genuine"]
    fake = [(q, r) for q, r in zip(queries, results, strict=True) if q.kind == "counterfeit"]

    def top1(r):
        return r["candidates"][0]["version_id"] if r["candidates"] else None

    def dev(r):
        return 1.0 if r["deviation"] is None else r["deviation"]

    local1 = [bool(r["regions"]) and overlaps(r["regions"][0], q.box) for q, r in fake if q.box]
    local3 = [any(overlaps(x, q.box) for x in r["regions"][:3]) for q, r in fake if q.box]
    per_defect = {}
    for name in sorted({q.defect for q, _ in fake}):
        devs = [dev(r) for q, r in fake if q.defect == name]
        per_defect[name] = {
            "auc": round(roc_auc([dev(r) for _, r in gen], devs), 4),
            "flagged": share([d >= deviation.FLAG_AT for d in devs]),
        }
    return {
        "genuine_queries": len(gen),
        "counterfeit_queries": len(fake),
        "recall_at_1": share([top1(r) == q.truth for q, r in gen]),
        "recall_at_1_siblings": share([top1(r) == q.truth for q, r in gen if q.sibling]),
        "sibling_queries": sum(q.sibling for q, _ in gen),
        "counterfeit_identified": share([top1(r) == q.truth for q, r in fake]),
        "auc": round(roc_auc([dev(r) for _, r in gen], [dev(r) for _, r in fake]), 4),
        "localisation_top1": share(local1),
        "localisation_top3": share(local3),
        "genuine_flagged": share([r["suggestion"] == "deviates" for _, r in gen]),
        "counterfeit_flagged": share([r["suggestion"] == "deviates" for _, r in fake]),
        "genuine_no_match": share([r["suggestion"] == "no_match" for _, r in gen]),
        "latency_ms": percentiles([r["ms"] for r in results]),
        "cpu_ms_per_query": percentiles([r["_cpu_ms"] for r in results]),
        "per_defect": per_defect,
        "raw_genuine_p99": round(float(np.percentile([r["_raw"] for _, r in gen], 99)), 3),
        "raw_counterfeit_p10": round(float(np.percentile([r["_raw"] for _, r in fake], 10)), 3),
    }


def _run_size(size: int, genuine: int, fakes: int, seed: int, work: Path) -> tuple[dict, dict]:
    versions = bench_data.catalogue(size, seed)
    folder = bench_data.pack(versions, seed)
    data = DataDir(work / f"data-{size}").ensure()
    store = Store.open(data)
    _say(f"[{size}] importing")
    report = import_pack(
        store,
        data,
        folder,
        "bench",
        lambda d, t, s: _say(f"[{size}] {s} {d}/{t}") if d % 1000 == 0 else None,
    )
    matcher = Matcher(store, data)
    _say(f"[{size}] photographing {genuine + fakes} queries")
    queries = bench_data.queries(versions, genuine, fakes, seed + size)
    results, vectors = [], []
    for i, q in enumerate(queries):
        path = work / f"q{i}.jpg"
        cv2.imwrite(str(path), q.photo, [cv2.IMWRITE_JPEG_QUALITY, 95])
        cpu = time.process_time()
        res = matcher.match(path)
        line = res.as_dict()
        line["_cpu_ms"] = (time.process_time() - cpu) * 1000
        line["_raw"] = res.best.comparison.raw if res.best and res.best.comparison else 1.0
        results.append(line)
        if q.kind == "genuine":
            vectors.append(globaldesc.describe(features.extract_query(q.photo).root))
        if i % 100 == 0:
            _say(f"[{size}] matched {i}/{len(queries)}")
    # Straight after an import the references come from disk (this VM's host drops the
    # page cache quickly); a second pass over the same photos shows a warmed station.
    second = [matcher.match(work / f"q{i}.jpg").ms for i in range(len(queries))]
    figures = {
        "versions": size,
        "import_versions_per_s": round(report.rate, 1),
        "import_s": round(report.seconds, 1),
        "index_ram_mb": round(matcher.index.ram_bytes() / 2**20, 2),
        **_score(queries, results),
        "latency_ms_second_pass": percentiles(second),
    }
    extra = {
        "store": store,
        "data": data,
        "versions": versions,
        "queries": queries,
        "vectors": vectors,
        "index": matcher.index,
    }
    return figures, extra


def _truth_images(extra: dict) -> tuple[list[np.ndarray], list[int]]:
    rows = extra["store"].query(
        "SELECT i.id, v.version_id FROM reference_images i JOIN "
        "reference_versions v ON v.id = i.version_row"
    )
    by_version = {r["version_id"]: r["id"] for r in rows}
    genuine = [q for q in extra["queries"] if q.kind == "genuine"]
    return extra["vectors"], [by_version[q.truth] for q in genuine]


def _peer(extra: dict, size: int, queries: int = 8, subset: int = 40) -> dict:
    genuine = [q for q in extra["queries"] if q.kind == "genuine"][:queries]
    ids = [q.truth for q in genuine]
    others = [v.id for v in extra["versions"] if v.id not in ids][: subset - len(ids)]
    rows = extra["store"].query(
        "SELECT v.version_id, i.sha256 FROM reference_images i JOIN "
        "reference_versions v ON v.id = i.version_row"
    )
    sha = {r["version_id"]: r["sha256"] for r in rows}
    root = lib_store.features_root(extra["data"])
    refs = {vid: features.load(features.feature_path(root, sha[vid])) for vid in ids + others}
    return run_peer([q.photo for q in genuine], ids, refs, size)


def run_sizes(sizes: list[int], genuine: int, scale: int, seed: int) -> dict:
    """The tuned world at each library size, then the naive peer timed on a subset and
    the index-only shortlist at ``scale`` versions (0 skips it)."""
    out: dict = {"sizes": {}}
    with tempfile.TemporaryDirectory(prefix="appraiser-bench-") as tmp:
        extra: dict = {}
        for size in sizes:
            started = time.perf_counter()
            figures, extra = _run_size(size, genuine, int(genuine * 0.8), seed, Path(tmp))
            figures["wall_s"] = round(time.perf_counter() - started, 1)
            out["sizes"][str(size)] = figures
            figures["load_average"] = [round(x, 1) for x in os.getloadavg()]
            _say(f"[{size}] done: {figures}")
        largest = sizes[-1]
        peer = _peer(extra, largest)
        ours = out["sizes"][str(largest)]["latency_ms"]["p50"]
        out["naive_peer"] = {
            **peer,
            "library_versions": largest,
            "speedup_vs_peer_p50": round(peer["extrapolated_ms_per_query"] / ours, 1),
        }
        if scale:
            vectors, truths = _truth_images(extra)
            real = extra["index"].vectors
            out["scale"] = run_scale(real, extra["index"].image_ids, vectors, truths, scale)
        for value in extra.values():
            if isinstance(value, Store):
                value.close()
    return out
