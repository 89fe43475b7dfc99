"""Printing a lot's unit labels in jobs, resumable after a printer fault (issue 16 item 4).

The promise: no serial is printed twice and no unit is left without a printed label. The
print journal (``print_jobs`` + ``lot_print_log``, DESIGN §3.3 "Lot batches") makes it so:

1. ``started``: a job's serials are committed before anything is sent;
2. ``spooled``: the spooler took the job (its CUPS job id is kept);
3. the job ends ``printed`` once the spooler says it is done — then, in one transaction,
   each serial is recorded printed (re-checked to be only issued);
   or ``refused`` when nothing left the station (``lp`` refused, the queue is stopped):
   its serials stay issued and print in a later job;
   or ``unknown`` when any part of it may have come out (the printer failed during it,
   ``lp`` timed out, the station crashed): the spooler's job is cancelled so it never
   resumes, its serials are voided (final: never printed again) and their units get
   fresh serials, which print in a later job.
A job with no ending (a crash) is settled as ``unknown`` before the lot prints again. The
labels of an unknown job that did come out carry voided serials; the operator discards
them (the front ends say which job and units), and a scan of one says "voided".
"""

from __future__ import annotations

import abc
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, PrinterError
from appraiser.labels import layouts, pdf, printing, zpl_format
from appraiser.labels.content import LabelContent
from appraiser.labels.printing import PrintOutcomeUnknown, Target
from appraiser.services.admin import clock_guard
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels
from appraiser.services.lots import unit_basis, unit_labels, unit_render
from appraiser.storage.db import Tx

JOB_SIZE = 100  # labels per spooler job: what a fault can cost, and how often we confirm
JOB_WAIT_S = 600  # how long a spooled job may take before its outcome counts as unknown
POLL_S = 0.05
IDLE_S = 3  # a job pending this long on an idle printer failed (CUPS would retry it whole)
ENDINGS = ("printed", "refused", "unknown")
Progress = Callable[[int, int], None]


class Sender(abc.ABC):
    """Hands one job's labels to a printer and says when it is done (a test's fake printer
    is one too). ``send`` returns the spooler's job id, raising ``PrinterError`` when
    nothing was taken and ``PrintOutcomeUnknown`` when some of it may have been;
    ``wait`` returns once the job is done or raises ``PrintOutcomeUnknown``."""

    fmt = "zpl"

    @abc.abstractmethod
    def send(self, job: int, contents: list[LabelContent]) -> str: ...

    def wait(self, spool_id: str) -> None:
        """Default: the spooler's acceptance is the end (a file, a fake)."""
        return None

    def cancel(self, spool_id: str) -> None:
        """Make sure a job whose outcome is unknown never resumes."""
        return None


class CupsSender(Sender):
    """A CUPS queue: raw ZPL for a thermal printer, or PDF for a page printer."""

    def __init__(self, target: Target, layout: layouts.Layout, dpi: int) -> None:
        if target.kind == "tcp9100":
            raise InvalidInput(
                "Lot batches print through a CUPS queue (raw ZPL or PDF), where a job "
                "stopped by a fault can be cancelled; set the printer up in CUPS."
            )
        self.target, self.layout, self.dpi = target, layout, dpi
        self.fmt = "zpl" if target.wants_zpl else "pdf"

    def send(self, job: int, contents: list[LabelContent]) -> str:
        title = f"appraiser lot labels job {job}"
        if self.fmt == "zpl":
            return self.send_document(job, zpl_format.render(self.layout, contents, self.dpi))
        return self.send_document(job, pdf.render(self.layout, contents, title=title, dpi=self.dpi))

    def send_document(self, job: int, document: unit_render.Document) -> str:
        """Send a job rendered beforehand (``unit_render``: in worker processes)."""
        title = f"appraiser lot labels job {job}"
        if self.fmt == "zpl":
            assert isinstance(document, list)
            return printing.send_raw_cups(self.target.name, document, title=title)
        assert isinstance(document, bytes)
        size = {"width_mm": self.layout.width_mm, "height_mm": self.layout.height_mm}
        return printing.send_pdf(self.target.name, document, **size, title=title)

    def wait(self, spool_id: str) -> None:
        if not spool_id or not self.target.name:
            return
        deadline = time.monotonic() + JOB_WAIT_S
        idle_since = None
        while time.monotonic() < deadline:
            state = printing.cups_job_state(self.target.name, spool_id)
            if state == "done":
                return
            idle_since = (idle_since or time.monotonic()) if state == "idle" else None
            if state == "stopped" or (idle_since and time.monotonic() - idle_since > IDLE_S):
                # A retry would print the job again from its first label: never let it.
                raise PrintOutcomeUnknown(
                    f"The printer {self.target.name} failed during job {spool_id}."
                )
            time.sleep(POLL_S)
        raise PrintOutcomeUnknown(f"Job {spool_id} did not finish within {JOB_WAIT_S} s.")

    def cancel(self, spool_id: str) -> None:
        printing.cancel_cups_job(spool_id)


@dataclass
class LotPrintResult:
    lot_uid: str
    total: int  # units in the lot
    printed: int = 0  # units whose live label is printed, after this run
    jobs: list[int] = field(default_factory=list)  # jobs this run started
    voided: list[dict[str, Any]] = field(default_factory=list)  # per unknown job: units
    error: str | None = None
    cancelled: bool = False
    # Drawn units that get no label (``unit_basis.withheld``), {unit: why} — issue 16
    # finding N3: they are neither printed nor pending, and the operator must be told.
    withheld: dict[int, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every unit of the lot carries a printed label (false while units are withheld)."""
        return self.printed == self.total and self.error is None

    @property
    def finished(self) -> bool:
        """Nothing is left to print: every unit has a printed label or is withheld."""
        return (
            self.printed + len(self.withheld) >= self.total
            and self.error is None
            and not self.cancelled
        )

    def withheld_why(self) -> dict[str, list[int]]:
        """{why: units}, the withheld units grouped by reason (for the summary lines)."""
        out: dict[str, list[int]] = {}
        for unit, why in sorted(self.withheld.items()):
            out.setdefault(why, []).append(unit)
        return out


def print_lot(
    station: Station,
    session: Session,
    lot_uid: str,
    sender: Sender,
    *,
    stock: str | None = None,
    job_size: int = JOB_SIZE,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LotPrintResult:
    """Print every unit label of the lot not yet printed, issuing what is missing first.

    Call it again after a fault (or a cancel) to resume: it settles unfinished jobs, gives
    fresh serials to units whose job ended unknown, and prints the rest. A printer fault
    ends the run with ``error`` set; nothing raises for it once a job has started."""
    clock_guard.check(station.store)
    recorded_settings.check(station, session, "print")
    stock = stock or station.settings.label_stock
    layouts.load(stock)
    unit_labels.check_release(station.store, session, lot_uid)
    result = LotPrintResult(lot_uid, unit_labels.lot_row(station.store, lot_uid)["quantity"])
    result.voided = settle_open_jobs(station, session, lot_uid, sender)
    unit_labels.issue_units(station, session, lot_uid)
    pending = pending_serials(station, lot_uid)
    result.withheld = unit_basis.withheld(station.store, lot_uid, 1, result.total)
    # Printed = live labels already printed; a withheld unit is never counted (finding N3).
    result.printed = len(unit_labels.live_units(station.store, lot_uid)) - len(pending)
    _report(progress, result)
    chunks = [pending[i : i + max(1, job_size)] for i in range(0, len(pending), max(1, job_size))]
    with _renderer(sender, stock, len(pending)) as renderer:
        documents = _documents(station, lot_uid, renderer, chunks)
        for chunk, (contents, document) in zip(chunks, documents, strict=False):
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            job = _print_job(station, session, lot_uid, sender, stock, chunk, result,
                             contents=contents, document=document)  # fmt: skip
            if not job:
                break
            _report(progress, result)
    return result


def _renderer(sender: Sender, stock: str, count: int) -> unit_render.Renderer:
    """A CUPS sender's jobs are rendered ahead in worker processes while the printer
    works (a large lot); other senders render their own jobs."""
    if not isinstance(sender, CupsSender):
        return unit_render.Renderer(stock, sender.fmt, 203)
    workers = unit_render.workers_for(count, sender.fmt)
    return unit_render.Renderer(stock, sender.fmt, sender.dpi, workers=workers)


def _documents(station, lot_uid, renderer, chunks):
    """(contents, document or None) per job, in order, rendered ahead for a CUPS sender."""
    contents = (unit_labels.contents(station, lot_uid, chunk) for chunk in chunks)
    if renderer.pool is None:
        yield from ((each, None) for each in contents)
        return
    pairs = ((each, "appraiser lot labels") for each in contents)
    kept: list[list[LabelContent]] = []

    def remember(jobs):
        for each, title in jobs:
            kept.append(each)
            yield each, title

    for document in renderer.ordered(remember(pairs)):
        yield kept.pop(0), document


def _report(progress: Progress | None, result: LotPrintResult) -> None:
    if progress:
        progress(result.printed, result.total)


def pending_serials(station: Station, lot_uid: str) -> list[str]:
    """Live unit serials still only issued (never sent), in unit order."""
    rows = station.store.conn.execute(
        """SELECT u.serial FROM lot_unit_labels u WHERE u.lot_uid = ? AND NOT EXISTS (
               SELECT 1 FROM label_events e WHERE e.serial = u.serial AND e.event != 'issued')
           ORDER BY u.unit_no""",
        (lot_uid,),
    ).fetchall()
    return [serial for (serial,) in rows]


def _print_job(station, session, lot_uid, sender, stock, serials, result, *, contents=None,
               document=None) -> bool:  # fmt: skip
    """One job, journalled; True when it printed, False when the run must stop. A job
    rendered ahead (``document``) is sent as it is; its serials are this job's."""
    job = _start(station, session, lot_uid, sender, stock, serials)
    result.jobs.append(job)
    if contents is None:
        contents = unit_labels.contents(station, lot_uid, serials)
    try:
        if document is not None:
            spool_id = sender.send_document(job, document)
        else:
            spool_id = sender.send(job, contents)
    except PrintOutcomeUnknown as exc:
        result.error = exc.message
        result.voided.append(_unknown(station, session, lot_uid, job, sender, "", exc.message))
        return False
    except PrinterError as exc:
        result.error = exc.message
        _log(station, session, lot_uid, job, "refused", reason=exc.message)
        return False
    _log(station, session, lot_uid, job, "spooled", spool_id=spool_id)
    try:
        sender.wait(spool_id)
    except PrinterError as exc:
        result.error = exc.message
        voided = _unknown(station, session, lot_uid, job, sender, spool_id, exc.message)
        result.voided.append(voided)
        return False
    _printed(station, session, lot_uid, job, spool_id, serials)
    result.printed += len(serials)
    return True


def _start(station, session, lot_uid, sender, stock, serials) -> int:
    row = {
        "target": getattr(getattr(sender, "target", None), "describe", lambda: "custom")(),
        "stock": stock,
        "format": sender.fmt,
        "serials": serials,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    with station.store.atomic(session.actor) as tx:
        job = tx.insert(
            "print_jobs", row, action="label.print_job_started", count=len(serials), lot=lot_uid
        )
        _insert_log(tx, session, lot_uid, job, "started")
    return job


def _insert_log(tx: Tx, session: Session, lot_uid: str, job: int, step: str, **detail) -> None:
    row = {
        "lot_uid": lot_uid,
        "print_job": job,
        "step": step,
        "spool_id": detail.pop("spool_id", None),
        "detail": detail,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    tx.insert("lot_print_log", row, action=f"lot.print_job_{step}", lot=lot_uid, job=job)


def _log(station, session, lot_uid, job, step, **detail) -> None:
    with station.store.atomic(session.actor) as tx:
        _insert_log(tx, session, lot_uid, job, step, **detail)


def _printed(station, session, lot_uid, job, spool_id, serials: Sequence[str]) -> None:
    """Record the job's serials printed, each re-checked to be only issued."""
    with station.store.atomic(session.actor) as tx:
        marks = ",".join("?" * len(serials))
        used = tx.conn.execute(
            f"SELECT serial, event FROM label_events WHERE serial IN ({marks}) "
            "AND event != 'issued' LIMIT 1",
            list(serials),
        ).fetchone()
        if used is not None:
            raise InvalidInput(f"Label {used[0]} is already {used[1]}; job {job} stopped.")
        for serial in serials:
            labels.add_event(tx, session, serial, "printed", job=job)
        _insert_log(tx, session, lot_uid, job, "printed", spool_id=spool_id)


def _job_serials(station: Station, job: int) -> list[str]:
    import json

    row = station.store.one("SELECT serials FROM print_jobs WHERE id = ?", (job,))
    return json.loads(row["serials"]) if row else []


def _unknown(station, session, lot_uid, job, sender, spool_id, why) -> dict[str, Any]:
    """Settle a job whose outcome is unknown: cancel it at the spooler, void its serials
    that are still only issued, and say which units' labels to discard."""
    sender.cancel(spool_id)
    serials = _job_serials(station, job)
    with station.store.atomic(session.actor) as tx:
        marks = ",".join("?" * len(serials))
        used = {
            s
            for (s,) in tx.conn.execute(
                f"SELECT DISTINCT serial FROM label_events WHERE serial IN ({marks}) "
                "AND event != 'issued'",
                serials,
            )
        }
        void = [s for s in serials if s not in used]
        reason = f"print job {job} ended with an unknown outcome ({why})"
        unit_labels.void_serials(tx, session, void, reason, job=job)
        _insert_log(tx, session, lot_uid, job, "unknown", spool_id=spool_id, reason=why)
    units = _units_of(station, void)
    return {"job": job, "spool_id": spool_id, "units": units, "serials": void}


def _units_of(station: Station, serials: list[str]) -> list[int]:
    if not serials:
        return []
    marks = ",".join("?" * len(serials))
    rows = station.store.conn.execute(
        f"SELECT unit_no FROM lot_unit_labels WHERE serial IN ({marks}) ORDER BY unit_no",
        serials,
    ).fetchall()
    return [unit for (unit,) in rows]


def open_jobs(station: Station, lot_uid: str) -> list[dict[str, Any]]:
    """Jobs of the lot that started and never ended (the station stopped mid-job)."""
    return station.store.query(
        f"""SELECT s.print_job AS job,
                   (SELECT spool_id FROM lot_print_log p WHERE p.print_job = s.print_job
                    AND p.step = 'spooled') AS spool_id
            FROM lot_print_log s WHERE s.lot_uid = ? AND s.step = 'started'
            AND NOT EXISTS (SELECT 1 FROM lot_print_log e WHERE e.print_job = s.print_job
                            AND e.step IN {ENDINGS!r}) ORDER BY s.print_job""",
        (lot_uid,),
    )


def settle_open_jobs(station, session, lot_uid, sender) -> list[dict[str, Any]]:
    """Before printing again: every unfinished job of the lot ends ``unknown``."""
    why = "the station stopped before the job's outcome was recorded"
    return [
        _unknown(station, session, lot_uid, row["job"], sender, row["spool_id"] or "", why)
        for row in open_jobs(station, lot_uid)
    ]


def journal(station: Station, lot_uid: str) -> list[dict[str, Any]]:
    """Each job of the lot with its last step, for the CLI and the dialog."""
    return station.store.query(
        """SELECT print_job AS job, step, spool_id, created FROM lot_print_log l
           WHERE lot_uid = ? AND id = (SELECT MAX(id) FROM lot_print_log m
                                       WHERE m.print_job = l.print_job)
           ORDER BY print_job""",
        (lot_uid,),
    )
