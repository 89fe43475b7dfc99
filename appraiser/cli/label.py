"""``appraiser label …``: render, verify, print and manage anti-counterfeit labels."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from appraiser import limits
from appraiser.cli import keys as keys_cli
from appraiser.cli.appraisals import with_local_time
from appraiser.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_user,
    bounded_int,
    check_out,
    emit_json,
    open_station,
    progress,
    read_password,
    sign_in,
)
from appraiser.errors import InvalidInput
from appraiser.imaging import load_image
from appraiser.keys import StationKeys
from appraiser.labels import decode, ids, layouts
from appraiser.labels.printing import KINDS, Target
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.labelling import label_printing, label_render, label_verify, labels


def register(sub: argparse._SubParsersAction) -> None:
    label = sub.add_parser("label", help="render, verify and print labels")
    verbs = label.add_subparsers(dest="verb", required=True)
    render = verbs.add_parser(
        "render",
        help="render the live label of an appraisal (or a label serial) to a file: a recorded "
        "print (again: a reprint with --reason and --approver)",
    )
    render.add_argument(
        "appraisal_id",
        metavar="APPRAISAL_ID|SERIAL",
        help="an appraisal id (appraisals list) or a label serial (label list)",
    )
    render.add_argument("--stock", default=None, help=f"one of {', '.join(layouts.available())}")
    render.add_argument("--format", choices=("pdf", "zpl", "png"), default="pdf")
    render.add_argument(
        "--dpi",
        type=bounded_int(limits.MIN_DPI, limits.MAX_DPI),
        default=203,
        help=f"ZPL/PNG resolution, {limits.MIN_DPI}-{limits.MAX_DPI} (default 203)",
    )
    render.add_argument("--out", required=True, type=Path)
    add_user(render, "who prints: the appraiser who signed, or a supervisor")
    render.add_argument("--reason", default="", help="why a printed label is rendered again")
    render.add_argument(
        "--approver",
        default=None,
        help="the supervisor (not you) who approves a reprint; their password is asked "
        "second, or read as the second line on stdin",
    )
    render.set_defaults(func=run_render)
    verify = verbs.add_parser("verify", help="verify a label payload or a photo of a label")
    verify.add_argument("payload_or_image")
    verify.add_argument(
        "--purpose",
        choices=label_verify.PURPOSES,
        default=None,
        help="bench or outbound need --user (they count towards the clone rules); "
        "default: bench with --user, consumer without",
    )
    verify.add_argument(
        "--user",
        default=None,
        help="who scans (needed for bench and outbound); the password is asked on the "
        "terminal, or read as one line on stdin",
    )
    verify.add_argument(
        "--station", default=None, help="where the scan happened: a station code this one knows"
    )
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run_verify)
    _register_admin(verbs)


def _register_admin(verbs: argparse._SubParsersAction) -> None:
    key = verbs.add_parser("export-key", help="print the station's public key (PEM)")
    key.add_argument("--key-id", default=None)
    key.set_defaults(func=run_export_key)
    keys_cli.add_rotate(verbs, "rotate-key")  # = `keys rotate`, kept for scripts
    keys_cli.add_trust(verbs, "trust-key")  # = `keys trust`: admin + fingerprint
    flags = verbs.add_parser("flags", help="list serials flagged as probable clones")
    flags.add_argument("--json", action="store_true")
    flags.set_defaults(func=run_flags)
    listing = verbs.add_parser("list", help="issued labels, newest first, with their state")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument(
        "--limit",
        type=bounded_int(0, limits.MAX_LIST_LIMIT),
        default=0,
        help="at most N labels (default 0: all)",
    )
    listing.set_defaults(func=run_list)
    stocks = verbs.add_parser("stocks", help="list label stocks")
    stocks.set_defaults(func=run_stocks)
    issue = verbs.add_parser("issue", help="issue the label of a genuine appraisal")
    issue.add_argument("appraisal_id")
    add_user(issue, "who issues: the appraiser who signed the genuine verdict, or a supervisor")
    issue.set_defaults(func=run_issue)
    printer = verbs.add_parser("print", help="print issued labels of a finished batch")
    printer.add_argument("batch_lot")
    printer.add_argument("--kind", choices=KINDS[1:], default="cups-pdf")
    printer.add_argument("--printer", default="", help="CUPS queue or host[:port]")
    printer.add_argument("--stock", default=None)
    add_user(printer, "who prints: the appraisers who signed, or a supervisor")
    printer.set_defaults(func=run_print)


def run_render(args: argparse.Namespace) -> int:
    """A render of a live label is a print, recorded like one (DESIGN §3.1)."""
    check_out(args.out)
    station = open_station(args)
    try:
        session = sign_in(station, args)
        rendered = label_render.render(
            station,
            session,
            args.appraisal_id,
            args.out,
            stock=args.stock,
            fmt=args.format,
            dpi=args.dpi,
            reason=args.reason,
            approve=lambda: _approver(station, args),
        )
    finally:
        station.close()
    if rendered.voided:
        new = rendered.label.grouped
        progress(f"label {ids.group(rendered.voided)} voided; reprinted as {new}")
    progress(f"label {rendered.label.grouped} ({args.format}) recorded printed to {args.out}")
    print(rendered.label.grouped)
    return EXIT_OK


def _approver(station, args: argparse.Namespace) -> Session:
    """The approving supervisor of a reprint, asked only when the render is one."""
    if not args.approver:
        raise InvalidInput(
            "This label was already printed: a reprint needs --reason and --approver "
            "(a supervisor other than you, whose password is asked next)."
        )
    password = read_password(args.approver)
    return check_password(station.store, args.approver, password, purpose="approve")


def _payloads(arg: str) -> list[str]:
    """A URL, or any text that names no file, is a payload to verify; an existing path is a
    photo of a label, read like every image (a regular file within the size limit, pixel
    limits from its header) before it is decoded: a FIFO or /dev/zero is never read, and a
    text too long for a file name is a payload, not an OSError (issue 14 finding 16)."""
    if arg.startswith("https://") or not _names_something(arg):
        return [arg]
    path = Path(arg)
    progress(f"decoding {path.name}")
    texts = decode.decode_array(load_image(path, label=f"The file {path}"))
    if not texts:
        raise InvalidInput(
            f"No QR code found in {path.name}.",
            hint="Photograph the label straight on, in focus and well lit.",
        )
    return texts


def _names_something(arg: str) -> bool:
    try:
        os.stat(arg)
    except (OSError, ValueError):  # missing, name too long, a NUL byte: not a file
        return False
    return True


def run_verify(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args) if args.user else None
        reports = [
            label_verify.record_scan(
                station, session, text, purpose=args.purpose, at_station=args.station
            )
            for text in _payloads(args.payload_or_image)
        ]
    finally:
        station.close()
    for report in reports:
        if args.json:
            emit_json(report.as_json())
        else:
            _print_report(report)
    ok = all(r.valid and not r.clone_suspected for r in reports)
    return EXIT_OK if ok else EXIT_FAILED


def _print_report(report: label_verify.ScanReport) -> None:
    """The first line is the answer ("VALID — …" only for a live label, exit 0)."""
    data = report.as_json()
    print(report.message)
    if data["serial"]:
        print(
            f"  serial {data['serial']}  gtin {data['gtin'] or '-'}  date {data['date']}  "
            f"key {data['key_id']}"
        )
    for flag in report.flags:
        print(f"  PROBABLE CLONE: {flag['text']}")


def run_export_key(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        kid, pem = StationKeys(station.data.keys, station.store).export_public(args.key_id)
    finally:
        station.close()
    progress(f"key id {kid}")
    sys.stdout.write(pem.decode("ascii"))
    return EXIT_OK


def run_flags(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        rows = label_verify.clone_flags(station)
    finally:
        station.close()
    for row in rows:
        if args.json:
            emit_json({k: row[k] for k in ("grouped", "rule", "text", "created", "stations")})
        else:
            print(
                f"{row['grouped']}  {row['rule']:<16} {row['created']}  "
                f"{', '.join(row['stations'])}"
            )
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        tz = station.settings.tz()
        rows = labels.list_labels(station.store, limit=args.limit if args.limit > 0 else -1)
    finally:
        station.close()
    for row in rows:
        listed = with_local_time(_listed(row), tz)
        if args.json:
            emit_json(listed)
        else:
            print(
                f"{listed['grouped']}  {listed['state']:<9} {listed['day']}  "
                f"{listed['appraisal_id']}  {listed['brand'] or '-'} {listed['model'] or ''}"
            )
    if not args.json:
        progress(f"{len(rows)} labels")
    return EXIT_OK


_LISTED = ("serial", "grouped", "state", "created", "gtin", "brand", "model", "batch_lot", "key_id")


def _listed(row: dict) -> dict:
    """The label's public facts for scripts (``appraisal_id`` as ``appraisals list`` calls it)."""
    return {**{key: row[key] for key in _LISTED}, "appraisal_id": row["appraisal_uid"]}


def run_stocks(args: argparse.Namespace) -> int:
    for key in layouts.available():
        layout = layouts.load(key)
        print(f"{key:<12} {layout.title} ({layout.width_mm:g} x {layout.height_mm:g} mm)")
    return EXIT_OK


def run_issue(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        label = labels.issue(station, sign_in(station, args), args.appraisal_id)
    finally:
        station.close()
    print(label.grouped)  # never the payload: only a recorded print carries it (DESIGN §3.5)
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        result = label_printing.print_batch(
            station, session, args.batch_lot, Target(args.kind, args.printer), args.stock
        )
    finally:
        station.close()
    for serial in result.printed:
        print(f"printed {serial}")
    for serial in result.not_printed:
        print(f"NOT printed {serial}")
    if result.error:
        progress(f"printer problem: {result.error}")
    if result.warning:
        progress(f"printer warning: {result.warning}")
    return EXIT_OK if result.complete else EXIT_FAILED
