"""``python -m appraiser.bench text [--quick]``: what printed-text evidence (issue 13
item 5, ``appraiser.matching.text``) adds to the match and what it costs.

Per world: its pack is imported with the real importer; genuine photos and counterfeits
of the three text defects (typo, font swap, letter spacing) are matched by the engine
with the text check off, then the check runs on the same match. Figures: AUC per
defect against the genuine photos without and with text evidence, genuine photos that
get a text finding (false alarms), counterfeits whose finding names the changed word,
ms per photo for the check (wall and CPU; a reference read on first use, then kept)
and the OCR load. ``--engines N`` instead compares the OCR engines on N versions a
world (``text_engines``). ``atelier`` and ``apothecary`` are tuning worlds; ``bazaar``
is HELD OUT: reported, never tuned on.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from appraiser.bench import text_engines, worlds
from appraiser.bench.matching import _pack
from appraiser.bench.matching_metrics import percentiles, roc_auc
from appraiser.library.importer import import_pack
from appraiser.matching import text
from appraiser.matching.engine import Matcher
from appraiser.paths import DataDir
from appraiser.storage.db import Store

TEXT_DEFECTS = ("typo", "font_swap", "letter_spacing")
QUICK = {"versions": 30, "genuine": 12, "per_defect": 6}
FULL = {"versions": 60, "genuine": 40, "per_defect": 20}


def add_arguments(parser) -> None:
    parser.add_argument("--worlds", default="atelier,apothecary,bazaar", help="comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--engines", type=int, default=0, help="only: RapidOCR vs Tesseract on N versions"
    )


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _queries(world, library, unknown, plan: dict, seed: int) -> list:
    """Genuine photos and counterfeits of the text defects only."""
    saved = world.defects
    world.defects = TEXT_DEFECTS
    try:
        fakes = plan["per_defect"] * len(TEXT_DEFECTS)
        return world.queries(library, unknown, (plan["genuine"], fakes, 0), seed)
    finally:
        world.defects = saved


def _one(matcher: Matcher, query) -> dict:
    matcher.text.enabled = False
    result = matcher.match(query.photo, top=3)
    off = result.as_dict()
    matcher.text.enabled = True
    cold = bool(result.best) and result.best.image["sha256"] not in matcher.text.references.cache
    started, cpu = time.perf_counter(), time.process_time()
    findings = matcher.text.inspect(result.best, query.photo) if result.best else []
    ms = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    identified = bool(off["candidates"]) and off["candidates"][0]["version_id"] == query.truth
    on = result.as_dict()
    return {
        "kind": query.kind,
        "defect": query.defect,
        "identified": identified and off["deviation"] is not None,
        "off": off["deviation"],
        "on": on["deviation"],
        "findings": [f.as_dict() for f in findings],
        "ms": ms,
        "cpu_ms": cpu_ms,
        "cold": cold,
    }


def _auc(genuine: list[dict], fakes: list[dict], key: str) -> float:
    return round(roc_auc([g[key] for g in genuine], [f[key] for f in fakes]), 4)


def _score(rows: list[dict]) -> dict:
    ok = [r for r in rows if r["identified"]]
    gen = [r for r in ok if r["kind"] == "genuine"]
    out: dict = {
        "genuine_identified": len(gen),
        "genuine_text_findings": sum(bool(r["findings"]) for r in gen),
    }
    for defect in TEXT_DEFECTS:
        fakes = [r for r in ok if r["defect"] == defect]
        out[defect] = {
            "identified": len(fakes),
            "auc_without_text": _auc(gen, fakes, "off"),
            "auc_with_text": _auc(gen, fakes, "on"),
            "text_findings": sum(bool(r["findings"]) for r in fakes),
        }
    return out


def _cost(rows: list[dict], cold: bool) -> dict:
    chosen = [r for r in rows if r["cold"] == cold]
    return {
        "wall": percentiles([r["ms"] for r in chosen]),
        "cpu": percentiles([r["cpu_ms"] for r in chosen]),
    }


def run_world(world, plan: dict, seed: int, work: Path) -> dict:
    library, unknown = world.catalogue(plan["versions"], seed)
    pack = _pack(world, library, seed)
    data = DataDir(work / f"data-{world.name}").ensure()
    store = Store.open(data)
    try:
        import_pack(store, data, pack, "bench", lambda d, t, s: None)
        matcher = Matcher(store, data)
        queries = _queries(world, library, unknown, plan, seed)
        rows = []
        for i, query in enumerate(queries):
            rows.append(_one(matcher, query))
            if i % 10 == 0:
                _say(f"[{world.name}] {i}/{len(queries)}")
    finally:
        store.close()
    examples = [r["findings"][0] for r in rows if r["kind"] == "counterfeit" and r["findings"]]
    return {
        "role": world.role,
        "held_out": world.name == worlds.HELD_OUT,
        **_score(rows),
        # wall ms suffer from the other jobs of a shared machine; CPU ms much less
        "text_ms_reference_cached": _cost(rows, cold=False),
        "text_ms_first_use": _cost(rows, cold=True),
        "examples": examples[:3],
    }


def run(args) -> dict:
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    names = [n for n in args.worlds.split(",") if n]
    if args.engines:
        return {
            "engines": {
                name: text_engines.compare_engines(worlds.WORLDS[name], args.engines, args.seed)
                for name in names
            },
            "held_out": worlds.HELD_OUT,
        }
    try:
        text.reader().engine()
    except text.OcrUnavailable as exc:
        return {"error": str(exc)}
    out: dict = {
        "engine": text.ENGINE,
        "ocr_load_s": round(time.perf_counter() - started, 2),
        "held_out": worlds.HELD_OUT,
        "worlds": {},
    }
    with tempfile.TemporaryDirectory(prefix="appraiser-bench-text-") as tmp:
        for name in names:
            _say(f"[{name}] world {name} ({worlds.WORLDS[name].role})")
            out["worlds"][name] = run_world(worlds.WORLDS[name], plan, args.seed, Path(tmp))
    out["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out
