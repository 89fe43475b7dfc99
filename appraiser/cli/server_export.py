"""The supervisor's server verbs (issue 15 item 4): ``appraiser server export daily``,
``server public-key`` and ``server add-supervisor``.

``appraiser.cli.server.register`` adds them to ``server`` with ``add_verbs``; this module's
own ``register`` adds nothing (the launcher calls ``register`` on every CLI module).
Exit codes as ``appraiser export``: 0 done, 2 bad input, 3 environment (database down,
export folder not writable).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from appraiser.cli.common import EXIT_OK, emit_json, progress
from appraiser.errors import InvalidInput
from appraiser.reports.daily import parse_day
from appraiser.reports.texts import LANGS
from appraiser.server import db, migrations

KEYS_ENV = "APPRAISER_SERVER_KEYS"


def register(sub) -> None:
    """Nothing: these verbs live under ``server`` (``appraiser.cli.server`` calls
    ``add_verbs``)."""


def add_verbs(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="the whole site's day, signed by the server key")
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    daily = kinds.add_parser(
        "daily",
        help="every station's appraisals of a day as CSV, XLSX or PDF, with signed manifest",
        description="Writes FILE and FILE.manifest.json, checked by `appraiser export verify "
        "DIR --key SERVER.pem` like a station's export. Each station's day is cut in the time "
        "zone it recorded.",
    )
    _dsn(daily)
    daily.add_argument("--date", required=True, help="YYYY-MM-DD")
    daily.add_argument("--format", required=True, choices=["csv", "xlsx", "pdf"])
    daily.add_argument("--out", required=True, type=Path, metavar="FILE")
    daily.add_argument("--station", help="only this station code")
    daily.add_argument("--lang", choices=LANGS, default="zh_CN", help="zh_CN (default) or en")
    daily.add_argument("--site", default="site", help="the site's name in the manifest (site)")
    _keys(daily)
    daily.add_argument("--json", action="store_true", help="print the result as one JSON line")
    daily.set_defaults(func=run_daily)
    public = commands.add_parser("public-key", help="print the server's export key (PEM)")
    _keys(public)
    public.set_defaults(func=run_public_key)
    add = commands.add_parser(
        "add-supervisor", help="a supervisor of the web page; prints their access key once"
    )
    add.add_argument("name", help="the supervisor's sign-in name")
    _dsn(add)
    add.set_defaults(func=run_add_supervisor)


def _dsn(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dsn", help=f"postgresql://… (default: ${db.DSN_ENV})")


def _keys(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--keys", type=Path, help=f"the server's signing key folder (default: ${KEYS_ENV})"
    )


def server_keys(given: Path | None):
    """The server's key folder (made on first use, owner-only), as a bare StationKeys."""
    from appraiser.keys import StationKeys

    folder = given or (Path(os.environ[KEYS_ENV]) if os.environ.get(KEYS_ENV) else None)
    if folder is None:
        raise InvalidInput(f"Give the server's key folder as --keys DIR (or set {KEYS_ENV}).")
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"--keys {folder} is not a folder.")
    return StationKeys(folder)


def _current(conn) -> None:
    if migrations.pending(conn):
        raise InvalidInput(
            "The server database is not initialised or behind: run `appraiser server init` first."
        )


def run_daily(args: argparse.Namespace) -> int:
    from appraiser.cli.common import check_out
    from appraiser.server.site import check_day
    from appraiser.server.site_export import export_daily

    day = check_day(parse_day(args.date))  # the calendar's edges are refused (F8)
    check_out(args.out)
    keys = server_keys(args.keys)
    with db.connect(db.resolve_dsn(args.dsn)) as conn:
        _current(conn)
        result = export_daily(
            conn, day, args.format, args.out, keys, station=args.station, lang=args.lang,
            name=args.site,
        )  # fmt: skip
    if args.json:
        emit_json(result.as_dict())
    else:
        progress(f"signed by server key {result.key_id} (appraiser server public-key)")
        stations = ",".join(result.stations) or "-"
        print(f"{result.path}\t{result.rows} appraisals\t{stations}\t{result.manifest.name}")
    return EXIT_OK


def run_public_key(args: argparse.Namespace) -> int:
    kid, pem = server_keys(args.keys).export_public()
    progress(f"server export key {kid}")
    print(pem.decode("ascii"), end="")
    return EXIT_OK


def run_add_supervisor(args: argparse.Namespace) -> int:
    from appraiser.server import supervisor_page_auth

    with db.connect(db.resolve_dsn(args.dsn)) as conn, conn.transaction():
        _current(conn)
        key = supervisor_page_auth.add_supervisor(conn, args.name)
    progress(f"access key of supervisor {args.name} (shown once; sign in at /site/):")
    print(key)
    return EXIT_OK
