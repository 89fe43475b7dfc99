"""Issue 14 breaker findings on the audit trail (H1, H2, H5, M3): each attack made the way
the tester made it, on a private copy of a station filled through the services."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from label_support import genuine_appraisal
from schema4_support import station_before_checkpoints

from appraiser.domain.enums import Verdict
from appraiser.paths import DataDir
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import verdicts
from appraiser.storage import audit, checkpoints
from appraiser.storage.audit import VerifyReport

LOG = checkpoints.LOG


def _connect(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(DataDir(root).db, isolation_level=None)


def _verify(root: Path) -> VerifyReport:
    station = Station.open(root)
    try:
        return station.store.verify_audit()
    finally:
        station.close()


def _cli(root: Path, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def _rehash(conn: sqlite3.Connection) -> None:
    """What an insider does after editing: renumber, recompute row digests and hashes."""
    names = [*audit._EVENT_FIELDS, "prev_hash", "hash"]
    rows = conn.execute(f"SELECT {', '.join(names)} FROM audit_events ORDER BY seq").fetchall()
    conn.execute("DELETE FROM audit_events")
    prev = audit.GENESIS
    for number, values in enumerate(rows, start=1):
        event = dict(zip(names, values, strict=True))
        event["seq"] = number
        if event["entity"] and event["entity_id"] is not None and event["row_digest"]:
            event["row_digest"] = audit.row_digest(conn, event["entity"], event["entity_id"])
        event["prev_hash"], event["hash"] = prev, audit.event_hash(event, prev)
        conn.execute(
            f"INSERT INTO audit_events({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            tuple(event[n] for n in names),
        )
        prev = event["hash"]


def _without_guards(root: Path, *statements: str, resign: bool = False) -> None:
    """Drop the audit trail's triggers, run ``statements``, recompute, put the triggers
    back; ``resign``: and write a fresh checkpoint log with the station's private key."""
    conn = _connect(root)
    try:
        guards = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in guards:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("BEGIN")
        for statement in statements:
            conn.execute(statement)
        _rehash(conn)
        conn.execute("COMMIT")
        for _, sql in guards:
            conn.execute(sql)
        if resign:
            _resign_log(root, conn)
    finally:
        conn.close()


@pytest.fixture
def counterfeit_case(station: Station, appraiser_session: Session, password: str) -> Path:
    """A station with one appraisal signed counterfeit; returned closed, as its folder."""
    genuine_appraisal(station, appraiser_session, password, verdict=Verdict.COUNTERFEIT)
    root = station.data.root
    station.close()
    return root


# -- H1: a trail that already kept checkpoints never falls back to "no checkpoints yet" ----


def test_h1_rewritten_trail_with_checkpoints_erased_fails(counterfeit_case: Path):
    """issue 14 finding H1: counterfeit → genuine, the start event deleted, every event
    renumbered and rehashed, the checkpoint state and log deleted: the app began checkpoints
    afresh on the next start and ``audit verify`` said intact (exit 0)."""
    root = counterfeit_case
    _without_guards(
        root,
        "UPDATE verdicts SET verdict = 'genuine', reason_codes = '[]'",
        f"DELETE FROM audit_events WHERE action = '{checkpoints.STARTED}'",
        "DELETE FROM audit_checkpoint_state",
    )
    (root / LOG).unlink()
    result = _cli(root, "audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    report = _verify(root)
    assert not report.ok
    assert any("no audit event records when checkpoints started" in p for p in report.problems)
    conn = _connect(root)
    try:
        started = conn.execute(
            "SELECT COUNT(*) FROM audit_events WHERE action = ?", (checkpoints.STARTED,)
        ).fetchone()[0]
    finally:
        conn.close()
    assert started == 0, "opening the station must never start checkpoints afresh"


def test_h1_events_older_than_the_checkpoints_are_always_noted(tmp_path: Path):
    """issue 14 finding H1: checkpoints starting partway through the chain were not even
    noted; the upgrade's start is a visible note naming the events and the day."""
    station_before_checkpoints(tmp_path, events=25)
    report = _verify(tmp_path)
    assert report.ok, report.problems
    [note] = [n for n in report.notes if "predate" in n]
    assert note.startswith("audit events 1–25 predate the signed checkpoints (started 20")
    result = _cli(tmp_path, "audit", "verify")
    assert result.returncode == 0
    assert "WARNING: audit events 1–25 predate the signed checkpoints" in result.stderr


def test_h1_checkpoints_start_in_the_upgrade_itself(tmp_path: Path):
    """issue 14 finding H1: the start event is written by the v4 → v5 migration, in the
    transaction of the version bump, with its first signed line; it records the schema
    the database was found at."""
    station_before_checkpoints(tmp_path, events=3)
    station = Station.open(tmp_path)
    try:
        row = station.store.one(
            "SELECT seq, data FROM audit_events WHERE action = ?", (checkpoints.STARTED,)
        )
    finally:
        station.close()
    assert row["seq"] == 4
    data = json.loads(row["data"])
    assert (data["events_before"], data["schema_before"]) == (3, 4)
    first = json.loads((tmp_path / LOG).read_text().splitlines()[0])
    assert (first["base"], first["own_from"], first["count"]) == (3, 4, 4)


def test_h1_a_new_station_keeps_checkpoints_from_event_1(station: Station):
    """issue 14 finding H1: a station created with checkpoints has them from event 1."""
    first = station.store.one("SELECT action, data FROM audit_events WHERE seq = 1")
    assert first["action"] == checkpoints.STARTED
    assert json.loads(first["data"])["schema_before"] == 0
    assert not [n for n in station.store.verify_audit().notes if "predate" in n]


def _resign_log(root: Path, conn: sqlite3.Connection) -> None:
    """An insider holding the private key writes a fresh log for the rewritten events."""
    from appraiser.keys import StationKeys
    from appraiser.storage.frontier import Frontier

    hashes = [h for (h,) in conn.execute("SELECT hash FROM audit_events ORDER BY seq")]
    start = conn.execute(
        "SELECT seq FROM audit_events WHERE action = ?", (checkpoints.STARTED,)
    ).fetchone()[0]
    frontier = Frontier()
    for digest in hashes:
        frontier.add(digest)
    line = checkpoints.Checkpoint(
        start - 1, hashes[start - 2] if start > 1 else audit.GENESIS, start,
        len(hashes), hashes[-1], frontier.root_hex(), "2030-01-01T00:00:00+00:00", "",
    )  # fmt: skip
    signed = checkpoints._sign(StationKeys(DataDir(root).keys), line)
    (root / LOG).write_bytes(signed.to_line())


def test_h1_a_new_station_passed_off_as_an_upgraded_one_fails(counterfeit_case: Path):
    """issue 14 finding H1: the start event moved to the end (as if the station had been
    upgraded today) on a station that was created with checkpoints fails by name, even
    with the log re-signed by the station key."""
    root = counterfeit_case
    total = _connect(root).execute("SELECT MAX(seq) FROM audit_events").fetchone()[0]
    _without_guards(
        root,
        f"UPDATE audit_events SET seq = {total + 1} WHERE seq = 1",
        "UPDATE audit_events SET data = json_set(data, '$.events_before', "
        f"{total - 1}) WHERE seq = {total + 1}",
        resign=True,
    )
    report = _verify(root)
    assert any("was created with checkpoints" in p for p in report.problems), report.problems


def test_h1_start_event_that_disagrees_with_the_log_fails(counterfeit_case: Path):
    """issue 14 finding H1: the start event's events_before must be where the log begins."""
    _without_guards(
        counterfeit_case,
        "UPDATE audit_events SET data = json_set(data, '$.events_before', 7) WHERE seq = 1",
        resign=True,
    )
    report = _verify(counterfeit_case)
    assert any("events_before" in p for p in report.problems), report.problems


def test_h1_start_event_twice_fails(counterfeit_case: Path):
    """issue 14 finding H1: a second start event (checkpoints restarted) fails."""
    _without_guards(
        counterfeit_case,
        "INSERT INTO audit_events SELECT 1000, ts, actor, action, entity, entity_id, "
        "row_digest, data, prev_hash, 'x' FROM audit_events WHERE seq = 1",
        resign=True,
    )
    report = _verify(counterfeit_case)
    assert any("started again" in p for p in report.problems), report.problems


# -- M3: a hostile checkpoint log is a finding or a refusal, never a crash or a hang -------


def test_m3_deeply_nested_checkpoint_line_is_damaged_not_a_crash(counterfeit_case: Path):
    """issue 14 finding M3: a checkpoint line of 100,000 '[' made ``audit verify`` exit 70."""
    with (counterfeit_case / LOG).open("a") as handle:
        handle.write("[" * 100_000 + "\n")
    result = _cli(counterfeit_case, "audit", "verify")
    assert result.returncode == 1, result.stderr[-2000:]
    assert "is damaged" in result.stdout


def test_m3_checkpoint_log_as_a_fifo_neither_hangs_verify_nor_a_scan(counterfeit_case: Path):
    """issue 14 finding M3: audit/checkpoints.jsonl replaced by a FIFO made ``audit verify``
    and ``label verify`` hang for ever."""
    (counterfeit_case / LOG).unlink()
    os.mkfifo(counterfeit_case / LOG)
    result = _cli(counterfeit_case, "audit", "verify", timeout=60)
    assert result.returncode == 1
    assert "is not a regular file" in result.stdout + result.stderr
    scan = _cli(counterfeit_case, "label", "verify", "https://x.example/01/1/21/2", timeout=60)
    assert scan.returncode in (1, 2, 3), scan.stderr[-2000:]


def _amend(station: Station, supervisor: Session, password: str, uid: str, verdict: Verdict):
    codes = ["NOT_AUTHENTIC"] if verdict == Verdict.COUNTERFEIT else None
    return verdicts.amend(station.store, supervisor, uid, verdict, password, "second look",
                          reason_codes=codes)  # fmt: skip


# -- H2: the schema (views included) is the app's, and labels follow the audited verdicts --

_IGNORING_AMENDMENTS = (
    "CREATE VIEW verdicts_current AS SELECT * FROM verdicts v WHERE kind != 'amendment'"
    " AND NOT EXISTS (SELECT 1 FROM verdicts later WHERE later.supersedes = v.id"
    " AND later.kind != 'amendment')"
)


def _swap_view(root: Path, sql: str) -> str:
    """Replace ``verdicts_current`` behind the app's back; returns the original SQL."""
    conn = _connect(root)
    try:
        (old,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'verdicts_current'"
        ).fetchone()
        conn.execute("DROP VIEW verdicts_current")
        conn.execute(sql)
    finally:
        conn.close()
    return old


@pytest.fixture
def amended_away(
    station: Station, appraiser_session: Session, supervisor: Session, password: str
) -> tuple[Path, str]:
    """A genuine appraisal amended to counterfeit by a supervisor (no label yet)."""
    uid = genuine_appraisal(station, appraiser_session, password)
    _amend(station, supervisor, password, uid, Verdict.COUNTERFEIT)
    return station.data.root, uid


def test_h2_altered_view_is_named_by_verify(amended_away):
    """issue 14 finding H2: a view changed outside the app passed ``audit verify``."""
    root, _ = amended_away
    station = Station.open(root)
    try:
        _swap_view(root, _IGNORING_AMENDMENTS)
        report = station.store.verify_audit()
    finally:
        station.close()
    assert "view verdicts_current was altered" in report.problems


def test_h2_an_added_index_or_table_is_named(amended_away):
    """issue 14 finding H2: verify compares every schema object, not only the triggers."""
    root, _ = amended_away
    conn = _connect(root)
    try:
        conn.execute("CREATE TABLE shadow (x)")
        conn.execute("DROP INDEX verdicts_uid")
    finally:
        conn.close()
    problems = _verify(root).problems
    assert "table shadow was added outside the app" in problems
    assert "index verdicts_uid is missing" in problems


def test_h2_the_app_refuses_to_write_on_an_altered_schema(amended_away, appraiser_session):
    """issue 14 finding H2: with the view edited to ignore amendments, ``label issue`` gave
    the counterfeit item a label that verified VALID. Now nothing is written while a view or
    trigger differs (DatabaseDamagedError: exit 3), and no label is issued."""
    from appraiser.errors import DatabaseDamagedError, InvalidInput
    from appraiser.services.casework import appraisals
    from appraiser.services.labelling import labels

    root, uid = amended_away
    station = Station.open(root)
    try:
        with station.store.atomic("t") as tx:  # checked once; the next check is cheap
            tx.event("test.before")
        _swap_view(root, _IGNORING_AMENDMENTS)
        with pytest.raises((DatabaseDamagedError, InvalidInput)):
            labels.issue(station, appraiser_session, uid)
        with pytest.raises(DatabaseDamagedError, match="view verdicts_current was altered"):
            appraisals.save(station.store, appraiser_session, uid, step="capture", data={})
        assert station.store.one("SELECT COUNT(*) AS n FROM labels")["n"] == 0
    finally:
        station.close()


def test_h2_label_issue_reads_the_verdict_from_the_audited_rows(amended_away, monkeypatch):
    """issue 14 finding H2 (defence in depth): even past the schema check, the verdict a
    label vouches for comes from the ``verdicts`` rows, not from the view."""
    from appraiser.errors import InvalidInput
    from appraiser.services.labelling import labels

    root, uid = amended_away
    station = Station.open(root)
    try:
        _swap_view(root, _IGNORING_AMENDMENTS)
        with pytest.raises(InvalidInput, match="no genuine verdict"):
            labels.appraisal_digest(station.store, uid)
    finally:
        station.close()


def _label_rows(root: Path, uid: str, event: str = "issued") -> None:
    """An insider's label for ``uid``, its rows and audit events written by the app's own
    audit code (so every digest and link is right), checkpoint line and all."""
    station = Station.open(root)
    try:
        with station.store.atomic("insider") as tx:
            tx.insert(
                "labels",
                {"serial": "FAKE1", "appraisal_uid": uid, "gtin": None, "payload": "p",
                 "key_id": "k", "supersedes": None, "created": "2030-01-01T00:00:00Z",
                 "created_by": None, "reason": None},
                action="label.issued",
            )  # fmt: skip
            tx.insert(
                "label_events",
                {"serial": "FAKE1", "event": event, "detail": "{}",
                 "created": "2030-01-01T00:00:00Z", "created_by": None,
                 "approved_by": None, "reason": None},
                action=f"label.{event}",
            )  # fmt: skip
    finally:
        station.close()


def test_h2_a_label_issued_while_the_verdict_was_not_genuine_fails(amended_away):
    """issue 14 finding H2: no label may be issued while the verdict in force (by audit
    order) is not genuine, however the rows got there."""
    root, uid = amended_away
    _label_rows(root, uid)
    problems = _verify(root).problems
    assert any(p.startswith("label FAKE1 was issued") and "counterfeit" in p for p in problems), (
        problems
    )


def test_h2_a_label_left_live_after_an_amendment_away_from_genuine_fails(
    station: Station, appraiser_session: Session, supervisor: Session, password: str
):
    """issue 14 finding H2: every label of an appraisal amended away from genuine must be
    revoked or voided; one whose revocation is missing fails."""
    from appraiser.services.labelling import labels

    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    _amend(station, supervisor, password, uid, Verdict.COUNTERFEIT)
    assert station.store.verify_audit().ok
    root = station.data.root
    station.close()
    _without_guards(
        root,
        f"DELETE FROM label_events WHERE event = 'revoked' AND serial = '{label.serial}'",
        resign=True,
    )
    problems = _verify(root).problems
    assert any(p.startswith(f"label {label.serial}") and "not revoked" in p for p in problems), (
        problems
    )


# -- H5: sign-in believes only an account row the audit trail vouches for -----------------


def test_h5_a_users_row_changed_outside_the_app_cannot_sign_in(
    station: Station, appraiser_session: Session, supervisor: Session, password: str
):
    """issue 14 finding H5: the supervisor's password hash replaced by hand with another
    account's let that account's holder act as the supervisor (amend, exit 0)."""
    from appraiser.errors import AuthError
    from appraiser.services.admin import accounts

    conn = station.store.conn
    conn.execute(
        "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE "
        "username = 'appraiser1') || '' WHERE username = 'supervisor'"
    )
    conn.execute("UPDATE users SET role = 'supervisor' WHERE username = 'appraiser1'")
    for name in ("supervisor", "appraiser1"):
        with pytest.raises(AuthError, match="changed outside the app"):
            accounts.check_password(station.store, name, password)
    refused = station.store.query(
        "SELECT actor FROM audit_events WHERE action = 'auth.login.refused' ORDER BY seq"
    )
    assert [r["actor"] for r in refused] == ["supervisor", "appraiser1"]
    assert accounts.check_password(station.store, "admin", password).username == "admin"
