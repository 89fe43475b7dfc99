"""What every subcommand shares: exit codes, opening the station, printing results."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any

from appraiser.clock import utcnow
from appraiser.errors import InvalidInput
from appraiser.fsio import check_replaceable
from appraiser.reports.atomic import ExportFolderError
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and the answer is "no" (verification failed, …)
EXIT_USAGE = 2  # bad arguments or input
EXIT_ENVIRONMENT = 3  # data folder, database, disk, camera or printer problem
EXIT_BUG = 70  # an unexpected exception; the log has the traceback
EXIT_OUTPUT_CLOSED = 141  # the reader of stdout stopped early (128 + SIGPIPE, like C tools)


def open_station(args: argparse.Namespace) -> Station:
    return Station.open(Path(args.data_dir) if args.data_dir else None)


def progress(message: str) -> None:
    sys.stdout.flush()  # a result line still buffered goes out whole before the progress
    print(message, file=sys.stderr, flush=True)


def emit_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, sort_keys=False), flush=True)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_HELP = "YYYY-MM-DD, today or yesterday (days are cut in the station's time zone)"
# Days the station can mean; at the ends of Python's calendar, cutting a day in the station
# time zone overflows (0001-01-01 in UTC+8 starts in year 0).
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def parse_day(text: str | None, tz: tzinfo) -> date:
    """One reading of ``--date`` for every command, so a word that works for one works for
    all; "today" is the station's today, not UTC's (default: today)."""
    today = utcnow().astimezone(tz).date()
    word = "today" if text is None else text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        if not _ISO_DAY.fullmatch(word):  # strict: a scheduler's typo must fail loudly
            raise ValueError(word)
        day = date.fromisoformat(word)
    except ValueError as exc:
        wanted = "2026-11-22, today or yesterday"
        raise InvalidInput(f"--date must look like {wanted}, not {text!r}") from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(f"--date must be between {FIRST_DAY} and {LAST_DAY}, not {text!r}")
    return day


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` for a whole number from ``low`` to ``high``: every numeric
    option is bounded, so a huge or negative value is exit 2 naming the option, never an
    OverflowError deep in SQLite or a render that asks for gigabytes (issue 14 finding M3)."""

    def parse(text: str) -> int:
        word = text.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,19}", word):
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}")
        value = int(word)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low} to {high}, not {value}"
            )
        return value

    parse.__name__ = "whole number"  # argparse names the type in some messages
    return parse


def read_password(user: str) -> str:
    """Asked on the terminal without echo; a script pipes it as one line on stdin. Not
    ``getpass`` there: it would look for a terminal elsewhere and warn on stderr."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        return getpass.getpass(f"Password for {user}: ")
    line = stdin.readline() if stdin is not None else ""
    if not line:
        raise InvalidInput(f"no password for {user}: type it, or give it as one line on stdin")
    return line.rstrip("\r\n")


def add_user(parser: argparse.ArgumentParser, who: str = "who does it") -> None:
    """``--user`` for a command that changes records, renders a live label, exports, backs
    up, restores, touches the library, keys or accounts (DESIGN §3.1)."""
    parser.add_argument(
        "--user",
        required=True,
        help=f"{who}; the password is asked on the terminal, or read as one line on stdin",
    )


def sign_in(station: Station, args: argparse.Namespace) -> Session:
    """The session of ``--user`` after checking the password, with the same lockout as the
    GUI; the services then apply the rule book (DESIGN §3.4) to it."""
    return check_password(station.store, args.user, read_password(args.user), purpose="cli")


def check_out(path: Path, kind: str = "file") -> Path:
    """Refuse an unusable output path in one line before any work, for every ``--out``:
    a missing parent is never created (a typo must not grow a folder tree), a folder is
    no file and a file no folder. ``kind`` is "file", "folder" or "either" (a file, or a
    folder to put it in). An existing entry that is a symbolic link, a device, a FIFO or a
    socket is refused from ``lstat`` alone (issue 14 finding M1): it is never followed,
    opened or replaced."""
    path = Path(path)
    _refuse_special(path)
    if kind == "file" and path.is_dir():
        raise InvalidInput(f"--out {path} is a folder; give a file name in it.")
    if kind == "folder" and path.exists() and not path.is_dir():
        raise InvalidInput(f"--out {path} is a file, not a folder.")
    folder = path if kind != "file" and path.is_dir() else path.parent
    if not folder.is_dir():
        raise ExportFolderError(f"The folder {folder} does not exist (--out {path}).")
    probe = folder / f".appraiser-probe-{secrets.token_hex(4)}"
    try:
        probe.write_bytes(b"")
    except OSError as exc:
        raise ExportFolderError(
            f"Cannot write {path}: the folder {folder} does not take new files "
            f"({exc.strerror or exc})."
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return path


def _refuse_special(path: Path) -> None:
    """A folder passes (the caller decides whether it wants one); anything else that exists
    must be a regular file."""
    with contextlib.suppress(OSError, ValueError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            return
    check_replaceable(path, f"--out {path}")
