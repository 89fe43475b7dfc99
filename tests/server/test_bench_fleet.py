"""``bench fleet``'s simulated stations: a re-keyed copy of one station day is a station of its
own — it passes ``audit verify``, shares no key, id, blob or hash with the day it was copied
from, carries its clock offset, records more appraisals — and the real server takes its
history beside the original's with no fork alarm; the bench's lost/duplicated count sees a
record the server lacks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from appraiser.bench import fleet, fleet_clone, fleet_push
from appraiser.bench.fleet_report import compare
from appraiser.server import db, enrolment

SKEW = timedelta(hours=3)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    root = tmp_path / "template"
    fleet_clone.build_day(root, fleet_clone.TEMPLATE_CODE, 2, 1, 2)
    fleet_clone.template_check(root)
    return root


def _verify(root: Path) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "appraiser", "--data-dir", str(root), "audit", "verify"]
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def _rows(root: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{root / 'appraiser.db'}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_rekeyed_copy_is_a_valid_station_of_its_own(template: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    made = fleet_clone.clone(template, copy, "FB-007", SKEW)
    checked = _verify(copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for sql in (
        "SELECT hash FROM audit_events",
        "SELECT sha256 FROM media",
        "SELECT uid FROM items",
        "SELECT key_id FROM station_keys",
    ):
        assert not set(_rows(template, sql)) & set(_rows(copy, sql)), sql
    assert made["kid"] == _rows(copy, "SELECT key_id FROM station_keys")[0][0]
    assert all("FB-007" in uid for (uid,) in _rows(copy, "SELECT uid FROM appraisals"))
    before = [_at(ts) for (ts,) in _rows(template, "SELECT ts FROM audit_events ORDER BY seq")]
    after = [_at(ts) for (ts,) in _rows(copy, "SELECT ts FROM audit_events ORDER BY seq")]
    assert [b + SKEW for b in before] == after  # the copy's clock runs 3 h ahead


def test_a_copy_records_more_appraisals_with_its_own_clock(template: Path, tmp_path: Path):
    from appraiser.bench.fleet_faults import skew_clock
    from appraiser.services.admin.station import Station

    copy = tmp_path / "copy"
    fleet_clone.clone(template, copy, "FB-008", SKEW)
    station = Station.open(copy)
    undo = skew_clock(SKEW)  # as the bench's offline recorder does, in its own process
    try:
        fleet_clone.record_appraisals(station, 1, 1, 2, first=2)
    finally:
        undo()
        station.close()
    assert len(_rows(copy, "SELECT uid FROM appraisals")) == 3
    assert _verify(copy).returncode == 0


def _at(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def test_copies_sync_beside_each_other_and_the_count_sees_a_missing_record(
    template: Path, tmp_path: Path, live_server
):
    stations = []
    with db.connect(live_server.dsn) as conn:
        for n, skew in ((1, SKEW), (2, -SKEW)):
            code = f"FB-00{n}"
            job = {"template": str(template), "root": str(tmp_path / code), "code": code,
                   "skew": skew, "url": live_server.url,
                   "token": enrolment.issue_token(conn, code)}  # fmt: skip
            stations.append(job)
    stations = [fleet._clone_one(job) for job in stations]
    for station in stations:
        pushed = fleet_push.pass_until_done(station["root"], time.time() + 120)
        assert pushed["done"] and pushed["cuts"] == 0
    assert compare(live_server.dsn, stations) == (0, 0, 0)  # lost, duplicated, fork alarms
    from appraiser.bench.fleet_faults import skew_clock
    from appraiser.services.admin.station import Station

    later = Station.open(Path(stations[1]["root"]))
    undo = skew_clock(-SKEW)  # its clock runs 3 h behind; its enrolment was stamped by it too
    try:
        fleet_clone.record_appraisals(later, 1, 1, 2, first=2)  # not pushed yet
    finally:
        undo()
        later.close()
    lost, duplicated, alarms = compare(live_server.dsn, stations)
    assert lost > 0 and (duplicated, alarms) == (0, 0)
