"""The station's Ed25519 signing key: made on first use, private file owner-only.

Labels (DESIGN §3.3) and export checkpoints are signed with it. A key id is the first 16
hex digits of the SHA-256 of the raw public key; the *fingerprint* is the whole SHA-256,
grouped by four so two people can read it to each other over the phone before one station
trusts the other's key. Rotation makes a new key and keeps every old public key in
``keys/public/`` so labels and exports signed earlier still verify; the old key is *retired*
for dates after the rotation day, so a stolen old key cannot sign labels that verify.
Retirements (rotated or revoked) live next to the public keys in ``keys/public/retired.json``
and are written to the audit trail by the services that make them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from appraiser.errors import InvalidInput
from appraiser.fsio import write_atomic
from appraiser.paths import PRIVATE_FILE, PRIVATE_FOLDER, owner_only

PRIVATE_NAME = "station-ed25519.pem"
RETIRED_NAME = "retired.json"
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


@dataclass
class StationKeys:
    """Keys in ``<data>/keys``; every public key ever used stays in ``keys/public``."""

    folder: Path

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

    def _loaded(self) -> tuple[Ed25519PrivateKey, str]:
        """The current private key and its id, created on first use; read from the file
        only when it is not the file read last time (see ``_LOADED``)."""
        path = os.path.abspath(self.private_path)
        seen = _file_id(path)
        if seen is None:
            self._write_private(Ed25519PrivateKey.generate())
            seen = _file_id(path)
        cached = _LOADED.get(path)
        if cached is not None and cached[0] == seen:
            key, kid = cached[1], cached[2]
        else:
            key = serialization.load_pem_private_key(self.private_path.read_bytes(), None)
            assert isinstance(key, Ed25519PrivateKey)
            kid = key_id(key.public_key())
            if seen is not None:
                _LOADED[path] = (seen, key, kid)
        if not (self.public_folder / f"{kid}.pem").exists():
            self._remember(key.public_key())
        return key, kid

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
        ones included: labels signed before their retirement still verify). ``create=False``
        reads a folder without making a key in it (a restore's target)."""
        if create:
            self.signing_key()
        found = {}
        for pem in sorted(self.public_folder.glob("*.pem")):
            public = serialization.load_pem_public_key(pem.read_bytes())
            assert isinstance(public, Ed25519PublicKey)
            found[key_id(public)] = public
        return found

    def trust(self, pem: bytes) -> str:
        """Accept another station's exported public key (same operator) for verification.
        Low level: the service checks role and fingerprint first. A revoked key stays out."""
        public = load_public_pem(pem)
        kid = key_id(public)
        retired = self.retirements().get(kid)
        if retired is not None and retired.revoked:
            raise InvalidInput(f"Key {kid} was revoked on {retired.at[:10]}; it stays revoked.")
        self._remember(public)
        return kid

    def verify(self, kid: str, signature: bytes, message: bytes) -> bool:
        public = self.public_keys().get(kid)
        if public is None:
            return False
        try:
            public.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def rotate(self, retire_after: str | None = None, at: str = "") -> str:
        """Start signing with a new key. The old public key stays for verification; with
        ``retire_after`` (YYYYMMDD, the rotation day) it is refused for later dates."""
        old = self.current_key_id()
        self._write_private(Ed25519PrivateKey.generate())
        if retire_after is not None:
            self._retire(Retirement(old, retire_after, "rotated", at))
        return self.current_key_id()

    def revoke(self, kid: str, at: str, reason: str) -> Retirement:
        """Refuse every label signed by ``kid``, whatever its date (a stolen key)."""
        if kid == self.current_key_id():
            raise InvalidInput(
                f"Key {kid} signs this station's labels: rotate first, then revoke it."
            )
        if kid not in self.public_keys():
            raise InvalidInput(f"No known key {kid} (see `appraiser keys list`).")
        retirement = Retirement(kid, EVERY_DATE, "revoked", at, reason)
        self._retire(retirement)
        return retirement

    def retirements(self) -> dict[str, Retirement]:
        """Every retired or revoked key, by key id."""
        path = self.public_folder / RETIRED_NAME
        if not path.is_file():
            return {}
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))["keys"]
            return {kid: Retirement(**row) for kid, row in rows.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # Unreadable: refuse to guess which keys are still good (a quiet reset would
            # bring a stolen key back to life).
            raise InvalidInput(f"{path} is damaged ({exc}); restore it from a backup.") from exc

    def _retire(self, retirement: Retirement) -> None:
        rows = self.retirements()
        if retirement.key_id in rows and rows[retirement.key_id].revoked:
            return  # revocation is final; a later rotation record does not soften it
        rows[retirement.key_id] = retirement
        body = {"version": 1, "keys": {kid: asdict(row) for kid, row in sorted(rows.items())}}
        self.public_folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        data = json.dumps(body, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self.public_folder / RETIRED_NAME, data, mode=PRIVATE_FILE)

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
