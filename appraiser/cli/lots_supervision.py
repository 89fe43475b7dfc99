"""The supervisor's ``appraiser lots …`` verbs (issue 16 L5): the capacity table,
plausibility flags and their acknowledgement, the lot report and the supplier scorecard.

``appraiser.cli.lots.register`` adds them to ``lots`` with ``add_verbs``; this module's
own ``register`` adds nothing (the launcher calls ``register`` on every CLI module).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import (
    EXIT_OK,
    add_user,
    check_out,
    emit_json,
    open_station,
    parse_day,
    sign_in,
)
from appraiser.errors import InvalidInput
from appraiser.reports.texts import LANGS
from appraiser.services.lots import capacity, plausibility, scorecard
from appraiser.services.lots.lot_report import lot_report


def register(sub) -> None:
    """Nothing: ``lots`` is registered by ``appraiser.cli.lots``, which calls ``add_verbs``."""


def add_verbs(commands: argparse._SubParsersAction) -> None:
    _add_capacity(commands)
    flags = commands.add_parser("flags", help="declaration plausibility flags (no sign-in)")
    flags.add_argument("lot", nargs="?", help="only this lot's flags")
    flags.add_argument("--open", action="store_true", help="only flags not yet acknowledged")
    flags.add_argument("--json", action="store_true", help="one JSON object per line")
    flags.set_defaults(func=run_flags)
    ack = commands.add_parser("acknowledge", help="a supervisor answers a flag with a note")
    ack.add_argument("flag", help="the flag's id (LF-…)")
    ack.add_argument("--note", required=True, help="what was checked; why the lot may go")
    add_user(ack, "the supervisor who acknowledges")
    ack.set_defaults(func=run_acknowledge)
    report = commands.add_parser("report", help="the lot report PDF (internal)")
    report.add_argument("lot", help="the lot's id (LOT-…)")
    report.add_argument("--out", required=True, type=Path, metavar="FILE")
    report.add_argument("--lang", choices=LANGS, help="language of the report")
    add_user(report, "the supervisor who renders it")
    report.set_defaults(func=run_report)
    _add_scorecard(commands)


def _add_capacity(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("capacity", help="what producers can make: import, list")
    verbs = parser.add_subparsers(dest="capacity_command", required=True)
    imp = verbs.add_parser(
        "import",
        help="record a capacity CSV (all rows or none)",
        description="Columns: producer,gtin,batch_size,annual_capacity[,source,note]. The "
        "producer is the brand on the line; a row may name a producer, a GTIN or both; "
        "the newest row of a key wins.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    add_user(imp, "the supervisor who imports")
    imp.set_defaults(func=run_capacity_import)
    listed = verbs.add_parser("list", help="the capacity rows in force (no sign-in)")
    listed.add_argument("--json", action="store_true", help="one JSON object per line")
    listed.set_defaults(func=run_capacity_list)


def _add_scorecard(commands: argparse._SubParsersAction) -> None:
    score = commands.add_parser(
        "scorecard",
        help="per merchant + product: lots, accepted %%, counterfeit findings, state",
        description="Printed without sign-in; written to a file (--format/--out) it is a "
        "supervisor's export and needs --user.",
    )
    score.add_argument("--since", help="first lot day (YYYY-MM-DD)")
    score.add_argument("--until", help="last lot day (YYYY-MM-DD)")
    score.add_argument("--json", action="store_true", help="one JSON object per line")
    score.add_argument("--format", choices=scorecard.FORMATS)
    score.add_argument("--out", type=Path, metavar="FILE")
    score.add_argument("--lang", choices=LANGS, help="language of the headers")
    score.add_argument("--user", help="the supervisor who exports (with --out)")
    score.set_defaults(func=run_scorecard)


def run_capacity_import(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        result = capacity.import_csv(station.store, session, args.file)
    finally:
        station.close()
    print(f"{result.file}: {result.rows} rows, {result.recorded} recorded, "
          f"{result.unchanged} unchanged")  # fmt: skip
    return EXIT_OK


def run_capacity_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        rows = capacity.current(station.store)
    finally:
        station.close()
    keys = ("producer", "gtin", "batch_size", "annual_capacity", "source", "note", "created",
            "created_by_name")  # fmt: skip
    for row in rows:
        if args.json:
            emit_json({k: row[k] for k in keys})
        else:
            print("\t".join("" if row[k] is None else str(row[k]) for k in keys[:6]))
    return EXIT_OK


def run_flags(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        found = plausibility.flags(station.store, args.lot, open_only=args.open)
    finally:
        station.close()
    for flag in found:
        if args.json:
            emit_json(flag.as_dict())
        else:
            state = "open" if flag.open else f"acknowledged by {flag.acknowledged_by}"
            print(f"{flag.uid}\t{flag.lot_uid}\t{flag.kind}\t{state}\t{flag.message}")
    return EXIT_OK


def run_acknowledge(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        flag = plausibility.acknowledge(station.store, session, args.flag, args.note)
    finally:
        station.close()
    print(f"{flag.uid}: acknowledged by {flag.acknowledged_by} ({flag.lot_uid})")
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    out = check_out(args.out)
    station = open_station(args)
    try:
        session = sign_in(station, args)
        result = lot_report(station, session, args.lot, out, lang=args.lang)
    finally:
        station.close()
    print(result["file"])
    return EXIT_OK


def _day(option: str, text: str | None, tz):
    """A period end, named by its option when it is wrong (``parse_day`` says --date)."""
    if not text:
        return None
    try:
        return parse_day(text, tz)
    except InvalidInput as exc:
        raise InvalidInput(f"{option}: {exc.message.replace('--date ', '')}") from None


def run_scorecard(args: argparse.Namespace) -> int:
    if bool(args.format) != bool(args.out) or (args.out and not args.user):
        raise InvalidInput("--format, --out and --user go together (a file is an export)")
    station = open_station(args)
    try:
        tz = station.settings.tz()
        since = _day("--since", args.since, tz)
        until = _day("--until", args.until, tz)
        if args.out:
            session = sign_in(station, args)
            lang = args.lang or station.settings.language or "zh_CN"
            out = check_out(args.out)
            result = scorecard.export(station.store, session, args.format, out, since=since,
                                      until=until, lang=lang)  # fmt: skip
            print(result["file"])
            return EXIT_OK
        scores = scorecard.scorecard(station.store, since, until)
    finally:
        station.close()
    if not args.json:  # a header line names every column (issue 16 finding N5)
        print("\t".join(scorecard.headers("en")))
    for score in scores:
        if args.json:
            emit_json(score.as_dict())
        else:
            row = score.as_dict()
            print("\t".join("" if row[c] is None else str(row[c]) for c in scorecard.COLUMNS))
    return EXIT_OK
