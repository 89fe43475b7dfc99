"""Helpers the label tests share: genuine appraisals ready for a label, and a payload."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from appraiser.domain.enums import Category, Verdict
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals

GTIN = "4006381333931"


def genuine_appraisal(
    station: Station,
    session: Session,
    password: str,
    *,
    gtin: str | None = GTIN,
    brand: str = "Gucci",
    model: str = "GG Marmont 手袋",
    batch_lot: str = "LOT-1",
    verdict: Verdict = Verdict.GENUINE,
) -> str:
    """An appraisal with a signed verdict (genuine unless told otherwise)."""
    store = station.store
    item = appraisals.register_item(
        store, session, gtin=gtin, brand=brand, model=model, batch_lot=batch_lot, category="bags"
    )
    uid = appraisals.start(
        store, session, station.settings.station_code, item, Category.BAGS, station.settings.tz()
    )
    codes = ["NOT_AUTHENTIC"] if verdict == Verdict.COUNTERFEIT else None
    appraisals.sign_verdict(store, session, uid, verdict, password, reason_codes=codes)
    return uid


def stored_payload(root: str | Path, serial: str) -> str:
    """The signed payload of a serial as the station keeps it: the CLI prints only the
    serial, so tests that play a scanner read the payload the way a printer would get it."""
    from appraiser.labels import ids

    with contextlib.closing(sqlite3.connect(Path(root) / "appraiser.db")) as conn:
        row = conn.execute(
            "SELECT payload FROM labels WHERE serial = ?", (ids.normalise(serial),)
        ).fetchone()
    assert row is not None, f"no label {serial}"
    return row[0]


def forged(private, day: str) -> str:
    """A label payload signed with ``private`` (an Ed25519 key) and dated ``day``
    (YYYYMMDD), for a serial no station issued."""
    import hashlib

    from appraiser.keys import key_id
    from appraiser.labels import ids, payload

    kid = key_id(private.public_key())
    digest = hashlib.sha256(b"some appraisal").hexdigest()
    claim = payload.make_claim(
        "verify.example.com", ids.new_serial(), "04006381333931", digest, day, kid
    )
    return payload.build(claim, private.sign(payload.canonical(claim)))
