"""Issue 14 breaker pass 2, M-1: restoring an older backup silently un-revoked labels.

The tester made a backup, a supervisor amended a genuine verdict to counterfeit (its label
revoked), then one administrator ran `restore old.zip --user admin --force`: exit 0, the
label VALID again, the four-eyes amendment undone. Now a restore never makes a label live
again, and a backup older than the station's last amendment, void, revocation or reprint is
refused without --accept-older, naming what would be lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from label_support import genuine_appraisal, stored_payload

from appraiser.cli.main import main
from appraiser.domain.enums import Verdict
from appraiser.services.admin import backup
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import verdicts
from appraiser.services.labelling import labels

PASSPHRASE = "a long backup passphrase"


def _backup(station: Station, admin: Session, out: Path) -> None:
    backup.create_backup(
        station.store, station.settings.station_code, out, session=admin, passphrase=PASSPHRASE,
        resolver_domain=station.settings.resolver_domain,
    )  # fmt: skip


def _amend_to_counterfeit(station: Station, supervisor: Session, password: str, uid: str):
    verdicts.amend(
        station.store, supervisor, uid, Verdict.COUNTERFEIT, password, "found a fake stitch",
        reason_codes=["NOT_AUTHENTIC"],
    )  # fmt: skip


def _verify(root: str, uri: str, capsys) -> tuple[int, dict]:
    code = main(["--data-dir", root, "label", "verify", uri, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _restore(root: str, archive: Path, typed, password: str, *extra: str) -> int:
    typed(password, PASSPHRASE)
    return main(["--data-dir", root, "restore", str(archive), "--user", "admin", "--force",
                 *extra])  # fmt: skip


def _audit_ok(root: str, capsys) -> None:
    assert main(["--data-dir", root, "audit", "verify", "--json"]) == 0, capsys.readouterr()
    capsys.readouterr()


def test_an_older_backup_never_makes_a_revoked_label_valid(
    station, admin, appraiser_session, supervisor, password, typed, capsys, tmp_path
):
    """Issue 14 breaker pass 2, M-1: backup; a supervisor amends genuine → counterfeit (the
    label is revoked); `restore old.zip --force` gave exit 0 and the label VALID again. Now:
    exit 2 without --accept-older, naming the amendment and the revoked label; with it the
    label stays revoked (an audited `label.revoked` "kept by restore") and the amendment is
    listed in an audited `restore.older_accepted` event."""
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    root = str(station.data.root)
    archive = tmp_path / "old.zip"
    _backup(station, admin, archive)
    _amend_to_counterfeit(station, supervisor, password, uid)
    station.close()
    uri = stored_payload(root, label.serial)
    assert _verify(root, uri, capsys)[1]["outcome"] == "revoked"

    assert _restore(root, archive, typed, password) == 2
    err = capsys.readouterr().err
    assert "--accept-older" in err and "1 amendment" in err and "1 revoked label" in err
    assert _verify(root, uri, capsys)[1]["outcome"] == "revoked"  # nothing was restored

    assert _restore(root, archive, typed, password, "--accept-older") == 0
    capsys.readouterr()
    code, report = _verify(root, uri, capsys)
    assert code == 1 and report["outcome"] == "revoked"
    _audit_ok(root, capsys)
    reopened = Station.open(Path(root))
    try:
        assert labels.state_of(reopened.store, label.serial) == "revoked"
        kept = reopened.store.one(
            "SELECT reason, detail FROM label_events WHERE serial = ? AND event = 'revoked'",
            (label.serial,),
        )
        assert "kept by restore" in kept["detail"]
        accepted = reopened.store.one(
            "SELECT data FROM audit_events WHERE action = 'restore.older_accepted'"
        )
        data = json.loads(accepted["data"])
        assert [a["appraisal"] for a in data["amendments"]] == [uid]
        assert data["amendments"][0]["verdict"] == "counterfeit"
        assert data["revoked"] == [label.serial]
    finally:
        reopened.close()


def test_a_reprinted_serial_stays_voided(
    station, admin, appraiser_session, supervisor, password, typed, capsys, tmp_path
):
    """Issue 14 breaker pass 2, M-1: a reprint after the backup voided the old serial; the
    older backup does not bring it back (and is refused without --accept-older)."""
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    root = str(station.data.root)
    archive = tmp_path / "old.zip"
    _backup(station, admin, archive)
    labels.reprint(station, appraiser_session, label.serial, "torn", supervisor)
    station.close()
    uri = stored_payload(root, label.serial)
    assert _restore(root, archive, typed, password) == 2
    assert "1 reprint" in capsys.readouterr().err
    assert _restore(root, archive, typed, password, "--accept-older") == 0
    capsys.readouterr()
    code, report = _verify(root, uri, capsys)
    assert code == 1 and report["outcome"] == "voided"
    _audit_ok(root, capsys)


def test_a_current_backup_restores_without_accept_older(
    station, admin, appraiser_session, supervisor, password, typed, capsys, tmp_path
):
    """Issue 14 breaker pass 2, M-1: a backup made after the amendment loses nothing, so it
    restores as before (no --accept-older), and its revoked label stays revoked."""
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    _amend_to_counterfeit(station, supervisor, password, uid)
    root = str(station.data.root)
    archive = tmp_path / "current.zip"
    _backup(station, admin, archive)
    station.close()
    assert _restore(root, archive, typed, password) == 0, capsys.readouterr().err
    capsys.readouterr()
    code, report = _verify(root, stored_payload(root, label.serial), capsys)
    assert code == 1 and report["outcome"] == "revoked"
    _audit_ok(root, capsys)
    reopened = Station.open(Path(root))
    try:
        actions = [r["action"] for r in reopened.store.query("SELECT action FROM audit_events")]
        assert "restore.older_accepted" not in actions
        assert actions.count("label.revoked") == 1
    finally:
        reopened.close()


def test_a_staged_restore_keeps_the_revoked_label(
    station, admin, appraiser_session, supervisor, password, capsys, tmp_path
):
    """Issue 14 breaker pass 2, M-1, the GUI's path: `stage_pending` refuses the older
    backup without accept_older; with it, the swapped-in station keeps the label revoked."""
    from appraiser.services.admin import restore
    from appraiser.services.admin.restore_labels import OlderThanLabelChange

    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    root = station.data.root
    archive = tmp_path / "old.zip"
    _backup(station, admin, archive)
    _amend_to_counterfeit(station, supervisor, password, uid)
    with pytest.raises(OlderThanLabelChange, match="1 amendment, 1 revoked label"):
        restore.stage_pending(archive, root, station.store, admin, PASSPHRASE)
    assert not backup.pending_path(root).exists()
    restore.stage_pending(archive, root, station.store, admin, PASSPHRASE, accept_older=True)
    station.close()
    assert backup.apply_pending(root) is not None
    code, report = _verify(str(root), stored_payload(root, label.serial), capsys)
    assert code == 1 and report["outcome"] == "revoked"
    _audit_ok(str(root), capsys)


def test_a_case_whose_amendment_was_lost_gets_no_new_label(
    station, admin, appraiser_session, supervisor, password, typed, capsys, tmp_path
):
    """Issue 14 breaker pass 2, M-1 (what --accept-older left): the restored verdict reads
    genuine again and the case had no live label, so its appraiser could issue a fresh, valid
    label for an item a supervisor had found counterfeit. Now it is refused (audited) until a
    supervisor signs the verdict again."""
    from appraiser.errors import PermissionDenied
    from appraiser.services.admin import accounts

    uid = genuine_appraisal(station, appraiser_session, password)
    labels.issue(station, appraiser_session, uid)
    root = str(station.data.root)
    archive = tmp_path / "old.zip"
    _backup(station, admin, archive)
    _amend_to_counterfeit(station, supervisor, password, uid)
    station.close()
    assert _restore(root, archive, typed, password, "--accept-older") == 0
    capsys.readouterr()
    reopened = Station.open(Path(root))
    try:
        store = reopened.store
        signer = accounts.check_password(store, appraiser_session.username, password)
        boss = accounts.check_password(store, supervisor.username, password)
        with pytest.raises(PermissionDenied, match="lost when an older backup"):
            labels.issue(reopened, signer, uid)
        with pytest.raises(PermissionDenied, match="lost when an older backup"):
            labels.issue(reopened, boss, uid)
        refused = store.one(
            "SELECT data FROM audit_events WHERE action = 'rules.refused' ORDER BY seq DESC"
        )
        assert uid in refused["data"]
        _amend_to_counterfeit(reopened, boss, password, uid)  # the supervisor signs again
        assert labels.live_label(store, uid) is None
    finally:
        reopened.close()


def test_restoring_the_same_old_backup_twice_keeps_the_guard(
    station, admin, appraiser_session, supervisor, password, typed, capsys, tmp_path
):
    """Issue 14 third attacker pass, NEW-M1: a second `restore old.zip --force --accept-older`
    no longer named the lost amendment (the first restore had removed its verdict row), its
    `restore.older_accepted` listed none, and the appraiser labelled the item a supervisor had
    found counterfeit: VALID. Now the still-unsettled loss is carried by every later restore."""
    from appraiser.errors import PermissionDenied
    from appraiser.services.admin import accounts

    uid = genuine_appraisal(station, appraiser_session, password)
    labels.issue(station, appraiser_session, uid)
    root = str(station.data.root)
    archive = tmp_path / "old.zip"
    _backup(station, admin, archive)
    _amend_to_counterfeit(station, supervisor, password, uid)
    station.close()
    assert _restore(root, archive, typed, password, "--accept-older") == 0
    capsys.readouterr()
    assert _restore(root, archive, typed, password) == 2
    assert "1 amendment" in capsys.readouterr().err
    assert _restore(root, archive, typed, password, "--accept-older") == 0
    capsys.readouterr()
    reopened = Station.open(Path(root))
    try:
        signer = accounts.check_password(reopened.store, appraiser_session.username, password)
        with pytest.raises(PermissionDenied, match="lost when an older backup"):
            labels.issue(reopened, signer, uid)
    finally:
        reopened.close()
