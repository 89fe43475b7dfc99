"""Sending labels to printers without Qt: raw ZPL to a CUPS queue or TCP 9100, PDF via lp.

Every path has a timeout and turns the usual failures (no CUPS, unknown queue, printer
offline, connection refused or dropped) into ``PrinterError`` with a message the bench can
act on. A ZPL batch is streamed one label at a time, each confirmed by the printer where it
answers status queries, so when the printer disappears in the middle ``PrintInterrupted``
says exactly how far it got. Many print servers and ZPL-emulating printers never answer a
status query: that is "status unknown", not "gone", and the job goes on unconfirmed.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from appraiser.errors import PrinterError

LP_TIMEOUT_S = 30
CONNECT_TIMEOUT_S = 5
SEND_TIMEOUT_S = 15
STATUS_TIMEOUT_S = 2  # a Zebra answers ~HS within milliseconds; silence means it never will
RAW_PORT = 9100
KINDS = ("system", "cups-raw", "tcp9100", "cups-pdf")
_JOB_ID = re.compile(r"request id is (\S+)")


class PrintOutcomeUnknown(PrinterError):
    """The spooler may or may not have taken the job (``lp`` timed out, the printer stopped
    in the middle of it): treat every label of the job as possibly printed."""


class PrintInterrupted(PrinterError):
    """The printer went away during a batch; the first ``delivered`` labels were confirmed."""

    def __init__(self, message: str, delivered: int, *, uncertain: bool = False) -> None:
        super().__init__(message)
        self.delivered = delivered
        self.uncertain = uncertain  # label ``delivered`` was sent but never confirmed


@dataclass(frozen=True)
class Target:
    """Where labels go: ``kind`` is one of KINDS; ``name`` a queue or ``host[:port]``."""

    kind: str
    name: str = ""

    @property
    def wants_zpl(self) -> bool:
        return self.kind in ("cups-raw", "tcp9100")

    def describe(self) -> str:
        return f"{self.kind}:{self.name or 'default'}"


@dataclass(frozen=True)
class Delivery:
    """How a TCP batch went: every label was sent; ``confirmed`` of them were answered."""

    sent: int
    confirmed: int

    @property
    def silent(self) -> bool:
        return self.confirmed < self.sent


def _lp() -> str:
    found = shutil.which("lp")
    if found is None:
        raise PrinterError(
            "CUPS is not installed (no 'lp' command).",
            hint="Install CUPS, or choose a network (TCP 9100) printer.",
        )
    return found


def _run_lp(args: list[str], data: bytes, queue: str) -> str:
    try:
        done = subprocess.run(
            [_lp(), *args], input=data, capture_output=True, timeout=LP_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PrintOutcomeUnknown(
            f"The print system did not answer within {LP_TIMEOUT_S} s."
        ) from exc
    message = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise PrinterError(_lp_problem(message, queue))
    match = _JOB_ID.search(done.stdout.decode("utf-8", "replace"))
    return match.group(1) if match else ""


def _lp_problem(message: str, queue: str) -> str:
    low = message.lower()
    name = queue or "the default printer"
    if any(
        s in low for s in ("does not exist", "unknown printer", "not found", "invalid destination")
    ):
        return f"The printer {name} does not exist in CUPS."
    if "no default destination" in low:
        return "No printer chosen and CUPS has no default printer."
    if "not accepting" in low:
        return f"The printer {name} is not accepting jobs (paused or offline)."
    if "connect" in low or "scheduler" in low:
        return "The CUPS print service is not running."
    return f"Printing to {name} failed: {message or 'no reason given'}"


def send_pdf(
    queue: str, pdf: bytes, *, width_mm: float, height_mm: float, title: str = "labels"
) -> str:
    """Spool a PDF with the label size as the media size; returns the CUPS job id."""
    args = [
        "-t",
        title,
        "-o",
        f"media=Custom.{width_mm:g}x{height_mm:g}mm",
        "-o",
        "fit-to-page=false",
        "-o",
        "print-scaling=none",
    ]
    if queue:
        args = ["-d", queue, *args]
    _check_queue(queue)
    return _run_lp(args, pdf, queue)


def send_raw_cups(queue: str, zpl: Sequence[str], *, title: str = "labels") -> str:
    """All formats as one raw CUPS job: CUPS accepts or refuses the batch as a whole."""
    args = ["-o", "raw", "-t", title] + (["-d", queue] if queue else [])
    _check_queue(queue)
    return _run_lp(args, "".join(zpl).encode("utf-8"), queue)


def _check_queue(queue: str) -> None:
    """Refuse a stopped queue up front. CUPS would accept the job and hold it, and the
    bench would believe the labels printed; an accepted job on a live queue is kept by
    CUPS until the printer takes it, so nothing is lost when the device is briefly away."""
    lpstat = shutil.which("lpstat")
    if not queue or lpstat is None:
        return
    try:
        done = subprocess.run([lpstat, "-p", queue], capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PrinterError("The CUPS print service does not answer.") from exc
    text = (done.stdout + done.stderr).decode("utf-8", "replace").lower()
    if done.returncode != 0:
        raise PrinterError(_lp_problem(text, queue))
    if " disabled" in text:
        raise PrinterError(
            f"The printer {queue} is stopped in CUPS.",
            hint="Resume it (cupsenable) once it is on and has labels.",
        )


def _address(name: str) -> tuple[str, int]:
    host, _, port = name.rpartition(":") if ":" in name else (name, "", "")
    if not host:
        raise PrinterError(
            "No network printer address is set.",
            hint="Enter the printer's host name or IP in the settings.",
        )
    try:
        return host, int(port) if port else RAW_PORT
    except ValueError as exc:
        raise PrinterError(f"{name!r} is not a printer address (host or host:port).") from exc


def send_tcp(
    name: str, zpl: Sequence[str], on_label: Callable[[int, bool], None] | None = None
) -> Delivery:
    """Stream formats to a raw-port printer, confirming each one before the next.

    After each format we send the ZPL host-status query ``~HS``; the printer answers only
    once it has read everything before it, so an answer proves the label reached it.
    ``on_label(i, confirmed)`` runs after each label. A printer that does not answer within
    ``STATUS_TIMEOUT_S`` never will: the rest of the batch is sent without queries and each
    label reported unconfirmed (the caller counts it printed, so no serial prints twice).
    If the printer goes away, the label in flight is *uncertain* (it may still print):
    ``PrintInterrupted`` says how many were delivered and whether one is uncertain.
    """
    host, port = _address(name)
    sock = _connect(host, port)
    confirmed = 0
    asking = True
    with sock:
        for index, label in enumerate(zpl):
            sent = False
            try:
                sock.settimeout(SEND_TIMEOUT_S)
                sock.sendall(label.encode("utf-8"))
                sent = True
                if asking:
                    asking = _status_answered(sock)
            except OSError as exc:
                raise PrintInterrupted(
                    f"The printer at {host}:{port} went away after {index} of "
                    f"{len(zpl)} labels ({_why(exc)}).",
                    index,
                    uncertain=sent,
                ) from exc
            confirmed += asking
            if on_label:
                on_label(index, asking)
        _finish(sock)
    return Delivery(len(zpl), confirmed)


def _connect(host: str, port: int) -> socket.socket:
    try:
        return socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S)
    except OSError as exc:
        raise PrinterError(
            f"The printer at {host}:{port} cannot be reached ({_why(exc)}).",
            hint="Check that it is on and on the network.",
        ) from exc


def _status_answered(sock: socket.socket) -> bool:
    """Ask ``~HS``; False when no answer starts within ``STATUS_TIMEOUT_S``. A closed or
    reset connection is an error (``OSError``), not silence."""
    sock.sendall(b"~HS")
    sock.settimeout(STATUS_TIMEOUT_S)
    try:
        first = sock.recv(1024)
    except TimeoutError:
        return False
    if not first:
        raise ConnectionResetError(104, "connection closed by the printer")
    sock.settimeout(SEND_TIMEOUT_S)
    _read_status(sock, first)
    return True


def _read_status(sock: socket.socket, answer: bytes = b"") -> bytes:
    """The ~HS answer: three STX…ETX strings. A closed connection is an error here."""
    while answer.count(b"\x03") < 3:
        chunk = sock.recv(1024)
        if not chunk:
            raise ConnectionResetError(104, "connection closed by the printer")
        answer += chunk
    return answer


def _finish(sock: socket.socket) -> None:
    """Close so that the last labels still arrive: half-close, then read what the printer
    still says. Closing with unread data in the socket makes the kernel reset the
    connection, which can throw away labels not yet delivered."""
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(STATUS_TIMEOUT_S)
        while sock.recv(4096):
            pass
    except OSError:
        pass  # every label was handed over; the printer may hang up as it likes


def _why(exc: OSError) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    return exc.strerror or type(exc).__name__


def queue_exists(queue: str) -> bool:
    """Whether CUPS knows ``queue`` (lpstat answers quickly even for remote queues)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return False
    try:
        done = subprocess.run([lpstat, "-p", queue], capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def cups_job_state(queue: str, job_id: str) -> str:
    """Where a spooled job is: ``done`` (CUPS no longer lists it as pending), ``pending``
    (queued or printing), or ``stopped`` (still pending on a queue that stopped: the
    printer failed during it). A batch waits for ``done`` before counting a job printed."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        raise PrinterError("CUPS is not installed (no 'lpstat' command).")
    try:
        done = subprocess.run([lpstat, "-o", queue], capture_output=True, timeout=10, check=False)
        pending = any(
            line.split()[:1] == [job_id]
            for line in done.stdout.decode("utf-8", "replace").split("\n")
        )
        if not pending:
            return "done"
        state = subprocess.run([lpstat, "-p", queue], capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PrintOutcomeUnknown("The CUPS print service does not answer.") from exc
    text = state.stdout.decode("utf-8", "replace").lower()
    if " disabled" in text:
        return "stopped"
    # Pending on an idle printer: CUPS is not printing it (it failed and waits to be
    # retried, or is held); the caller treats that as stopped once it lasts.
    return "idle" if " is idle" in text else "pending"


def cancel_cups_job(job_id: str) -> None:
    """Cancel a spooled job so that it never resumes (best effort: it may be gone)."""
    cancel = shutil.which("cancel")
    if cancel is None or not job_id:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run([cancel, job_id], capture_output=True, timeout=10, check=False)
