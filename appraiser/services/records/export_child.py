"""Run a daily export (or an appraisal report) in a child process, for the GUI.

The export is Python work (reading 50,000 rows, hashing the day's audit events); on a
worker *thread* it competes with the UI thread for the interpreter lock and the window
stutters (p99 frame delay ~37 ms measured). In a child process the worker thread only
waits on a pipe, so the UI keeps its frames. The child is the ordinary CLI, so the GUI and
a scheduler produce identical, identically signed exports.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from appraiser.errors import InvalidInput, KnownError
from appraiser.reports.checkpoint import Checkpoint
from appraiser.reports.daily import DayFilter
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station
from appraiser.services.records import handoff
from appraiser.services.records.exports import ALL, DailyExport, export_daily

_PROGRESS = re.compile(r"^export: (\w+) \((\d+)%\)$")
Progress = Callable[[float, str], None]
CHILD_NICENESS = 10
_WINDOWS_LOW = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)


class ExportFailed(KnownError):
    title = "Export failed"


def can_fork() -> bool:
    """A frozen build has no ``python -m``; it exports in-process instead."""
    return not getattr(sys, "frozen", False)


def command(
    root: Path, day: date, fmt: str, out: Path, filters: DayFilter, lang: str | None, user: str
) -> list[str]:
    """The CLI line of the child; it acts for ``user`` through a one-time hand-off token
    on its stdin (``handoff.py``), never a password."""
    args = [
        sys.executable,
        "-m",
        "appraiser",
        "--data-dir",
        str(root),
        "export",
        "daily",
        "--date",
        day.isoformat(),
        "--format",
        fmt,
        "--out",
        str(out),
        "--json",
        "--user",
        user,
        "--handoff",
    ]
    for name, value in filters.as_dict().items():
        args += [f"--{name}", value]
    return args + (["--lang", lang] if lang else [])


def export_daily_in_child(
    station: Station,
    session: Session | None,
    day: date,
    fmt: str,
    out: Path,
    *,
    filters: DayFilter = ALL,
    lang: str | None = None,
    progress: Progress | None = None,
) -> DailyExport:
    """Same contract as ``export_daily``; progress comes from the child's stderr. The rule
    book is checked here first, so a refusal is immediate and audited once."""
    if not can_fork():
        return export_daily(
            station,
            session,
            day,
            fmt,
            out,
            filters=filters,
            lang=lang,
            progress=progress or (lambda f, m: None),
        )
    session = rules.require(station.store, session, Action.SUPERVISE, export="daily")
    token = handoff.grant(station.store, session, "export")
    args = command(station.data.root, day, fmt, Path(out), filters, lang, session.username)
    return _result(run_cli(args, progress, stdin=token))


def run_cli(args: list[str], progress: Progress | None = None, *, stdin: str = "") -> dict:
    """Run an ``appraiser`` CLI command at low priority; its last stdout line (JSON) is
    the result, ``export: step (N%)`` lines on stderr are progress, and a non-zero exit
    becomes the matching error with the child's one-line reason. ``stdin`` is its one
    input line (a hand-off token), never a password."""
    child = subprocess.Popen(
        args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        creationflags=_WINDOWS_LOW if sys.platform == "win32" else 0,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    _lower_priority(child.pid)
    assert child.stdin is not None
    with contextlib.suppress(BrokenPipeError):  # a child that failed early reads nothing
        child.stdin.write(stdin + "\n" if stdin else "")
        child.stdin.close()
    last_error = ""
    assert child.stderr is not None and child.stdout is not None
    for line in child.stderr:
        line = line.rstrip("\n")
        match = _PROGRESS.match(line)
        if match and progress is not None:
            progress(int(match.group(2)) / 100.0, match.group(1))
        elif line.strip():  # "appraiser: why — hint", or argparse's "… error: …"
            last_error = line.removeprefix("appraiser: ")
    output = child.stdout.read()
    code = child.wait()
    if code != 0:
        raise _failure(code, last_error)
    return json.loads(output.strip().splitlines()[-1])


def _lower_priority(pid: int) -> None:
    """Background work yields the CPU to the bench. (``preexec_fn`` is not safe in a
    threaded program such as the GUI, so the niceness is set right after the start.)"""
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, CHILD_NICENESS)


def _failure(code: int, message: str) -> KnownError:
    text = message or f"the export process ended with code {code}"
    return InvalidInput(text) if code == 2 else ExportFailed(text, hint="")


def _result(raw: dict) -> DailyExport:
    return DailyExport(
        Path(raw["file"]),
        Path(raw["manifest"]),
        raw["rows"],
        Checkpoint.from_dict(raw["checkpoint"]),
        raw.get("figures", {}),
        raw.get("seconds", {}),
    )
