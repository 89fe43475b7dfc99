"""The demo's lots (issue 16): two sampled lots and one every-unit lot, from an inbound list.

The demo imports a small inbound list exactly as a warehouse export would arrive, and
takes each lot to its end, so the Lots page shows every outcome:

- 500 lipsticks of a beauty product (sampled): every drawn unit is appraised — genuine,
  one with a scuffed seal (a minor defect, within the plan's Ac) — the computed decision
  (accept) is signed, every unit of the lot gets its label and the first batch is printed
  to the demo's file printer (the rest wait on the Lots page, as after a shift change);
- 3 bags (every unit): each bag appraised genuine and labelled like any single item, and
  the lot's decision signed;
- 200 pairs of shoes of another merchant (sampled): a counterfeit among the first drawn
  units rejects the lot at once, and it sits in lot quarantine with that evidence.

Importing the same list again adds nothing, so running the demo twice leaves the lots as
they are.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from appraiser import fsio
from appraiser.labels import layouts, pdf
from appraiser.labels.content import LabelContent
from appraiser.labels.printing import Target
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.demo_outcomes import (
    JOB_FILE_MODE,
    print_to_file,
    printer_folder,
    private_printer_folder,
)
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import inbound, queue
from appraiser.services.casework import checklist, outcome, verdicts, workflow
from appraiser.services.lots import decisions, lots, samples, unit_print
from appraiser.services.reference import library as library_service

REJECTED_APPRAISED = 4  # drawn shoes appraised before the counterfeit one rejects the lot
MINOR_UNIT = 7  # the drawn unit (in drawing order) with a scuffed seal
_HEADER = "报关单号,商品条码,品牌,型号,数量,商家,品类,批号,有效期,每箱数量\n"
_FALLBACK = {"beauty": ("06901234567892", "Lumière", "Rouge 24"),
             "bags": ("06901234567908", "Maison Lune", "Sac Plume"),
             "shoes": ("06901234567915", "Pas Léger", "Runner 3")}  # fmt: skip


def _product(station: Station, category: str) -> tuple[str, str, str]:
    """A demo library product of the category (GTIN, brand, model), so intake knows it."""
    for version in library_service.list_versions(station.store):
        if version.category == category and version.gtin:
            return version.gtin, version.brand, version.model
    return _FALLBACK[category]


def _listing(station: Station) -> str:
    beauty, bags = _product(station, "beauty"), _product(station, "bags")
    shoes = _product(station, "shoes")
    return _HEADER + (
        f"223120261130000501,{beauty[0]},{beauty[1]},{beauty[2]},500,Hangzhou Bonded Beauty,"
        "beauty,LB2611-07,2028-06-30,24\n"
        f"223120261130000502,{bags[0]},{bags[1]},{bags[2]},3,Ningbo Crossborder,bags,,,\n"
        f"223120261130000503,{shoes[0]},{shoes[1]},{shoes[2]},200,Yiwu Quick Trade,shoes,"
        "PS2611-02,,12\n"
    )


def ensure_lots(
    station: Station, sessions: Mapping[str, Session], passwords: Mapping[str, str]
) -> list[str]:
    """Import the demo's inbound list once and take each lot to its end; returns the new
    lots."""
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
        if lot["policy"] == "every_unit":
            _every_unit(station, session, passwords["appraiser1"], lot)
        elif lot["category"] == "beauty":
            _accepted(station, session, passwords["appraiser1"], lot)
        else:
            _rejected(station, sessions["appraiser2"], passwords["appraiser2"], lot)
    return [lot["uid"] for lot in made]


def _appraise(station: Station, session: Session, password: str, lot: dict, verdict: str,
              *, codes: list[str] | None = None, failed: str | None = None) -> str:  # fmt: skip
    """The lot's next unit from the queue, appraised and signed like any item."""
    day, tz = queue.local_day(station.settings.tz()), station.settings.tz()
    unit, _case = queue.open_line(station.store, session, day, lot["line_uid"])
    code = station.settings.station_code
    uid = workflow.begin(station.store, session, code, tz, unit, lot["category"])
    if failed:
        checklist.record_point(station.store, session, uid, failed, "fail", "seal scuffed")
    verdicts.sign(station.store, session, uid, verdict, password, reason_codes=codes)
    return uid


def _accepted(station: Station, session: Session, password: str, lot: dict) -> None:
    """Every drawn unit appraised, the accept signed, labels for all units, one batch printed."""
    for k in range(1, lot["sample_size"] + 1):
        _appraise(station, session, password, lot, "genuine",
                  failed="seal" if k == MINOR_UNIT else None)  # fmt: skip
    decisions.decide(station, session, password, lot["uid"])
    sender = _FilePrinter(station)
    unit_print.print_lot(station, session, lot["uid"], sender, cancelled=lambda: sender.jobs >= 1)


def _every_unit(station: Station, session: Session, password: str, lot: dict) -> None:
    """Each bag appraised and labelled (printed to the file printer) like a single item."""
    for _ in range(lot["quantity"]):
        uid = _appraise(station, session, password, lot, "genuine")
        serial = outcome.follow_up(station, session, uid, with_report=False).get("label")
        if serial:
            print_to_file(station, session, serial)
    decisions.decide(station, session, password, lot["uid"])


def _rejected(station: Station, session: Session, password: str, lot: dict) -> None:
    """Genuine first units, then a counterfeit one: the lot is rejected and quarantined."""
    for _ in range(REJECTED_APPRAISED - 1):
        _appraise(station, session, password, lot, "genuine")
    _appraise(station, session, password, lot, "counterfeit", codes=["NOT_AUTHENTIC"])
    decisions.decide(station, session, password, lot["uid"])


class _FilePrinter(unit_print.Sender):
    """The demo's file printer for lot batches: each job one PDF in the printer folder."""

    fmt = "pdf"

    def __init__(self, station: Station) -> None:
        self.station, self.jobs = station, 0
        self.target = Target("file", str(printer_folder(station)))
        self.layout = layouts.load(station.settings.label_stock)

    def send(self, job: int, contents: list[LabelContent]) -> str:
        data = pdf.render(self.layout, contents, title=f"Lot labels, job {job}")
        path = private_printer_folder(self.station) / f"lot-job-{job:04d}.pdf"
        fsio.write_atomic(path, data, mode=JOB_FILE_MODE)
        self.jobs += 1
        return str(path)


def summary(station: Station) -> list[str]:
    """One line per demo lot (for the demo's report)."""
    out = []
    for lot in lots.list_lots(station.store):
        done = samples.progress(samples.units(station.store, lot["uid"]))["appraised"]
        decision = decisions.current(station.store, lot["uid"])
        decided = decision["decision"] if decision else "undecided"
        out.append(f"{lot['uid']}: {lot['policy']}, {done} of {lot['sample_size']} appraised, "
                   f"{decided}")  # fmt: skip
    return out
