"""``appraiser queue``: the day's work queue from the command line.

``queue import FILE --user NAME`` previews an inbound list (CSV or XLSX), reports every
bad row on stderr and queues the good rows in one transaction (nothing twice on
re-import); ``--dry-run`` only previews. ``queue list`` prints the day's entries as JSON
lines. The password is asked on the terminal, or read as one line from stdin when stdin
is not a terminal (``sign_in``); no environment variable stands in for it, so a password
never sits in a shell's environment or a crontab.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from appraiser.cli.common import (
    DAY_HELP,
    EXIT_OK,
    EXIT_USAGE,
    emit_json,
    open_station,
    parse_day,
    progress,
    sign_in,
)
from appraiser.services.arrivals import inbound, queue


def register(sub) -> None:
    parser = sub.add_parser("queue", help="the day's work queue: import an inbound list, list")
    commands = parser.add_subparsers(dest="queue_command", required=True)
    imp = commands.add_parser("import", help="import an inbound list (CSV or XLSX)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--user", help="who imports (asks the password); not needed with --dry-run")
    imp.add_argument("--date", help=f"queue day: {DAY_HELP}; default today")
    imp.add_argument("--dry-run", action="store_true", help="preview and report only")
    imp.add_argument("--json", action="store_true", help="the summary as one JSON object")
    imp.set_defaults(func=run_import)
    show = commands.add_parser("list", help="the day's queue as JSON lines")
    show.add_argument("--date", help=f"queue day: {DAY_HELP}; default today")
    show.set_defaults(func=run_list)


def _day(station, given: str | None) -> date:
    return parse_day(given, station.settings.tz())


def run_import(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        day = _day(station, args.date)
        result = inbound.preview(station.store, args.file, day)
        for bad in result.bad:
            progress(f"row {bad.row_no}: {'; '.join(bad.problems)}")
        added = 0
        if not args.dry_run:
            if not args.user:
                progress("appraiser queue import: --user is needed to import (or --dry-run)")
                return EXIT_USAGE
            session = sign_in(station, args)
            added = inbound.commit(station.store, session, result, day)
        summary = {
            "file": str(args.file), "day": day.isoformat(), "queued": added,
            "good_rows": len(result.good), "bad_rows": len(result.bad),
            "already_queued": result.already_queued, "already_imported": result.already_imported,
        }  # fmt: skip
        if args.json:
            emit_json(summary)
        else:
            print(f"{added} item(s) queued for {day}; {len(result.bad)} bad row(s) left out.")
        return EXIT_OK
    finally:
        station.close()


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        day = _day(station, args.date)
        for row in queue.list_day(station.store, day, station.settings.tz()):
            emit_json({k: row.get(k) for k in (
                "item_uid", "state", "declaration_no", "gtin", "sku", "brand", "model",
                "quantity", "merchant", "appraisal_uid", "appraiser", "verdict", "label_serial",
                "label_state",
            )})  # fmt: skip
        return EXIT_OK
    finally:
        station.close()
