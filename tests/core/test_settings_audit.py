"""Settings that reach labels and records are audited (issue 14 H4): a config.toml changed
outside the app blocks labels until an administrator confirms or puts the values back."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from label_support import genuine_appraisal

from appraiser import config
from appraiser.cli.main import main
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.labels.printing import Target
from appraiser.services.admin import settings as recorded
from appraiser.services.admin.settings import SettingsUnconfirmed
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_printing, label_render, labels

EVIL = 'resolver_domain = "verify.evil-example.net"\nstation_code = "BW-02"\n'


def _typed(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def _tamper(root: Path, text: str = EVIL) -> None:
    """What the breaker did: a line written into config.toml with a text editor."""
    (root / "config.toml").write_text(text, encoding="utf-8")


def _events(station: Station, action: str) -> list[dict]:
    rows = station.store.query("SELECT data FROM audit_events WHERE action = ?", (action,))
    return [json.loads(r["data"]) for r in rows]


@pytest.fixture
def printed(station, appraiser_session, supervisor, second_appraiser, password, tmp_path):
    """A genuine appraisal whose label was issued and printed (rendered); station closed."""
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    label_render.render(station, appraiser_session, uid, tmp_path / "first.pdf")
    root = station.data.root
    station.close()
    return root, uid, label.serial


def test_an_edited_config_blocks_the_approved_reprint(printed, tmp_path, monkeypatch, capsys):
    """issue 14 H4: config.toml edited to another domain and station code; the next
    approved reprint was signed for verify.evil-example.net and verified VALID. Now it is
    refused, audited, and nothing is voided, issued or written."""
    root, uid, serial = printed
    _tamper(root)
    out = tmp_path / "again.pdf"
    _typed(monkeypatch, "test-password-1", "test-password-1")
    approved = ["--user", "appraiser1", "--reason", "torn", "--approver", "supervisor"]
    code = main(["--data-dir", str(root), "label", "render", uid, "--out", str(out), *approved])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "label domain was changed outside the app (verify.evil-example.net, recorded: " \
        "verify.example.com)" in err  # fmt: skip
    assert "station code was changed outside the app (BW-02, recorded: BW-01)" in err
    assert not out.exists()
    station = Station.open(root)
    try:
        assert labels.state_of(station.store, serial) == "printed"
        assert station.store.one("SELECT COUNT(*) AS n FROM labels")["n"] == 1
        refused = _events(station, "settings.refused")
        assert refused and refused[-1]["differences"]["resolver_domain"] == {
            "file": "verify.evil-example.net", "recorded": "verify.example.com"}  # fmt: skip
        assert any("verify.evil-example.net" in f for f in recorded.findings(station))
    finally:
        station.close()


def test_issue_print_and_first_render_are_blocked(
    station, appraiser_session, supervisor, password, tmp_path
) -> None:
    """issue 14 H4: issue, print and a first render all refuse while config.toml differs."""
    uid = genuine_appraisal(station, appraiser_session, password)
    other = genuine_appraisal(station, appraiser_session, password, batch_lot="LOT-2")
    issued = labels.issue(station, appraiser_session, other).serial
    root = station.data.root
    station.close()
    _tamper(root)
    changed = Station.open(root)
    try:
        with pytest.raises(SettingsUnconfirmed, match="label domain"):
            labels.issue(changed, appraiser_session, uid)
        with pytest.raises(SettingsUnconfirmed):
            label_printing.print_labels(
                changed, appraiser_session, [issued], Target("cups-pdf", "none")
            )
        with pytest.raises(SettingsUnconfirmed):
            label_render.render(changed, appraiser_session, other, tmp_path / "x.pdf")
        assert labels.state_of(changed.store, issued) == "issued"
        assert changed.store.one("SELECT COUNT(*) AS n FROM print_jobs")["n"] == 0
        assert len(_events(changed, "settings.refused")) == 3
    finally:
        changed.close()


def test_an_admin_confirms_and_labels_go_on(station, admin, appraiser_session, password):
    """issue 14 H4: once an administrator confirms, the new domain is the recorded one
    (audited, with what it was) and labels are issued for it; a supervisor may not."""
    uid = genuine_appraisal(station, appraiser_session, password)
    root = station.data.root
    station.close()
    _tamper(root, 'resolver_domain = "v.acme.cn"\n')
    changed = Station.open(root)
    try:
        with pytest.raises(PermissionDenied):
            recorded.confirm(changed, appraiser_session)
        confirmed = recorded.confirm(changed, admin)
        assert [(d.key, d.in_file, d.recorded) for d in confirmed] == [
            ("resolver_domain", "v.acme.cn", "verify.example.com")
        ]
        assert recorded.latest(changed.store).how == "confirmed"
        assert recorded.latest(changed.store).by == "admin"
        label = labels.issue(changed, appraiser_session, uid)
        assert label.payload.startswith("https://v.acme.cn/")
        assert recorded.findings(changed) == []
    finally:
        changed.close()


def test_put_back_restores_the_recorded_values(station, admin):
    """issue 14 H4: Put back writes the recorded values into config.toml, audited."""
    root = station.data.root
    station.close()
    _tamper(root, EVIL + 'printer = "zebra"\n')
    changed = Station.open(root)
    try:
        put = recorded.put_back(changed, admin)
        assert {d.key for d in put} == {"resolver_domain", "station_code"}
        on_disk = config.load(root / "config.toml")
        assert (on_disk.resolver_domain, on_disk.station_code) == ("verify.example.com", "BW-01")
        assert on_disk.printer == "zebra"  # harmless settings stay as the file has them
        assert recorded.differences(changed) == []
        assert _events(changed, "settings.put_back")
    finally:
        changed.close()


def test_saving_settings_is_an_administrator_s_and_audited(station, admin, supervisor):
    """issue 14 H4: the rule book says settings are admin-only; a save records old and new."""
    new = replace(station.settings, resolver_domain="v.acme.cn", printer="zebra")
    with pytest.raises(PermissionDenied):
        station.save_settings(new, supervisor)
    assert config.load(station.data.config).resolver_domain == "verify.example.com"
    station.save_settings(new, admin)
    changed = _events(station, "settings.changed")[-1]["changed"]
    assert changed["resolver_domain"] == {"old": "verify.example.com", "new": "v.acme.cn"}
    assert changed["printer"] == {"old": "", "new": "zebra"}
    assert recorded.latest(station.store).values["resolver_domain"] == "v.acme.cn"
    assert recorded.differences(station) == []


def test_a_save_is_refused_while_an_outside_change_waits(station, admin):
    """issue 14 H4: saving other settings would silently adopt the outside change."""
    root = station.data.root
    station.close()
    _tamper(root)
    changed = Station.open(root)
    try:
        with pytest.raises(InvalidInput, match="Confirm or put back"):
            changed.save_settings(replace(changed.settings, printer="zebra"), admin)
    finally:
        changed.close()


def test_first_open_records_the_values_with_a_note(tmp_path):
    """issue 14 H4: a new (or upgraded) station records what config.toml holds, once."""
    root = tmp_path / "new"
    root.mkdir()
    (root / "config.toml").write_text('station_code = "SH-07"\n')
    station = Station.open(root)
    try:
        first = recorded.latest(station.store)
        assert first.how == "first_open" and first.values["station_code"] == "SH-07"
        events = _events(station, recorded.RECORDED_EVENT)
        assert len(events) == 1 and "first recording" in events[0]["note"]
    finally:
        station.close()
    again = Station.open(root)
    try:
        assert len(_events(again, recorded.RECORDED_EVENT)) == 1
    finally:
        again.close()


def test_an_appraisal_does_not_record_an_unconfirmed_station_code(station, appraiser_session):
    """issue 14 H4: the station code an appraisal records (at its start, read from
    config.toml by the bench) must be the recorded one, or the appraisal does not begin."""
    from appraiser.services.casework import appraisals, workflow

    store = station.store
    item = appraisals.register_item(
        store, appraiser_session, gtin=None, brand="B", model="M", batch_lot="L", category="bags"
    )
    with pytest.raises(SettingsUnconfirmed, match="station code"):
        workflow.begin(store, appraiser_session, "BW-02", station.settings.tz(), item, "bags")
    assert store.one("SELECT COUNT(*) AS n FROM appraisals")["n"] == 0
    assert _events(station, "settings.refused")[-1]["doing"] == "begin_appraisal"
    uid = workflow.begin(store, appraiser_session, "BW-01", station.settings.tz(), item, "bags")
    assert appraisals.current(store, uid)["station"] == "BW-01"


def test_restore_with_accept_settings_records_the_accepted_values(station, admin, tmp_path):
    """issue 14 H4: a restore that changes the label domain, accepted with
    --accept-settings, is recorded on the restored station as the administrator's."""
    from appraiser.keys import StationKeys
    from appraiser.services.admin import backup, restore

    StationKeys(station.data.keys).signing_key()
    archive = backup.create_backup(
        station.store, "BW-01", tmp_path / "b.zip", session=admin,
        passphrase="correct horse battery staple", resolver_domain="verify.example.com",
    ).path  # fmt: skip
    station.save_settings(replace(station.settings, resolver_domain="v.acme.cn"), admin)
    root = station.data.root
    station.close()
    restore.restore_backup(
        archive, root, user="admin", password="test-password-1",
        passphrase="correct horse battery staple", accept_settings=True, force=True,
    )  # fmt: skip
    back = Station.open(root)
    try:
        last = recorded.latest(back.store)
        assert (last.how, last.values["resolver_domain"]) == ("restored", "verify.example.com")
        event = _events(back, recorded.RECORDED_EVENT)[-1]
        assert event["accepted_by"] == "admin"
        assert event["changes"]["resolver_domain"] == {
            "before": "v.acme.cn", "backup": "verify.example.com"}  # fmt: skip
        assert recorded.differences(back) == []
    finally:
        back.close()
