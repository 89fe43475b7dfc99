"""Back up a station to one verified archive, and restore one without half-measures.

Backup: snapshot the database with the backup API, stream it and every data file into a
temp zip beside the target while hashing, write the manifest, fsync, re-open and re-check
everything (hashes, ``PRAGMA integrity_check``, audit verify), and only then rename it
into place. Restore: check the archive, unpack it into a staging folder beside the data
folder, check the result again, then swap folders with renames, so the data folder is at
every moment either the old one or the complete new one. A replaced folder is kept beside
it (``<name>.before-restore-<time>``), never deleted.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from appraiser import __version__
from appraiser import backup as fmt
from appraiser.backup import BackupError, Manifest, Progress
from appraiser.clock import now_iso
from appraiser.errors import DiskFullError, KnownError
from appraiser.paths import DataDir
from appraiser.storage.db import Store

PENDING = ".restore-pending"  # suffix of a staged restore waiting for the next start


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    size: int
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    root: Path
    manifest: Manifest
    previous: Path | None  # where the replaced data folder was moved, if there was one
    seconds: float


class DataFolderInUse(KnownError):
    title = "Station running"
    hint = "Close the station application (and any running appraiser command) first."


class DataFolderNotEmpty(KnownError):
    title = "Data folder not empty"
    hint = "Restore into an empty folder, or pass --force to replace this station's data."


def _say(progress: Progress | None, message: str) -> None:
    if progress:
        progress(message)


def create_backup(
    store: Store, station_code: str, out: Path, progress: Progress | None = None
) -> BackupResult:
    """Write a verified backup of the open station to ``out``; returns its figures."""
    started = time.perf_counter()
    out = out.expanduser().resolve()
    if out.is_dir():  # a folder (a USB drive): name the file after station and time
        out = out / f"appraiser-{station_code}-{time.strftime('%Y%m%d-%H%M%S')}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        manifest = _write_archive(store, station_code, tmp, progress)
        _say(progress, "re-reading the archive to verify it")
        fmt.verify_archive(tmp, progress)
        fmt.replace_durably(tmp, out)
    except OSError as exc:
        if exc.errno == 28:
            raise DiskFullError(f"Not enough space for the backup at {out.parent}.") from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(out, manifest, out.stat().st_size, time.perf_counter() - started)


def _write_archive(store: Store, code: str, tmp: Path, progress: Progress | None) -> Manifest:
    root = store.data.root
    files: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="appraiser-backup-", dir=tmp.parent) as scratch:
        snapshot = Path(scratch) / fmt.DB_NAME
        _say(progress, "copying the database (SQLite backup API)")
        store.backup_to(snapshot)
        figures = fmt.check_database(snapshot)
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            files[fmt.DB_NAME] = fmt.add_member(archive, fmt.DB_NAME, snapshot)
            for number, (name, path) in enumerate(fmt.data_members(root), 1):
                if number % 200 == 0:
                    _say(progress, f"archived {number} files")
                files[name] = fmt.add_member(archive, name, path)
            manifest = Manifest(now_iso(), __version__, code, files, figures)
            archive.writestr(fmt.MANIFEST, manifest.to_json(), zipfile.ZIP_DEFLATED)
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    return manifest


def holder_alive(root: Path) -> bool:
    """Whether the station app holds the data folder (its Qt lock file names a live pid)."""
    lock = root / "appraiser.lock"
    try:
        pid_text, _app, host = [*lock.read_text().splitlines(), "", "", ""][:3]
        pid = int(pid_text)
    except (OSError, ValueError):
        return False
    if host and host != socket.gethostname():
        return True  # another computer's lock: assume it is live
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def has_station_data(root: Path) -> bool:
    """Any file outside ``logs/`` counts (the CLI itself writes a log there)."""
    if not root.is_dir():
        return False
    return any(
        p.is_file() and p.relative_to(root).parts[0] not in ("logs", "appraiser.lock")
        for p in root.rglob("*")
    )


def stage_restore(archive_path: Path, root: Path, progress: Progress | None = None) -> Path:
    """Unpack and check a backup in a folder beside ``root``; returns that folder."""
    archive, manifest = fmt.open_archive(archive_path)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = root.parent / f".{root.name}.restore-{uuid.uuid4().hex[:8]}"
    try:
        with archive:
            fmt.check_members(archive, manifest, archive_path)
            for number, (name, expected) in enumerate(sorted(manifest.files.items()), 1):
                if number % 200 == 0:
                    _say(progress, f"restored {number}/{len(manifest.files)} files")
                fmt.extract_member(archive, name, staging / name, expected)
        check_restored(staging, manifest)
        _secure_keys(staging / "keys")
    except BaseException:
        fmt.remove_tree(staging)
        raise
    return staging


def check_restored(folder: Path, manifest: Manifest) -> None:
    """The unpacked folder must give the manifest's audit result and media hashes."""
    figures = fmt.check_database(folder / fmt.DB_NAME)
    if figures != manifest.audit:
        raise BackupError("The restored database does not give the recorded audit result.")
    for name, expected in manifest.files.items():
        if name.startswith("media/") and fmt.sha256_file(folder / name) != expected["sha256"]:
            raise BackupError(f"The restored media file {name} does not match its hash.")
    for leftover in folder.glob(f"{fmt.DB_NAME}-*"):  # -wal/-shm from the check, now empty
        leftover.unlink(missing_ok=True)


def _secure_keys(keys: Path) -> None:
    if keys.is_dir() and os.name != "nt":
        keys.chmod(0o700)
        for path in keys.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)


def swap_in(staging: Path, root: Path, force: bool) -> Path | None:
    """Put a checked staging folder in place of ``root`` with renames only."""
    previous = None
    if root.exists():
        if holder_alive(root):
            raise DataFolderInUse(f"The station application is using {root}.")
        if has_station_data(root) and not force:
            raise DataFolderNotEmpty(f"{root} already holds station data.")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        previous = root.with_name(f"{root.name}.before-restore-{stamp}")
        os.replace(root, previous)
        if not has_station_data(previous):  # only logs/empty folders: nothing to keep
            fmt.remove_tree(previous)
            previous = None
    os.replace(staging, root)
    fmt.fsync_dir(root.parent)
    DataDir(root).ensure()
    return previous


def restore_backup(
    archive_path: Path, root: Path, *, force: bool = False, progress: Progress | None = None
) -> RestoreResult:
    """Restore ``archive_path`` into the data folder ``root`` (see the module docstring)."""
    started = time.perf_counter()
    root = root.expanduser().resolve()
    if root.exists() and holder_alive(root):
        raise DataFolderInUse(f"The station application is using {root}.")
    if has_station_data(root) and not force:
        raise DataFolderNotEmpty(f"{root} already holds station data.")
    _say(progress, "checking the backup")
    manifest = fmt.verify_archive(archive_path, progress)
    staging = stage_restore(archive_path, root, progress)
    try:
        previous = swap_in(staging, root, force)
    except BaseException:
        fmt.remove_tree(staging)
        raise
    return RestoreResult(root, manifest, previous, time.perf_counter() - started)


def pending_path(root: Path) -> Path:
    return root.with_name(f"{root.name}{PENDING}")


def stage_pending(archive_path: Path, root: Path, progress: Progress | None = None) -> Manifest:
    """For the running app: check and unpack now, swap in at the next start."""
    manifest = fmt.verify_archive(archive_path, progress)
    staging = stage_restore(archive_path, root, progress)
    target = pending_path(root)
    fmt.remove_tree(target)
    os.replace(staging, target)
    fmt.fsync_dir(target.parent)
    return manifest


def apply_pending(root: Path) -> Path | None:
    """Called at start-up before the station opens: swap in a staged restore if any.

    Returns where the replaced data folder was kept (None when nothing was pending).
    """
    staged = pending_path(root)
    if not (staged / fmt.DB_NAME).is_file():
        return None
    return swap_in(staged, root, force=True)
