"""``appraiser export …``: daily logs, consumer bundles and their verification.

Made for unattended use (cron, Windows Task Scheduler): nothing is asked interactively,
progress goes to stderr, the result (a JSON line with ``--json``) to stdout, and the exit
code says what a scheduler should do.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import (
    DAY_HELP,
    EXIT_FAILED,
    EXIT_OK,
    add_user,
    check_out,
    emit_json,
    open_station,
    parse_day,
    progress,
    sign_in,
)
from appraiser.domain.enums import Category
from appraiser.reports.daily import VERDICT_KEYS, DayFilter
from appraiser.reports.texts import LANGS

EXIT_CODES = """exit codes (for schedulers):
  0   done (verify: every manifest, file and checkpoint is intact)
  1   verify found a problem: a file changed, missing, signed by an untrusted key,
      or the audit checkpoint no longer matches the database
  2   bad input: wrong date format, unknown appraisal, format or filter (do not retry)
  3   environment: export folder missing or not writable, disk full, database busy
      or damaged (fix the cause, then retry; no partial file was left behind)
  70  internal error (a bug: the log has the details)

unattended example (cron at 00:30: export yesterday's log, then check it; the
supervisor account's password is the one line of a file only cron's user can read):
  30 0 * * *  appraiser export daily --date yesterday --format xlsx
              --out /srv/exports/appraisals.xlsx --user supervisor
              < /etc/appraiser/export.pass && appraiser export verify /srv/exports
  (one line in the crontab; a non-zero exit code makes cron mail the reason)"""


def formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help="daily log exports, consumer bundles, verification",
        epilog=EXIT_CODES,
        formatter_class=formatter,
    )
    verbs = export.add_subparsers(dest="verb", required=True)
    _add_daily(verbs)
    _add_verify(verbs)
    _add_bundle(verbs)


def _add_daily(verbs: argparse._SubParsersAction) -> None:
    daily = verbs.add_parser(
        "daily",
        help="the day's appraisals as CSV, XLSX or PDF summary, with signed manifest",
        epilog=EXIT_CODES,
        formatter_class=formatter,
        description="Writes FILE and FILE.manifest.json (SHA-256 of FILE plus the signed "
        "checkpoint of the day's audit events). Days are cut in the station's "
        "time zone.",
    )
    daily.add_argument("--date", required=True, help=DAY_HELP)
    daily.add_argument("--format", required=True, choices=["csv", "xlsx", "pdf"])
    daily.add_argument("--out", required=True, type=Path, metavar="FILE")
    daily.add_argument("--station", help="only this station code")
    daily.add_argument("--appraiser", help="only this appraiser (user name)")
    daily.add_argument("--category", choices=[str(c) for c in Category])
    daily.add_argument("--verdict", choices=list(VERDICT_KEYS))
    daily.add_argument("--lang", choices=LANGS, help="language of headers and words")
    daily.add_argument("--json", action="store_true", help="print the result as one JSON line")
    add_user(daily, "the supervisor who exports (named in the export's audit event)")
    daily.add_argument("--handoff", action="store_true", help=argparse.SUPPRESS)
    daily.set_defaults(func=run_daily)


def _add_verify(verbs: argparse._SubParsersAction) -> None:
    verify = verbs.add_parser(
        "verify",
        help="check the signed manifests of an export folder",
        epilog=EXIT_CODES,
        formatter_class=formatter,
        description="Checks every *.manifest.json (and a bundle's manifest.json) in DIR: the "
        "signature and that its key is trusted here, the SHA-256 of every file, "
        "and, on the station that made it, the audit checkpoint against the "
        "database. Fails when DIR has no manifest, when a listed file is missing, and "
        "when a file in DIR is listed by no manifest (subfolders are checked on their "
        "own).",
    )
    verify.add_argument("dir", type=Path, metavar="DIR")
    verify.add_argument(
        "--key",
        action="append",
        type=Path,
        default=[],
        metavar="PEM",
        help="also trust this station public key, for this check only",
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(func=run_verify)


def _add_bundle(verbs: argparse._SubParsersAction) -> None:
    bundle = verbs.add_parser(
        "bundle",
        help="static consumer page (HTML, photos, video, PDF) of a genuine item",
        epilog=EXIT_CODES,
        formatter_class=formatter,
        description="Writes DIR/<token>/, where <token> is the appraisal's random address "
        "(the same on every re-export): publish it as https://<resolver>/reports/<token>/. "
        "Only genuine items are published; the page and its PDF carry no label payload, QR "
        "or full serial, and no customs, merchant, staff or review data.",
    )
    bundle.add_argument("appraisal_id", metavar="APPRAISAL_ID")
    bundle.add_argument("--out", required=True, type=Path, metavar="DIR")
    bundle.add_argument("--lang", choices=LANGS, help="page language (default: station's)")
    add_user(bundle, "the supervisor who publishes")
    bundle.set_defaults(func=run_bundle)


def session_of(station, args: argparse.Namespace, purpose: str):
    """``--user``'s session: after the password, or (``--handoff``, when the GUI started
    this process) after redeeming the one-time token the GUI put on stdin."""
    if not getattr(args, "handoff", False):
        return sign_in(station, args)
    import sys

    from appraiser.services.records.handoff import redeem

    return redeem(station.store, sys.stdin.readline(), purpose, args.user)


def run_daily(args: argparse.Namespace) -> int:
    from appraiser.services.records.exports import export_daily

    check_out(args.out)
    station = open_station(args)
    try:
        day = parse_day(args.date, station.settings.tz())
        filters = DayFilter(args.station, args.appraiser, args.category, args.verdict)
        session = session_of(station, args, "export")
        result = export_daily(
            station,
            session,
            day,
            args.format,
            args.out,
            filters=filters,
            lang=args.lang,
            progress=lambda f, m: progress(f"export: {m} ({f:.0%})"),
        )
    finally:
        station.close()
    if args.json:
        emit_json(result.as_dict())
    else:
        print(f"{result.path}\t{result.rows} appraisals\t{result.manifest.name}")
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    from appraiser.services.records.exports import load_public_keys, verify_exports

    extra = load_public_keys(args.key)
    station = open_station(args)
    try:
        report = verify_exports(station, args.dir, extra_keys=extra)
    finally:
        station.close()
    if args.json:
        emit_json(report.as_dict())
    elif report.ok:
        for check in report.manifests:
            checked = "checkpoint matches" if check.checkpoint_checked else "; ".join(check.notes)
            print(
                f"OK {check.manifest}: {len(check.files)} file(s) intact, signed by "
                f"{check.station} key {check.key_id}" + (f", {checked}" if checked else "")
            )
    else:
        for problem in report.problems():
            print(f"FAILED {problem}")
    return EXIT_OK if report.ok else EXIT_FAILED


def run_bundle(args: argparse.Namespace) -> int:
    from appraiser.services.records.reports import export_bundle

    check_out(args.out, "folder")
    station = open_station(args)
    try:
        session = sign_in(station, args)
        result = export_bundle(station, session, args.appraisal_id, args.out, lang=args.lang)
    finally:
        station.close()
    emit_json(result)
    return EXIT_OK
