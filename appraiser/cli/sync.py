"""``appraiser sync [--once]``: push this station's records to its fleet server."""

from __future__ import annotations

import argparse
import logging
import time

from appraiser.cli.common import EXIT_ENVIRONMENT, EXIT_OK, emit_json, open_station, progress
from appraiser.errors import KnownError

log = logging.getLogger("appraiser.sync")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sync", help="push records, audit, checkpoints, media to the server")
    parser.add_argument("--once", action="store_true", help="one pass; exit 0 only when done")
    parser.add_argument("--every", type=float, default=60.0, help="seconds between passes (60)")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def _pass(args: argparse.Namespace) -> dict:
    from appraiser.services.fleet.sync import sync_once

    station = open_station(args)
    try:
        return sync_once(station.data, station.store).as_dict()
    finally:
        station.close()


def _show(args: argparse.Namespace, result: dict) -> None:
    if args.json:
        emit_json(result)
    else:
        print(
            f"synced: {result['events']} events, {result['lines']} checkpoint lines, "
            f"{result['media']} media ({result['media_bytes']} bytes); pending {result['pending']}",
            flush=True,
        )


EXIT_REFUSED = 4  # the server answered and refused; a person must act (DESIGN §3.1, §3.6)


def run(args: argparse.Namespace) -> int:
    """``--once``: 0 done, 3 server unreachable or unavailable (no answer, or a 5xx: up but
    its database down — try later, it resumes by itself), 4 refused by the server (its
    reason on one line: a fork, a revoked enrolment, bad data — retrying will not help)."""
    from appraiser.services.fleet.link import ServerRefused, ServerUnavailable

    if args.once:
        try:
            _show(args, _pass(args))
        except ServerUnavailable as exc:
            progress(f"appraiser: sync: {exc.headline}: {exc}")
            return EXIT_ENVIRONMENT
        except ServerRefused as exc:
            progress(f"appraiser: sync refused: {exc}")
            return EXIT_REFUSED
        return EXIT_OK
    while True:  # the station never waits on the server: a failed pass is retried later
        try:
            _show(args, _pass(args))
        except KnownError as exc:
            log.warning("sync pass failed: %s", exc)
            progress(f"appraiser: sync: {exc} (retrying in {args.every:g} s)")
        time.sleep(max(1.0, args.every))
