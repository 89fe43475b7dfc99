"""``appraiser lot labels issue|print|status LOT`` (issue 16 L4): a label for every unit.

``issue`` gives every unit of an accepted lot a signed serial (resumable: again only fills
the units without one); ``print`` prints what is not printed yet in journalled jobs through a
CUPS queue (``--kind cups-raw`` ZPL for a thermal printer, ``cups-pdf``/``system`` PDF) and
resumes after a fault with no serial printed twice and none skipped; ``status`` reads the
counts and the print journal (no sign-in). Progress goes to stderr. ``print`` exits 0 when
every unit's label is printed, 1 when every label that may print is printed but drawn units
are withheld (no label: not appraised or not genuine; the line names them), 3 when the
printer failed (run it again to resume).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from appraiser.cli.common import (
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    EXIT_OK,
    add_user,
    emit_json,
    open_station,
    progress,
    sign_in,
)
from appraiser.cli.export import session_of
from appraiser.labels import layouts
from appraiser.labels.printing import Target
from appraiser.services.lots import unit_labels, unit_print, unit_print_child

KINDS = ("cups-raw", "cups-pdf", "system")


def register(sub) -> None:
    """Nothing: ``lot`` is registered by ``appraiser.cli.lots``, which calls ``add_verbs``."""


def add_verbs(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("labels", help="a label for every unit of an accepted lot")
    verbs = parser.add_subparsers(dest="labels_command", required=True)
    issue = verbs.add_parser("issue", help="issue a serial to every unit without one")
    issue.add_argument("lot", help="the lot's id (LOT-…)")
    issue.add_argument("--json", action="store_true", help="the counts as one JSON object")
    add_user(issue, "the accept decision's signer, or a supervisor")
    issue.set_defaults(func=run_issue)
    printer = verbs.add_parser("print", help="print every unit label not printed yet")
    printer.add_argument("lot", help="the lot's id (LOT-…)")
    printer.add_argument("--kind", choices=KINDS, default="cups-raw")
    printer.add_argument("--printer", default="", help="the CUPS queue (default: CUPS's own)")
    printer.add_argument("--stock", default=None, help="label stock (default: the setting)")
    printer.add_argument("--job-size", type=int, default=unit_print.JOB_SIZE)
    printer.add_argument("--json", action="store_true", help="the outcome as one JSON object")
    printer.add_argument("--handoff", action="store_true", help=argparse.SUPPRESS)
    printer.add_argument("--stop-file", type=Path, help=argparse.SUPPRESS)  # the GUI's Cancel
    add_user(printer, "the accept decision's signer, or a supervisor")
    printer.set_defaults(func=run_print)
    status = verbs.add_parser("status", help="unit labels by state and the print journal")
    status.add_argument("lot", help="the lot's id (LOT-…)")
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(func=run_status)


def _shown(done: int, total: int) -> None:
    progress(f"labels: {done}/{total}")


def run_issue(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        result = unit_labels.issue_units(station, session, args.lot, progress=_shown)
    finally:
        station.close()
    if args.json:
        emit_json(json.loads(unit_labels.to_json(result)))
    else:
        print(f"{result.lot_uid}: {result.issued} issued, {result.already} already had one, "
              f"{result.total} units")  # fmt: skip
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = session_of(station, args, unit_print_child.PURPOSE)
        stock = args.stock or station.settings.label_stock
        sender = unit_print.CupsSender(Target(args.kind, args.printer), layouts.load(stock), 203)
        stop = args.stop_file
        result = unit_print.print_lot(
            station, session, args.lot, sender, stock=stock, job_size=args.job_size,
            progress=_shown, cancelled=(lambda: stop.exists()) if stop else None,
        )  # fmt: skip
    finally:
        station.close()
    for voided in result.voided:
        if voided["units"]:
            progress(f"discard any labels of job {voided['job']} that came out (units "
                     f"{voided['units'][0]}-{voided['units'][-1]}): they are void")  # fmt: skip
    if args.json:
        emit_json(print_json(result))
    else:
        print(print_line(result))
    if result.error and not args.handoff:
        progress(f"printer problem: {result.error} — fix it, then run the same command again")
        return EXIT_ENVIRONMENT
    if result.finished and result.withheld and not args.handoff:
        return EXIT_FAILED  # every label that may print is printed; some units have none
    return EXIT_OK


def print_json(result: unit_print.LotPrintResult) -> dict:
    """The print outcome: ``printed`` counts labels printed, ``withheld`` the units that get
    no label with why (issue 16 finding N3); ``complete`` only when every unit has one."""
    return {"lot": result.lot_uid, "units": result.total, "printed": result.printed,
            "withheld": len(result.withheld), "withheld_why": result.withheld_why(),
            "jobs": result.jobs, "voided": result.voided, "error": result.error,
            "cancelled": result.cancelled, "finished": result.finished,
            "complete": result.complete}  # fmt: skip


def print_line(result: unit_print.LotPrintResult) -> str:
    """'LOT: 153 of 200 unit labels printed; 47 units withheld (no label): …' — never
    'all printed' while a unit is left without a label."""
    line = f"{result.lot_uid}: {result.printed} of {result.total} unit labels printed"
    if not result.withheld:
        return line
    reasons = "; ".join(f"{len(units)} {why} (units {_units(units)})"
                        for why, units in result.withheld_why().items())  # fmt: skip
    return (f"{line}; {len(result.withheld)} units withheld, no label: {reasons}. "
            "They stay in quarantine until appraised genuine.")  # fmt: skip


def _units(units: list[int], most: int = 10) -> str:
    shown = ", ".join(str(unit) for unit in units[:most])
    return shown + (f", and {len(units) - most} more" if len(units) > most else "")


def run_status(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        summary = unit_labels.summary(station.store, args.lot)
        jobs = unit_print.journal(station, args.lot)
    finally:
        station.close()
    if args.json:
        emit_json({**summary, "jobs": jobs})
        return EXIT_OK
    states = ", ".join(f"{k} {v}" for k, v in summary.items() if k not in ("lot", "units"))
    _line(f"{args.lot}: {summary['units']} units; {states}")
    for job in jobs:
        _line(f"job {job['job']}: {job['step']} {job['spool_id'] or ''}".rstrip())
    return EXIT_OK


def _line(text: str) -> None:
    """One stdout line in one write with its newline, flushed: print() writes the text and
    its newline apart, and on a terminal shared with another writer's progress the two
    came apart ('issued 153labels: 47/200')."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
