"""Where the station writes (issue 14 breaker finding M1 and the Low file-mode items): every
``--out`` and every atomic writer refuses to replace a device, FIFO, socket or symbolic link
(``os.replace`` swaps the directory entry whatever it is: a render turned /dev/full into a
PDF); outputs that carry a live label or internal data are 0600; the log is private.

Devices are made with ``os.mknod`` in tmp_path (a /dev/null twin, never the real node)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from label_support import genuine_appraisal

from appraiser import fsio, logs
from appraiser.cli.common import check_out
from appraiser.cli.main import main
from appraiser.errors import InvalidInput
from appraiser.paths import DataDir
from appraiser.reports.atomic import staged
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels

KINDS = ("fifo", "socket", "device", "link-to-file", "link-to-folder", "dangling-link")


@contextlib.contextmanager
def special(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A non-regular entry at ``tmp_path/out.bin``; removed afterwards."""
    path = tmp_path / "out.bin"
    (tmp_path / "real.bin").write_bytes(b"precious")
    (tmp_path / "real-folder").mkdir(exist_ok=True)
    held = None
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        held = socket.socket(socket.AF_UNIX)
        held.bind(str(path))
    elif kind == "device":
        _device(path, monkeypatch)
    elif kind == "link-to-file":
        path.symlink_to(tmp_path / "real.bin")
    elif kind == "link-to-folder":
        path.symlink_to(tmp_path / "real-folder")
    else:
        path.symlink_to(tmp_path / "nothing")
    try:
        yield path
    finally:
        if held is not None:
            held.close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _device(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A character device twin of /dev/null (1, 3) when mknod works (root in CI), else a
    regular file that ``lstat`` reports as a device."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        return
    except PermissionError:
        path.write_bytes(b"")
    real = os.lstat

    def fake(target, *args, **kwargs):
        info = real(target, *args, **kwargs)
        if os.fspath(target) != os.fspath(path):
            return info
        fields = list(info)
        fields[0] = stat.S_IFCHR | 0o600
        return os.stat_result(fields)

    monkeypatch.setattr(fsio.os, "lstat", fake)


def _unchanged(tmp_path: Path, path: Path, kind: str) -> None:
    assert (tmp_path / "real.bin").read_bytes() == b"precious"
    assert list((tmp_path / "real-folder").iterdir()) == []
    assert os.path.lexists(path)
    mode = os.lstat(path).st_mode
    assert not stat.S_ISREG(mode) or kind == "device"


@pytest.mark.parametrize("kind", KINDS)
def test_check_out_refuses_what_is_not_a_regular_file(tmp_path, kind, monkeypatch) -> None:
    """issue 14 finding M1: --out at a device, FIFO, socket or link is refused up front."""
    with special(tmp_path, kind, monkeypatch) as path:
        for how in ("file", "either", "folder"):
            with pytest.raises(InvalidInput) as refused:
                check_out(path, how)
            assert str(path) in refused.value.message
        _unchanged(tmp_path, path, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_write_atomic_never_replaces_a_special_file(tmp_path, kind, monkeypatch) -> None:
    """issue 14 finding M1: the crash-safe writer under config, keys and indexes."""
    with special(tmp_path, kind, monkeypatch) as path:
        with pytest.raises(InvalidInput, match=r"not a regular file|symbolic link"):
            fsio.write_atomic(path, b"new")
        _unchanged(tmp_path, path, kind)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", KINDS)
def test_staged_exports_never_replace_a_special_file(tmp_path, kind, monkeypatch) -> None:
    """issue 14 finding M1: reports and exports are renamed into place through Staging."""
    with special(tmp_path, kind, monkeypatch) as path:
        with pytest.raises(InvalidInput), staged(path) as stage:
            stage.path(path).write_bytes(b"new")
        _unchanged(tmp_path, path, kind)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.fixture
def issued(station, appraiser_session, password) -> tuple[Path, str]:
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    station.close()
    return station.data.root, label.serial


def _printed(root: Path) -> int:
    station = Station.open(root)
    try:
        return len(station.store.query("SELECT id FROM print_jobs"))
    finally:
        station.close()


@pytest.mark.parametrize("kind", ["fifo", "device", "link-to-file"])
def test_label_render_into_a_special_file_records_no_print(
    issued, tmp_path, kind, monkeypatch, password, capsys
) -> None:
    """issue 14 finding M1: `label render --out /dev/full` turned the device into a PDF and
    recorded the label printed; now exit 2, nothing recorded, nothing replaced."""
    root, serial = issued
    with special(tmp_path, kind, monkeypatch) as path:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        argv = ["label", "render", serial, "--out", str(path), "--user", "appraiser1"]
        assert main(["--data-dir", str(root), *argv]) == 2
        assert str(path) in capsys.readouterr().err
        _unchanged(tmp_path, path, kind)
    assert _printed(root) == 0


def test_label_render_service_refuses_a_fifo_too(
    station, appraiser_session, password, tmp_path
) -> None:
    """issue 14 finding M1: the GUI's path (the service) refuses before recording a print."""
    from appraiser.services.labelling import label_render

    uid = genuine_appraisal(station, appraiser_session, password)
    labels.issue(station, appraiser_session, uid)
    out = tmp_path / "label.pdf"
    os.mkfifo(out)
    with pytest.raises(InvalidInput, match="not a regular file"):
        label_render.render(station, appraiser_session, uid, out)
    assert station.store.query("SELECT id FROM print_jobs") == []
    assert stat.S_ISFIFO(os.lstat(out).st_mode)


@pytest.mark.parametrize("target", ["folder", "file"])
def test_backup_out_never_follows_a_link(
    station, admin, tmp_path, target, monkeypatch, password, capsys
) -> None:
    """issue 14 finding M1: `backup --out link` followed the link and overwrote the target."""
    from appraiser.services.admin import backup

    station.close()
    real = tmp_path / ("usb" if target == "folder" else "old.zip")
    if target == "folder":
        real.mkdir()
    else:
        real.write_bytes(b"precious")
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\nbackup-passphrase-1\n"))
    argv = ["--data-dir", str(station.data.root), "backup", "--out", str(link), "--user", "admin"]
    assert main(argv) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink()
    assert (list(real.iterdir()) == []) if target == "folder" else real.read_bytes() == b"precious"
    reopened = Station.open(station.data.root)
    try:
        with pytest.raises(InvalidInput, match="symbolic link"):
            backup.create_backup(
                reopened.store, "BW-01", link, None, session=admin, passphrase="x" * 12
            )
    finally:
        reopened.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("fmt", ["png", "zpl", "pdf"])
def test_a_rendered_label_is_private(issued, tmp_path, fmt, monkeypatch, password) -> None:
    """issue 14 (breaker, Low): a render is a printable live label; it was 0644."""
    root, serial = issued
    out = tmp_path / f"label.{fmt}"
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    argv = ["label", "render", serial, "--format", fmt, "--out", str(out), "--user", "appraiser1"]
    old = os.umask(0o022)
    try:
        assert main(["--data-dir", str(root), *argv]) == 0
    finally:
        os.umask(old)
    assert _mode(out) == 0o600


def test_staged_outputs_are_private_unless_public(tmp_path) -> None:
    """issue 14 (breaker, Low): report PDFs and daily exports are written through Staging;
    they hold internal data, so 0600. A consumer bundle says ``public``: 0644."""
    old = os.umask(0o022)
    try:
        with staged(tmp_path / "r.pdf") as stage:
            stage.path(tmp_path / "r.pdf").write_bytes(b"%PDF")
            stage.path(tmp_path / "r.pdf.manifest.json").write_bytes(b"{}")
        with staged(tmp_path / "index.html", mode=0o644) as stage:
            stage.path(tmp_path / "index.html").write_bytes(b"<html>")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "r.pdf") == 0o600
    assert _mode(tmp_path / "r.pdf.manifest.json") == 0o600
    assert _mode(tmp_path / "index.html") == 0o644


def test_daily_export_files_are_private(
    station, supervisor, tmp_path, monkeypatch, password
) -> None:
    """issue 14 (breaker, Low): CSV exports were 0644."""
    station.close()
    out = tmp_path / "day.csv"
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    argv = ["export", "daily", "--date", "today", "--format", "csv", "--out", str(out)]
    old = os.umask(0o022)
    try:
        assert main(["--data-dir", str(station.data.root), *argv, "--user", "supervisor"]) == 0
    finally:
        os.umask(old)
    assert _mode(out) == 0o600


@pytest.fixture
def _restore_logging() -> Iterator[None]:
    yield
    logs.shutdown_logging()
    logging.getLogger().setLevel(logging.WARNING)


def test_the_log_is_private_and_tightened_on_open(tmp_path, _restore_logging) -> None:
    """issue 14 (breaker, Low): logs/appraiser.log was 0644 in a 0755 folder."""
    data = DataDir(tmp_path / "station")
    data.logs.mkdir(parents=True)
    os.chmod(data.logs, 0o755)
    (data.logs / logs.LOG_NAME).write_text("old line\n")
    os.chmod(data.logs / logs.LOG_NAME, 0o644)
    (data.logs / f"{logs.LOG_NAME}.1").write_text("older\n")
    os.chmod(data.logs / f"{logs.LOG_NAME}.1", 0o644)
    assert logs.setup_logging(data) is not None
    logging.getLogger("t").warning("hello")
    assert _mode(data.logs) == 0o700
    assert _mode(data.logs / logs.LOG_NAME) == 0o600
    assert _mode(data.logs / f"{logs.LOG_NAME}.1") == 0o600


def test_a_new_and_a_rotated_log_are_private(tmp_path, _restore_logging, monkeypatch) -> None:
    """issue 14 (breaker, Low): files the handler creates later (rotation) are 0600 too."""
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    data = DataDir(tmp_path / "station")
    old = os.umask(0o022)
    try:
        logs.setup_logging(data)
        for _ in range(40):
            logging.getLogger("t").warning("x" * 200)
    finally:
        os.umask(old)
    found = sorted(data.logs.iterdir())
    assert len(found) > 1
    assert {p.name: _mode(p) for p in found} == {p.name: 0o600 for p in found}
    assert _mode(data.logs) == 0o700
