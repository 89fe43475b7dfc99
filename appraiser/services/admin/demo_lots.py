"""The demo's lots (issue 16): one sampled lot and one every-unit lot, from an inbound list.

The demo imports a small inbound list exactly as a warehouse export would arrive: 500
lipsticks of a beauty product (sampled: the sample is drawn at import, and a few drawn
units are appraised genuine so the Today table and ``lots show`` have progress to show)
and 3 bags (every unit appraised on its own, one of them done). Importing the same list
again adds nothing, so running the demo twice leaves the lots as they are.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import inbound, queue
from appraiser.services.casework import verdicts, workflow
from appraiser.services.lots import lots, samples
from appraiser.services.reference import library as library_service

APPRAISED_UNITS = 5  # drawn units of the sampled lot the demo appraises
_HEADER = "报关单号,商品条码,品牌,型号,数量,商家,品类,批号,有效期,每箱数量\n"
_FALLBACK = {"beauty": ("06901234567892", "Lumière", "Rouge 24"),
             "bags": ("06901234567908", "Maison Lune", "Sac Plume")}  # fmt: skip


def _product(station: Station, category: str) -> tuple[str, str, str]:
    """A demo library product of the category (GTIN, brand, model), so intake knows it."""
    for version in library_service.list_versions(station.store):
        if version.category == category and version.gtin:
            return version.gtin, version.brand, version.model
    return _FALLBACK[category]


def _listing(station: Station) -> str:
    beauty, bags = _product(station, "beauty"), _product(station, "bags")
    return _HEADER + (
        f"223120261130000501,{beauty[0]},{beauty[1]},{beauty[2]},500,Hangzhou Bonded Beauty,"
        "beauty,LB2611-07,2028-06-30,24\n"
        f"223120261130000502,{bags[0]},{bags[1]},{bags[2]},3,Ningbo Crossborder,bags,,,\n"
    )


def ensure_lots(
    station: Station, sessions: Mapping[str, Session], passwords: Mapping[str, str]
) -> list[str]:
    """Import the demo's inbound list once and appraise a few units; returns the new lots."""
    if lots.list_lots(station.store):
        return []
    session = sessions["appraiser1"]
    day = queue.local_day(station.settings.tz())
    with tempfile.TemporaryDirectory(prefix="appraiser-demo-lots-") as tmp:
        path = Path(tmp) / "demo-inbound-lots.csv"
        path.write_text(_listing(station), encoding="utf-8")
        inbound.import_file(station.store, session, path, day)
    made = lots.list_lots(station.store, day)
    for lot in made:
        _appraise_some(station, session, passwords["appraiser1"], lot)
    return [lot["uid"] for lot in made]


def _appraise_some(station: Station, session: Session, password: str, lot: dict) -> None:
    """A few genuine appraisals: the first drawn units, or one unit of an every-unit lot."""
    wanted = APPRAISED_UNITS if lot["policy"] == "sampling" else 1
    day, tz = queue.local_day(station.settings.tz()), station.settings.tz()
    for _ in range(min(wanted, lot["sample_size"])):
        unit, _case = queue.open_line(station.store, session, day, lot["line_uid"])
        code = station.settings.station_code
        uid = workflow.begin(station.store, session, code, tz, unit, lot["category"])
        verdicts.sign(station.store, session, uid, "genuine", password)


def summary(station: Station) -> list[str]:
    """One line per demo lot (for the demo's report)."""
    out = []
    for lot in lots.list_lots(station.store):
        done = samples.progress(samples.units(station.store, lot["uid"]))["appraised"]
        out.append(f"{lot['uid']}: {lot['policy']}, {done} of {lot['sample_size']} appraised")
    return out
