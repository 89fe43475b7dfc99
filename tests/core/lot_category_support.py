"""Helpers for the tests of where a lot's category comes from and who may choose it: a
queued line whose category nothing names, the reference library knowing its GTIN, and the
refusals the rule book audited. Shared so both doors (``lot start`` and intake) are tested
against the very same line and library row."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import inbound, queue
from appraiser.services.lots import lots

DAY = date(2026, 11, 22)
GTIN = "5901234123457"
LINE = "报关单号,商品条码,品牌,型号,数量,商家\n223120261000000001,5901234123457,Lune,X,100,Shop\n"


def queue_pending_line(station: Station, session: Session, tmp_path: Path) -> str:
    """Import a line of 100 units whose category nothing names; returns its item uid."""
    path = tmp_path / "inbound.csv"
    path.write_text(LINE, encoding="utf-8")
    inbound.import_file(station.store, session, path, DAY)
    (row,) = queue.list_day(station.store, DAY)
    assert lots.for_line(station.store, row["item_uid"]) is None
    return row["item_uid"]


def library_says(
    station: Station, category: str, *, gtin: str = "0" + GTIN, brand: str = "Lune",
    model: str = "X",
) -> None:  # fmt: skip
    """Put a reference version in the library that files ``gtin`` under ``category``."""
    with station.store.atomic("test") as tx:
        tx.insert("reference_versions", {"version_id": "v1", "brand": brand, "model": model,
                  "category": category, "gtin": gtin, "attributes": {},
                  "pack_name": "p", "digest": "d", "created": "2026-01-01T00:00:00Z",
                  "changed": "2026-01-01T00:00:00Z"},
                  action="library.version.imported")  # fmt: skip


def refusals(station: Station) -> list[dict]:
    """The data of every ``rules.refused`` audit event, oldest first."""
    rows = station.store.query(
        "SELECT data FROM audit_events WHERE action = 'rules.refused' ORDER BY seq"
    )
    return [json.loads(r["data"]) for r in rows]
