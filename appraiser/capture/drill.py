"""A recording drill in a process of its own, for the crash test and the benchmarks.

``python -m appraiser.capture.drill --data-dir D --seconds N`` opens (or sets up) a
station in ``D``, starts an appraisal, records the simulated camera in real time with
segments stored through the capture service, and reports on stdout, one JSON object a
line: ``{"uid": ...}`` at the start, ``{"segment": n, "sha256": ...}`` for each stored
segment, and the recorder's figures at the end. The crash test kills it with SIGKILL.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from appraiser.capture.recorder import Recorder
from appraiser.capture.simulated import SimulatedCamera
from appraiser.domain.enums import Category, Role
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals, capture

DRILL_USER = "drill"
DRILL_PASSWORD = "drill-password-1"


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def drill_session(station: Station) -> Session:
    store = station.store
    if store.one("SELECT 1 AS x FROM users WHERE username = ?", (DRILL_USER,)) is None:
        accounts.create_user(store, DRILL_USER, "Drill", Role.ADMIN, DRILL_PASSWORD, by=None)
    return accounts.check_password(store, DRILL_USER, DRILL_PASSWORD)


def start_appraisal(station: Station, session: Session) -> str:
    item = appraisals.register_item(
        station.store, session, brand="Maison", model="Drill", category="bags"
    )
    return appraisals.start(
        station.store,
        session,
        station.settings.station_code,
        item,
        Category.BAGS,
        station.settings.tz(),
    )


def record(
    station: Station,
    session: Session,
    uid: str,
    seconds: float,
    seed: int,
    size: tuple[int, int] = (1280, 720),
    fps: float = 30.0,
) -> Recorder:
    store = station.store

    def stored(segment) -> None:
        sha = capture.record_segment(store, session, segment)
        say(segment=segment.info.index, sha256=sha, frames=segment.frames)

    camera = SimulatedCamera(*size, fps, seed=seed)
    camera.open()
    recorder = Recorder(
        capture.recording_folder(store),
        uid,
        fps=fps,
        size=size,
        tz=station.settings.tz(),
        on_segment=stored,
        reserve_mb=station.settings.min_free_disk_mb,
    )
    recorder.start(minutes=max(1.0, seconds / 60))
    say(recording=uid, started_wall=time.time())
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        frame = camera.read()
        if frame is not None:
            recorder.push(frame)
    recorder.stop()
    camera.close()
    return recorder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m appraiser.capture.drill")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    station = Station.open(args.data_dir)
    session = drill_session(station)
    capture.recover(station.store, session)
    uid = start_appraisal(station, session)
    say(uid=uid)
    recorder = record(station, session, uid, args.seconds, args.seed)
    say(
        done=True,
        frames=recorder.frames_encoded,
        dropped=recorder.dropped,
        encoder_cpu_s=round(recorder.encoder_cpu_s, 3),
        errors=[str(e) for e in recorder.errors],
    )
    station.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
