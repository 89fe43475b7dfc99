"""Label trust (issue 14): state follows the record, verification says what it means in
words that cannot be misread, scans are attributed, and our own key on a serial we never
issued is a forgery alarm."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.clock import now_iso
from appraiser.domain.enums import Role, Verdict
from appraiser.errors import InvalidInput
from appraiser.keys import StationKeys
from appraiser.labels import ids, payload
from appraiser.services.admin import accounts
from appraiser.services.admin import keys as key_service
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import verdicts
from appraiser.services.labelling import label_printing, label_verify, labels
from appraiser.storage.migrations import all_migrations


@pytest.fixture
def label(station: Station, appraiser_session: Session, password: str) -> labels.LabelInfo:
    uid = genuine_appraisal(station, appraiser_session, password)
    return labels.issue(station, appraiser_session, uid)


def _print(station: Station, session: Session, serial: str) -> None:
    job, compact = label_printing.start_job(
        station, session, [serial], label_printing.Target("system"), "50x30", "raster"
    )
    label_printing.record_printed(station, session, job, compact)


def _amend(station: Station, supervisor: Session, password: str, uid: str, verdict: Verdict):
    codes = ["NOT_AUTHENTIC"] if verdict == Verdict.COUNTERFEIT else None
    return verdicts.amend(
        station.store, supervisor, uid, verdict, password, "found a fake stitch", reason_codes=codes
    )


@pytest.fixture
def supervisor2(station: Station, admin: Session, password: str) -> Session:
    """A second supervisor: nobody amends their own amendment (four eyes)."""
    accounts.create_user(
        station.store, "supervisor2", "Sup Two", Role.SUPERVISOR, password, by=admin
    )
    return accounts.check_password(station.store, "supervisor2", password)


def _verify_cli(station: Station, text: str, *extra: str) -> int:
    return main(["--data-dir", str(station.data.root), "label", "verify", text, *extra])


# finding 1 -------------------------------------------------------------------------------
@pytest.mark.parametrize("verdict", [Verdict.COUNTERFEIT, Verdict.INCONCLUSIVE])
def test_amending_away_from_genuine_revokes_the_label(
    station, appraiser_session, supervisor, password, label, verdict
) -> None:
    """Issue 14 finding 1: after the amendment a scan says NOT VALID — revoked, never genuine."""
    _print(station, appraiser_session, label.serial)
    _amend(station, supervisor, password, label.appraisal_uid, verdict)
    assert labels.state_of(station.store, label.serial) == "revoked"
    report = label_verify.record_scan(station, None, label.payload)
    assert not report.valid and report.state == "revoked"
    assert report.message.startswith("NOT VALID — revoked on ")
    assert report.message.endswith(": the verdict was amended")
    assert labels.live_label(station.store, label.appraisal_uid) is None
    actions = [r["action"] for r in station.store.query("SELECT action FROM audit_events")]
    assert actions.index("label.revoked") == actions.index(f"verdict.{'amendment'}") + 1
    assert station.store.verify_audit().ok


def test_a_revoked_label_is_never_printed_reprinted_voided_or_applied(
    station, appraiser_session, supervisor, supervisor2, password, label
) -> None:
    """Issue 14 finding 1: revoked is final, even after the verdict is amended back."""
    _amend(station, supervisor, password, label.appraisal_uid, Verdict.COUNTERFEIT)
    _amend(station, supervisor2, password, label.appraisal_uid, Verdict.GENUINE)
    with pytest.raises(InvalidInput):
        _print(station, appraiser_session, label.serial)
    with pytest.raises(InvalidInput, match="revoked"):
        labels.reprint(station, appraiser_session, label.serial, "torn", supervisor)
    with pytest.raises(InvalidInput, match="revoked"):
        labels.void(station, appraiser_session, label.serial, "lost", supervisor)
    with pytest.raises(InvalidInput):
        labels.apply(station, appraiser_session, label.payload)
    assert labels.state_of(station.store, label.serial) == "revoked"


def test_amended_back_to_genuine_gets_a_new_label(
    station, appraiser_session, supervisor, supervisor2, password, label
) -> None:
    """Issue 14 finding 1: the list, awaiting_label and live_label treat revoked right."""
    uid = label.appraisal_uid
    _amend(station, supervisor, password, uid, Verdict.COUNTERFEIT)
    assert uid not in [r["uid"] for r in labels.awaiting_label(station.store)]
    _amend(station, supervisor2, password, uid, Verdict.GENUINE)
    assert uid in [r["uid"] for r in labels.awaiting_label(station.store)]
    fresh = labels.issue(station, supervisor, uid)
    assert fresh.serial != label.serial and fresh.state == "issued"
    listed = {r["serial"]: r["state"] for r in labels.list_labels(station.store)}
    assert listed == {label.serial: "revoked", fresh.serial: "issued"}
    assert label_verify.record_scan(station, None, fresh.payload).valid
    assert not label_verify.record_scan(station, None, label.payload).valid


def test_label_list_cli_shows_revoked(
    station, appraiser_session, supervisor, password, label, capsys
) -> None:
    """Issue 14 finding 1: ``label list --json`` names the state."""
    _amend(station, supervisor, password, label.appraisal_uid, Verdict.COUNTERFEIT)
    assert main(["--data-dir", str(station.data.root), "label", "list", "--json"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["state"] == "revoked" and row["serial"] == label.serial


def test_version_5_keeps_label_rows_and_guards(tmp_path) -> None:
    """Issue 14 finding 1: the rebuilt label_events / label_flags keep rows, ids, guards."""
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    conn.execute("BEGIN")
    for step in all_migrations()[:4]:
        step.step(conn)
    conn.execute("INSERT INTO labels VALUES (7, 'S', 'AP', NULL, 'p', 'k', NULL, 't', NULL, NULL)")
    conn.execute("INSERT INTO label_events VALUES (3, 'S', 'issued', '{}', 't', NULL, NULL, NULL)")
    conn.execute("INSERT INTO label_flags VALUES (2, 'S', 'voided_seen', '{}', 't')")
    all_migrations()[4].step(conn)
    assert conn.execute("SELECT id, event FROM label_events").fetchall() == [(3, "issued")]
    assert conn.execute("SELECT id, rule FROM label_flags").fetchall() == [(2, "voided_seen")]
    conn.execute("INSERT INTO label_events VALUES (4, 'S', 'revoked', '{}', 't', NULL, NULL, NULL)")
    conn.execute("INSERT INTO label_flags VALUES (3, 'S', 'forgery', '{}', 't')")
    for table in ("label_events", "label_flags"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"DELETE FROM {table}")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(
            "INSERT INTO label_events VALUES (5, 'S', 'eaten', '{}', 't', NULL, NULL, NULL)"
        )
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "label_events_serial" in indexes
    conn.execute("ROLLBACK")


# finding 6 -------------------------------------------------------------------------------
def test_live_label_is_the_only_valid_answer(station, appraiser_session, label, capsys) -> None:
    """Issue 14 finding 6: a printed label says VALID — genuine label, printed (exit 0)."""
    _print(station, appraiser_session, label.serial)
    assert _verify_cli(station, label.payload) == 0
    assert capsys.readouterr().out.splitlines()[0] == "VALID — genuine label, printed"


def test_voided_label_reads_not_valid(
    station, appraiser_session, supervisor, label, password, monkeypatch, capsys
) -> None:
    """Issue 14 finding 6: a reprinted (voided) label said "VALID: Genuine label, voided.".
    Signed in (a bench scan, breaker M-2) the answer names the replacement."""
    _print(station, appraiser_session, label.serial)
    new = labels.reprint(station, appraiser_session, label.serial, "torn", supervisor)
    day = now_iso()[:10]  # the test station's clock and zone agree on the day at most hours
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n" * 2))
    assert _verify_cli(station, label.payload, "--user", "appraiser1") == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("NOT VALID — this label was voided on ")
    assert first.endswith(f"(replaced by {new.grouped})") and not first.startswith("VALID")
    assert _verify_cli(station, label.payload, "--json", "--user", "appraiser1") == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["valid"] is False and answer["state"] == "voided"
    assert answer["status"] == "voided" and answer["replaced_by"] == new.grouped
    assert answer["state_date"][:4] == day[:4]


def test_plain_void_and_revoked_json(
    station, appraiser_session, supervisor, password, label, capsys
) -> None:
    """Issue 14 finding 6: the JSON answer has valid false and the state for revoked too."""
    _amend(station, supervisor, password, label.appraisal_uid, Verdict.COUNTERFEIT)
    assert _verify_cli(station, label.payload, "--json") == 1
    answer = json.loads(capsys.readouterr().out)
    assert (answer["valid"], answer["state"], answer["status"]) == (False, "revoked", "revoked")
    assert answer["message"].startswith("NOT VALID — revoked on ")


def test_plain_void_names_its_reason(station, appraiser_session, supervisor, label) -> None:
    """Issue 14 finding 6: a void without a replacement gives its reason."""
    labels.void(station, appraiser_session, label.serial, "lost in transit", supervisor)
    report = label_verify.record_scan(station, appraiser_session, label.payload)
    assert report.message.startswith("NOT VALID — this label was voided on ")
    assert report.message.endswith(": lost in transit") and not report.valid


# finding 7 -------------------------------------------------------------------------------
def _register_station(station: Station, code: str) -> None:
    row = {"code": code, "warehouse": "W", "timezone": "Asia/Shanghai", "created": now_iso()}
    with station.store.atomic("system") as tx:
        tx.insert("stations", row, action="station.registered")


def test_invented_stations_cannot_flag_a_genuine_label(
    station, appraiser_session, label, capsys
) -> None:
    """Issue 14 finding 7: the attack (two consumer scans under made-up stations) is refused
    with exit 2, records nothing and flags nothing."""
    for name in ("SHOP-1", "SHOP-2", "x" * 500):
        assert _verify_cli(station, label.payload, "--purpose", "consumer", "--station", name) == 2
        assert "Unknown station" in capsys.readouterr().err
    assert station.store.query("SELECT * FROM scan_events") == []
    assert label_verify.clone_flags(station) == []
    with pytest.raises(InvalidInput, match="Unknown station"):
        label_verify.record_scan(
            station, appraiser_session, label.payload, purpose="outbound", at_station="Z"
        )


def test_known_fleet_stations_still_count(station, appraiser_session, label) -> None:
    """Issue 14 finding 7: scans attributed to stations this one knows still find clones
    (signed ones: breaker M-2)."""
    _register_station(station, "BW-02")
    label_verify.record_scan(station, appraiser_session, label.payload, purpose="consumer")
    report = label_verify.record_scan(
        station, appraiser_session, label.payload, purpose="consumer", at_station="BW-02"
    )
    assert [f["rule"] for f in report.flags] == ["multi_station"]


# finding 4c ------------------------------------------------------------------------------
def _forged(station: Station, keys: StationKeys) -> str:
    claim = payload.make_claim(
        station.settings.resolver_domain,
        ids.new_serial(),
        "4006381333931",
        "ab" * 32,
        "20261122",
        keys.current_key_id(),
    )
    return payload.build(claim, keys.sign(payload.canonical(claim))[1])


def test_own_key_on_an_unknown_serial_is_a_forgery_alarm(
    station, supervisor, label, capsys
) -> None:
    """Issue 14 finding 4c: it said "issued by another station"; now a forgery alarm, exit 1,
    an audited ``label.forgery_alarm`` the supervisors' flag list shows."""
    forged = _forged(station, StationKeys(station.data.keys))
    assert _verify_cli(station, forged) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == label_verify.FORGERY and "another station" not in out
    assert _verify_cli(station, forged, "--json") == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["valid"] is False and answer["status"] == "forgery" and answer["forgery"]
    [flag] = label_verify.clone_flags(station)
    assert flag["rule"] == "forgery" and flag["serial"] == payload.parse(forged)[0].serial
    alarms = station.store.query("SELECT * FROM audit_events WHERE action = 'label.forgery_alarm'")
    assert len(alarms) == 2 and station.store.verify_audit().ok
    assert main(["--data-dir", str(station.data.root), "label", "flags", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rule"] == "forgery"


def test_a_rotated_out_own_key_still_raises_the_alarm(station, label, admin) -> None:
    """Issue 14 finding 4c: keys this station signed with before a rotation are its own
    (a station rotates through the audited service: issue 14 breaker H3)."""
    keys = StationKeys(station.data.keys, station.store)
    forged = _forged(station, keys)
    key_service.rotate(station, admin)
    assert label_verify.record_scan(station, None, forged).forgery


def test_another_stations_key_stays_another_station(station, label, tmp_path, admin) -> None:
    """Issue 14 finding 4c: a trusted sister station's label is not a forgery."""
    sister = StationKeys(tmp_path / "sister")
    pem = sister.export_public()[1]
    key_service.trust(station, admin, pem, key_service.describe_pem(pem)[1])
    report = label_verify.record_scan(station, None, _forged(station, sister))
    assert report.valid and not report.forgery and report.status == "other_station"
    assert report.message == "VALID — signature valid; this label was issued by another station"
    assert label_verify.clone_flags(station) == []
