"""``appraiser library …``: the reference library from a shell (import, list, export,
remove, unmatched, no-match).

Importing and removing versions sign in (``--user``, a supervisor or an administrator,
DESIGN §3.4) and are audited under that account, as in the GUI: holding a shell on the
station is not a role (issue 14 finding 10). Listing, exporting and the no-match queue
need no sign-in; putting a product on that queue (``no-match``) signs in like the bench.
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
from appraiser.errors import InvalidInput


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
    offer = verbs.add_parser(
        "no-match", help="put a product `match` answered no_match on the no-match list"
    )
    offer.add_argument("--gtin", help="the barcode on the item, if any")
    offer.add_argument("--brand")
    offer.add_argument("--model")
    offer.add_argument("--note", default="", help="what the library keeper should know")
    add_user(offer, "who reports it (any role)")
    offer.set_defaults(func=run_no_match)


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


def _field(value: str | None, name: str, limit: int = 200) -> str | None:
    text = (value or "").strip()
    if len(text) > limit or not text.isprintable():
        raise InvalidInput(f"--{name} must be printable text of at most {limit} characters.")
    return text or None


def run_no_match(args: argparse.Namespace) -> int:
    """The shell's way to the queue the bench offers on a ``no_match`` (issue 13 item 3)."""
    from appraiser.services.reference import library

    fields = {k: _field(getattr(args, k), k) for k in ("gtin", "brand", "model")}
    note = _field(args.note, "note", 500) or "no_match at the bench (appraiser match)"
    if not any(fields.values()):
        raise InvalidInput("Name the product: --gtin, --brand or --model.")
    station = open_station(args)
    try:
        session = sign_in(station, args)
        row_id = library.queue_no_match(station.store, session, **fields, note=note)
    finally:
        station.close()
    print(f"on the library's no-match list (#{row_id})")
    return EXIT_OK


def run_unmatched(args: argparse.Namespace) -> int:
    from appraiser.services.reference import library

    station = open_station(args)
    try:
        rows = library.no_match_queue(station.store)
        for row in rows:  # the bench photo the keeper sources the product from
            sha = library.no_match_photo(station.store, row)
            row["photo"] = str(station.store.media.path(sha)) if sha else None
    finally:
        station.close()
    for row in rows:
        if args.json:
            emit_json(row)
        else:
            print(
                f"{row['created']}  {row['gtin'] or '-':<14} {row['brand'] or '-':<12} "
                f"{row['model'] or '-':<14} {row['note'] or ''}"
                + (f"\n    photo: {row['photo']}" if row["photo"] else "")
            )
    return EXIT_OK
