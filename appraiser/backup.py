"""The station backup archive: one zip with a manifest that vouches for every member.

Layout: ``appraiser.db`` (a consistent snapshot made with SQLite's backup API, never a copy
of the live WAL file), ``media/…``, ``library/…``, ``keys/…`` (the private signing key
included), ``config.toml`` and, written last, ``manifest.json`` holding the SHA-256 and size
of every other member plus the audit-verify figures of the snapshot. Anything in the zip
that the manifest does not name, or that does not hash to what it names, makes the whole
archive unusable: a backup is trusted completely or not at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from appraiser.errors import KnownError
from appraiser.fsio import fsync_dir
from appraiser.storage import audit

FORMAT = "appraiser.backup"
VERSION = 1
MANIFEST = "manifest.json"
DB_NAME = "appraiser.db"
FOLDERS = ("media", "library", "keys")  # copied whole (temp files and locks left out)
FILES = ("config.toml",)
_CHUNK = 1 << 20
# Already-compressed media gain nothing from deflate; text, keys and the database do.
_STORED_SUFFIXES = {".jpg", ".jpeg", ".png", ".mp4", ".m4s", ".webp", ".npz", ".zip"}

Progress = Callable[[str], None]


class BackupError(KnownError):
    title = "Backup problem"
    hint = "Use another backup file, or make a new backup on the station it came from."


@dataclass(frozen=True)
class AuditFigures:
    ok: bool
    events: int
    rows: int
    first_problem: str | None

    @classmethod
    def of(cls, conn: sqlite3.Connection) -> AuditFigures:
        report = audit.verify(conn)
        first = report.problems[0] if report.problems else None
        return cls(report.ok, report.events, report.rows, first)


@dataclass(frozen=True)
class Manifest:
    created: str
    app_version: str
    station_code: str
    files: dict[str, dict[str, Any]]  # member name -> {"sha256", "size"}
    audit: AuditFigures

    def to_json(self) -> bytes:
        body = {
            "format": FORMAT,
            "version": VERSION,
            "created": self.created,
            "app_version": self.app_version,
            "station_code": self.station_code,
            "audit": self.audit.__dict__,
            "files": self.files,
        }
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def parse(cls, raw: bytes, source: Path) -> Manifest:
        try:
            body = json.loads(raw)
            if body.get("format") != FORMAT:
                raise BackupError(f"{source} is not an appraiser station backup.")
            if body.get("version") != VERSION:
                raise BackupError(f"{source} is a backup format v{body.get('version')} file.")
            return cls(
                body["created"], body["app_version"], body["station_code"],
                body["files"], AuditFigures(**body["audit"]),
            )  # fmt: skip
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"{source}: the backup manifest is unreadable ({exc}).") from exc

    @property
    def media_count(self) -> int:
        return sum(1 for name in self.files if name.startswith("media/"))

    @property
    def total_bytes(self) -> int:
        return sum(int(entry["size"]) for entry in self.files.values())


def sha256_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def data_members(root: Path) -> Iterator[tuple[str, Path]]:
    """(member name, file) for every file of the data folder that a backup carries."""
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.endswith((".tmp", ".lock")):
                yield path.relative_to(root).as_posix(), path
    for name in FILES:
        if (root / name).is_file():
            yield name, root / name


def check_database(path: Path) -> AuditFigures:
    """Integrity check and audit verify of a database file that nothing else has open."""
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise BackupError(f"the database copy failed its integrity check: {result[0]}")
            return AuditFigures.of(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database copy cannot be read ({exc}).") from exc


def _copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    hasher, size = hashlib.sha256(), 0
    for chunk in iter(lambda: source.read(_CHUNK), b""):
        hasher.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return hasher.hexdigest(), size


def add_member(archive: zipfile.ZipFile, name: str, path: Path) -> dict[str, Any]:
    """Stream one file into the archive, hashing exactly the bytes that went in."""
    stored = Path(name).suffix.lower() in _STORED_SUFFIXES or name.startswith("media/")
    info = zipfile.ZipInfo.from_file(path, name)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with open(path, "rb") as source, archive.open(info, "w", force_zip64=True) as target:
        sha, size = _copy_hashing(source, target)
    return {"sha256": sha, "size": size}


def open_archive(path: Path) -> tuple[zipfile.ZipFile, Manifest]:
    """Open a backup and read its manifest; a foreign or truncated file is refused."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path} is damaged or not a backup archive ({exc}).") from exc
    try:
        raw = archive.read(MANIFEST)
    except KeyError:
        archive.close()
        raise BackupError(f"{path} has no manifest: it is not an appraiser backup.") from None
    except (zipfile.BadZipFile, OSError) as exc:
        archive.close()
        raise BackupError(f"{path}: the manifest is damaged ({exc}).") from exc
    try:
        return archive, Manifest.parse(raw, path)
    except BackupError:
        archive.close()
        raise


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts and "\\" not in name


def check_members(archive: zipfile.ZipFile, manifest: Manifest, source: Path) -> None:
    """Every member named, nothing extra, nothing escaping the data folder."""
    names = {i.filename for i in archive.infolist() if not i.is_dir()} - {MANIFEST}
    listed = set(manifest.files)
    if DB_NAME not in listed:
        raise BackupError(f"{source} holds no database.")
    for name in sorted(listed | names):
        if not _safe_name(name):
            raise BackupError(f"{source} names an unsafe path {name!r}; refused.")
    if names != listed:
        odd = sorted(names ^ listed)[0]
        raise BackupError(f"{source} does not match its manifest (first difference: {odd}).")


def extract_member(
    archive: zipfile.ZipFile, name: str, target: Path, expected: dict[str, Any]
) -> None:
    """Write one member to ``target`` (fsynced) and prove it is the byte-exact original."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with archive.open(name) as source, open(target, "wb") as out:
            sha, size = _copy_hashing(source, out)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupError(f"{name} cannot be read from the backup ({exc}).") from exc
    if sha != expected["sha256"] or size != int(expected["size"]):
        raise BackupError(f"{name} in the backup does not match its recorded SHA-256.")
    if name.startswith("media/") and Path(name).name != sha:
        raise BackupError(f"media file {name} does not hash to its own name.")


def verify_archive(path: Path, progress: Progress | None = None) -> Manifest:
    """Re-read every member against the manifest and check the database inside."""
    archive, manifest = open_archive(path)
    with archive, tempfile.TemporaryDirectory(prefix="appraiser-verify-") as scratch:
        check_members(archive, manifest, path)
        for number, (name, expected) in enumerate(sorted(manifest.files.items()), 1):
            if progress and number % 200 == 0:
                progress(f"checked {number}/{len(manifest.files)} files")
            target = Path(scratch) / "member"
            extract_member(archive, name, target, expected)
            if name == DB_NAME:
                figures = check_database(target)
                if figures != manifest.audit:
                    raise BackupError(f"{path}: the database differs from its manifest.")
            target.unlink()
    return manifest


def replace_durably(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)
    fsync_dir(final.parent)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
