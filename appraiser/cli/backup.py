"""``appraiser backup --out FILE --user ADMIN``: one signed, verified archive of the station.

The password, then the passphrase that encrypts the private key inside the backup (asked
twice on a terminal; the next stdin line from a script). The same passphrase is asked at
restore: keep it apart from the backup file."""

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
from appraiser.cli.keys import read_passphrase
from appraiser.services.admin import backup, rules
from appraiser.services.admin.rules import Action

KEY_WARNING = (
    "The backup holds the station's private signing key encrypted with your passphrase, "
    "and is signed by this station (key {kid}, fingerprint {fp}). Keep the file offline and "
    "the passphrase apart from it."
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backup", help="write a verified backup (database, media, library, keys, settings)"
    )
    parser.add_argument(
        "--out", required=True, type=Path, help="archive to write (.zip), or a folder to put it in"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_user(parser, "an administrator; then the passphrase for the key (12+ characters)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_out(args.out, "either")
    station = open_station(args)
    try:
        session = rules.require(station.store, sign_in(station, args), Action.BACKUP)
        passphrase = read_passphrase("the key inside the backup", confirm=True)
        settings = station.settings
        result = backup.create_backup(
            station.store, settings.station_code, args.out, progress,
            session=session, passphrase=passphrase, resolver_domain=settings.resolver_domain,
        )  # fmt: skip
    finally:
        station.close()
    manifest = result.manifest
    progress(KEY_WARNING.format(kid=manifest.signer.key_id, fp=manifest.signer.fingerprint))
    if args.json:
        emit_json(
            {
                "path": str(result.path),
                "bytes": result.size,
                "files": len(manifest.files),
                "media": manifest.media_count,
                "audit_ok": manifest.audit.ok,
                "audit_events": manifest.audit.events,
                "signer": manifest.signer.key_id,
                "fingerprint": manifest.signer.fingerprint,
                "seconds": round(result.seconds, 2),
            }
        )
    else:
        print(
            f"backup written and verified: {result.path} ({result.size / 2**20:.1f} MiB, "
            f"{len(manifest.files)} files, {manifest.media_count} media, "
            f"audit {'intact' if manifest.audit.ok else 'NOT intact'}: "
            f"{manifest.audit.events} events)"
        )
    return EXIT_OK
