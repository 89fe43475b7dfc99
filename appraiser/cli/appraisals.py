"""``appraiser appraisals list``: one JSON object per line, for scripts and schedulers."""

from __future__ import annotations

import argparse
from datetime import date

from appraiser.cli.common import emit_json, open_station
from appraiser.clock import utcnow
from appraiser.errors import InvalidInput
from appraiser.services.casework import appraisals


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("appraisals", help="list appraisals")
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="appraisals of one day (station time zone)")
    listing.add_argument("--date", help="YYYY-MM-DD (default: today)")
    listing.add_argument("--verdict", choices=["genuine", "counterfeit", "inconclusive"])
    listing.add_argument("--json", action="store_true", help="JSON lines (the default)")
    listing.set_defaults(func=run_list)


def parse_day(text: str | None, tz) -> date:
    if not text:
        return utcnow().astimezone(tz).date()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--date must look like 2026-11-22, not {text!r}") from exc


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        tz = station.settings.tz()
        rows = appraisals.list_for_day(station.store, parse_day(args.date, tz), tz, args.verdict)
    finally:
        station.close()
    for row in rows:
        emit_json(row)
    return 0
