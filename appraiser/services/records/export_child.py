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
from appraiser.services.admin.station import Station
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
    root: Path, day: date, fmt: str, out: Path, filters: DayFilter, lang: str | None, actor: str
) -> list[str]:
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
        "--actor",
        actor,
    ]
    for name, value in filters.as_dict().items():
        args += [f"--{name}", value]
    return args + (["--lang", lang] if lang else [])


def export_daily_in_child(
    station: Station,
    day: date,
    fmt: str,
    out: Path,
    *,
    filters: DayFilter = ALL,
    lang: str | None = None,
    actor: str = "supervisor",
    progress: Progress | None = None,
) -> DailyExport:
    """Same contract as ``export_daily``; progress comes from the child's stderr."""
    if not can_fork():
        return export_daily(
            station,
            day,
            fmt,
            out,
            filters=filters,
            lang=lang,
            actor=actor,
            progress=progress or (lambda f, m: None),
        )
    args = command(station.data.root, day, fmt, Path(out), filters, lang, actor)
    return _result(run_cli(args, progress))


def run_cli(args: list[str], progress: Progress | None = None) -> dict:
    """Run an ``appraiser`` CLI command at low priority; its last stdout line (JSON) is
    the result, ``export: step (N%)`` lines on stderr are progress, and a non-zero exit
    becomes the matching error with the child's one-line reason."""
    child = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        creationflags=_WINDOWS_LOW if sys.platform == "win32" else 0,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    _lower_priority(child.pid)
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
