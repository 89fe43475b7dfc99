"""``appraiser settings show [--json]`` and ``settings confirm|put-back --user ADMIN``: the
settings that reach labels and records against their audited record (issue 14 H4).

``show`` needs no sign-in (it lists). ``confirm`` makes config.toml's values the recorded
ones; ``put-back`` writes the recorded values into config.toml; both are an administrator's
(rule book SETTINGS) and audited. Until one of them is done, labels are refused.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from appraiser import config
from appraiser.cli.common import EXIT_OK, add_user, emit_json, open_station, sign_in
from appraiser.services.admin import settings as recorded
from appraiser.services.admin.station import Station


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("settings", help="station settings and their audited record")
    verbs = parser.add_subparsers(dest="verb", required=True)
    show = verbs.add_parser(
        "show", help="the settings in config.toml and any difference from the audited record"
    )
    show.add_argument("--json", action="store_true", help="one JSON object")
    show.set_defaults(func=run_show)
    confirm = verbs.add_parser(
        "confirm", help="record config.toml's label and record settings as they are now"
    )
    add_user(confirm, "the administrator")
    confirm.set_defaults(func=run_change, change=recorded.confirm, did="confirmed")
    back = verbs.add_parser(
        "put-back", help="write the recorded values back into config.toml (undo an outside edit)"
    )
    add_user(back, "the administrator")
    back.set_defaults(func=run_change, change=recorded.put_back, did="put back")


def _report(station: Station) -> dict:
    stored = recorded.latest(station.store)
    return {
        "settings": asdict(station.settings),
        "recorded": stored.values if stored else None,
        "recorded_how": stored.how if stored else None,
        "recorded_at": stored.created if stored else None,
        "recorded_by": stored.by if stored else None,
        "differences": [
            {"key": d.key, "file": d.in_file, "recorded": d.recorded}
            for d in recorded.differences(station)
        ],
    }


def run_show(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        report = _report(station)
        diffs = recorded.differences(station)
    finally:
        station.close()
    if args.json:
        emit_json(report)
        return EXIT_OK
    for key, value in report["settings"].items():
        mark = "  (recorded)" if key in config.RECORDED else ""
        print(f"{key} = {value!r}{mark}")
    by = report["recorded_by"] or "the station"
    print(f"recorded {report['recorded_how']} by {by} at {report['recorded_at']}")
    for diff in diffs:
        print(f"DIFFERENCE: {diff.describe()}")
    if diffs:
        print("labels are refused until an administrator runs: appraiser settings confirm "
              "--user ADMIN (or put-back)")  # fmt: skip
    return EXIT_OK


def run_change(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        done = args.change(station, session)
    finally:
        station.close()
    if not done:
        print("config.toml agrees with the recorded settings; nothing to do")
    for diff in done:
        name = recorded.NAMES[diff.key]
        if args.did == "confirmed":
            print(f"confirmed: {name} {diff.in_file!r} (recorded before: {diff.recorded!r})")
        else:
            print(f"put back: {name} {diff.recorded!r} (config.toml had {diff.in_file!r})")
    return EXIT_OK
