"""What every subcommand shares: exit codes, opening the station, printing results."""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any

from appraiser.clock import utcnow
from appraiser.errors import InvalidInput
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
    print(message, file=sys.stderr, flush=True)


def emit_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, sort_keys=False), flush=True)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_HELP = "YYYY-MM-DD, today or yesterday (days are cut in the station's time zone)"


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
        return date.fromisoformat(word)
    except ValueError as exc:
        wanted = "2026-11-22, today or yesterday"
        raise InvalidInput(f"--date must look like {wanted}, not {text!r}") from exc


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
