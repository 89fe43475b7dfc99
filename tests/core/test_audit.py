"""The audit trail: any change made behind the application's back is found and named.

A station is filled once through the services; every test tampers with its own copy using
plain ``sqlite3``, the way an insider with a database tool would.
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
from appraiser.storage.audit import VerifyReport

PASSWORD = "audit-test-pw"


def _fill(station: Station) -> None:
    """Users, an item, an appraisal with revisions and a photo, a label, verdicts (the
    amendment away from genuine revokes the label)."""
    store, tz = station.store, station.settings.tz()
    accounts.create_user(store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(store, "admin", PASSWORD)
    accounts.create_user(store, "ann", "Ann", Role.APPRAISER, PASSWORD, by=admin)
    ann = accounts.check_password(store, "ann", PASSWORD)
    item = appraisals.register_item(store, ann, gtin="04012345678901", brand="Acme", model="X1")
    uid = appraisals.start(store, ann, "BW-01", item, Category.BAGS, tz)
    appraisals.save(store, ann, uid, step="capture", data={"note": "scuffed corner"})
    appraisals.attach_media(store, ann, uid, b"\x89PNG fake photo", role="photo", mime="image/png")
    appraisals.sign_verdict(store, ann, uid, Verdict.GENUINE, PASSWORD)
    # the label while the verdict is genuine (issue 14 H2: verify replays that rule)
    with store.atomic(ann.actor) as tx:
        label = {
            "serial": "TEST-SERIAL-1",
            "appraisal_uid": uid,
            "gtin": "04012345678901",
            "payload": "https://verify.example.com/a/x",
            "key_id": "k1",
            "created": now_iso(),
            "created_by": ann.user_id,
        }
        tx.insert("labels", label, action="label.issued")
        event = {"serial": "TEST-SERIAL-1", "event": "issued", "created": now_iso()}
        tx.insert("label_events", event, action="label.event")
    # amendments are a supervisor's (DESIGN §3.4), never an administrator's
    accounts.create_user(store, "sam", "Sam", Role.SUPERVISOR, PASSWORD, by=admin)
    sam = accounts.check_password(store, "sam", PASSWORD)
    appraisals.amend_verdict(
        store, sam, uid, Verdict.COUNTERFEIT, PASSWORD, "re-check", reason_codes=["NOT_AUTHENTIC"]
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("audit-template")
    station = Station.open(root)
    _fill(station)
    station.close()
    return root


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Path:
    """A private copy of the filled station (closed, so a file copy is consistent)."""
    target = tmp_path / "station"
    shutil.copytree(template, target)
    return target


def _sql(root: Path, *statements: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(DataDir(root).db)
    try:
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
        conn.commit()
    finally:
        conn.close()


def _rows(root: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(DataDir(root).db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _verify(root: Path) -> VerifyReport:
    station = Station.open(root)
    try:
        return station.store.verify_audit()
    finally:
        station.close()


def _cli_verify(root: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), "audit", "verify"]
    return subprocess.run([*command, *extra], capture_output=True, text=True, timeout=120)


def test_untouched_chain_verifies(copy: Path):
    report = _verify(copy)
    assert report.ok, report.problems
    assert report.events >= 15
    tables = {t for (t,) in _rows(copy, "SELECT name FROM audited_tables")}
    assert {"appraisals", "verdicts", "media", "appraisal_media", "labels"} <= tables
    assert report.rows >= 10


@pytest.mark.parametrize("column", ["ts", "actor", "action", "data", "row_digest", "hash"])
def test_altered_event_field_is_named(copy: Path, column: str):
    seq = len(_rows(copy, "SELECT seq FROM audit_events")) // 2
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_update",
        f"UPDATE audit_events SET {column} = COALESCE({column}, '') || 'x' WHERE seq = {seq}",
    )
    report = _verify(copy)
    assert not report.ok
    assert report.first_broken_seq == seq
    assert f"audit event {seq}" in report.problems[0]


def test_every_altered_event_is_found(template: Path, tmp_path: Path):
    """Whichever event is changed, verify names exactly that one first."""
    events = [seq for (seq,) in _rows(template, "SELECT seq FROM audit_events ORDER BY seq")]
    for seq in events:
        root = tmp_path / f"s{seq}"
        shutil.copytree(template, root)
        _sql(
            root,
            "DROP TRIGGER audit_events_no_update",
            f"UPDATE audit_events SET data = json_set(data, '$.x', 1) WHERE seq = {seq}",
        )
        report = _verify(root)
        assert report.first_broken_seq == seq, report.problems
        assert report.problems[0].startswith(f"audit event {seq} ")


def test_broken_link_is_named(copy: Path):
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET prev_hash = hash WHERE seq = 4",
    )
    report = _verify(copy)
    assert report.first_broken_seq == 4
    assert "link to event 3 is broken" in report.problems[0]


def _tamper_row(root: Path, table: str, key: int) -> None:
    """Change one column of one row, trying columns until the constraints allow it."""
    conn = sqlite3.connect(DataDir(root).db)
    try:
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] != "id"]
        for column in columns:
            try:
                conn.execute(
                    f"UPDATE {table} SET {column} = COALESCE({column}, '') || '~' WHERE id = ?",
                    (key,),
                )
            except sqlite3.IntegrityError:
                continue
            conn.commit()
            return
        raise AssertionError(f"no column of {table} could be changed")
    finally:
        conn.close()


def test_every_altered_record_row_is_named(template: Path, tmp_path: Path):
    tables = [t for (t,) in _rows(template, "SELECT name FROM audited_tables ORDER BY name")]
    checked = set()
    for table in tables:
        for (key,) in _rows(template, f"SELECT id FROM {table} ORDER BY id"):
            root = tmp_path / f"{table}-{key}"
            shutil.copytree(template, root)
            _tamper_row(root, table, key)
            report = _verify(root)
            assert not report.ok, f"{table} row {key} changed unnoticed"
            named = f"{table} row {key} differs from audit event"
            # a key_events row also makes the key ledger check speak (first); both are named
            assert any(p.startswith(named) for p in report.problems), report.problems
            assert report.first_broken_seq is not None
            checked.add(table)
    assert {"appraisals", "verdicts", "media", "appraisal_media", "items", "users"} <= checked


def test_deleted_event_is_found(copy: Path):
    _sql(copy, "DROP TRIGGER audit_events_no_delete", "DELETE FROM audit_events WHERE seq = 5")
    report = _verify(copy)
    assert report.first_broken_seq == 5
    assert "audit event 5 is missing" in report.problems[0]


def test_reordered_events_are_found(copy: Path):
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET seq = -1 WHERE seq = 6",
        "UPDATE audit_events SET seq = 6 WHERE seq = 7",
        "UPDATE audit_events SET seq = 7 WHERE seq = -1",
    )
    report = _verify(copy)
    assert report.first_broken_seq == 6
    assert "audit event 6" in report.problems[0]


def test_row_inserted_outside_the_app_is_found(copy: Path):
    _sql(
        copy,
        "INSERT INTO appraisals(uid, revision, item_uid, station, appraiser_id, category,"
        " state, step, started, created) SELECT uid, revision + 10, item_uid, station,"
        " appraiser_id, category, state, step, started, created FROM appraisals LIMIT 1",
    )
    (key,) = _rows(copy, "SELECT MAX(id) FROM appraisals")[0]
    report = _verify(copy)
    assert any(
        p == f"appraisals row {key} has no audit event (added outside the app?)"
        for p in report.problems
    )


def test_forged_event_appended_by_hand_is_found(copy: Path):
    _sql(
        copy,
        "INSERT INTO audit_events(seq, ts, actor, action, data, prev_hash, hash)"
        " SELECT seq + 1, ts, 'mallory', 'user.created', '{}', hash, 'f00d'"
        " FROM audit_events ORDER BY seq DESC LIMIT 1",
    )
    (last,) = _rows(copy, "SELECT MAX(seq) FROM audit_events")[0]
    report = _verify(copy)
    assert report.first_broken_seq == last
    assert "was altered" in report.problems[0]


def test_deleted_record_row_is_found(copy: Path):
    _sql(copy, "DROP TRIGGER verdicts_no_delete", "DELETE FROM verdicts WHERE id = 1")
    report = _verify(copy)
    assert any(
        p.startswith("verdicts row 1 named by audit event") and p.endswith("is gone")
        for p in report.problems
    )


def test_triggers_refuse_changes_to_protected_rows(copy: Path):
    conn = sqlite3.connect(DataDir(copy).db)
    protected = ["audit_events"] + [
        t for (t,) in conn.execute("SELECT name FROM audited_tables WHERE append_only = 1")
    ]
    exercised = set()
    try:
        for table in protected:
            key = "seq" if table == "audit_events" else "id"
            if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:
                continue
            for statement in (
                f"UPDATE {table} SET {key} = {key} WHERE {key} = (SELECT MIN({key}) FROM {table})",
                f"DELETE FROM {table}",
            ):
                with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                    conn.execute(statement)
            exercised.add(table)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM users")
    finally:
        conn.close()
    assert {"audit_events", "appraisals", "verdicts", "media", "labels", "label_events"} <= (
        exercised
    )


def test_cli_verify_passes_on_an_intact_chain(copy: Path):
    result = _cli_verify(copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("audit chain intact:")


def test_cli_verify_names_the_first_broken_event(copy: Path):
    _sql(
        copy,
        "DROP TRIGGER audit_events_no_update",
        "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3",
    )
    result = _cli_verify(copy)
    assert result.returncode == 1
    assert "audit verify FAILED: audit event 3" in result.stdout
    report = json.loads(_cli_verify(copy, "--json").stdout)
    assert report["ok"] is False and report["first_broken_event"] == 3


def test_cli_verify_names_a_changed_appraisal_row(copy: Path):
    _tamper_row(copy, "appraisals", 2)
    result = _cli_verify(copy)
    assert result.returncode == 1
    assert "appraisals row 2 differs from audit event" in result.stdout


def test_unregistering_a_table_does_not_hide_its_rows(copy: Path):
    _sql(copy, "DELETE FROM audited_tables WHERE name = 'appraisals'")
    _tamper_row(copy, "appraisals", 1)
    problems = _verify(copy).problems
    assert "table appraisals is named by audit events but not registered as audited" in problems
    assert any(p.startswith("appraisals row 1 differs from audit event") for p in problems)


def test_dropped_table_is_found(copy: Path):
    _sql(copy, "DROP TABLE label_events")
    assert "table label_events named by the audit trail is gone" in _verify(copy).problems
