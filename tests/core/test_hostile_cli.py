"""Hostile arguments and files given to the command line are refused in one line with exit
2 (bad input) or 3 (environment), never 70, and never read without bound (issue 14
finding 16)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path

import cv2
import numpy as np
import pytest

from appraiser.cli.main import main
from appraiser.domain.enums import Role
from appraiser.errors import InvalidInput
from appraiser.library.demo import build_demo_pack
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with two demo versions (made through the service, no sign-in)."""
    from appraiser.services.reference import library

    root = tmp_path_factory.mktemp("hostile")
    pack = build_demo_pack(root / "pack", versions=2)
    station = Station.open(root / "data")
    try:
        library.import_pack(station.store, station.data, pack, "test")
    finally:
        station.close()
    return root


def _run(root: Path, *args: str) -> int:
    return main(["--data-dir", str(root / "data"), *args])


def _a_photo(library_dir: Path) -> str:
    return str(next((library_dir / "pack" / "images").rglob("*.png")))


def test_label_verify_long_text_is_a_payload_not_a_crash(library_dir, capsys) -> None:
    """issue 14 finding 16: a non-URL argument of 256+ bytes was tried as a file name and
    crashed with OSError 36 (exit 70); it is a payload that does not verify (exit 1)."""
    assert _run(library_dir, "label", "verify", "x" * 300) == 1
    assert "internal error" not in capsys.readouterr().err


def test_non_utf8_argument_is_bad_input(library_dir, capsys) -> None:
    """issue 14 finding 16: non-UTF-8 argv (lone surrogates) crashed the log and SQLite."""
    odd = b"\xff\xfeabc".decode("utf-8", "surrogateescape")
    assert _run(library_dir, "label", "verify", odd) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not UTF-8" in err and "Logging error" not in err


def test_giant_argument_is_refused_before_any_work(library_dir, capsys) -> None:
    assert _run(library_dir, "label", "verify", "y" * 100_000) == 2
    assert "characters long" in capsys.readouterr().err


def test_thin_image_gets_an_error_line_and_the_batch_goes_on(library_dir, tmp_path, capsys) -> None:
    """issue 14 finding 16: a 1×10000 image aborted the whole ``match`` batch (exit 70 from
    OpenCV's resize); now that image has its own line with "error" and the next is matched."""
    thin = tmp_path / "thin.png"
    cv2.imwrite(str(thin), np.zeros((10000, 1, 3), np.uint8))
    good = _a_photo(library_dir)
    assert _run(library_dir, "match", str(thin), good, "--json") == 2
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["image"] for x in lines] == [str(thin), good]
    assert "1×10000" in lines[0]["error"] and lines[0]["suggestion"] == "retake"
    assert "error" not in lines[1] and lines[1]["candidates"]


def test_fifo_and_dev_zero_are_never_read(library_dir, tmp_path, capsys) -> None:
    """issue 14 finding 16: a FIFO hung ``match``; a symlink to /dev/zero read until memory
    ran out. Both are refused from stat alone."""
    fifo = tmp_path / "fifo.jpg"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jpg"
    zero.symlink_to("/dev/zero")
    assert _run(library_dir, "match", str(fifo), str(zero), "--json") == 2
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert all("not a regular file" in x["error"] for x in lines) and len(lines) == 2
    assert _run(library_dir, "label", "verify", str(fifo)) == 2
    assert _run(library_dir, "queue", "import", str(zero), "--dry-run") == 2
    assert "not a regular file" in capsys.readouterr().err
    os.mkfifo(tmp_path / "list.csv")
    assert _run(library_dir, "queue", "import", str(tmp_path / "list.csv"), "--dry-run") == 2


def test_full_disk_log_is_exit_3_for_a_read_only_command(tmp_path, capsys) -> None:
    """issue 14 finding 16: a full disk made read-only commands exit 70; the log file is
    /dev/full here (no tmpfs without root), which fails every write with ENOSPC."""
    root = tmp_path / "station"
    assert main(["--data-dir", str(root), "appraisals", "list"]) == 0
    log = root / "logs" / "appraiser.log"
    log.unlink()
    log.symlink_to("/dev/full")
    capsys.readouterr()
    assert main(["--data-dir", str(root), "appraisals", "list"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("appraiser: disk full") and err.count("\n") == 1


def test_sqlite_disk_full_is_exit_3(tmp_path, monkeypatch, capsys) -> None:
    """issue 14 finding 16: SQLite's "database or disk is full" (or OSError 28) raised
    anywhere is the environment, exit 3 "disk full", not an internal error."""

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Station, "open", full)
    assert main(["--data-dir", str(tmp_path / "s"), "appraisals", "list"]) == 3
    assert "disk full" in capsys.readouterr().err

    def enospc(*args, **kwargs):
        raise OSError(28, "No space left on device", "/data/appraiser.db")

    monkeypatch.setattr(Station, "open", enospc)
    assert main(["--data-dir", str(tmp_path / "s"), "appraisals", "list"]) == 3
    assert "disk full: /data/appraiser.db" in capsys.readouterr().err


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError(
            "Error in void faiss::write_InvertedLists(...): write error in "
            "index.tmp: 9536 != 14464 (No space left on device)"
        ),
        sqlite3.OperationalError("disk I/O error"),
    ],
)
def test_a_full_disk_seen_by_faiss_or_sqlite_io_is_exit_3(
    tmp_path, monkeypatch, capsys, error: Exception
) -> None:
    """Black-box tester's finding: on a full disk faiss reports the C library's words in a
    RuntimeError and SQLite, failing to grow its journal, only "disk I/O error"; both
    ended as "internal error" (exit 70)."""

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(Station, "open", fail)
    assert main(["--data-dir", str(tmp_path / "s"), "library", "list"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("appraiser: disk full") and "internal error" not in err


def test_a_refusal_naming_non_utf8_text_is_printed_escaped(tmp_path, monkeypatch, capsys) -> None:
    """issue 14 finding 16 (found by tests/core/test_fuzz_restore.py): a refusal quoting
    hostile text with a lone surrogate (JSON "\\ud800" in a backup manifest) made printing
    the one-line message raise UnicodeEncodeError out of main."""

    def refuse(*args, **kwargs):
        raise InvalidInput("The backup names \ud800\udcff as its signer.")

    monkeypatch.setattr(Station, "open", refuse)
    assert main(["--data-dir", str(tmp_path / "s"), "appraisals", "list"]) == 2
    assert "\\ud800\\udcff" in capsys.readouterr().err


@pytest.mark.timeout(60)
def test_a_fifo_given_as_a_key_file_is_refused_not_waited_on(tmp_path, capsys) -> None:
    """issue 14 finding 16 (found by hand after the fuzzing): ``label trust-key FIFO``
    blocked for ever in open(); a key file is read only if it is a regular file."""
    root = tmp_path / "station"
    station = Station.open(root)
    try:
        accounts.create_user(station.store, "admin", "Admin", Role.ADMIN, "pw-123456789", by=None)
    finally:
        station.close()
    fifo = tmp_path / "key.pem"
    os.mkfifo(fifo)
    argv = ["--data-dir", str(root), "label", "trust-key", str(fifo), "--user", "admin"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO("pw-123456789\n"))
        assert main(argv) == 2
    assert "not a regular file" in capsys.readouterr().err
