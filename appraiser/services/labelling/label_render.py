"""A live label rendered to a file is a label printed (DESIGN §3.1, issue 14 finding 3).

A PDF, ZPL or PNG of a live label is as good as the printout: anyone can send it to a
printer. So a render follows the rules of printing, in the services, for every front end:
- an ``issued`` label renders once, as its first print, by the appraiser who signed the
  genuine verdict or a supervisor; it is recorded ``printed`` under a print job whose target
  is the file;
- a label already printed (or applied) renders again only as a reprint: a reason and a
  supervisor's approval that is not the requester's own; the old serial is voided, a new
  one issued and recorded printed, all in one transaction, and the file holds the new one;
- a voided or revoked serial never renders.
The file is written beside its destination and renamed into place only once the record is
committed, so a refused or failed render leaves neither a record nor a printable file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, NotFound
from appraiser.fsio import check_replaceable
from appraiser.labels import ids, layouts, pdf, png, zpl
from appraiser.limits import MAX_DPI, MIN_DPI
from appraiser.reports.atomic import ExportFolderError
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import label_rules, labels
from appraiser.storage.db import Tx

FORMATS = ("pdf", "zpl", "png")
FIRST_PRINT = ("issued",)
PRINTED = ("printed", "applied")
_JOB_FORMAT = {"pdf": "pdf", "zpl": "zpl", "png": "raster"}  # print_jobs' names


@dataclass(frozen=True)
class Rendered:
    label: labels.LabelInfo  # the label in the file (the new one after a reprint)
    voided: str | None  # the serial a reprint replaced
    path: Path


def find_label(station: Station, given: str) -> labels.LabelInfo:
    """The live label an argument names: an appraisal id, or a label serial."""
    store = station.store
    try:
        appraisals.current(store, given)
    except NotFound:
        return _by_serial(station, given)
    live = labels.live_label(store, given)
    if live is None:
        raise InvalidInput(
            f"Appraisal {given} has no label: only a genuine verdict gets one, issued at the "
            f"bench or with `appraiser label issue {given} --user NAME`."
        )
    return live


def _by_serial(station: Station, given: str) -> labels.LabelInfo:
    expected = "an appraisal id (see `appraiser appraisals list`) or a label serial (see "
    expected += "`appraiser label list`)"
    if not ids.is_valid(given):
        raise NotFound(f"No appraisal or label {given!r}; give {expected}.")
    try:
        label = labels.info(station.store, given)
    except NotFound:
        raise NotFound(f"No appraisal or label {given!r}; give {expected}.") from None
    if label.state not in FIRST_PRINT + PRINTED:
        live = labels.live_label(station.store, label.appraisal_uid)
        instead = f"; the live one is {live.grouped}" if live else ""
        raise InvalidInput(
            f"Label {label.grouped} is {label.state}: it is never rendered{instead}."
        )
    return label


def needs_approval(label: labels.LabelInfo) -> bool:
    """Whether rendering this label is a reprint (so the caller asks for an approver)."""
    return label.state in PRINTED


def render(
    station: Station,
    session: Session,
    given: str,
    out: Path,
    *,
    stock: str | None = None,
    fmt: str = "pdf",
    dpi: int = 203,
    reason: str = "",
    approve: Callable[[], Session] | None = None,
) -> Rendered:
    """Render the live label ``given`` names into ``out`` as a recorded print.

    ``approve`` is asked only for a reprint and returns the approving supervisor's session
    (the command line reads their password then, not before it is needed)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    check_dpi(dpi)
    check_replaceable(out, f"--out {out}")  # before any record: /dev/full is no label file
    stock = stock or station.settings.label_stock
    layout = layouts.load(stock)
    label = find_label(station, given)
    recorded_settings.check(station, session, "render")  # issue 14 H4: audited settings
    job = _job_row(session, out, stock, fmt)
    temp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    try:
        if label.state in FIRST_PRINT:
            done = _first_print(station, session, label, job, layout, fmt, dpi, temp)
        elif label.state in PRINTED:
            done = _reprint(station, session, label, job, (layout, fmt, dpi, temp), reason, approve)
        else:
            raise InvalidInput(f"Label {label.grouped} is {label.state}: it is never rendered.")
        _into_place(temp, out)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return Rendered(done[0], done[1], out)


def check_dpi(dpi: int) -> None:
    """Label printers print at 203, 300 or 600 dpi: a value outside what printers use is
    refused before anything is drawn or recorded (--dpi 0 divided by zero, --dpi 999999
    asked for gigabytes of raster; issue 14 finding M3)."""
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise InvalidInput(
            f"--dpi must be a whole number from {MIN_DPI} to {MAX_DPI}, not {dpi!r}."
        )


def _job_row(session: Session, out: Path, stock: str, fmt: str) -> dict:
    return {
        "target": f"file:{out.name}",
        "stock": stock,
        "format": _JOB_FORMAT[fmt],
        "serials": [],
        "created": now_iso(),
        "created_by": session.user_id,
    }


def _record(tx: Tx, session: Session, job: dict, serial: str) -> None:
    """The render as a one-label print job, and the label printed by it."""
    job_id = tx.insert(
        "print_jobs", {**job, "serials": [serial]}, action="label.rendered", serial=serial
    )
    labels.add_event(tx, session, serial, "printed", job=job_id, file=job["target"])


def _first_print(station, session, label, job, layout, fmt, dpi, temp):
    label_rules.check_first_print(station.store, session, label.serial)
    with station.store.atomic(session.actor) as tx:
        state = labels.state_of(station.store, label.serial)
        if state not in FIRST_PRINT:  # printed by someone else meanwhile
            raise InvalidInput(f"Label {label.grouped} is already {state}; render it again.")
        _record(tx, session, job, label.serial)
        _write(temp, _bytes(station, label.serial, layout, fmt, dpi))
    return labels.info(station.store, label.serial), None


def _reprint(station, session, label, job, output, reason, approve):
    if not reason.strip():
        raise InvalidInput(
            f"Label {label.grouped} was already printed: rendering it again is a reprint. "
            "Give a reason and a supervisor's approval (not your own)."
        )
    approver = approve() if approve is not None else None
    layout, fmt, dpi, temp = output

    def then(tx: Tx, new_serial: str) -> None:
        _record(tx, session, job, new_serial)
        _write(temp, _bytes(station, new_serial, layout, fmt, dpi))

    new = labels.reprint(station, session, label.serial, reason, approver, then=then)
    return new, label.serial


def _bytes(station: Station, serial: str, layout: layouts.Layout, fmt: str, dpi: int) -> bytes:
    content = labels.content(station, serial)
    if fmt == "pdf":
        return pdf.render(layout, [content], title=f"Label {content.serial}", dpi=dpi)
    if fmt == "zpl":
        return zpl.render_label(layout, content, dpi).encode("utf-8")
    return png.render_png(layout, content, dpi)


def _write(temp: Path, data: bytes) -> None:
    try:
        # 0600: the file is a printable live label (issue 14, breaker Low)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(temp, flags, 0o600), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ExportFolderError(f"Cannot write {temp.parent}: {exc.strerror or exc}.") from exc


def _into_place(temp: Path, out: Path) -> None:
    check_replaceable(out, f"--out {out}")  # swapped for a device while we rendered?
    try:
        os.replace(temp, out)
    except OSError as exc:  # recorded printed, file not in place: a reprint makes another
        raise ExportFolderError(
            f"The label was recorded printed but {out} could not be written "
            f"({exc.strerror or exc}); ask a supervisor for a reprint."
        ) from exc
