"""``appraiser appraisals list``: one JSON object per line, for scripts and schedulers."""

from __future__ import annotations

import argparse
from datetime import datetime, tzinfo

from appraiser.cli.common import DAY_HELP, emit_json, open_station, parse_day
from appraiser.services.casework import appraisals


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("appraisals", help="list appraisals")
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="appraisals of one day (station time zone)")
    listing.add_argument("--date", help=f"{DAY_HELP}; default today")
    listing.add_argument("--verdict", choices=["genuine", "counterfeit", "inconclusive"])
    listing.add_argument("--json", action="store_true", help="JSON lines (the default)")
    listing.set_defaults(func=run_list)


def with_local_time(row: dict, tz: tzinfo) -> dict:
    """``created`` stays UTC (the record); ``day`` and ``created_local`` are the station's,
    so a script that groups by day gets the day ``--date`` selected."""
    local = datetime.fromisoformat(row["created"].replace("Z", "+00:00")).astimezone(tz)
    return {
        **row,
        "day": local.date().isoformat(),
        "created_local": local.isoformat(timespec="seconds"),
    }


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        tz = station.settings.tz()
        rows = appraisals.list_for_day(station.store, parse_day(args.date, tz), tz, args.verdict)
    finally:
        station.close()
    for row in rows:
        emit_json(with_local_time(row, tz))
    return 0
