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
