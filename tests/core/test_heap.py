"""Malloc thresholds for bulk image work (``appraiser.heap``; issue 13 item 6, import
speed): a large buffer freed and allocated again is reused, not faulted in afresh, and
an import sets them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from appraiser import heap
from appraiser.library.demo import build_demo_pack
from appraiser.services.admin.station import Station
from appraiser.services.reference import library

# A fresh interpreter: the thresholds are process-wide and glibc adapts its own ones.
_TWICE = r"""
import resource, sys
import numpy as np
from appraiser import heap
if sys.argv[1] == "set":
    assert heap.keep_freed_memory()
faults = []
for _ in range(2):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    buffer = np.ones(24 << 20, np.uint8)  # a SIFT pyramid's worth, touched
    del buffer
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(faults[0], faults[1])
"""


def _faults(mode: str) -> tuple[int, int]:
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", _TWICE, mode], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.split()
    return int(first), int(second)


def test_a_freed_large_buffer_is_reused_not_faulted_in_again() -> None:
    first, second = _faults("set")
    assert first > 100 and second < first // 10
    default_first, default_second = _faults("default")  # what the import paid before
    assert default_second > default_first // 2


def test_an_import_sets_the_thresholds(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(heap, "keep_freed_memory", lambda: calls.append(1) or True)
    pack = build_demo_pack(tmp_path / "pack", versions=1)
    library.import_pack(station.store, station.data, pack, "test")
    assert calls == [1]
