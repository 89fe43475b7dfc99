"""The station's Ed25519 signing key: made on first use, private file owner-only.

Labels (DESIGN §3.3) and export checkpoints are signed with it. A key id is the first 16
hex digits of the SHA-256 of the raw public key. Rotation makes a new key and keeps every
old public key in ``keys/public/`` so labels and exports signed earlier still verify.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from appraiser.fsio import write_atomic

PRIVATE_NAME = "station-ed25519.pem"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def key_id(public: Ed25519PublicKey) -> str:
    return hashlib.sha256(public.public_bytes(*_RAW)).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_atomic(path, pem, mode=0o600)


@dataclass
class StationKeys:
    """Keys in ``<data>/keys``; every public key ever used stays in ``keys/public``."""

    folder: Path

    @property
    def private_path(self) -> Path:
        return self.folder / PRIVATE_NAME

    def signing_key(self) -> Ed25519PrivateKey:
        """The current private key, created on first use."""
        if not self.private_path.exists():
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _write_private(self.private_path, Ed25519PrivateKey.generate())
        key = serialization.load_pem_private_key(self.private_path.read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        self._remember(key.public_key())
        return key

    def current_key_id(self) -> str:
        return key_id(self.signing_key().public_key())

    def sign(self, message: bytes) -> tuple[str, bytes]:
        key = self.signing_key()
        return key_id(key.public_key()), key.sign(message)

    def _remember(self, public: Ed25519PublicKey) -> None:
        target = self.folder / "public" / f"{key_id(public)}.pem"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(public_pem(public))

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        """Every public key this station has signed with, by key id."""
        self.signing_key()
        found = {}
        for pem in sorted((self.folder / "public").glob("*.pem")):
            public = serialization.load_pem_public_key(pem.read_bytes())
            assert isinstance(public, Ed25519PublicKey)
            found[key_id(public)] = public
        return found

    def trust(self, pem: bytes) -> str:
        """Accept another station's exported public key (same operator) for verification."""
        public = serialization.load_pem_public_key(pem)
        if not isinstance(public, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
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
        """Start signing with a new key; the old public key stays for verification."""
        self.signing_key()
        _write_private(self.private_path, Ed25519PrivateKey.generate())
        return self.current_key_id()

    def export_public(self, kid: str | None = None) -> tuple[str, bytes]:
        """A public key (the current one by default) as PEM with its key id, so other
        stations and the resolver can verify this station's labels offline."""
        keys = self.public_keys()
        kid = kid or self.current_key_id()
        if kid not in keys:
            raise KeyError(f"no public key with id {kid}")
        return kid, public_pem(keys[kid])
