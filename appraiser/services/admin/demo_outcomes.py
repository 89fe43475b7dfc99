"""The demo's outcomes: what follows each sample's verdict, so the demo shows the whole loop.

Genuine samples get their label issued and printed, counterfeit ones a quarantine record,
and the inconclusive one waits in review. The demo station has no real printer, so labels
go to its *file printer*: each print job is a PDF in ``<data folder>/demo-printer/``,
recorded like any print job (job row first, then "printed" once the file is safely on disk),
so the Labels page, ``label list``, ``label render`` and Verify all have real labels.

Safe to run again: a live label is reused, a printed one is not printed twice, and a
quarantine record is made once per verdict.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from appraiser import fsio
from appraiser.labels import layouts, pdf
from appraiser.labels.printing import Target
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals, outcome
from appraiser.services.labelling import label_printing, labels

PRINTER_FOLDER = "demo-printer"
# A job is a live label: whoever reads one prints a working copy (issue 14 breaker L-4)
JOB_FOLDER_MODE = 0o700
JOB_FILE_MODE = 0o600


@dataclass
class Outcomes:
    labels_printed: list[str] = field(default_factory=list)  # grouped serials, this run
    labels_live: int = 0
    quarantined: int = 0
    awaiting_review: int = 0
    printer: Path | None = None


def printer_folder(station: Station) -> Path:
    return station.data.root / PRINTER_FOLDER


def private_printer_folder(station: Station) -> Path:
    """The folder, made (or tightened, when an older demo left it open) owner-only."""
    folder = printer_folder(station)
    folder.mkdir(mode=JOB_FOLDER_MODE, parents=True, exist_ok=True)
    os.chmod(folder, JOB_FOLDER_MODE)
    return folder


def sample_uids(station: Station) -> list[str]:
    """The demo's sample appraisals, in sample order."""
    rows = station.store.query(
        """SELECT a.uid FROM appraisals_current a JOIN items_current i ON i.uid = a.item_uid
           WHERE json_extract(i.attributes, '$.demo_sample') IS NOT NULL
           ORDER BY json_extract(i.attributes, '$.demo_sample')"""
    )
    return [r["uid"] for r in rows]


def _signer(station: Station, sessions: Mapping[str, Session], uid: str) -> Session | None:
    """Who signed the current verdict: the person who follows it up (and prints its label)."""
    verdict = appraisals.current_verdict(station.store, uid)
    if verdict is None:
        return None
    return next((s for s in sessions.values() if s.user_id == verdict["signed_by"]), None)


def print_to_file(station: Station, session: Session, serial: str) -> Path:
    """One label, one job on the file printer: recorded as printed once the PDF is durable."""
    stock = station.settings.label_stock
    target = Target("file", str(printer_folder(station)))
    job, compact = label_printing.start_job(station, session, [serial], target, stock, "pdf")
    content = labels.content(station, compact[0])
    data = pdf.render(layouts.load(stock), [content], title=f"Label {content.serial}")
    path = private_printer_folder(station) / f"job-{job:04d}-{compact[0]}.pdf"
    fsio.write_atomic(path, data, mode=JOB_FILE_MODE)
    label_printing.record_printed(station, session, job, compact)
    done = label_printing.PrintResult(job, printed=list(compact), spool_id=str(path))
    label_printing.finish_job(station, session, done)
    return path


def _follow(station: Station, session: Session, uid: str, report: Outcomes) -> None:
    result = outcome.follow_up(station, session, uid, with_report=False)
    if result.get("quarantine"):
        report.quarantined += 1
    serial = result.get("label")
    if not serial:
        return
    report.labels_live += 1
    if labels.state_of(station.store, serial) == "issued":
        print_to_file(station, session, serial)
        report.labels_printed.append(labels.info(station.store, serial).grouped)


def ensure_outcomes(station: Station, sessions: Mapping[str, Session], uids: list[str]) -> Outcomes:
    """Follow up every decided sample as the bench does after signing."""
    report = Outcomes(printer=printer_folder(station))
    for uid in uids:
        if appraisals.current(station.store, uid)["state"] == "awaiting_review":
            report.awaiting_review += 1
            continue
        session = _signer(station, sessions, uid)
        if session is not None:
            _follow(station, session, uid, report)
    return report
