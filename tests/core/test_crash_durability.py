"""A short run of the kill -9 crash test (the long run is ``benchmarks/crash_durability.py``)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "crash_durability.py"
ZERO = (
    "integrity_failures",
    "missing_media_rows",
    "chain_breaks",
    "lost_saves",
    "child_failures",
    "interim_check_failures",
    "leftover_temp_files",
)


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_durability", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("crash") / "station"
    command = [
        sys.executable,
        str(SCRIPT),
        "--kills",
        "15",
        "--seed",
        "2026",
        "--check-every",
        "5",
        "--data-dir",
        str(root),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=280)
    assert result.stdout.strip(), result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0, (figures, result.stderr)
    return root, figures


@pytest.mark.slow
def test_kill_nine_loses_nothing(crashed):
    _, figures = crashed
    assert figures["kills"] == 15
    assert {k: figures[k] for k in ZERO} == dict.fromkeys(ZERO, 0)
    assert figures["reported"].get("save", 0) > 0 and figures["reported"].get("media", 0) > 0
    assert figures["rows_media"] >= figures["reported"]["media"] > 0


@pytest.mark.slow
def test_checker_notices_a_lost_save_and_a_damaged_photo(crashed):
    """The figures above mean something only if the checker can fail."""
    root, _ = crashed
    checker = _load_checker()
    ghost = {"op": "save", "uid": "AP-NONE", "revision": 2, "token": "0"}
    assert checker.check(root, [ghost])["lost_saves"] == 1
    with sqlite3.connect(root / "appraiser.db") as conn:
        (sha,) = conn.execute("SELECT sha256 FROM media ORDER BY id LIMIT 1").fetchone()
    conn.close()
    photo = root / "media" / sha[:2] / sha  # a file a row names (not a crash orphan)
    photo.write_bytes(photo.read_bytes()[:-1])
    assert checker.check(root, [])["missing_media_rows"] == 1
