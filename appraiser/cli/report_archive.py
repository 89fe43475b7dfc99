"""``appraiser report-archive APPRAISAL_ID --out FILE``: the bench's own copy of the report.

Started by the station itself after each signed verdict, so it takes no sign-in and has no
help line. It writes only into the data folder's report archive, and like every report it
carries no label payload (DESIGN §3.5), so it gives nobody more than the data folder holds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import EXIT_OK, emit_json, open_station
from appraiser.reports.texts import LANGS


def register(sub: argparse._SubParsersAction) -> None:
    archive = sub.add_parser("report-archive")  # no help: started by the station itself
    archive.add_argument("appraisal_id", metavar="APPRAISAL_ID")
    archive.add_argument("--lang", choices=LANGS)
    archive.add_argument("--out", required=True, type=Path)
    archive.set_defaults(func=run_archive)


def run_archive(args: argparse.Namespace) -> int:
    from appraiser.services.records.reports import archive_report

    station = open_station(args)
    try:
        result = archive_report(station, args.appraisal_id, args.out, lang=args.lang)
    finally:
        station.close()
    emit_json(result)
    return EXIT_OK
