"""An RFC 6962 Merkle tree hash kept incrementally: the compact frontier.

Recomputing the root of 300,000 audit events on every commit would cost 600,000 SHA-256
calls; the frontier keeps only the roots of the perfect subtrees that make up the tree so
far (one per set bit of the event count, at most ~20), so adding an event costs O(log n)
and the root is the right-to-left fold of those subtrees. That fold is exactly RFC 6962's
split at the largest power of two below n, so the root equals ``reports.merkle.root``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from appraiser.reports.merkle import EMPTY_ROOT, leaf_hash, node_hash


def _raw(event_hash_hex: object) -> bytes:
    """The stored hex hash as bytes; a value edited into something else (text, NULL) still
    gives a leaf, a different one, so the root stops matching instead of crashing."""
    try:
        return bytes.fromhex(event_hash_hex)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return repr(event_hash_hex).encode("utf-8", "backslashreplace")


@dataclass
class Frontier:
    """``nodes[i]`` is the root of a perfect subtree, largest (leftmost) first."""

    count: int = 0
    nodes: list[bytes] = field(default_factory=list)

    def add(self, event_hash_hex: str) -> None:
        """Append one leaf: merge it with every complete subtree it now completes."""
        node, size = leaf_hash(_raw(event_hash_hex)), self.count
        while size & 1:
            node = node_hash(self.nodes.pop(), node)
            size >>= 1
        self.nodes.append(node)
        self.count += 1

    def root_hex(self) -> str:
        if not self.nodes:
            return EMPTY_ROOT
        node = self.nodes[-1]
        for left in reversed(self.nodes[:-1]):
            node = node_hash(left, node)
        return node.hex()

    def to_json(self) -> str:
        return json.dumps({"count": self.count, "nodes": [n.hex() for n in self.nodes]})

    @classmethod
    def from_json(cls, text: str) -> Frontier:
        """Raises ValueError (or KeyError/TypeError) on anything that is not a frontier."""
        raw = json.loads(text)
        count, nodes = int(raw["count"]), [bytes.fromhex(n) for n in raw["nodes"]]
        if count < 0 or len(nodes) != count.bit_count() or any(len(n) != 32 for n in nodes):
            raise ValueError("not a Merkle frontier")
        return cls(count, nodes)
