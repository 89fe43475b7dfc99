"""Printing labels as audited jobs: nothing lost, nothing printed twice.

A job row naming its serials is committed *before* anything is sent. Each label is recorded
``printed`` as soon as the printer (or spooler) has accepted it, re-checking in that same
transaction that the serial was still only ``issued``. If the printer disappears mid-batch,
the result lists what printed and what did not; the rest stay ``issued`` and print later in
a new job, never under the same serial twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, PrinterError
from appraiser.labels import ids, layouts, pdf, printing, zpl
from appraiser.labels.printing import PrintInterrupted, Target
from appraiser.services.admin import clock_guard
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_rules, labels


@dataclass
class PrintResult:
    job_id: int
    printed: list[str] = field(default_factory=list)
    not_printed: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)  # sent, unconfirmed: counted printed
    error: str | None = None
    spool_id: str = ""
    warning: str | None = None  # everything was sent, but some of it could not be confirmed

    @property
    def complete(self) -> bool:
        return not self.not_printed and self.error is None


def _check_printable(station: Station, serials: Sequence[str]) -> list[str]:
    compact = [ids.normalise(s) for s in serials]
    if not compact:
        raise InvalidInput("There are no labels to print.")
    if len(set(compact)) != len(compact):
        raise InvalidInput("A serial appears twice in one print job.")
    for serial in compact:
        state = labels.state_of(station.store, serial)
        if state != "issued":
            raise InvalidInput(
                f"Label {ids.group(serial)} is {state}; a label prints once. "
                "Ask a supervisor for a reprint."
            )
    return compact


def start_job(
    station: Station, session: Session, serials: Sequence[str], target: Target, stock: str, fmt: str
) -> tuple[int, list[str]]:
    """Record the intent to print; returns the job id and the compact serials. A first
    print is the genuine verdict's signer's or a supervisor's (DESIGN §3.4)."""
    clock_guard.check(station.store)  # issue 14 #13: never print with a clock set back
    recorded_settings.check(station, session, "print")  # issue 14 H4: audited settings
    layouts.load(stock)
    compact = _check_printable(station, serials)
    for serial in compact:
        label_rules.check_first_print(station.store, session, serial)
    row = {
        "target": target.describe(),
        "stock": stock,
        "format": fmt,
        "serials": compact,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    with station.store.atomic(session.actor) as tx:
        job = tx.insert("print_jobs", row, action="label.print_job_started", count=len(compact))
    return job, compact


def record_printed(station: Station, session: Session, job: int, serials: Sequence[str]) -> None:
    """Mark serials printed by ``job``; refuses (and records nothing) if any already was."""
    with station.store.atomic(session.actor) as tx:
        for serial in serials:
            state = labels.state_of(station.store, serial)
            if state != "issued":
                raise InvalidInput(f"Label {ids.group(serial)} is already {state}.")
            labels.add_event(tx, session, serial, "printed", job=job)


def finish_job(station: Station, session: Session, result: PrintResult) -> PrintResult:
    with station.store.atomic(session.actor) as tx:
        tx.event(
            "label.print_job_finished",
            entity="print_jobs",
            entity_id=result.job_id,
            printed=result.printed,
            not_printed=result.not_printed,
            uncertain=result.uncertain,
            error=result.error,
            warning=result.warning,
        )
    return result


def print_labels(
    station: Station,
    session: Session,
    serials: Sequence[str],
    target: Target,
    stock: str | None = None,
    dpi: int = 203,
    progress: Callable[[int, int], None] | None = None,
) -> PrintResult:
    """Print issued labels as one job. Raises ``PrinterError`` if nothing printed; a
    partial batch returns a result whose ``error`` and lists say what happened."""
    stock = stock or station.settings.label_stock
    layout = layouts.load(stock)
    fmt = "zpl" if target.wants_zpl else "pdf"
    job, compact = start_job(station, session, serials, target, stock, fmt)
    contents = [labels.content(station, s) for s in compact]
    result = PrintResult(job)
    try:
        if target.kind == "tcp9100":
            _stream(
                station,
                session,
                target,
                zpl.render(layout, contents, dpi),
                compact,
                result,
                progress,
            )
        else:
            result.spool_id = _spool(target, layout, contents, dpi, fmt)
            record_printed(station, session, job, compact)
            result.printed = list(compact)
    except PrinterError as exc:
        result.error = exc.message
    result.not_printed = [s for s in compact if s not in result.printed]
    finish_job(station, session, result)
    if not result.printed and result.error:  # nothing changed state: a plain failure
        # The reason alone: each front end says "nothing was printed" in its own words
        # (the dialog's is translated), so the prefix here came out twice there.
        raise PrinterError(result.error, hint="Nothing was printed; the labels stay ready.")
    return result


def _spool(target: Target, layout: layouts.Layout, contents: list, dpi: int, fmt: str) -> str:
    if fmt == "zpl":
        return printing.send_raw_cups(target.name, zpl.render(layout, contents, dpi))
    if target.kind not in ("system", "cups-pdf"):
        raise PrinterError(f"Unknown printer kind {target.kind!r}.")
    document = pdf.render(layout, contents, title="appraiser labels", dpi=dpi)
    return printing.send_pdf(
        target.name, document, width_mm=layout.width_mm, height_mm=layout.height_mm
    )


def _stream(station, session, target, formats, compact, result, progress) -> None:
    def accepted(index: int, confirmed: bool) -> None:
        record_printed(station, session, result.job_id, [compact[index]])
        result.printed.append(compact[index])
        if not confirmed:
            result.uncertain.append(compact[index])
        if progress:
            progress(index + 1, len(compact))

    try:
        delivery = printing.send_tcp(target.name, formats, on_label=accepted)
    except PrintInterrupted as exc:
        result.error = exc.message
        if exc.uncertain:
            serial = compact[exc.delivered]
            record_printed(station, session, result.job_id, [serial])
            result.printed.append(serial)
            result.uncertain.append(serial)
        return
    if delivery.silent:
        result.warning = (
            f"The printer at {target.name} does not answer status queries, so "
            f"{delivery.sent - delivery.confirmed} of {delivery.sent} labels were sent without "
            "confirmation. Check that each one came out; a missing one needs a reprint."
        )


def batch_serials(station: Station, session: Session, batch_lot: str) -> list[str]:
    """Issue any missing labels of a finished batch and return every serial still to print.

    A batch is finished when each of its appraisals has a decided verdict; genuine ones
    need a label, counterfeit ones none.
    """
    rows = station.store.query(
        """SELECT a.uid, v.verdict FROM appraisals_current a
           JOIN items_current i ON i.uid = a.item_uid
           LEFT JOIN verdicts_current v ON v.appraisal_uid = a.uid
           WHERE i.batch_lot = ? ORDER BY a.uid""",
        (batch_lot,),
    )
    if not rows:
        raise InvalidInput(f"No appraisals in batch {batch_lot!r}.")
    open_ = [r["uid"] for r in rows if r["verdict"] not in ("genuine", "counterfeit")]
    if open_:
        raise InvalidInput(
            f"Batch {batch_lot} is not finished: {', '.join(open_[:5])} still need a verdict."
        )
    serials = []
    for row in (r for r in rows if r["verdict"] == "genuine"):
        live = labels.live_label(station.store, row["uid"]) or labels.issue(
            station, session, row["uid"]
        )
        if live.state == "issued":
            serials.append(live.serial)
    return serials


def print_batch(
    station: Station,
    session: Session,
    batch_lot: str,
    target: Target,
    stock: str | None = None,
    dpi: int = 203,
    progress: Callable[[int, int], None] | None = None,
) -> PrintResult:
    serials = batch_serials(station, session, batch_lot)
    if not serials:
        raise InvalidInput(f"Every label of batch {batch_lot} is already printed.")
    return print_labels(station, session, serials, target, stock, dpi, progress)
