"""Restore a station from a signed backup, checking everything before replacing anything.

Order (issue 14 finding 11): an administrator signs in (on the station being replaced, or,
on an empty one, with an account of the backup itself); the archive's signature must be by
a key this station trusts, or its fingerprint must be confirmed explicitly (an empty station
trusts nothing yet); a changed station code or label domain is refused unless confirmed
(restoring another station's settings would sign labels for another resolver: the person
must have meant it); every member's size is checked from the manifest and zip headers before
unpacking, each is unpacked with a cap and hashed; the private key is decrypted with the
passphrase; the unpacked database's audit trail is verified (``Store.verify_audit``, with its
checkpoint log) in a staging folder. Only then are folders swapped, with renames.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from appraiser import backup as fmt
from appraiser import config, key_ledger
from appraiser.backup import BackupError, Manifest, Progress
from appraiser.errors import DatabaseDamagedError, InvalidInput, KnownError
from appraiser.fsio import write_atomic
from appraiser.keys import PRIVATE_NAME, decrypt_private, plain_private
from appraiser.keys import same_fingerprint as matches
from appraiser.paths import PRIVATE_FILE, DataDir
from appraiser.services.admin import restore_keys, restore_labels, rules
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.backup import (
    DataFolderInUse,
    DataFolderNotEmpty,
    has_station_data,
    holder_alive,
    pending_path,
    swap_in,
)
from appraiser.services.admin.rules import Action
from appraiser.storage.db import Store

WATCHED = ("station_code", "resolver_domain")  # settings a restore must not change quietly


class SignerNotTrusted(InvalidInput):
    """The backup is signed by a key this station does not trust (or has revoked)."""


class SettingsChanged(InvalidInput):
    """The backup would change the station code or label domain: confirm it first."""


@dataclass(frozen=True)
class BackupInfo:
    """What a person must see before a restore: who signed it and what it changes."""

    manifest: Manifest
    trusted: bool
    refused: str | None  # a reason no confirmation can override (a revoked key)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (now, backup)


@dataclass(frozen=True)
class RestoreResult:
    root: Path
    manifest: Manifest
    previous: Path | None  # where the replaced data folder was moved, if there was one
    seconds: float


def inspect(archive_path: Path, root: Path) -> BackupInfo:
    """Read and check the signed manifest (not the members) against the station at root."""
    archive, manifest = fmt.open_archive(archive_path)
    with archive:
        restored = _settings_of(archive, manifest)
    trusted, refused = _trust(manifest, root)
    changes = {}
    if has_station_data(root):
        now = config.load(root / "config.toml")
        changes = {
            key: (getattr(now, key), getattr(restored, key))
            for key in WATCHED
            if getattr(now, key) != getattr(restored, key)
        }
    return BackupInfo(manifest, trusted, refused, changes)


def _settings_of(archive, manifest: Manifest) -> config.Settings:
    data = fmt.read_member(archive, manifest, "config.toml", 64 * 1024)
    with tempfile.TemporaryDirectory(prefix="appraiser-restore-") as scratch:
        path = Path(scratch) / "config.toml"
        path.write_bytes(data)
        try:
            return config.load(path)
        except KnownError as exc:
            raise BackupError(f"The backup's settings are unusable: {exc}") from exc


def current_ledger(root: Path) -> key_ledger.Ledger:
    """The key ledger of the station at ``root`` (empty for an empty folder), read-only:
    a restore believes what the station's audit trail vouches for, never key files
    (issue 14 breaker H3)."""
    db = DataDir(root).db
    if not db.is_file():
        return key_ledger.Ledger()
    try:
        with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
            return key_ledger.read(conn)
    except sqlite3.Error as exc:
        raise DatabaseDamagedError(f"The station's database {db} cannot be read ({exc}).") from exc


def _trust(manifest: Manifest, root: Path) -> tuple[bool, str | None]:
    ledger = current_ledger(root)
    signer = manifest.signer
    known, retired = ledger.keys, ledger.retirements
    gone = retired.get(signer.key_id)
    if gone is not None and gone.revoked:
        return False, f"The backup is signed by key {signer.key_id}, which was revoked."
    day = manifest.created[:10].replace("-", "")
    if gone is not None and day > gone.after:
        return False, f"The backup is signed by key {signer.key_id} after it was retired."
    return signer.key_id in known, None


def confirm(info: BackupInfo, signer: str | None, accept_settings: bool) -> None:
    """Refuse unless the signer is trusted or confirmed, and changes are accepted."""
    shown = info.manifest.signer
    if info.refused:
        raise SignerNotTrusted(info.refused + " Nothing was restored.")
    if not info.trusted and not (signer and matches(signer, shown.public_key())):
        said = "does not match" if signer else "must be confirmed"
        raise SignerNotTrusted(
            f"The backup is signed by key {shown.key_id}, which this station does not trust; "
            f"its fingerprint {said}: {shown.fingerprint}. Compare it with the station that "
            f"made the backup (`appraiser keys list` there), then give --signer "
            f"'{shown.fingerprint}'. Nothing was restored."
        )
    if info.changes and not accept_settings:
        listed = "; ".join(f"{k}: {now!r} -> {new!r}" for k, (now, new) in info.changes.items())
        raise SettingsChanged(
            f"The backup changes this station's settings ({listed}). Labels would then be "
            "signed for that station and domain. Run again with --accept-settings if this "
            "is meant. Nothing was restored."
        )


def stage(
    archive_path: Path, root: Path, passphrase: str, progress: Progress | None = None
) -> Path:
    """Unpack and check a backup in a 0700 folder beside ``root``; returns that folder."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = root.parent / f".{root.name}.restore-{uuid.uuid4().hex[:8]}"
    staging.mkdir(mode=0o700)
    try:
        archive, manifest = fmt.open_archive(archive_path)
        with archive:
            fmt.check_members(archive, manifest, archive_path)
            fmt.check_room(manifest, root.parent)
            for number, (name, expected) in enumerate(sorted(manifest.files.items()), 1):
                if progress and number % 200 == 0:
                    progress(f"unpacked {number}/{len(manifest.files)} files")
                fmt.extract_member(archive, name, staging / name, expected)
        _unseal_key(staging, passphrase)
        _check_audit(staging, manifest)
    except BaseException:
        fmt.remove_tree(staging)
        raise
    return staging


def _unseal_key(staging: Path, passphrase: str) -> None:
    sealed = staging / fmt.ENCRYPTED_KEY
    key = decrypt_private(sealed.read_bytes(), passphrase)
    write_atomic(staging / "keys" / PRIVATE_NAME, plain_private(key), mode=PRIVATE_FILE)
    sealed.unlink()
    (staging / "keys").chmod(0o700)


def _check_audit(staging: Path, manifest: Manifest) -> None:
    """The unpacked database must be whole and its audit trail intact, checkpoints included."""
    fmt.check_database(staging / fmt.DB_NAME)
    store = Store.open(DataDir(staging))
    try:
        report = store.verify_audit()
    finally:
        store.close()
    if not report.ok:
        first = report.problems[0] if report.problems else "unknown problem"
        raise BackupError(f"The backup's audit trail is broken ({first}); nothing was restored.")
    if report.events < manifest.audit.events:
        raise BackupError("The backup's database has fewer audit events than its manifest.")


def _admin_of(store: Store, user: str, password: str) -> Session:
    session = check_password(store, user, password, purpose="restore")
    return rules.require(store, session, Action.RESTORE)


def restore_backup(
    archive_path: Path,
    root: Path,
    *,
    user: str,
    password: str,
    passphrase: str,
    signer: str | None = None,
    accept_settings: bool = False,
    accept_older: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore ``archive_path`` into the data folder ``root`` (see the module docstring)."""
    started = time.perf_counter()
    root = root.expanduser().resolve()
    if root.exists() and holder_alive(root):
        raise DataFolderInUse(f"The station application is using {root}.")
    existing = has_station_data(root)
    if existing and not force:
        raise DataFolderNotEmpty(f"{root} already holds station data.")
    actor = user
    if existing:
        current = Store.open(DataDir(root).ensure())
        try:
            actor = _admin_of(current, user, password).actor
        finally:
            current.close()
    if progress:
        progress("checking the backup's signature")
    info = inspect(archive_path, root)
    confirm(info, signer, accept_settings)
    ledger = current_ledger(root)  # its revocations and retirements outlive the restore
    restore_keys.check_age(info.manifest, ledger, accept_older)
    history = restore_labels.read_station(root)  # so do its revoked and voided labels
    staging = stage(archive_path, root, passphrase, progress)
    try:
        if not existing:  # an empty station has no accounts: the backup's admin signs in
            staged = Store.open(DataDir(staging))
            try:
                _admin_of(staged, user, password)
            finally:
                staged.close()
        _carry_labels(staging, history, actor, info.manifest, accept_older, progress)
        _record_accepted(staging, info, user)
        _say_carried(restore_keys.carry(staging, root, ledger, actor), progress)
        _drop_sidecars(staging)
        previous = swap_in(staging, root, force)
    except BaseException:
        fmt.remove_tree(staging)
        raise
    return RestoreResult(root, info.manifest, previous, time.perf_counter() - started)


def _record_accepted(staging: Path, info: BackupInfo, user: str) -> None:
    """Settings changed by the restore and accepted (``--accept-settings``) are recorded in
    the restored station's audited settings as that administrator's (issue 14 H4)."""
    if not info.changes:
        return
    store = Store.open(DataDir(staging))
    try:
        accepted = config.load(staging / "config.toml")
        recorded_settings.record_restored(store, accepted, user, info.changes)
    finally:
        store.close()


def _carry_labels(
    staging: Path,
    history: restore_labels.LabelHistory,
    actor: str,
    manifest: Manifest,
    accept_older: bool,
    progress: Progress | None,
) -> None:
    """Refuse a backup lacking this station's amendments, voids, revocations or reprints
    unless accepted; then keep every revoked/voided label so (issue 14 breaker pass 2, M-1)."""
    lost = restore_labels.carry(
        staging, history, actor, created=manifest.created, accept_older=accept_older
    )
    if lost and progress:
        progress(f"kept this station's revoked and voided labels ({lost.summary()})")


def _say_carried(carried: list[str], progress: Progress | None) -> None:
    if carried and progress:
        progress(f"kept this station's revocations and retirements of {', '.join(carried)}")


def _drop_sidecars(staging: Path) -> None:
    for leftover in staging.glob(f"{fmt.DB_NAME}-*"):  # -wal/-shm of the checks, now empty
        leftover.unlink(missing_ok=True)


def stage_pending(
    archive_path: Path,
    root: Path,
    store: Store,
    session: Session | None,
    passphrase: str,
    *,
    signer: str | None = None,
    accept_settings: bool = False,
    accept_older: bool = False,
    progress: Progress | None = None,
) -> Manifest:
    """For the running app: check and unpack now, swap in at the next start."""
    rules.require(store, session, Action.RESTORE)
    info = inspect(archive_path, root)
    confirm(info, signer, accept_settings)
    ledger = key_ledger.read(store)
    restore_keys.check_age(info.manifest, ledger, accept_older)
    history = restore_labels.read(store)
    staging = stage(archive_path, root, passphrase, progress)
    assert session is not None
    try:
        _carry_labels(staging, history, session.actor, info.manifest, accept_older, progress)
        _record_accepted(staging, info, session.actor)
        _say_carried(restore_keys.carry(staging, root, ledger, session.actor), progress)
    except BaseException:
        fmt.remove_tree(staging)
        raise
    _drop_sidecars(staging)
    target = pending_path(root)
    fmt.remove_tree(target)
    os.replace(staging, target)
    fmt.fsync_dir(target.parent)
    assert session is not None
    with store.atomic(session.actor) as tx:
        tx.event("backup.restore_staged", source=str(archive_path),
                 signer=info.manifest.signer.key_id, created=info.manifest.created)  # fmt: skip
    return info.manifest


__all__ = ["BackupInfo", "DataFolderInUse", "DataFolderNotEmpty", "RestoreResult"]
