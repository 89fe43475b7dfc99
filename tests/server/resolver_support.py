"""Helpers for the resolver / consumer page / scan tests: a station enrolled in the real
PostgreSQL with an Ed25519 key, and labels issued through the real projection code (the rows
exactly as a station's SQLite holds them, fed to ``projections.apply`` as ingest does)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from psycopg.rows import dict_row

from appraiser.labels import ids, payload
from appraiser.server import projections

RESOLVER = "v.acme.test"
GTIN = "09506000134352"
DECLARATION = "DECL-2026-77331"
MERCHANT = "Shady Imports Ltd"
# A label change reaches every resolver worker by NOTIFY (``resolver_cache``): promised
# within ~1 s, in practice milliseconds, but never before the next request is guaranteed.
PROPAGATION_S = 2.0

T = TypeVar("T")


def eventually(probe: Callable[[], T], ok: Callable[[T], bool], seconds=PROPAGATION_S) -> T:
    """What ``probe()`` returns once ``ok`` holds of it, or its last answer after
    ``seconds`` (the caller asserts on it, so a change that never shows fails)."""
    deadline = time.monotonic() + seconds
    answer = probe()
    while not ok(answer) and time.monotonic() < deadline:
        time.sleep(0.02)
        answer = probe()
    return answer


@dataclass
class FakeStation:
    dsn: str
    code: str = "WH1-BENCH-03"
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    id: int = 0
    _n: int = 0

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.dsn, row_factory=dict_row, autocommit=False)

    def enrol(self) -> FakeStation:
        pem = (
            self.key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )
        with self.connect() as conn:
            self.id = conn.execute(
                "INSERT INTO stations (code, enrolled) VALUES (%s, now()) RETURNING id",
                (self.code,),
            ).fetchone()["id"]
            conn.execute(
                "INSERT INTO station_keys (station_id, kid, pem) VALUES (%s, %s, %s)",
                (self.id, self.kid, pem),
            )
        return self

    def push(self, table: str, row: dict) -> None:
        with self.connect() as conn, conn.transaction():
            projections.apply(conn, {"id": self.id, "code": self.code}, table, row)

    def issue(
        self, *, gtin: str | None = GTIN, media: int = 0, video: int = 0, day: str = "20261120"
    ) -> Issued:
        """An appraised item with a genuine verdict and a label signed as issued on ``day``
        (YYYYMMDD); returns its payload."""
        self._n += 1
        uid, item = f"appr-{self._n}", f"item-{self._n}"
        serial = ids.new_serial()
        claim = payload.make_claim(
            RESOLVER, serial, gtin, hashlib.sha256(uid.encode()).hexdigest(), day, self.kid
        )
        uri = payload.build(claim, self.key.sign(payload.canonical(claim)))
        self.push(
            "items",
            {"uid": item, "brand": "Acme", "model": "Tote 30", "declaration_no": DECLARATION,
             "merchant": MERCHANT},
        )  # fmt: skip
        self.push("appraisals", {"uid": uid, "item_uid": item, "station": self.code})
        shas = []
        for i in range(media + video):
            sha = hashlib.sha256(f"{uid}-{i}".encode()).hexdigest()
            role = "still" if i < media else "video_segment"
            self.push("appraisal_media",
                      {"id": i + 1, "appraisal_uid": uid, "media_sha256": sha, "role": role,
                       "view": "front" if role == "still" else None})  # fmt: skip
            shas.append(sha)
        self.push("verdicts", {"appraisal_uid": uid, "verdict": "genuine",
                               "signed_at": "2026-11-20T03:04:05Z", "note": "seam ok"})  # fmt: skip
        self.push("labels", {"serial": serial, "appraisal_uid": uid, "gtin": gtin,
                             "payload": uri, "key_id": self.kid})  # fmt: skip
        self.push("label_events", {"serial": serial, "event": "issued",
                                   "created": "2026-11-20T03:05:00Z"})  # fmt: skip
        return Issued(serial, uri, uid, shas)

    def end(self, serial: str, event: str, day: str = "2026-11-25") -> None:
        self.push("label_events", {"serial": serial, "event": event, "created": f"{day}T08:00:00Z"})


@dataclass
class Issued:
    serial: str
    uri: str
    appraisal_uid: str
    media: list[str]

    @property
    def path_and_query(self) -> str:
        parts = urlsplit(self.uri)
        return f"{parts.path}?{parts.query}"

    @property
    def path(self) -> str:
        return urlsplit(self.uri).path

    @property
    def query(self) -> str:
        return urlsplit(self.uri).query
