"""``appraiser library import|list|export|remove``: the reference library from a shell.

Importing and removing versions sign in (``--user``, a supervisor or an administrator,
DESIGN §3.4) and are audited under that account, as in the GUI: holding a shell on the
station is not a role (issue 14 finding 10). Listing, exporting and the no-match queue
need no sign-in.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import (
    EXIT_OK,
    add_user,
    check_out,
    emit_json,
    open_station,
    progress,
    sign_in,
)


def register(sub: argparse._SubParsersAction) -> None:
    library = sub.add_parser("library", help="reference library of genuine versions")
    verbs = library.add_subparsers(dest="verb", required=True)
    imp = verbs.add_parser("import", help="import a reference pack folder or .zip")
    imp.add_argument("pack", help="pack folder or .zip with manifest.json")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    add_user(imp, "a supervisor or an administrator")
    imp.set_defaults(func=run_import)
    lst = verbs.add_parser("list", help="list the versions in the library")
    lst.add_argument("--search", default="", help="brand, model, GTIN, region or id contains")
    lst.add_argument("--removed", action="store_true", help="include removed versions")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    lst.set_defaults(func=run_list)
    exp = verbs.add_parser("export", help="write the library (or a search) as a pack folder")
    exp.add_argument("out", help="empty or new folder")
    exp.add_argument("--search", default="")
    exp.add_argument("--name", default="Exported library")
    exp.set_defaults(func=run_export)
    rem = verbs.add_parser("remove", help="take a version out of matching (audited)")
    rem.add_argument("version_id")
    rem.add_argument("--reason", required=True, help="why, for the audit trail")
    add_user(rem, "a supervisor or an administrator")
    rem.set_defaults(func=run_remove)
    queue = verbs.add_parser("unmatched", help="products the library could not identify")
    queue.add_argument("--json", action="store_true", help="one JSON object per line")
    queue.set_defaults(func=run_unmatched)


def _progress(done: int, total: int, stage: str) -> None:
    progress(f"{stage}: {done}/{total}")


def run_import(args: argparse.Namespace) -> int:
    from appraiser.services.reference import library

    station = open_station(args)
    try:
        session = sign_in(station, args)
        report = library.import_pack(
            station.store, station.data, Path(args.pack), session, _progress
        )
    finally:
        station.close()
    if args.json:
        emit_json(report.as_dict())
    else:
        print(
            f"{report.pack}: {report.added} added, {report.unchanged} unchanged, "
            f"{report.reactivated} restored ({report.images} images, "
            f"{report.seconds:.1f} s)"
        )
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from appraiser.services.reference import library

    station = open_station(args)
    try:
        rows = library.list_versions(station.store, args.search, include_removed=args.removed)
    finally:
        station.close()
    for row in rows:
        if args.json:
            emit_json(row.as_dict())
        else:
            print(
                f"{row.version_id:<32} {row.brand:<12} {row.model:<14} {row.region or '-':<4}"
                f" {row.gtin or '-':<14} {row.category}"
            )
    if not args.json:
        progress(f"{len(rows)} versions")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from appraiser.services.reference import library

    check_out(Path(args.out), "folder")
    station = open_station(args)
    try:
        target = library.export_pack(
            station.store, station.data, Path(args.out), args.search, args.name
        )
    finally:
        station.close()
    print(target)
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from appraiser.services.reference import library

    station = open_station(args)
    try:
        session = sign_in(station, args)
        library.remove_version(station.store, station.data, args.version_id, session, args.reason)
    finally:
        station.close()
    print(f"removed {args.version_id}")
    return EXIT_OK


def run_unmatched(args: argparse.Namespace) -> int:
    from appraiser.services.reference import library

    station = open_station(args)
    try:
        rows = library.no_match_queue(station.store)
    finally:
        station.close()
    for row in rows:
        if args.json:
            emit_json(row)
        else:
            print(
                f"{row['created']}  {row['gtin'] or '-':<14} {row['brand'] or '-':<12} "
                f"{row['model'] or '-':<14} {row['note'] or ''}"
            )
    return EXIT_OK
