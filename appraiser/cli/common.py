"""What every subcommand shares: exit codes, opening the station, printing results."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from appraiser.services.admin.station import Station

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and the answer is "no" (verification failed, …)
EXIT_USAGE = 2  # bad arguments or input
EXIT_ENVIRONMENT = 3  # data folder, database, disk, camera or printer problem
EXIT_BUG = 70  # an unexpected exception; the log has the traceback


def open_station(args: argparse.Namespace) -> Station:
    return Station.open(Path(args.data_dir) if args.data_dir else None)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def emit_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, sort_keys=False), flush=True)
