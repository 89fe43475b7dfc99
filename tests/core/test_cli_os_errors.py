"""An operating-system refusal of a path is the person's input or the environment, never
a bug (issue 14, second attacker pass L-1: a path part over 255 bytes gave exit 70)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from appraiser.cli.main import main

LONG = "x" * 300  # one path component longer than any file system takes (255 bytes)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "verify", LONG],
        ["library", "import", LONG, "--user", "nobody"],
        ["match", LONG],
        ["label", "verify", f"/tmp/{LONG}/x.png"],
    ],
)
def test_a_too_long_path_part_is_bad_input(tmp_path: Path, argv, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--data-dir", str(tmp_path / "data"), *argv])
    err = capsys.readouterr().err
    assert code in (1, 2), err
    assert "internal error" not in err


def test_a_too_long_out_name_is_bad_input(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    out = tmp_path / LONG
    code = main(["--data-dir", str(tmp_path / "data"), "audit", "verify"])
    assert code in (0, 1)
    capsys.readouterr()
    code = main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "export",
            "daily",
            "--date",
            "today",
            "--format",
            "csv",
            "--out",
            str(out),
            "--user",
            "nobody",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2, err
    assert "internal error" not in err and "too long" in err.lower()
