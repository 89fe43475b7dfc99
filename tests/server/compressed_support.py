"""Fixed labels for the compressed GS1 Digital Link tests, and the URIs whose compressed forms
GS1's own toolkit made (``data/gs1_compressed.json``, by ``data/make_gs1_compressed.js``).

The compressed forms come from an independent implementation, so they are made once and
kept: the label URIs here must therefore be the same on every run — a fixed station key
(Ed25519 signs deterministically), fixed serials and a fixed appraisal digest. Regenerate
with ``python tests/server/compressed_support.py | node tests/server/data/make_gs1_compressed.js
> tests/server/data/gs1_compressed.json`` (in a folder where ``npm install digital-link.js@1.4.3``
was run) when the inputs change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser.labels import payload

RESOLVER = "v.acme.test"  # resolver_support.RESOLVER
GTIN = "09506000134352"  # resolver_support.GTIN
KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"compressed-dl-test-key").digest())
KID = "c0ffee00c0ffee00"
ISSUED = "8N71XFN90A0B1S6BGH"  # a serial the fixed station issues
UNKNOWN = "8XJRWVX0HTDPY9KX95"  # a well-formed serial nobody issued
VECTORS = Path(__file__).parent / "data" / "gs1_compressed.json"


def label_uri(serial: str, gtin: str | None = GTIN) -> str:
    """The signed label URI a station with the fixed key prints for ``serial``."""
    digest = hashlib.sha256(f"appraisal-{serial}".encode()).hexdigest()
    claim = payload.make_claim(RESOLVER, serial, gtin, digest, "20261120", KID)
    return payload.build(claim, KEY.sign(payload.canonical(claim)))


def inputs() -> list[str]:
    """Uncompressed URIs: our labels, and the edge cases of AI 21/10/22 and the query."""
    stem = f"https://{RESOLVER}"
    return [
        label_uri(ISSUED),
        label_uri(UNKNOWN),
        f"{stem}/01/{GTIN}/21/ABC-123.x_y",
        f"{stem}/01/{GTIN}/21/0071",  # digits with leading zeros
        f"{stem}/01/{GTIN}/21/deadbeef42",  # lower-case hex
        f"{stem}/01/{GTIN}/21/DEADBEEF42",  # upper-case hex
        f"{stem}/01/{GTIN}/21/a%2Fb%25c%26d",  # "/", "%", "&" escaped
        f"{stem}/01/{GTIN}/21/!*()+,%22'",  # more of character set 82
        f"{stem}/01/{GTIN}/10/LOT-7/21/SER.9",
        f"{stem}/01/{GTIN}/22/CPV-2/10/B1/21/123456789012345",  # (JS numbers: <= 15 digits)
        f"{stem}/01/{GTIN}/10/ABC123?17=261231",
        f"{stem}/01/{GTIN}?d=20261120&h=0123456789abcdef",
        f"{stem}/01/{GTIN}/21/{ISSUED}?17=270101&d=20261120&k={KID}",
    ]


if __name__ == "__main__":
    print(json.dumps({"stem": f"https://{RESOLVER}", "uris": inputs()}, indent=1))


def issue_fixed(station, serial: str = ISSUED) -> str:
    """The fixed label pushed through the real projections (as ``FakeStation.issue`` does,
    with the fixed key, serial and digest); returns its URI."""
    uri, uid, item = label_uri(serial), f"appr-{serial}", f"item-{serial}"
    station.push("items", {"uid": item, "brand": "Acme", "model": "Tote 30"})
    station.push("appraisals", {"uid": uid, "item_uid": item, "station": station.code})
    station.push("verdicts", {"appraisal_uid": uid, "verdict": "genuine",
                              "signed_at": "2026-11-20T03:04:05Z", "note": ""})  # fmt: skip
    station.push("labels", {"serial": serial, "appraisal_uid": uid, "gtin": GTIN,
                            "payload": uri, "key_id": KID})  # fmt: skip
    station.push("label_events", {"serial": serial, "event": "issued",
                                  "created": "2026-11-20T03:05:00Z"})  # fmt: skip
    return uri


def vectors() -> list[dict]:
    return json.loads(VECTORS.read_text("utf-8"))["vectors"]
