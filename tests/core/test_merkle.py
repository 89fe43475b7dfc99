"""The checkpoint's Merkle root must be exactly RFC 6962's, so anyone can recompute it."""

from __future__ import annotations

import hashlib

import pytest

from appraiser.reports import merkle


def reference_mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1 as written: recursive split at the largest power of two below n."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + reference_mth(leaves[:k]) + reference_mth(leaves[k:])).digest()


def leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(str(i).encode()).digest() for i in range(n)]


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 64, 100, 257])
def test_root_equals_the_rfc_definition(n: int) -> None:
    assert merkle.root(leaves(n)) == reference_mth(leaves(n))


def test_known_vectors() -> None:
    """Empty tree is SHA-256 of nothing; one leaf is H(0x00 || leaf) (domain separated)."""
    assert (
        merkle.root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    one = bytes(32)
    assert merkle.root([one]) == hashlib.sha256(b"\x00" + one).digest()
    assert merkle.root([one]) != one


def test_order_matters_and_every_leaf_counts() -> None:
    base = leaves(10)
    swapped = base[:]
    swapped[3], swapped[4] = swapped[4], swapped[3]
    assert merkle.root(swapped) != merkle.root(base)
    assert merkle.root(base[:-1]) != merkle.root(base)
    assert merkle.root([*base, base[-1]]) != merkle.root(base)


def test_root_hex_reads_stored_hashes() -> None:
    hashes = leaves(6)
    assert merkle.root_hex(h.hex() for h in hashes) == merkle.root(hashes).hex()


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_inclusion_proofs_verify_and_reject(n: int) -> None:
    items = leaves(n)
    top = merkle.root(items)
    for index in range(n):
        proof = merkle.inclusion_proof(items, index)
        assert merkle.verify_inclusion(items[index], index, n, proof, top)
        wrong = hashlib.sha256(b"not it").digest()
        assert not merkle.verify_inclusion(wrong, index, n, proof, top)
