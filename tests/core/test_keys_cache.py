"""The signing key is read once per process, and again whenever its file changes.

Every committing transaction signs an audit checkpoint (issue 14 finding 8), and reading
and parsing the private key file for each one was a large part of the commit's cost. The
cache must never sign with a key the station no longer holds: a rotation, a restore or a
file copied in from elsewhere is noticed at the next signature.
"""

from __future__ import annotations

import os
import shutil

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser import keys as keys_module
from appraiser.fsio import write_atomic
from appraiser.keys import StationKeys, key_id, plain_private


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often a private key PEM is parsed."""
    counted: list[int] = []
    real = keys_module.serialization.load_pem_private_key

    def counting(data, password, *args, **kwargs):
        counted.append(1)
        return real(data, password, *args, **kwargs)

    monkeypatch.setattr(keys_module.serialization, "load_pem_private_key", counting)
    return counted


def _kid_of_file(keys: StationKeys) -> str:
    pem = keys.private_path.read_bytes()
    return key_id(keys_module.serialization.load_pem_private_key(pem, None).public_key())


def test_many_signatures_read_the_key_file_once(tmp_path, loads) -> None:
    """issue 14 finding 8 (cost of checkpoints): 50 signatures, as 50 commits would make,
    each through a fresh ``StationKeys`` as the checkpoint hook makes, parse the key once."""
    folder = tmp_path / "keys"
    for n in range(50):
        kid, signature = StationKeys(folder).sign(b"line %d" % n)
        assert StationKeys(folder).verify(kid, signature, b"line %d" % n)
    assert len(loads) == 1


def test_a_rotation_is_signed_with_at_once(tmp_path) -> None:
    keys = StationKeys(tmp_path / "keys")
    old, _ = keys.sign(b"before")
    new = keys.rotate()
    assert new != old and StationKeys(keys.folder).sign(b"after")[0] == new == _kid_of_file(keys)


def test_a_key_file_replaced_from_outside_is_read_again(tmp_path, loads) -> None:
    """A restore or an administrator's copy replaces the file (new inode): the next
    signature uses the key now in the file, never the one cached before."""
    keys = StationKeys(tmp_path / "keys")
    first, _ = keys.sign(b"one")
    other = Ed25519PrivateKey.generate()
    write_atomic(keys.private_path, plain_private(other), mode=0o600)
    kid, signature = keys.sign(b"two")
    assert kid == key_id(other.public_key()) != first
    other.public_key().verify(signature, b"two")


def test_a_key_file_rewritten_in_place_is_read_again(tmp_path) -> None:
    """Same inode, new content (``cp`` over it): mtime, ctime and size say it changed."""
    keys = StationKeys(tmp_path / "keys")
    keys.sign(b"one")
    spare = tmp_path / "spare.pem"
    spare.write_bytes(plain_private(Ed25519PrivateKey.generate()))
    shutil.copyfile(spare, keys.private_path)  # keeps the inode
    assert keys.sign(b"two")[0] == _kid_of_file(keys)


def test_a_deleted_key_file_is_not_signed_with(tmp_path) -> None:
    """Without its file the cached key is gone too: a new key is made, as on first use."""
    keys = StationKeys(tmp_path / "keys")
    old, _ = keys.sign(b"one")
    os.unlink(keys.private_path)
    new, _ = keys.sign(b"two")
    assert new != old and new == _kid_of_file(keys)
    assert new in keys.public_keys()  # its public key is remembered for verification
