"""``appraiser appraisals list|amend``: one JSON object per line, for scripts and schedulers;
an amendment signed on the command line under the same rules as in the GUI (DESIGN §3.4)."""

from __future__ import annotations

import argparse
from datetime import datetime, tzinfo

from appraiser.cli.common import (
    DAY_HELP,
    add_user,
    emit_json,
    open_station,
    parse_day,
    progress,
    read_password,
)
from appraiser.domain.enums import ReasonCode, Verdict
from appraiser.services.admin.accounts import check_password
from appraiser.services.casework import appraisals, verdicts


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("appraisals", help="list appraisals, amend a signed verdict")
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="appraisals of one day (station time zone)")
    listing.add_argument("--date", help=f"{DAY_HELP}; default today")
    listing.add_argument("--verdict", choices=["genuine", "counterfeit", "inconclusive"])
    listing.add_argument("--json", action="store_true", help="JSON lines (the default)")
    listing.set_defaults(func=run_list)
    amend = verbs.add_parser(
        "amend", help="amend a signed verdict (a supervisor; never one's own verdict)"
    )
    amend.add_argument("appraisal_id")
    amend.add_argument("--verdict", required=True, choices=[str(v) for v in Verdict])
    amend.add_argument("--reason", required=True, help="why, for the record and audit trail")
    amend.add_argument(
        "--reason-code",
        action="append",
        default=[],
        metavar="CODE",
        help=f"for counterfeit, once per code: {', '.join(ReasonCode.__members__)}",
    )
    amend.add_argument("--note", default="")
    add_user(amend, "the supervisor who signs the amendment")
    amend.set_defaults(func=run_amend)


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


def run_amend(args: argparse.Namespace) -> int:
    """Sign an amendment: the password read once signs in and signs (as the GUI asks it
    again at signing); the rule book refuses appraisers, one's own verdict and a case in
    blind review, each refusal audited."""
    station = open_station(args)
    try:
        password = read_password(args.user)
        session = check_password(station.store, args.user, password, purpose="cli")
        signed = verdicts.amend(
            station.store,
            session,
            args.appraisal_id,
            Verdict(args.verdict),
            password,
            args.reason,
            reason_codes=args.reason_code,
            note=args.note,
        )
    finally:
        station.close()
    if signed.quarantine_uid:
        progress(f"quarantine record {signed.quarantine_uid}")
    emit_json({"id": args.appraisal_id, "verdict": signed.verdict, "verdict_id": signed.verdict_id,
               "state": signed.state, "quarantine": signed.quarantine_uid})  # fmt: skip
    return 0
