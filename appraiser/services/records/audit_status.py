"""The audit trail's health in one call, for a screen: ``Store.verify_audit`` (chain, signed
checkpoint log, audited rows, triggers) plus the time of the newest signed checkpoint, so a
supervisor sees at a glance that the trail is intact and that checkpoints are still being
written — or the named problems.

Read-only and slow on a big trail (it walks every event): call it off the UI thread.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from appraiser.clock import parse_iso
from appraiser.storage import checkpoints
from appraiser.storage.db import Store

_TAIL = 8192  # a checkpoint line is ~330 bytes; the newest whole one lies in the last 8 KiB


@dataclass(frozen=True)
class AuditStatus:
    events: int
    checkpoints: int
    last_checkpoint: datetime | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _last_line_time(path: Path) -> datetime | None:
    """The ``ts`` of the newest readable line (verify has judged the lines themselves)."""
    try:
        with os.fdopen(checkpoints.open_log(path, os.O_RDONLY), "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - _TAIL))
            tail = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return None
    for line in reversed(tail.splitlines()):
        try:
            return parse_iso(str(json.loads(line)["ts"]))
        except (ValueError, KeyError, TypeError):
            continue
    return None


def check(store: Store) -> AuditStatus:
    report = store.verify_audit()
    last = _last_line_time(checkpoints.log_path(store.data)) if report.checkpoints else None
    return AuditStatus(
        report.events, report.checkpoints, last, list(report.problems), list(report.notes)
    )
