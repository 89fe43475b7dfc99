"""``appraiser demo``: fill the data folder with a demo station (DESIGN §3.1)."""

from __future__ import annotations

import argparse

from appraiser.cli.common import EXIT_OK, emit_json, open_station, progress

# Kept here as text so building the parser stays cheap; tests check it against DEMO_USERS.
ACCOUNTS_HELP = """demo accounts (published passwords, for demonstration only):
  admin       demo-admin       admin
  appraiser1  demo-appraiser1  appraiser
  appraiser2  demo-appraiser2  appraiser
  supervisor  demo-supervisor  supervisor"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="fill the data folder with demo accounts, library and sample appraisals",
        description="Create a DEMO station: an account per role, the demo reference library\n"
        "and finished sample appraisals. Running it again adds only what is missing.\n"
        "Refuses a data folder that already has real accounts.",
        epilog=ACCOUNTS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    parser.set_defaults(func=run_demo)


def _print_report(report) -> None:
    print(f"DEMO station ready in {report.root}")
    if report.users_created:
        print("DEMO accounts — published passwords, for demonstration only; never use this")
        print("station for real work:")
        for user in report.users_created:
            print(f"  {user.username:<11} password: {user.password:<16} ({user.role})")
    else:
        print("DEMO accounts were already present (see `appraiser demo --help`).")
    state = "imported" if report.library_imported else "already present"
    print(f"Reference library: {report.library_versions} versions ({state})")
    print(
        f"Sample appraisals: {len(report.appraisals_created)} created, "
        f"{report.appraisals_present} already present"
    )
    done = report.outcomes
    print(
        f"Outcomes: {done.labels_live} genuine items labelled ({len(done.labels_printed)} "
        f"printed now to the file printer {done.printer}), {done.quarantined} counterfeit "
        f"items in quarantine, {done.awaiting_review} case awaiting review"
    )


def run_demo(args: argparse.Namespace) -> int:
    from appraiser.services.admin import demo

    station = open_station(args)
    try:
        report = demo.seed(station, progress)
    finally:
        station.close()
    if args.json:
        emit_json(
            {
                "data_dir": str(report.root),
                "users_created": [
                    {"username": u.username, "role": str(u.role), "password": u.password}
                    for u in report.users_created
                ],
                "library_imported": report.library_imported,
                "library_versions": report.library_versions,
                "appraisals_created": report.appraisals_created,
                "appraisals_present": report.appraisals_present,
                "labels_live": report.outcomes.labels_live,
                "labels_printed": report.outcomes.labels_printed,
                "printer": str(report.outcomes.printer),
                "quarantined": report.outcomes.quarantined,
                "awaiting_review": report.outcomes.awaiting_review,
            }
        )
    else:
        _print_report(report)
    return EXIT_OK
