"""Figures of the matching benchmark: recall, ROC-AUC, localisation, latency."""

from __future__ import annotations

import numpy as np


def roc_auc(negatives: list[float], positives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    if not negatives or not positives:
        return float("nan")
    neg, pos = np.asarray(negatives), np.asarray(positives)
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    arr = np.asarray(values)
    return {f"p{q}": round(float(np.percentile(arr, q)), 1) for q in (50, 95, 99)}


def overlaps(region: dict, box: tuple[int, int, int, int], margin: int = 4) -> bool:
    x, y, w, h = box
    return not (
        region["x"] > x + w + margin
        or region["x"] + region["w"] < x - margin
        or region["y"] > y + h + margin
        or region["y"] + region["h"] < y - margin
    )


def share(flags: list[bool]) -> float:
    return round(float(np.mean(flags)), 4) if flags else float("nan")


def _top1(result: dict) -> str | None:
    return result["candidates"][0]["version_id"] if result["candidates"] else None


def score_world(queries: list, results: list[dict], flag_at: float = 0.5) -> dict:
    """The issue-13 measures for one world and one matcher.

    ``queries`` carry ``kind`` (genuine | counterfeit | unknown), ``truth``, ``sibling``,
    ``defect`` and ``defect_box``; ``results`` are ``match --json`` lines (DESIGN §3.1).
    Counterfeit AUC and localisation count only photos whose version was identified (a
    deviation against the wrong reference says nothing about the defect).
    """
    pairs = list(zip(queries, results, strict=True))
    gen = [(q, r) for q, r in pairs if q.kind == "genuine"]
    fake = [(q, r) for q, r in pairs if q.kind == "counterfeit"]
    unknown = [r for q, r in pairs if q.kind == "unknown"]
    gen_ok = [r["deviation"] for q, r in gen if _top1(r) == q.truth and r["deviation"] is not None]
    fake_ok = [(q, r) for q, r in fake if _top1(r) == q.truth and r["deviation"] is not None]
    per_defect = {}
    for name in sorted({q.defect for q, _ in fake}):
        devs = [r["deviation"] for q, r in fake_ok if q.defect == name]
        per_defect[name] = {
            "auc": round(roc_auc(gen_ok, devs), 4),
            "identified": len(devs),
            "of": sum(q.defect == name for q, _ in fake),
        }
    boxed = [(q, r) for q, r in fake_ok if q.defect_box]
    return {
        "queries": {"genuine": len(gen), "counterfeit": len(fake), "unknown": len(unknown)},
        "recall_at_1": share([_top1(r) == q.truth for q, r in gen]),
        "recall_at_1_siblings": share([_top1(r) == q.truth for q, r in gen if q.sibling]),
        "shortlist_recall": share(
            [any(c["version_id"] == q.truth for c in r["candidates"]) for q, r in gen]
        ),
        "unknown_no_match": share([r["suggestion"] == "no_match" for r in unknown]),
        "known_not_no_match": share([r["suggestion"] != "no_match" for _, r in gen]),
        "genuine_consistent": share([r["suggestion"] == "consistent" for _, r in gen]),
        "counterfeit_identified": share([_top1(r) == q.truth for q, r in fake]),
        "counterfeit_auc": round(roc_auc(gen_ok, [r["deviation"] for _, r in fake_ok]), 4),
        "counterfeit_flagged": share([r["deviation"] >= flag_at for _, r in fake_ok]),
        "localisation": share(
            [bool(r["regions"]) and overlaps(r["regions"][0], q.defect_box) for q, r in boxed]
        ),
        "per_defect": per_defect,
        "ms": percentiles([r["ms"] for r in results]),
    }
