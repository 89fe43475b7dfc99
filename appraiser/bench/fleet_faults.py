"""Faults of ``bench fleet`` that span the whole run: the station clocks that are off, and
the stations that keep recording while the server is stopped for the scaled "hour"."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

EVERY_S = 2.0  # the offline stations' sync loop: a pass every 2 s (``appraiser sync --every``)
SKEWS = (timedelta(hours=3), timedelta(hours=-2), timedelta(days=1, minutes=7))


def skew_of(index: int) -> timedelta:
    """Every tenth station (the 6th, 16th …) runs a clock that is off by hours or a day."""
    return SKEWS[(index // 10) % len(SKEWS)] if index % 10 == 5 else timedelta(0)


def skew_clock(offset: timedelta) -> Callable[[], None]:
    """This process's clock, off by ``offset`` for every module that reads it (as a bench
    whose clock is wrong would stamp its records); returns what puts it back."""
    from appraiser import clock

    real = clock.utcnow
    skewed = lambda: real() + offset  # noqa: E731
    changed = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("appraiser") and getattr(module, "utcnow", None) is real
    ]
    for module in changed if offset else []:
        module.utcnow = skewed

    def undo() -> None:
        for module in changed:
            module.utcnow = real

    return undo


def record_offline(job: dict[str, Any]) -> dict[str, Any]:
    """A station that records ``job['appraisals']`` more appraisals while the server is
    stopped, its sync loop trying a pass every ``EVERY_S`` meanwhile, and then resuming by
    itself once the server answers again; returns the failed passes and when it resumed."""
    from appraiser.bench.fleet_clone import record_appraisals
    from appraiser.errors import KnownError
    from appraiser.services.admin.station import Station
    from appraiser.services.fleet import sync

    station = Station.open(Path(job["root"]))
    skew_clock(job["skew"])
    failed, tried, done_at, recorded = 0, 0.0, None, 0
    try:
        while done_at is None and time.time() < job["deadline"]:
            if recorded < job["appraisals"]:
                record_appraisals(
                    station, 1, job["photo_kb"], job["video_kb"], job["first"] + recorded
                )
                recorded += 1
            if time.monotonic() - tried < EVERY_S:
                if recorded >= job["appraisals"]:
                    time.sleep(0.1)
                continue
            tried = time.monotonic()
            try:
                report = sync.sync_once(station.data, station.store)
                if recorded == job["appraisals"] and not any(report.pending.values()):
                    done_at = time.time()
            except KnownError:
                failed += 1
    finally:
        station.close()
    return {"code": job["code"], "recorded": recorded, "failed_passes": failed, "done_at": done_at}
