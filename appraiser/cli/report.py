"""``appraiser report APPRAISAL_ID``: the appraisal report PDF, unattended-friendly."""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import EXIT_OK, check_out, emit_json, open_station
from appraiser.cli.export import EXIT_CODES, formatter
from appraiser.reports.texts import LANGS


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser(
        "report",
        help="the appraisal report PDF of one appraisal",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    report.add_argument("appraisal_id", metavar="APPRAISAL_ID")
    report.add_argument("--lang", choices=LANGS, help="report language (default: station's)")
    report.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    report.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from appraiser.services.records.reports import appraisal_report

    check_out(args.out)
    station = open_station(args)
    try:
        result = appraisal_report(station, args.appraisal_id, args.out, lang=args.lang)
    finally:
        station.close()
    emit_json(result)
    return EXIT_OK
