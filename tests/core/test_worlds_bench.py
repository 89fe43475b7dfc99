"""The worlds benchmark: its measures computed on tiny hand-made inputs, and the held-out
world marked in what ``python -m appraiser.bench matching`` prints."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from appraiser.bench.__main__ import main
from appraiser.bench.matching import _peer_subset
from appraiser.bench.matching_data import cached
from appraiser.bench.matching_metrics import roc_auc, score_world
from appraiser.bench.matching_table import HELD_OUT_MARK, table


def _q(kind, truth, defect=None, box=None, sibling=False):
    return SimpleNamespace(kind=kind, truth=truth, defect=defect, defect_box=box, sibling=sibling)


def _r(top, suggestion, deviation, regions=(), ms=10.0, others=()):
    cands = [{"version_id": v} for v in ([top] if top else []) + list(others)]
    return {
        "candidates": cands,
        "suggestion": suggestion,
        "deviation": deviation,
        "regions": [dict(zip("xywh", r, strict=True)) for r in regions],
        "ms": ms,
    }


def test_score_world_on_hand_made_answers() -> None:
    queries = [
        _q("genuine", "A", sibling=True),
        _q("genuine", "B"),
        _q("genuine", "C"),  # missed: C only second among the candidates
        _q("genuine", "D"),  # missed entirely
        _q("counterfeit", "A", "typo", (10, 10, 20, 20)),
        _q("counterfeit", "B", "typo", (50, 50, 10, 10)),
        _q("counterfeit", "C", "missing_mark", (0, 0, 5, 5)),  # misidentified
        _q("unknown", None),
        _q("unknown", None),
    ]
    results = [
        _r("A", "consistent", 0.1, ms=10),
        _r("B", "deviates", 0.6, ms=20),
        _r("X", "consistent", 0.2, others=["C"], ms=30),
        _r(None, "no_match", None, ms=40),
        _r("A", "deviates", 0.9, regions=[(15, 15, 5, 5)], ms=50),  # hits its box
        _r("B", "consistent", 0.3, regions=[(200, 200, 5, 5)], ms=60),  # misses it
        _r("Y", "deviates", 0.95, ms=70),
        _r(None, "no_match", None, ms=80),
        _r("A", "consistent", 0.2, ms=90),
    ]
    s = score_world(queries, results, flag_at=0.5)
    assert s["queries"] == {"genuine": 4, "counterfeit": 3, "unknown": 2}
    assert s["recall_at_1"] == 0.5
    assert s["recall_at_1_siblings"] == 1.0
    assert s["shortlist_recall"] == 0.75
    assert s["unknown_no_match"] == 0.5
    assert s["known_not_no_match"] == 0.75
    assert s["genuine_consistent"] == 0.5
    assert s["counterfeit_identified"] == pytest.approx(0.6667)
    # identified genuine deviations {0.1, 0.6} vs identified fakes {0.9, 0.3}: 3 of 4 pairs
    assert s["counterfeit_auc"] == 0.75
    assert s["per_defect"]["typo"] == {"auc": 0.75, "identified": 2, "of": 2}
    assert s["per_defect"]["missing_mark"]["identified"] == 0
    assert s["localisation"] == 0.5
    assert s["ms"]["p50"] == 50.0


def test_roc_auc_known_values() -> None:
    assert roc_auc([0.1, 0.2], [0.8, 0.9]) == 1.0
    assert roc_auc([0.8, 0.9], [0.1, 0.2]) == 0.0
    assert roc_auc([0.5], [0.5]) == 0.5


def _figures(held_out: bool, counted: bool) -> dict:
    s = score_world([_q("genuine", "A")], [_r("A", "consistent", 0.1)])
    return {
        "held_out": held_out,
        "counted": counted,
        "versions": 1,
        "engine": s,
        "peer": {**s, "photos": 1},
    }


def test_table_marks_the_held_out_world_and_world_zero() -> None:
    text = table({"tuned": _figures(False, False), "bazaar": _figures(True, True)})
    header = text.splitlines()[0]
    assert f"bazaar [{HELD_OUT_MARK}]" in header
    assert "tuned [tuned on: not counted]" in header
    assert "recall@1 | 100.0 % | 100.0 % | 100.0 % | 100.0 %" in text


def test_bench_prints_every_world_with_the_held_out_one_marked(capsys) -> None:
    argv = ["matching", "--quick", "--versions", "3", "--photos", "1,1,1", "--peer-queries", "1"]
    assert main(argv) == 0
    out = capsys.readouterr()
    figures = json.loads(out.out.strip().splitlines()[-1])
    assert figures["held_out"] == "bazaar"
    assert set(figures["worlds"]) == {"tuned", "atelier", "apothecary", "bazaar"}
    assert figures["worlds"]["bazaar"]["held_out"] is True
    assert not figures["worlds"]["tuned"]["counted"]
    assert f"bazaar [{HELD_OUT_MARK}]" in figures["table"]
    assert "peer" in figures["table"] and "[HELD OUT]" in out.err
    for world in figures["worlds"].values():
        assert world["engine"]["queries"] == {"genuine": 1, "counterfeit": 1, "unknown": 1}
        assert world["peer"]["photos"] == 1


def test_peer_subset_zero_means_no_peer() -> None:
    photos = list(range(10))
    assert _peer_subset(photos, 0) == []
    assert _peer_subset(photos, -1) == photos
    assert _peer_subset(photos, 5) == [0, 2, 4, 6, 8]


def test_table_prints_a_dash_for_a_peer_that_did_not_run() -> None:
    world = {**_figures(False, True), "peer": {"photos": 0}}
    text = table({"atelier": world})
    assert "recall@1 | 100.0 % | – |" in text
    assert "ms per photo p50 | 10 | – |" in text
    assert "versions · photos (peer photos) | 1 · 1 | – |" in text
    peer_cells = {line.removesuffix(" |").split(" | ")[-1] for line in text.splitlines()[2:]}
    assert peer_cells == {"–"}  # every row, none of them "nan"


def test_bench_runs_without_the_peer(capsys) -> None:
    """``--peer-queries 0`` divided by zero in the peer's photo subset; 0 means no peer."""
    argv = ["matching", "--quick", "--worlds", "tuned", "--versions", "3", "--photos", "1,1,1"]
    assert main([*argv, "--peer-queries", "0"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["worlds"]["tuned"]["peer"] == {"photos": 0}
    assert figures["worlds"]["tuned"]["engine"]["queries"]["genuine"] == 1
    assert "| recall@1 | " in figures["table"] and "| – |" in figures["table"]


def test_two_runs_rendering_one_pack_at_once_both_get_it_whole(tmp_path) -> None:
    """Two benchmark runs started together render the same pack; the one that finishes
    second must neither fail nor leave its copy behind (it crashed on the rename)."""
    folder = tmp_path / "world-atelier-100-2"

    def render(target):
        target.mkdir()
        (target / "manifest.json").write_text("{}")
        if not folder.exists():  # the other run puts its copy in place meanwhile
            render(folder)

    assert cached(folder, render) == folder
    assert (folder / "manifest.json").read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]
