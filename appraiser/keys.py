"""The station's Ed25519 signing key: made on first use, private file owner-only.

Labels (DESIGN §3.3) and export checkpoints are signed with it. A key id is the first 16
hex digits of the SHA-256 of the raw public key; the *fingerprint* is the whole SHA-256,
grouped by four so two people can read it to each other over the phone before one station
trusts the other's key. Rotation makes a new key and keeps every old public key in
``keys/public/`` so labels and exports signed earlier still verify; the old key is *retired*
for dates after the rotation day, so a stolen old key cannot sign labels that verify.
Which keys a *station* believes (trusted, retired, revoked, the one it signs with) comes
from its audited database (``key_ledger``, issue 14 breaker H3): give ``StationKeys`` the
station's store (or connection) and it verifies with the ledger's keys only and refuses to
sign with a key file the ledger does not name. Without one it is a bare key folder (tests,
benchmarks, a folder handed over for one verification): files only.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from appraiser.errors import InvalidInput, KnownError
from appraiser.fsio import write_atomic
from appraiser.paths import PRIVATE_FILE, PRIVATE_FOLDER, owner_only

PRIVATE_NAME = "station-ed25519.pem"
NEXT_NAME = "station-ed25519.next.pem"  # a rotation's new key until its audited COMMIT
RETIRED_NAME = "retired.json"  # before the key ledger; read once when the ledger starts
EVERY_DATE = "00000000"  # a revoked key is retired "after" this: every label date refused
MIN_PASSPHRASE = 12
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
_MAX_PEM = 16 * 1024  # a public key PEM is ~113 bytes; anything this big is not one

# The signing key as last read, per private key file: every committing transaction signs an
# audit checkpoint, and reading and parsing the PEM for each was most of what signing cost.
# An entry is used only while the file is the very file it was read from (device, inode,
# size, mtime and ctime in ns): a rotation, a restore or a copy over it is read again.
_FileId = tuple[int, int, int, int, int]
_LOADED: dict[str, tuple[_FileId, Ed25519PrivateKey, str]] = {}


def key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(public.public_bytes(*_RAW)).hexdigest()[:16]


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, upper-case hex in 16 groups of 4, to read aloud."""
    digest = hashlib.sha256(public.public_bytes(*_RAW)).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, 64, 4))


def same_fingerprint(given: str, public: Ed25519PublicKey) -> bool:
    """Whether a typed fingerprint names this key; spaces, colons, dashes and case are
    ignored (people copy it in many forms), every one of the 64 digits must match."""
    typed = re.sub(r"[\s:\-]", "", given).upper()
    return typed == fingerprint(public).replace(" ", "")


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_pem(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM, or ``InvalidInput`` saying it is not one."""
    try:
        if len(pem) > _MAX_PEM:
            raise ValueError("too large")
        public = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as exc:
        raise InvalidInput("This is not an Ed25519 public key (PEM).") from exc
    if not isinstance(public, Ed25519PublicKey):
        raise InvalidInput("This is not an Ed25519 public key (PEM).")
    return public


def check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(f"The passphrase must have at least {MIN_PASSPHRASE} characters.")
    return passphrase.encode("utf-8")


def encrypt_private(key: Ed25519PrivateKey, passphrase: str) -> bytes:
    """PKCS#8 PEM encrypted with the passphrase (the best scheme ``cryptography`` has)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(check_passphrase(passphrase)),
    )


def decrypt_private(pem: bytes, passphrase: str) -> Ed25519PrivateKey:
    """The key inside an encrypted PEM; a wrong passphrase is ``InvalidInput``."""
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise InvalidInput("Wrong passphrase, or the key file is damaged.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("The key file holds no Ed25519 key.")
    return key


def plain_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _file_id(path: str) -> _FileId | None:
    """What tells one key file from another at the same path, or None if there is none."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass(frozen=True)
class Retirement:
    """A key no longer good for new labels: dates after ``after`` (YYYYMMDD) are refused."""

    key_id: str
    after: str
    kind: str  # "rotated" | "revoked"
    at: str  # when it was retired (UTC ISO-8601)
    reason: str = ""

    @property
    def revoked(self) -> bool:
        return self.kind == "revoked"


class SigningKeyReplaced(KnownError):
    """The private key file is not the key the audit trail names as this station's."""

    title = "Signing key replaced"
    hint = (
        "Nothing was signed or saved. Put the station's own key file back (decrypt your key "
        "backup: appraiser keys restore-private FILE --user ADMIN), or restore a backup."
    )


def _read_private(path: Path) -> tuple[Ed25519PrivateKey, str] | None:
    """The key in ``path`` and its id (None if there is no file), cached per file."""
    where = os.path.abspath(path)
    seen = _file_id(where)
    if seen is None:
        return None
    cached = _LOADED.get(where)
    if cached is not None and cached[0] == seen:
        return cached[1], cached[2]
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyReplaced(f"The station's signing key file {path} is damaged.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyReplaced(f"The station's signing key file {path} holds no Ed25519 key.")
    kid = key_id(key.public_key())
    _LOADED[where] = (seen, key, kid)
    return key, kid


def _read_private_quietly(path: Path) -> str | None:
    try:
        found = _read_private(path)
    except SigningKeyReplaced:
        return None
    return found[1] if found else None


@dataclass
class StationKeys:
    """Keys in ``<data>/keys``; ``db`` (a Store or sqlite3 connection) is the station's
    database, where trust comes from (see the module docstring)."""

    folder: Path
    db: Any = None

    @property
    def private_path(self) -> Path:
        return self.folder / PRIVATE_NAME

    @property
    def public_folder(self) -> Path:
        return self.folder / "public"

    def _write_private(self, key: Ed25519PrivateKey) -> None:
        self.folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        owner_only(self.folder)
        _LOADED.pop(os.path.abspath(self.private_path), None)
        write_atomic(self.private_path, plain_private(key), mode=PRIVATE_FILE)

    @property
    def next_path(self) -> Path:
        return self.folder / NEXT_NAME

    def file_key(self) -> Ed25519PrivateKey:
        """The key in the key file, made on first use, whatever the ledger says (the
        ledger's start adopts it; a bare folder has nothing else)."""
        found = _read_private(self.private_path)
        if found is None:
            self._write_private(Ed25519PrivateKey.generate())
            found = _read_private(self.private_path)
            assert found is not None
        return found[0]

    def _loaded(self) -> tuple[Ed25519PrivateKey, str]:
        """The current private key and its id. With a database: the key the ledger names,
        from the key file (or a rotation's new file before it is renamed into place);
        anything else is refused, never signed with (issue 14 breaker H3)."""
        from appraiser import key_ledger

        wanted = key_ledger.current(self.db) if self.db is not None else None
        if wanted is None:  # a bare folder, or a station whose ledger has not begun
            key = self.file_key()
            found = (key, key_id(key.public_key()))
        else:
            found = self._ledger_key(wanted)
        if not (self.public_folder / f"{found[1]}.pem").exists():
            self._remember(found[0].public_key())
        return found

    def _ledger_key(self, wanted: str) -> tuple[Ed25519PrivateKey, str]:
        for path in (self.private_path, self.next_path):
            found = _read_private(path)
            if found is not None and found[1] == wanted:
                return found
        found = _read_private(self.private_path)
        holds = f"holds key {found[1]}" if found else "is missing"
        raise SigningKeyReplaced(
            f"The station's signing key file was replaced outside the app: "
            f"{self.private_path} {holds}, but the audit trail names key {wanted} as this "
            "station's signing key."
        )

    def signing_key(self) -> Ed25519PrivateKey:
        """The current private key, created on first use."""
        return self._loaded()[0]

    def current_key_id(self) -> str:
        return self._loaded()[1]

    def sign(self, message: bytes) -> tuple[str, bytes]:
        key, kid = self._loaded()
        return kid, key.sign(message)

    def _remember(self, public: Ed25519PublicKey) -> None:
        target = self.public_folder / f"{key_id(public)}.pem"
        if not target.exists():
            self.public_folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            write_atomic(target, public_pem(public), mode=PRIVATE_FILE)

    def public_keys(self, *, create: bool = True) -> dict[str, Ed25519PublicKey]:
        """Every public key this station has signed with or trusts, by key id (retired
        ones included: labels signed before their retirement still verify). With a
        database, the ledger's keys only; a bare folder reads its files (``create=False``:
        without making a key in it)."""
        if self.db is not None:
            from appraiser import key_ledger

            return key_ledger.read(self.db).keys
        if create:
            self.signing_key()
        found = {}
        for pem in sorted(self.public_folder.glob("*.pem")):
            public = serialization.load_pem_public_key(pem.read_bytes())
            assert isinstance(public, Ed25519PublicKey)
            found[key_id(public)] = public
        return found

    def trust(self, pem: bytes) -> str:
        """A bare folder only: keep another key's PEM for verification (a station trusts
        through ``services.admin.keys.trust``, which records it in the ledger)."""
        if self.db is not None:
            raise RuntimeError("a station trusts keys through its audited ledger")
        public = load_public_pem(pem)
        self._remember(public)
        return key_id(public)

    def verify(self, kid: str, signature: bytes, message: bytes) -> bool:
        public = self.public_keys().get(kid)
        if public is None:
            return False
        try:
            public.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def rotate(self) -> str:
        """A bare folder only: sign with a new key, keep the old public key."""
        if self.db is not None:
            raise RuntimeError("a station rotates through services.admin.keys.rotate")
        self.signing_key()
        self._write_private(Ed25519PrivateKey.generate())
        return self.current_key_id()

    def stage_next(self) -> Ed25519PrivateKey:
        """A rotation's new key, written beside the current one: it signs once the ledger
        names it (same transaction), and ``promote_next`` renames it into place after the
        COMMIT, so a crash in between loses neither key."""
        key = Ed25519PrivateKey.generate()
        _LOADED.pop(os.path.abspath(self.next_path), None)
        write_atomic(self.next_path, plain_private(key), mode=PRIVATE_FILE)
        self._remember(key.public_key())
        return key

    def promote_next(self) -> None:
        if self.next_path.exists():
            _LOADED.pop(os.path.abspath(self.private_path), None)
            os.replace(self.next_path, self.private_path)

    def put_back(self, key: Ed25519PrivateKey) -> str | None:
        """Write ``key`` as the key file; a different file there is kept aside as
        ``replaced-<time>.pem`` (0600). Returns that name, if there was one."""
        kept = None
        found = _read_private_quietly(self.private_path)
        if found != key_id(key.public_key()) and self.private_path.exists():
            kept = f"replaced-{time.strftime('%Y%m%d-%H%M%S')}.pem"
            os.replace(self.private_path, self.folder / kept)
        self._write_private(key)
        return kept

    def retirements(self) -> dict[str, Retirement]:
        """Every retired or revoked key, by key id (the ledger's; a bare folder has none)."""
        if self.db is None:
            return {}
        from appraiser import key_ledger

        return key_ledger.read(self.db).retirements

    def export_public(self, kid: str | None = None) -> tuple[str, bytes]:
        """A public key (the current one by default) as PEM with its key id, so other
        stations and the resolver can verify this station's labels offline."""
        keys = self.public_keys()
        kid = kid or self.current_key_id()
        if kid not in keys:
            raise KeyError(f"no public key with id {kid}")
        return kid, public_pem(keys[kid])

    def export_private(self, passphrase: str) -> bytes:
        """The signing key, encrypted with ``passphrase`` (never in the clear)."""
        return encrypt_private(self.signing_key(), passphrase)
