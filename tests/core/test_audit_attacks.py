"""Issue 14 finding 8: an insider with the database (and a database tool) erases or rewrites
the audit trail. Each attack is made the way the finding describes it, on a private copy of
a station filled through the services; ``audit verify`` must fail and name what it found.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from appraiser.clock import now_iso
from appraiser.domain.enums import Category, Role, Verdict
from appraiser.paths import DataDir
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.storage import audit
from appraiser.storage.audit import VerifyReport

PASSWORD = "audit-attack-pw"
LOG = Path("audit") / "checkpoints.jsonl"


def _fill(station: Station) -> None:
    """Two users, an appraisal signed genuine by Ann, then amended by the admin."""
    store, tz = station.store, station.settings.tz()
    accounts.create_user(store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(store, "admin", PASSWORD)
    accounts.create_user(store, "ann", "Ann", Role.APPRAISER, PASSWORD, by=admin)
    ann = accounts.check_password(store, "ann", PASSWORD)
    item = appraisals.register_item(store, ann, gtin="04012345678901", brand="Acme", model="X1")
    uid = appraisals.start(store, ann, "BW-01", item, Category.BAGS, tz)
    appraisals.save(store, ann, uid, step="capture", data={"note": "scuffed corner"})
    appraisals.sign_verdict(
        store, ann, uid, Verdict.COUNTERFEIT, PASSWORD, reason_codes=["NOT_AUTHENTIC"]
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("audit-attack-template")
    station = Station.open(root)
    _fill(station)
    station.close()
    return root


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "station"
    shutil.copytree(template, target)
    return target


def _connect(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(DataDir(root).db, isolation_level=None)


def _sql(root: Path, *statements: str) -> None:
    conn = _connect(root)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _count(root: Path) -> int:
    conn = _connect(root)
    try:
        return conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
    finally:
        conn.close()


def _verify(root: Path) -> VerifyReport:
    station = Station.open(root)
    try:
        return station.store.verify_audit()
    finally:
        station.close()


def _cli(root: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), "audit", "verify"]
    return subprocess.run([*command, *extra], capture_output=True, text=True, timeout=120)


def _rehash_chain(conn: sqlite3.Connection) -> None:
    """What an insider does after editing: recompute every row digest and every hash."""
    names = [*audit._EVENT_FIELDS, "prev_hash", "hash"]
    rows = conn.execute(f"SELECT {', '.join(names)} FROM audit_events ORDER BY seq").fetchall()
    prev = audit.GENESIS
    for values in rows:
        event = dict(zip(names, values, strict=True))
        if event["entity"] and event["entity_id"] is not None and event["row_digest"]:
            event["row_digest"] = audit.row_digest(conn, event["entity"], event["entity_id"])
        event["prev_hash"], event["hash"] = prev, audit.event_hash(event, prev)
        conn.execute(
            "UPDATE audit_events SET row_digest = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (event["row_digest"], event["prev_hash"], event["hash"], event["seq"]),
        )
        prev = event["hash"]


def test_untouched_station_verifies_with_its_checkpoints(copy: Path):
    """issue 14 finding 8: the checkpoint log exists and vouches for every event."""
    report = _verify(copy)
    assert report.ok, report.problems
    assert report.checkpoints >= 1
    lines = (copy / LOG).read_text().splitlines()
    assert json.loads(lines[-1])["count"] == _count(copy)


def test_dropping_triggers_and_erasing_everything_fails(copy: Path):
    """issue 14 finding 8: 'DELETE FROM audit_events; DELETE FROM audited_tables' passed."""
    events = _count(copy)
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_delete",
        "DROP TRIGGER audit_events_no_update",
        "DELETE FROM audit_events",
        "DELETE FROM audited_tables",
    )
    report = _verify(copy)
    assert not report.ok
    assert f"audit events 1–{events} were erased" in report.problems[0]
    assert "trigger audit_events_no_delete is missing" in report.problems
    result = _cli(copy)
    assert result.returncode == 1
    assert f"audit events 1–{events} were erased" in result.stdout


def test_cutting_the_tail_fails(copy: Path):
    """issue 14 finding 8: deleting the newest events left a shorter, intact chain."""
    events = _count(copy)
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_delete",
        f"DELETE FROM audit_events WHERE seq > {events - 3}",
    )
    report = _verify(copy)
    assert not report.ok
    assert f"audit events {events - 2}–{events} were erased" in report.problems[0]
    assert report.first_broken_seq == events - 2


def _forge_amendment(root: Path) -> int:
    """Append a supervisor's amendment by hand, hash-linked correctly; returns its seq."""
    conn = _connect(root)
    try:
        seq, prev = conn.execute(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        event = {
            "seq": seq + 1,
            "ts": now_iso(),
            "actor": "supervisor",
            "action": "verdict.amended",
            "entity": None,
            "entity_id": None,
            "row_digest": None,
            "data": json.dumps({"verdict": "genuine"}),
        }
        conn.execute(
            "INSERT INTO audit_events(seq, ts, actor, action, entity, entity_id, row_digest,"
            " data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*event.values(), prev, audit.event_hash(event, prev)),
        )
    finally:
        conn.close()
    return seq + 1


def test_forged_event_with_a_correct_link_fails(copy: Path):
    """issue 14 finding 8: a forged supervisor amendment appended with a correct hash link."""
    forged = _forge_amendment(copy)
    report = _verify(copy)
    assert not report.ok
    assert f"audit event {forged} has no signed checkpoint" in report.problems[0]
    assert report.first_broken_seq == forged


def test_forged_event_stays_found_after_the_app_writes_again(copy: Path):
    """issue 14 finding 8: the app's next checkpoint must not adopt the forged event."""
    forged = _forge_amendment(copy)
    station = Station.open(copy)
    try:
        with station.store.atomic("system") as tx:
            tx.event("test.next_day")
        report = station.store.verify_audit()
    finally:
        station.close()
    assert report.problems[0].startswith(f"audit event {forged} was added outside the app")


def test_edited_row_with_every_hash_recomputed_fails(copy: Path):
    """issue 14 finding 8: the verdict edited, row digests and the whole chain recomputed."""
    conn = _connect(copy)
    try:
        conn.execute("DROP TRIGGER verdicts_no_update")
        conn.execute("DROP TRIGGER audit_events_no_update")
        conn.execute("BEGIN")
        conn.execute("UPDATE verdicts SET verdict = 'genuine'")
        _rehash_chain(conn)
        conn.execute("COMMIT")
        conn.execute(
            "CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts "
            "BEGIN SELECT RAISE(ABORT, 'verdicts rows are append-only'); END"
        )
        conn.execute(
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events rows are append-only'); END"
        )
    finally:
        conn.close()
    report = _verify(copy)
    assert not report.ok
    (sign_seq,) = (
        _connect(copy)
        .execute("SELECT MIN(seq) FROM audit_events WHERE entity = 'verdicts'")
        .fetchone()
    )
    assert report.problems[0].startswith(f"audit event {sign_seq} differs from the signed")
    assert report.first_broken_seq == sign_seq


def test_deleted_checkpoint_file_fails(copy: Path):
    """issue 14 finding 8: without the log nothing outside the database vouched for it."""
    (copy / LOG).unlink()
    report = _verify(copy)
    assert not report.ok
    assert "the checkpoint file audit/checkpoints.jsonl is missing" in report.problems[0]
    assert not (copy / LOG).exists() or not (copy / LOG).read_text()


def test_edited_checkpoint_line_fails(copy: Path):
    """issue 14 finding 8: a checkpoint line rewritten to match a shorter chain."""
    lines = (copy / LOG).read_text().splitlines()
    body = json.loads(lines[-1])
    body["count"] -= 1
    lines[-1] = json.dumps(body)
    (copy / LOG).write_text("\n".join(lines) + "\n")
    report = _verify(copy)
    assert not report.ok
    assert f"checkpoint line {len(lines)} has a bad signature" in report.problems


def test_dropping_one_trigger_fails(copy: Path):
    """issue 14 finding 8: dropped triggers were never noticed."""
    _sql(copy, "DROP TRIGGER verdicts_no_update")
    report = _verify(copy)
    assert not report.ok
    assert report.problems == ["trigger verdicts_no_update is missing"]
    result = _cli(copy)
    assert result.returncode == 1
    assert "trigger verdicts_no_update is missing" in result.stdout


def test_a_trigger_replaced_by_a_harmless_one_fails(copy: Path):
    """issue 14 finding 8: a trigger of the right name that no longer refuses anything."""
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_delete",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT 1; END",
    )
    report = _verify(copy)
    assert report.problems == ["trigger audit_events_no_delete was altered"]
