"""``appraiser restore FILE --user ADMIN [--signer FP] [--accept-settings] [--force]``.

Reads the password, then the backup's passphrase (one line each from a script). The user is
an administrator of the station being replaced, or of the backup when the folder is empty.
See ``services/admin/restore.py`` for what is checked before anything is replaced."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from appraiser.cli.common import EXIT_OK, add_user, emit_json, progress, read_password
from appraiser.cli.keys import read_passphrase
from appraiser.paths import default_data_dir
from appraiser.services.admin import restore


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("restore", help="restore the data folder from a backup archive")
    parser.add_argument("archive", type=Path, help="a file written by `appraiser backup`")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a data folder that already holds station data (it is kept aside)",
    )
    parser.add_argument(
        "--signer",
        default=None,
        help="fingerprint of the key that signed the backup, when this station does not "
        "trust it yet (an empty station); compare it with the station that made it",
    )
    parser.add_argument(
        "--accept-settings",
        action="store_true",
        help="allow the backup to change the station code or label domain",
    )
    parser.add_argument(
        "--accept-older",
        action="store_true",
        help="restore a backup made before this station's last key rotation or revocation, "
        "or lacking its amendments, voids, revocations or reprints (keys and labels revoked "
        "or voided stay so; lost amendments are listed in the audit trail)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_user(parser, "an administrator; then the backup's passphrase")
    parser.set_defaults(func=run)


def _release_logs(root: Path) -> None:
    """Close log files inside the data folder so it can be renamed (Windows needs this)."""
    logger = logging.getLogger()
    for handler in list(logger.handlers):
        name = getattr(handler, "baseFilename", "")
        if name and Path(name).resolve().is_relative_to(root):
            logger.removeHandler(handler)
            handler.close()
    if not logger.handlers:  # otherwise logging's last resort echoes warnings to stderr
        logger.addHandler(logging.NullHandler())


def run(args: argparse.Namespace) -> int:
    root = (Path(args.data_dir) if args.data_dir else default_data_dir()).expanduser().resolve()
    _release_logs(root)
    password = read_password(args.user)
    passphrase = read_passphrase("the backup", confirm=False)
    result = restore.restore_backup(
        args.archive, root, user=args.user, password=password, passphrase=passphrase,
        signer=args.signer, accept_settings=args.accept_settings,
        accept_older=args.accept_older, force=args.force,
        progress=progress,
    )  # fmt: skip
    audit = result.manifest.audit
    if args.json:
        emit_json(
            {
                "data_dir": str(result.root),
                "previous": str(result.previous) if result.previous else None,
                "files": len(result.manifest.files),
                "media": result.manifest.media_count,
                "audit_ok": audit.ok,
                "audit_events": audit.events,
                "signer": result.manifest.signer.key_id,
                "seconds": round(result.seconds, 2),
            }
        )
        return EXIT_OK
    if result.previous:
        progress(f"the data folder it replaced was kept as {result.previous}")
    print(
        f"restored {len(result.manifest.files)} files ({result.manifest.media_count} media) "
        f"into {result.root}; audit {'intact' if audit.ok else 'NOT intact'}: "
        f"{audit.events} events, {audit.rows} audited rows"
    )
    return EXIT_OK
