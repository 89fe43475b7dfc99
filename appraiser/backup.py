"""The station backup archive: one zip whose signed manifest vouches for every member.

Layout (format v2): ``appraiser.db`` (a consistent snapshot made with SQLite's backup API,
never a copy of the live WAL file), ``media/…``, ``library/…``, ``audit/…`` (the signed
checkpoint log), ``keys/public/…`` (public keys and their retirements), the private signing
key **encrypted** with an administrator's passphrase (``keys/station-ed25519.encrypted.pem``),
``config.toml``, then ``manifest.json`` (SHA-256 and size of every other member, the audit
figures, station code, label domain and the signer's public key) and ``manifest.sig``, the
station key's Ed25519 signature over the manifest's exact bytes.

Anything in the zip that the manifest does not name, that does not hash to what it names,
or that is not a place a station keeps data (a lock file, a log, a -wal file) makes the whole
archive unusable: a backup is trusted completely or not at all. Sizes are checked from the
manifest and the zip headers before anything is unpacked, and unpacking stops at the
recorded size. Whether the *signer* is trusted is the restoring station's decision
(``services/admin/backup.py``); this module proves the signature matches the key named.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from appraiser.errors import InvalidInput, KnownError
from appraiser.fsio import check_replaceable, fsync_dir
from appraiser.keys import fingerprint, key_id, load_public_pem
from appraiser.paths import PRIVATE_FILE
from appraiser.storage import audit

FORMAT = "appraiser.backup"
VERSION = 2
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DB_NAME = "appraiser.db"
ENCRYPTED_KEY = "keys/station-ed25519.encrypted.pem"
FOLDERS = ("media", "library", "audit")  # copied whole (temp and lock files left out)
FILES = ("config.toml",)
MAX_MANIFEST = 64 * 1024 * 1024  # ~400k members; the manifest is read into memory
_CHUNK = 1 << 20
# Already-compressed media gain nothing from deflate; text, keys and the database do.
_STORED_SUFFIXES = {".jpg", ".jpeg", ".png", ".mp4", ".m4s", ".webp", ".npz", ".zip"}
# The only places a backup may write: never a lock, log, -wal/-shm or export (issue 14 #11).
_ALLOWED = re.compile(
    r"appraiser\.db|config\.toml|media/[0-9a-f]{2}/[0-9a-f]{64}|library/.+|audit/[^/]+"
    r"|keys/public/(?:[0-9a-f]{16}\.pem|retired\.json)|keys/station-ed25519\.encrypted\.pem"
)
_RUNTIME = (".tmp", ".lock", "-wal", "-shm", "-journal")

Progress = Callable[[str], None]
# A member that cannot be read back: zlib.error is no OSError (fuzz case: flipped deflate bits).
_UNREADABLE = (zipfile.BadZipFile, OSError, EOFError, zlib.error)


class BackupError(InvalidInput):
    """The archive is damaged, altered, foreign or unsafe: bad input (CLI exit 2), not a
    problem of this computer (issue 14, breaker: a tampered backup exited 3)."""

    title = "Backup problem"
    hint = "Use another backup file, or make a new backup on the station it came from."


class BackupNoRoom(KnownError):
    """The disk cannot hold what the backup unpacks to: the environment's problem (exit 3)."""

    title = "Not enough space"
    hint = "Free space on the station disk, then restore again; nothing was replaced."


@dataclass(frozen=True)
class AuditFigures:
    ok: bool
    events: int
    rows: int
    first_problem: str | None

    @classmethod
    def of(cls, report: audit.VerifyReport) -> AuditFigures:
        first = report.problems[0] if report.problems else None
        return cls(report.ok, report.events, report.rows, first)


@dataclass(frozen=True)
class Signer:
    key_id: str
    fingerprint: str
    public_pem: str

    @classmethod
    def of(cls, public: Ed25519PublicKey, pem: bytes) -> Signer:
        return cls(key_id(public), fingerprint(public), pem.decode("ascii"))

    def public_key(self) -> Ed25519PublicKey:
        return load_public_pem(self.public_pem.encode("ascii"))


@dataclass(frozen=True)
class Manifest:
    created: str
    app_version: str
    station_code: str
    resolver_domain: str
    files: dict[str, dict[str, Any]]  # member name -> {"sha256", "size"}
    audit: AuditFigures
    signer: Signer

    def to_json(self) -> bytes:
        body = {"format": FORMAT, "version": VERSION, **asdict(self)}
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def parse(cls, raw: bytes, source: Path) -> Manifest:
        try:
            body = json.loads(raw)
            if not isinstance(body, dict) or body.get("format") != FORMAT:
                raise BackupError(f"{source} is not an appraiser station backup.")
            if body.get("version") != VERSION:
                raise BackupError(
                    f"{source} is a backup format v{body.get('version')} file; this station "
                    f"restores only signed v{VERSION} backups. Make a new backup."
                )
            return _typed(body)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise BackupError(f"{source}: the backup manifest is unreadable ({exc}).") from exc

    @property
    def media_count(self) -> int:
        return sum(1 for name in self.files if name.startswith("media/"))

    @property
    def total_bytes(self) -> int:
        return sum(int(entry["size"]) for entry in self.files.values())


def _typed(body: dict) -> Manifest:
    """The manifest with every field's type checked: hostile JSON is refused, not trusted."""
    text = ("created", "app_version", "station_code", "resolver_domain")
    if not all(isinstance(body[k], str) for k in text) or not isinstance(body["files"], dict):
        raise TypeError("wrong field types")
    for name, entry in body["files"].items():
        sha, size = entry["sha256"], entry["size"]
        if not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)):
            raise TypeError(f"bad hash for {name!r}")
        if type(size) is not int or not 0 <= size < 1 << 50:
            raise TypeError(f"bad size for {name!r}")
    figures = AuditFigures(**body["audit"])
    if not (type(figures.ok) is bool and type(figures.events) is int
            and type(figures.rows) is int
            and isinstance(figures.first_problem, str | None)):  # fmt: skip
        raise TypeError("wrong audit figure types")
    signer = Signer(**body["signer"])
    if not all(isinstance(v, str) for v in (signer.key_id, signer.fingerprint, signer.public_pem)):
        raise TypeError("wrong signer field types")
    signer.public_key()  # a PEM that is no Ed25519 key fails here
    return Manifest(*(body[k] for k in text[:3]), body["resolver_domain"], body["files"],
                    figures, signer)  # fmt: skip


def sign_manifest(manifest: Manifest, sign: Callable[[bytes], bytes]) -> tuple[bytes, bytes]:
    """(manifest bytes, base64 signature) for the two last members of the archive."""
    raw = manifest.to_json()
    return raw, base64.b64encode(sign(raw))


def check_signature(raw: bytes, signature: bytes, manifest: Manifest, source: Path) -> None:
    """The manifest was signed by the key it names, byte for byte."""
    try:
        manifest.signer.public_key().verify(base64.b64decode(signature, validate=True), raw)
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise BackupError(
            f"{source}: the backup's signature does not match its manifest (altered)."
        ) from exc
    if manifest.signer.key_id != key_id(manifest.signer.public_key()):
        raise BackupError(f"{source}: the signer's key id does not match its key.")


def sha256_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def data_members(root: Path) -> Iterator[tuple[str, Path]]:
    """(member name, file) for every plain data file a backup carries (not the database,
    not the private key: both are added by the service in their own form)."""
    for folder in (*FOLDERS, "keys/public"):
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not name.endswith(_RUNTIME) and _ALLOWED.fullmatch(name):
                yield name, path
    for name in FILES:
        if (root / name).is_file():
            yield name, root / name


def check_database(path: Path) -> None:
    """``PRAGMA integrity_check`` of a database file that nothing else has open."""
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database copy cannot be read ({exc}).") from exc
    if result != ["ok"]:
        raise BackupError(f"the database copy failed its integrity check: {result[0]}")


def _copy_hashing(source: IO[bytes], target: IO[bytes], cap: int | None = None) -> tuple[str, int]:
    hasher, size = hashlib.sha256(), 0
    for chunk in iter(lambda: source.read(_CHUNK), b""):
        size += len(chunk)
        if cap is not None and size > cap:
            raise BackupError("a member is larger than its recorded size; refused.")
        hasher.update(chunk)
        target.write(chunk)
    return hasher.hexdigest(), size


def add_member(archive: zipfile.ZipFile, name: str, path: Path) -> dict[str, Any]:
    """Stream one file into the archive, hashing exactly the bytes that went in."""
    with open(path, "rb") as source:
        return add_stream(archive, name, source)


def add_stream(archive: zipfile.ZipFile, name: str, source: IO[bytes]) -> dict[str, Any]:
    stored = Path(name).suffix.lower() in _STORED_SUFFIXES or name.startswith("media/")
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = (0o100000 | PRIVATE_FILE) << 16
    with archive.open(info, "w", force_zip64=True) as target:
        sha, size = _copy_hashing(source, target)
    return {"sha256": sha, "size": size}


def _read_small(archive: zipfile.ZipFile, name: str, cap: int, source: Path) -> bytes:
    """A small member (manifest, signature, settings), its size checked before reading."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BackupError(f"{source} has no {name}: it is not a signed appraiser backup.") from None
    if info.file_size > cap:
        raise BackupError(f"{source}: {name} is {info.file_size} bytes, more than a backup has.")
    try:
        with archive.open(info) as handle:
            data = handle.read(cap + 1)
    except _UNREADABLE as exc:
        raise BackupError(f"{source}: {name} is damaged ({exc}).") from exc
    if len(data) > cap:
        raise BackupError(f"{source}: {name} is larger than its header says; refused.")
    return data


def open_archive(path: Path) -> tuple[zipfile.ZipFile, Manifest]:
    """Open a backup, read its manifest and check its signature matches the key it names;
    a foreign, truncated, unsigned or altered file is refused."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BackupError(f"{path} is damaged or not a backup archive ({exc}).") from exc
    try:
        if MANIFEST not in archive.NameToInfo:
            raise BackupError(f"{path} has no manifest: it is not an appraiser backup.")
        raw = _read_small(archive, MANIFEST, MAX_MANIFEST, path)
        manifest = Manifest.parse(raw, path)
        check_signature(raw, _read_small(archive, SIGNATURE, 1024, path), manifest, path)
        return archive, manifest
    except BaseException:
        archive.close()
        raise


def read_member(archive: zipfile.ZipFile, manifest: Manifest, name: str, cap: int) -> bytes:
    """A small member checked against the manifest (e.g. config.toml before restoring)."""
    expected = manifest.files.get(name)
    if expected is None:
        return b""
    data = _read_small(archive, name, cap, Path(name))
    if hashlib.sha256(data).hexdigest() != expected["sha256"]:
        raise BackupError(f"{name} in the backup does not match its recorded SHA-256.")
    return data


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return (
        bool(parts)
        and not Path(name).is_absolute()
        and ".." not in parts
        and "\\" not in name
        and not name.endswith(_RUNTIME)
        and _ALLOWED.fullmatch(name) is not None
    )


def check_members(archive: zipfile.ZipFile, manifest: Manifest, source: Path) -> None:
    """Every member named, nothing extra, nothing outside the station's places, and every
    size in the zip header equal to the manifest's, before a byte is unpacked."""
    infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
    names = set(infos) - {MANIFEST, SIGNATURE}
    listed = set(manifest.files)
    for name in sorted(listed | names):
        if not _safe_name(name):
            raise BackupError(f"{source} holds {name!r}, which no backup carries; refused.")
    if names != listed:
        odd = sorted(names ^ listed)[0]
        raise BackupError(f"{source} does not match its manifest (first difference: {odd}).")
    for required in (DB_NAME, ENCRYPTED_KEY):
        if required not in listed:
            raise BackupError(f"{source} holds no {required}.")
    for name, info in infos.items():
        if name in listed and info.file_size != manifest.files[name]["size"]:
            raise BackupError(f"{source}: {name} is not the size its manifest records.")


def check_room(manifest: Manifest, folder: Path) -> None:
    """Refuse before unpacking when the members cannot fit (twice: check copy + staging)."""
    free = shutil.disk_usage(folder).free
    if manifest.total_bytes > free:
        raise BackupNoRoom(
            f"The backup needs {manifest.total_bytes / 2**20:.0f} MiB; only "
            f"{free / 2**20:.0f} MiB are free at {folder}."
        )


def extract_member(
    archive: zipfile.ZipFile, name: str, target: Path, expected: dict[str, Any]
) -> None:
    """Write one member to ``target`` (0600, fsynced), never more than its recorded size,
    and prove it is the byte-exact original."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        with archive.open(name) as source, _private_file(target) as out:
            sha, size = _copy_hashing(source, out, cap=int(expected["size"]))
            out.flush()
            os.fsync(out.fileno())
    except _UNREADABLE as exc:
        raise BackupError(f"{name} cannot be read from the backup ({exc}).") from exc
    if sha != expected["sha256"] or size != int(expected["size"]):
        raise BackupError(f"{name} in the backup does not match its recorded SHA-256.")
    if name.startswith("media/") and Path(name).name != sha:
        raise BackupError(f"media file {name} does not hash to its own name.")


def _private_file(path: Path) -> IO[bytes]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, PRIVATE_FILE), "wb")


def replace_durably(tmp: Path, final: Path) -> None:
    check_replaceable(final)  # a device, FIFO or link at the final name is never replaced
    os.replace(tmp, final)
    fsync_dir(final.parent)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def verify_members(
    archive: zipfile.ZipFile, manifest: Manifest, source: Path, progress: Progress | None = None
) -> None:
    """Re-read every member against the manifest without unpacking it anywhere."""
    check_members(archive, manifest, source)
    for number, (name, expected) in enumerate(sorted(manifest.files.items()), 1):
        if progress and number % 200 == 0:
            progress(f"checked {number}/{len(manifest.files)} files")
        try:
            with archive.open(name) as member:
                sha, size = _copy_hashing(member, _Discard(), cap=int(expected["size"]))
        except _UNREADABLE as exc:
            raise BackupError(f"{name} cannot be read from the backup ({exc}).") from exc
        if sha != expected["sha256"] or size != int(expected["size"]):
            raise BackupError(f"{name} in the backup does not match its recorded SHA-256.")


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)
