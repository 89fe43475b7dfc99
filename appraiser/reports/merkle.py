"""RFC 6962 Merkle tree hash over audit events, for the signed daily checkpoint.

A hash chain can be recomputed by someone with write access to the database; a Merkle root
of the day's events, signed and carried off the station inside each export, cannot be
changed afterwards without the station key. RFC 6962 domain separation (0x00 for leaves,
0x01 for inner nodes) keeps a leaf from ever being passed off as a node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(event_hash: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + event_hash).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def root(event_hashes: Iterable[bytes]) -> bytes:
    """Merkle tree hash of the leaves in order (RFC 6962 §2.1).

    Built bottom-up; an unpaired last node moves up unchanged, which gives exactly the
    RFC's "largest power of two smaller than n" split without recursion.
    """
    sha = hashlib.sha256
    level = [sha(LEAF_PREFIX + h).digest() for h in event_hashes]
    if not level:
        return sha(b"").digest()
    while len(level) > 1:
        paired = [
            sha(NODE_PREFIX + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def root_hex(event_hashes_hex: Iterable[str]) -> str:
    """Merkle root over audit events given by their hex hashes (as stored)."""
    return root(bytes.fromhex(h) for h in event_hashes_hex).hex()


def inclusion_proof(event_hashes: list[bytes], index: int) -> list[bytes]:
    """Audit path for leaf ``index`` (RFC 6962 §2.1.1): lets one event be shown to lie
    under a signed root without handing over the rest of the day."""
    if not 0 <= index < len(event_hashes):
        raise IndexError(index)
    proof: list[bytes] = []
    level = [leaf_hash(h) for h in event_hashes]
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            proof.append(level[sibling])
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level, index = paired, index // 2
    return proof


def verify_inclusion(
    event_hash: bytes, index: int, size: int, proof: list[bytes], expected_root: bytes
) -> bool:
    """Check an audit path against a root of a tree with ``size`` leaves."""
    if not 0 <= index < size:
        return False
    node, steps = leaf_hash(event_hash), iter(proof)
    last = size - 1
    while last > 0:
        if index % 2 == 1:
            node = node_hash(next(steps, b""), node)
        elif index < last:
            node = node_hash(node, next(steps, b""))
        index, last = index // 2, last // 2
    return next(steps, None) is None and node == expected_root
