"""The worlds side by side: one Markdown table, engine and naive peer per world, the
held-out world marked, world 0 marked as not counted."""

from __future__ import annotations

from appraiser.bench.worlds.defects import DEFECTS

ROWS = (
    ("recall@1", "recall_at_1"),
    ("recall@1 (regional siblings)", "recall_at_1_siblings"),
    ("true version among candidates", "shortlist_recall"),
    ("unknown product → no_match", "unknown_no_match"),
    ("known version → not no_match", "known_not_no_match"),
    ("genuine → consistent", "genuine_consistent"),
    ("counterfeit identified", "counterfeit_identified"),
    ("counterfeit AUC (identified)", "counterfeit_auc"),
    ("localisation (best region)", "localisation"),
)
HELD_OUT_MARK = "HELD OUT"
NONE = "–"  # nothing measured (no photo of that kind, or no peer run)


def _pct(value) -> str:
    if value is None or value != value:  # NaN: nothing to measure
        return NONE
    return f"{value * 100:.1f} %"


def _auc(value) -> str:
    return NONE if value is None or value != value else f"{value:.3f}"


def _ms(value) -> str:
    return NONE if value is None or value != value else f"{value:,.0f}"


def _ran(peer: dict) -> bool:
    """Whether the peer saw any photo (``--peer-queries 0``: it did not run)."""
    return bool(peer.get("photos"))


def _header(name: str, figures: dict) -> str:
    if figures.get("held_out"):
        return f"**{name} [{HELD_OUT_MARK}]**"
    if not figures.get("counted", True):
        return f"{name} [tuned on: not counted]"
    return f"{name} [tuning]"


def table(worlds: dict[str, dict]) -> str:
    """Markdown: a row per measure, an engine and a peer column per world."""
    names = list(worlds)
    head = ["measure"]
    for n in names:
        head += [f"{_header(n, worlds[n])} engine", "peer"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def row(label: str, get, fmt) -> None:
        cells = [label]
        for n in names:
            peer = worlds[n]["peer"]
            cells += [fmt(get(worlds[n]["engine"])), fmt(get(peer)) if _ran(peer) else NONE]
        lines.append("| " + " | ".join(cells) + " |")

    for label, key in ROWS:
        row(label, lambda f, k=key: f.get(k), _auc if "auc" in key else _pct)
    for defect in DEFECTS:
        row(f"AUC {defect}", lambda f, d=defect: f["per_defect"].get(d, {}).get("auc"), _auc)
    row("ms per photo p50", lambda f: f["ms"]["p50"], _ms)
    row("ms per photo p99", lambda f: f["ms"]["p99"], _ms)
    cells = ["versions · photos (peer photos)"]
    for n in names:
        q = worlds[n]["engine"]["queries"]
        peer = worlds[n]["peer"]
        cells += [f"{worlds[n]['versions']} · {sum(q.values())}", str(peer["photos"] or NONE)]
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
