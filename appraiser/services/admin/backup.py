"""Back up a station to one signed, verified archive (DESIGN §2; issue 14 finding 11).

Backup (administrators only): snapshot the database with the backup API, stream it and
every data file into a 0600 temp zip beside the target while hashing, add the private key
encrypted with the administrator's passphrase (never in the clear), write the manifest and
the station key's signature over it, fsync, re-open and re-check everything, and only then
rename it into place. Restoring is in ``restore.py``; the folder swap it ends with (renames
only, the replaced folder kept beside as ``<name>.before-restore-<time>``) is here, because
the app applies a staged restore at its next start.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import sqlite3
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from appraiser import __version__
from appraiser import backup as fmt
from appraiser.backup import AuditFigures, Manifest, Progress, Signer
from appraiser.clock import now_iso
from appraiser.errors import DiskFullError, KnownError
from appraiser.fsio import check_replaceable
from appraiser.keys import StationKeys, check_passphrase, public_pem
from appraiser.paths import PRIVATE_FILE, DataDir
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.storage.db import Store

PENDING = ".restore-pending"  # suffix of a staged restore waiting for the next start
CHECKPOINTS = "audit/checkpoints.jsonl"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    size: int
    seconds: float


class BackupNotWritten(KnownError):
    """The archive just written does not read back as written (a failing disk or drive)."""

    title = "Backup failed"
    hint = "Try another drive; the damaged file was not kept."


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
    store: Store,
    station_code: str,
    out: Path,
    progress: Progress | None = None,
    *,
    session: Session | None,
    passphrase: str,
    resolver_domain: str = "",
) -> BackupResult:
    """Write a signed, verified backup of the open station to ``out``; returns its figures."""
    rules.require(store, session, Action.BACKUP)
    assert session is not None
    check_passphrase(passphrase)
    started = time.perf_counter()
    # Never resolve(): a link at --out would be followed and its target overwritten
    # (issue 14 finding M1); the last component is refused if it is a link or special.
    out = Path(os.path.abspath(out.expanduser()))
    if not out.is_symlink() and out.is_dir():  # a folder (a USB drive): name the file
        out = out / f"appraiser-{station_code}-{time.strftime('%Y%m%d-%H%M%S')}.zip"
    check_replaceable(out, f"--out {out}")
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        manifest = _write_archive(store, (station_code, resolver_domain), tmp, passphrase, progress)
        _say(progress, "re-reading the archive to verify it")
        archive, _ = fmt.open_archive(tmp)
        with archive:
            fmt.verify_members(archive, manifest, tmp, progress)
        fmt.replace_durably(tmp, out)
    except OSError as exc:
        if exc.errno == 28:
            raise DiskFullError(f"Not enough space for the backup at {out.parent}.") from exc
        raise
    except fmt.BackupError as exc:  # our own fresh copy re-read wrong: this disk, not input
        raise BackupNotWritten(f"The backup at {out} could not be checked: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    with store.atomic(session.actor) as tx:
        tx.event("backup.created", path=str(out), signer=manifest.signer.key_id,
                 files=len(manifest.files), audit_events=manifest.audit.events)  # fmt: skip
    return BackupResult(out, manifest, out.stat().st_size, time.perf_counter() - started)


def _write_archive(
    store: Store, settings: tuple[str, str], tmp: Path, passphrase: str, progress: Progress | None
) -> Manifest:
    root, keys = store.data.root, StationKeys(store.data.keys, store)
    private = keys.signing_key()
    files: dict[str, dict] = {}
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with tempfile.TemporaryDirectory(prefix="appraiser-backup-", dir=tmp.parent) as scratch, \
            os.fdopen(fd, "wb") as handle:  # fmt: skip
        snapshot = Path(scratch) / fmt.DB_NAME
        _say(progress, "copying the database (SQLite backup API)")
        figures = AuditFigures.of(store.verify_audit())
        log = _snapshot(store, snapshot)
        fmt.check_database(snapshot)
        with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            files[fmt.DB_NAME] = fmt.add_member(archive, fmt.DB_NAME, snapshot)
            for number, (name, path) in enumerate(fmt.data_members(root), 1):
                if number % 200 == 0:
                    _say(progress, f"archived {number} files")
                if name == CHECKPOINTS:
                    files[name] = fmt.add_stream(archive, name, io.BytesIO(log))
                else:
                    files[name] = fmt.add_member(archive, name, path)
            sealed = io.BytesIO(keys.export_private(passphrase))
            files[fmt.ENCRYPTED_KEY] = fmt.add_stream(archive, fmt.ENCRYPTED_KEY, sealed)
            signer = Signer.of(private.public_key(), public_pem(private.public_key()))
            code, domain = settings
            manifest = Manifest(now_iso(), __version__, code, domain, files, figures, signer)
            raw, signature = fmt.sign_manifest(manifest, private.sign)
            archive.writestr(fmt.MANIFEST, raw, zipfile.ZIP_DEFLATED)
            archive.writestr(fmt.SIGNATURE, signature, zipfile.ZIP_STORED)
        handle.flush()
        os.fsync(handle.fileno())
    return manifest


def _snapshot(store: Store, target: Path) -> bytes:
    """The database and the lines of the checkpoint log that it has reached, taken together
    (a line for a transaction committed after the snapshot would read as truncation)."""
    store.backup_to(target)
    target.chmod(PRIVATE_FILE)
    with contextlib.closing(sqlite3.connect(target)) as conn:
        events = conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
    path = store.data.root / CHECKPOINTS
    if not path.is_file():
        return b""
    kept = []
    for line in path.read_bytes().splitlines(keepends=True):
        try:
            if int(json.loads(line)["count"]) > events:
                continue
        except (ValueError, KeyError, TypeError):
            pass  # a torn or odd line is carried as it is; audit verify judges it
        kept.append(line)
    return b"".join(kept)


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


def _kept_name(root: Path) -> Path:
    """A free name for the replaced folder: two restores within one second (a second try
    right after the first) must not meet the first one's folder."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = root.with_name(f"{root.name}.before-restore-{stamp}")
    number = 1
    while kept.exists():
        number += 1
        kept = root.with_name(f"{root.name}.before-restore-{stamp}-{number}")
    return kept


def swap_in(staging: Path, root: Path, force: bool) -> Path | None:
    """Put a checked staging folder in place of ``root`` with renames only."""
    previous = None
    if root.exists():
        if holder_alive(root):
            raise DataFolderInUse(f"The station application is using {root}.")
        if has_station_data(root) and not force:
            raise DataFolderNotEmpty(f"{root} already holds station data.")
        previous = _kept_name(root)
        os.replace(root, previous)
        if not has_station_data(previous):  # only logs/empty folders: nothing to keep
            fmt.remove_tree(previous)
            previous = None
    os.replace(staging, root)
    fmt.fsync_dir(root.parent)
    DataDir(root).ensure()
    return previous


def pending_path(root: Path) -> Path:
    return root.with_name(f"{root.name}{PENDING}")


def apply_pending(root: Path) -> Path | None:
    """Called at start-up before the station opens: swap in a staged restore if any.

    Returns where the replaced data folder was kept (None when nothing was pending).
    """
    staged = pending_path(root)
    if not (staged / fmt.DB_NAME).is_file():
        return None
    return swap_in(staged, root, force=True)
