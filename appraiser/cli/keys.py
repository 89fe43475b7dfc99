"""``appraiser keys …``: the station's signing keys (DESIGN §3.1, §3.4).

``list`` and ``fingerprint`` show public facts and need no sign-in; ``trust``, ``rotate``,
``revoke`` and ``export-private`` need an administrator (``--user``). ``export-public``
prints the public key (also ``label export-key``). ``label trust-key`` and ``label
rotate-key`` are the same commands under their old names, for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from appraiser.cli.common import (
    EXIT_OK,
    add_user,
    check_out,
    emit_json,
    open_station,
    progress,
    read_password,
    sign_in,
)
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular, write_atomic
from appraiser.keys import StationKeys
from appraiser.paths import PRIVATE_FILE
from appraiser.services.admin import keys as key_service
from appraiser.services.admin import rules
from appraiser.services.admin.rules import Action

FINGERPRINT_HELP = (
    "the key's fingerprint as read with the other station's administrator (shown when "
    "left out; spaces and case do not matter)"
)


def register(sub: argparse._SubParsersAction) -> None:
    keys = sub.add_parser("keys", help="list, trust, rotate, revoke and export signing keys")
    verbs = keys.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="every key this station knows, with fingerprints")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=run_list)
    show = verbs.add_parser("fingerprint", help="the fingerprint of a public key file")
    show.add_argument("pem", type=Path)
    show.set_defaults(func=run_fingerprint)
    public = verbs.add_parser("export-public", help="print a public key (PEM)")
    public.add_argument("--key-id", default=None)
    public.set_defaults(func=run_export_public)
    add_trust(verbs, "trust")
    add_rotate(verbs, "rotate")
    revoke = verbs.add_parser("revoke", help="refuse every label of a key (admin)")
    revoke.add_argument("key_id")
    revoke.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    add_user(revoke, "an administrator")
    revoke.set_defaults(func=run_revoke)
    back = verbs.add_parser(
        "restore-private",
        help="put the station's own signing key back from an encrypted key backup (admin)",
    )
    back.add_argument("pem", type=Path, help="the key backup (keys export-private, set-up)")
    add_user(back, "an administrator; then the key backup's passphrase")
    back.set_defaults(func=run_restore_private)
    private = verbs.add_parser(
        "export-private", help="write the private key encrypted with a passphrase (admin)"
    )
    private.add_argument("--out", required=True, type=Path)
    add_user(private, "an administrator; then the passphrase (12 characters or more)")
    private.set_defaults(func=run_export_private)


def add_trust(verbs: argparse._SubParsersAction, name: str) -> None:
    trust = verbs.add_parser(name, help="trust another station's public key (admin)")
    trust.add_argument("pem", type=Path)
    trust.add_argument("--fingerprint", default=None, help=FINGERPRINT_HELP)
    add_user(trust, "an administrator")
    trust.set_defaults(func=run_trust)


def add_rotate(verbs: argparse._SubParsersAction, name: str) -> None:
    rotate = verbs.add_parser(name, help="sign with a new key; retire the old one (admin)")
    add_user(rotate, "an administrator")
    rotate.set_defaults(func=run_rotate)


def read_passphrase(what: str, *, confirm: bool) -> str:
    """Read like a password: on a terminal without echo (twice when it is being chosen),
    from a script as the next line on stdin (after the password line)."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass(f"Passphrase for {what}: ")
        if confirm and getpass.getpass("Same passphrase again: ") != first:
            raise InvalidInput("The two passphrases differ; nothing was written.")
        return first
    line = stdin.readline() if stdin is not None else ""
    if not line:
        raise InvalidInput(f"no passphrase for {what}: give it as the next line on stdin")
    return line.rstrip("\r\n")


def _read_pem(path: Path) -> bytes:
    """A regular file of at most 64 KiB: a FIFO blocked open() for ever (issue 14 #16)."""
    return read_regular(path, 64 * 1024, f"The key file {path}")


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        rows = key_service.list_keys(station)
    finally:
        station.close()
    for row in rows:
        if args.json:
            emit_json(row)
        else:
            after = f" after {row['retired_after']}" if row.get("retired_after") else ""
            print(f"{row['key_id']}  {row['status']}{after}  {row['fingerprint']}")
    return EXIT_OK


def run_fingerprint(args: argparse.Namespace) -> int:
    kid, shown = key_service.describe_pem(_read_pem(args.pem))
    print(f"{kid}  {shown}")
    return EXIT_OK


def run_export_public(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        kid, pem = StationKeys(station.data.keys, station.store).export_public(args.key_id)
    except KeyError:
        raise InvalidInput(f"No public key {args.key_id} (see `appraiser keys list`).") from None
    finally:
        station.close()
    progress(f"key id {kid}")
    sys.stdout.write(pem.decode("ascii"))
    return EXIT_OK


def run_trust(args: argparse.Namespace) -> int:
    pem = _read_pem(args.pem)
    key_service.describe_pem(pem)  # not a key: say so before asking for a password
    station = open_station(args)
    try:
        kid = key_service.trust(station, sign_in(station, args), pem, args.fingerprint)
    finally:
        station.close()
    print(kid)
    return EXIT_OK


def run_rotate(args: argparse.Namespace) -> int:
    """Old public keys stay, so every label signed so far still verifies; the old key is
    refused for labels dated after today."""
    station = open_station(args)
    try:
        rotation = key_service.rotate(station, sign_in(station, args))
    finally:
        station.close()
    progress(f"key {rotation.old_key_id} retired for labels dated after {rotation.retired_after}")
    print(rotation.new_key_id)
    return EXIT_OK


def run_revoke(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        key_service.revoke(station, sign_in(station, args), args.key_id, args.reason)
    finally:
        station.close()
    print(f"revoked {args.key_id}")
    return EXIT_OK


def run_export_private(args: argparse.Namespace) -> int:
    check_out(args.out)
    station = open_station(args)
    try:
        session = rules.require(station.store, sign_in(station, args), Action.KEYS)
        passphrase = read_passphrase("the exported key", confirm=True)
        data = key_service.export_private(station, session, passphrase)
    finally:
        station.close()
    write_atomic(args.out, data, mode=PRIVATE_FILE)
    progress(f"private key written encrypted to {args.out} (mode 0600); keep it offline")
    return EXIT_OK


def run_restore_private(args: argparse.Namespace) -> int:
    """Password, then passphrase, one line each (as for restore)."""
    pem = _read_pem(args.pem)
    password = read_password(args.user)
    passphrase = read_passphrase("the key backup", confirm=False)
    station = open_station(args)
    try:
        kid = key_service.restore_private(station, args.user, password, pem, passphrase)
    finally:
        station.close()
    progress(f"key {kid} is the station's signing key file again")
    return EXIT_OK
