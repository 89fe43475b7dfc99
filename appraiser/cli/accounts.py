"""``appraiser accounts …``: the station's accounts from the command line (DESIGN §3.1).

Every verb signs in with ``--user`` (an administrator, except ``passwd``, which is the
owner's own change), because account names and their lock states are what an attacker
wants first. New passwords are read like the signing-in password, never from argv (where
``ps`` and the shell history would keep them): asked twice without echo on a terminal, or
the next line on stdin when a script pipes them.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from appraiser.cli.common import EXIT_OK, add_user, emit_json, open_station, read_password, sign_in
from appraiser.clock import format_local
from appraiser.domain.enums import Role
from appraiser.errors import InvalidInput
from appraiser.services.admin import account_admin, accounts, clock_guard
from appraiser.services.admin.station import Station

_ROLES = [str(role) for role in Role]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("accounts", help="list and manage the station's accounts (admin)")
    verbs = parser.add_subparsers(dest="verb", required=True)
    listing = verbs.add_parser("list", help="every account with its role and state")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    add = verbs.add_parser("add", help="create an account (its password is asked)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=_ROLES)
    add.add_argument("--name", default="", help="full name (default: the user name)")
    role = verbs.add_parser("set-role", help="give an account another role")
    role.add_argument("username")
    role.add_argument("role", choices=_ROLES)
    for name, text in (
        ("deactivate", "stop an account from signing in (its records keep its name)"),
        ("reactivate", "let a deactivated account sign in again"),
        ("unlock", "clear an account's failed sign-ins and lock"),
        ("reset-password", "set a temporary password its owner must change"),
    ):
        verbs.add_parser(name, help=text).add_argument("username")
    verbs.add_parser("passwd", help="change your own password (also after a reset)")
    verbs.add_parser("confirm-clock", help="vouch for the station clock when it reads behind")
    for verb in verbs.choices.values():
        add_user(verb, "the administrator (for passwd: the account's owner)")
        verb.set_defaults(func=run)


def read_new_password(for_whom: str) -> str:
    """The new password: twice without echo on a terminal, else the next line on stdin."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass(f"New password for {for_whom}: ")
        if getpass.getpass(f"New password for {for_whom} again: ") != first:
            raise InvalidInput("The two new passwords differ; nothing was changed.")
        return first
    line = stdin.readline() if stdin is not None else ""
    if not line:
        raise InvalidInput(
            f"no new password for {for_whom}: type it, or give it as the next line on stdin"
        )
    return line.rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        if args.verb == "passwd":
            return _passwd(station, args)
        by = sign_in(station, args)
        return _VERBS[args.verb](station, by, args)
    finally:
        station.close()


def _passwd(station: Station, args: argparse.Namespace) -> int:
    old = read_password(args.user)
    store = station.store
    session = accounts.check_password(store, args.user, old, purpose="cli", allow_reset=True)
    accounts.change_password(store, session, old, read_new_password(session.username))
    print(f"password of {session.username} changed")
    return EXIT_OK


def _list(station: Station, by, args: argparse.Namespace) -> int:
    rows = account_admin.list_accounts(station.store, by)
    if args.json:
        keys = ("username", "display_name", "role", "state", "failures", "locked_until")
        for row in rows:
            emit_json({key: row[key] for key in keys})
        return EXIT_OK
    tz = station.settings.tz()
    for row in rows:
        until = f" until {format_local(row['locked_until'], tz)}" if row["locked"] else ""
        name = row["username"]
        print(f"{name:<20} {row['role']:<11} {row['state']}{until}  {row['display_name']}")
    return EXIT_OK


def _add(station: Station, by, args: argparse.Namespace) -> int:
    password = read_new_password(args.username)
    accounts.create_user(station.store, args.username, args.name, Role(args.role), password, by=by)
    print(f"account {args.username} ({args.role}) created")
    return EXIT_OK


def _set_role(station: Station, by, args: argparse.Namespace) -> int:
    account_admin.set_role(station.store, by, args.username, args.role)
    print(f"{args.username} is now {args.role}")
    return EXIT_OK


def _simple(done: str, action):
    def verb(station: Station, by, args: argparse.Namespace) -> int:
        action(station.store, by, args.username)
        print(f"{args.username} {done}")
        return EXIT_OK

    return verb


def _reset(station: Station, by, args: argparse.Namespace) -> int:
    account_admin.reset_password(station.store, by, args.username, read_new_password(args.username))
    print(f"password of {args.username} reset; they choose a new one at their next sign-in")
    return EXIT_OK


def _confirm_clock(station: Station, by, args: argparse.Namespace) -> int:
    state = clock_guard.confirm(station.store, by)
    tz = station.settings.tz()
    newest = format_local(state.newest, tz, seconds=True) or "none"
    print(
        f"clock confirmed: station clock {format_local(state.now, tz, seconds=True)}, "
        f"last recorded event {newest}"
    )
    return EXIT_OK


_VERBS = {
    "list": _list,
    "add": _add,
    "set-role": _set_role,
    "deactivate": _simple("deactivated", account_admin.deactivate),
    "reactivate": _simple("reactivated", account_admin.reactivate),
    "unlock": _simple("unlocked", account_admin.unlock),
    "reset-password": _reset,
    "confirm-clock": _confirm_clock,
}
