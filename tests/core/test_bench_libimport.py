"""The library import benchmark (issue 13 item 6): what it prints, and that it never
measures on the held-out world."""

from __future__ import annotations

import json

import pytest

from appraiser.bench.__main__ import main


def test_bench_prints_import_speed_per_world_and_size(capsys) -> None:
    assert main(["libimport", "--worlds", "tuned", "--sizes", "3"]) == 0
    out = capsys.readouterr()
    figures = json.loads(out.out.strip().splitlines()[-1])
    run = figures["worlds"]["tuned"]["3"]
    assert (run["versions"], run["images"]) == (3, 3)
    assert run["wall_s"] > 0 and run["cpu_s"] > 0
    assert run["versions_per_cpu_s"] == pytest.approx(3 / run["cpu_s"], rel=0.1)
    assert {"validating", "importing"} <= set(run["stages_s"])
    assert figures["min_versions_per_s"] == run["versions_per_s"]
    assert "[libimport] tuned 3:" in out.err


def test_bench_refuses_the_held_out_world() -> None:
    with pytest.raises(SystemExit, match="tuning worlds only"):
        main(["libimport", "--worlds", "bazaar", "--sizes", "3"])
