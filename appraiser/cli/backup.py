"""``appraiser backup --out FILE``: one verified archive of the whole station."""

from __future__ import annotations

import argparse
from pathlib import Path

from appraiser.cli.common import EXIT_OK, check_out, emit_json, open_station, progress
from appraiser.services.admin import backup

KEY_WARNING = (
    "WARNING: this backup holds the station's private signing key (keys/). Anyone with the "
    "file can sign labels as this station: keep it offline, in a locked place, and delete "
    "old copies you no longer need."
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backup", help="write a verified backup (database, media, library, keys, settings)"
    )
    parser.add_argument(
        "--out", required=True, type=Path, help="archive to write (.zip), or a folder to put it in"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_out(args.out, "either")
    station = open_station(args)
    try:
        result = backup.create_backup(
            station.store, station.settings.station_code, args.out, progress
        )
    finally:
        station.close()
    manifest = result.manifest
    progress(KEY_WARNING)
    if args.json:
        emit_json(
            {
                "path": str(result.path),
                "bytes": result.size,
                "files": len(manifest.files),
                "media": manifest.media_count,
                "audit_ok": manifest.audit.ok,
                "audit_events": manifest.audit.events,
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
