"""Print a lot's unit labels in a child process, for the GUI (issue 16 L4).

Issuing, signing and rendering thousands of labels is Python work; on a worker *thread* it
competes with the UI thread for the interpreter lock (p99 UI stall ~23 ms measured for a
1,000-label batch). In a child process — the ordinary ``appraiser lot labels print`` CLI,
acting for the signed-in user through a one-time hand-off token (``records.handoff``) — the
worker thread only waits on a pipe. Cancel is a stop file the child checks between jobs, so
a job is never cut in the middle by us.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from appraiser.errors import InvalidInput, PrinterError
from appraiser.labels.printing import Target
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.lots import unit_labels, unit_print
from appraiser.services.records import handoff
from appraiser.services.records.export_child import _lower_priority, can_fork

PURPOSE = "lot-print"
_PROGRESS = re.compile(r"^labels: (\d+)/(\d+)$")


def command(root: Path, lot_uid: str, target: Target, stock: str, user: str, stop: Path):
    return [
        sys.executable, "-m", "appraiser", "--data-dir", str(root), "lot", "labels", "print",
        lot_uid, "--kind", target.kind, "--printer", target.name, "--stock", stock, "--json",
        "--user", user, "--handoff", "--stop-file", str(stop),
    ]  # fmt: skip


def print_lot_in_child(
    station: Station,
    session: Session,
    lot_uid: str,
    target: Target,
    *,
    stop_file: Path,
    progress: Callable[[int, int], None] | None = None,
) -> unit_print.LotPrintResult:
    """Same contract as ``unit_print.print_lot`` with a CUPS sender; the rule book is
    checked here first, so a refusal is immediate and audited once."""
    stock = station.settings.label_stock
    if not can_fork():  # a frozen build has no ``python -m``
        from appraiser.labels import layouts

        sender = unit_print.CupsSender(target, layouts.load(stock), 203)
        return unit_print.print_lot(station, session, lot_uid, sender,
                                    progress=progress, cancelled=stop_file.exists)  # fmt: skip
    unit_labels.check_release(station.store, session, lot_uid)
    token = handoff.grant(station.store, session, PURPOSE)
    args = command(station.data.root, lot_uid, target, stock, session.username, stop_file)
    raw = _run(args, progress, token)
    result = unit_print.LotPrintResult(raw["lot"], raw["units"], raw["printed"], raw["jobs"])
    result.voided, result.error, result.cancelled = raw["voided"], raw["error"], raw["cancelled"]
    result.withheld = {unit: why for why, units in raw.get("withheld_why", {}).items()
                       for unit in units}  # fmt: skip
    return result


def _run(args: list[str], progress, token: str) -> dict:
    """The child at low priority: ``labels: d/t`` lines on stderr are progress, the last
    stdout line (JSON) the outcome; a non-zero exit is the matching error."""
    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, encoding="utf-8")  # fmt: skip
    _lower_priority(child.pid)
    assert child.stdin is not None and child.stderr is not None and child.stdout is not None
    with contextlib.suppress(BrokenPipeError):
        child.stdin.write(token + "\n")
        child.stdin.close()
    last_error = ""
    for line in child.stderr:
        match = _PROGRESS.match(line.strip())
        if match and progress is not None:
            progress(int(match.group(1)), int(match.group(2)))
        elif line.strip() and not match:
            last_error = line.strip().removeprefix("appraiser: ")
    output = child.stdout.read()
    code = child.wait()
    if code == 2:
        raise InvalidInput(last_error or "the print process refused its input")
    if code != 0:
        raise PrinterError(last_error or f"the print process ended with code {code}")
    return json.loads(output.strip().splitlines()[-1])
