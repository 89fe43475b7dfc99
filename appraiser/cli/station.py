"""``appraiser station enrol``: register this station's keys with a fleet server."""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import EXIT_OK, add_user, emit_json, open_station, progress, sign_in
from appraiser.errors import InvalidInput
from appraiser.services.fleet.link import ServerRefused

EXIT_REFUSED = 4  # = appraiser.cli.sync.EXIT_REFUSED: the server refused; a person must act


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("station", help="this station's link to a fleet server")
    commands = parser.add_subparsers(dest="station_command", metavar="SUBCOMMAND", required=True)
    enrol = commands.add_parser("enrol", help="register the station key with a fleet server")
    enrol.add_argument("--server", required=True, help="https://fleet.example:8443")
    enrol.add_argument("--token", required=True, help="from `appraiser server enrol-station`")
    enrol.add_argument("--ca", type=Path, help="CA certificate of a private TLS server")
    enrol.add_argument("--json", action="store_true")
    add_user(enrol, "an administrator")
    enrol.set_defaults(func=run_enrol)


def run_enrol(args: argparse.Namespace) -> int:
    """0 enrolled, 2 bad input, 3 server unreachable, 4 refused by the server (its reason on
    one line: a spent token, a key a revocation retired — retrying will not help)."""
    from appraiser.services.fleet.enrol import enrol

    if not args.server.startswith(("https://", "http://")):
        raise InvalidInput("--server must be an http(s):// address.")
    if args.ca is not None and not args.ca.is_file():
        raise InvalidInput(f"--ca {args.ca} is not a readable file.")
    station = open_station(args)
    try:
        session = sign_in(station, args)
        ca = str(args.ca.resolve()) if args.ca else None
        result = enrol(station, session, args.server, args.token.strip(), ca)
    except ServerRefused as exc:  # e.g. a key a revocation retired (issue 15 finding B6)
        progress(f"appraiser: enrol refused: {exc}")
        return EXIT_REFUSED
    finally:
        station.close()
    if args.json:
        emit_json(result)
    else:
        print(f"station {result['station']} enrolled with {result['server']}")
    return EXIT_OK
