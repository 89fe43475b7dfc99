"""``appraiser report APPRAISAL_ID --user U``: the internal appraisal report PDF.

The report is internal (customs data, people, notes), so it needs a signed-in supervisor;
consumers get ``appraiser export bundle``. The bench's own copy, written after each signed
verdict into the data folder's report archive, comes from the hidden ``report-archive``
command (cli/report_archive.py) the station starts itself, without a sign-in. Neither carries
the label's signed payload nor a QR of it (the serial, state and key id only): only a
recorded print does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import EXIT_OK, add_user, check_out, emit_json, open_station
from appraiser.cli.export import EXIT_CODES, formatter, session_of
from appraiser.reports.texts import LANGS


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "report",
        help="the internal appraisal report PDF of one appraisal (supervisors)",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    report.add_argument("appraisal_id", metavar="APPRAISAL_ID")
    report.add_argument("--lang", choices=LANGS, help="report language (default: station's)")
    report.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    add_user(report, "the supervisor who takes the report")
    report.add_argument("--handoff", action="store_true", help=argparse.SUPPRESS)
    report.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from appraiser.services.records.reports import appraisal_report

    check_out(args.out)
    station = open_station(args)
    try:
        session = session_of(station, args, "report")
        result = appraisal_report(station, session, args.appraisal_id, args.out, lang=args.lang)
    finally:
        station.close()
    emit_json(result)
    return EXIT_OK
