"""The settings page's backup box: a signed backup sealed with a passphrase, a staged restore
that shows who signed it, and a tampered backup refused (issue 14 findings 11, 12); all off
the UI thread, driven with real clicks and keys (the OS file chooser is the only stand-in)."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from appraiser import backup as fmt
from appraiser.keys import StationKeys, fingerprint
from appraiser.services.admin import backup
from ui import tasks
from ui.pages.settings_page import SettingsPage
from ui.widgets.backup_box import BackupBox, PassphraseDialog

PASSPHRASE = "a passphrase long enough"


@pytest.fixture
def box(qtbot, signed_in_ctx):
    """Held until every background job is gone: a widget whose last reference dies with a
    finished job on a worker thread is deleted there, which crashes Qt."""
    widget = BackupBox(signed_in_ctx)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    tasks.runner().wait_idle()


class Operator:
    """Answers the modal dialogs as a person would: types the passphrase (twice when asked)
    and presses OK, reads the restore question and answers Yes."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.questions: list[str] = []
        self.timer = QTimer(interval=20, timeout=self.act)
        self.timer.start()

    def act(self) -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PassphraseDialog) and not modal.first.text():
            self.timer.stop()  # typing runs events: no re-entry meanwhile
            self.qtbot.keyClicks(modal.first, PASSPHRASE)
            if modal.again.isVisible():
                self.qtbot.keyClicks(modal.again, PASSPHRASE)
            self.qtbot.mouseClick(modal.ok, Qt.MouseButton.LeftButton)
            self.timer.start()
        elif isinstance(modal, QMessageBox):
            self.questions.append(modal.text())
            yes = modal.button(QMessageBox.StandardButton.Yes)
            self.qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def operator(qtbot):
    person = Operator(qtbot)
    yield person
    person.stop()


def test_backup_then_restore_is_staged_for_the_next_start(
    qtbot, box, operator, signed_in_ctx, tmp_path
):
    archive = tmp_path / "station.zip"
    box.ask_save_path = lambda: archive  # the OS file chooser
    qtbot.mouseClick(box.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "verified" in box.status.text(), timeout=20000)
    assert archive.is_file() and box.backup_button.isEnabled()
    with zipfile.ZipFile(archive) as zf:
        assert b"ENCRYPTED PRIVATE KEY" in zf.read(fmt.ENCRYPTED_KEY)

    restarted = []
    box.ask_open_path = lambda: archive
    box.after_restore = lambda: restarted.append(True)  # instead of quitting the test run
    with qtbot.waitSignal(box.restore_staged, timeout=20000):
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    keys = StationKeys(signed_in_ctx.station.data.keys)
    shown = fingerprint(keys.signing_key().public_key())
    assert shown in operator.questions[0] and "trusts that key" in operator.questions[0]
    assert restarted == [True]
    assert (backup.pending_path(signed_in_ctx.station.data.root) / "appraiser.db").is_file()


def test_a_tampered_backup_is_refused_with_its_reason(
    qtbot, box, operator, signed_in_ctx, tmp_path
):
    """Issue 14 finding 11: the restore checks the backup's signature before anything."""
    archive = tmp_path / "station.zip"
    box.ask_save_path = lambda: archive
    qtbot.mouseClick(box.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "verified" in box.status.text(), timeout=20000)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as zf, zipfile.ZipFile(tampered, "w") as out:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == fmt.MANIFEST:
                data = data.replace(b'"verify.example.com"', b'"verify.attacker.example"')
            out.writestr(info, data)
    box.ask_open_path = lambda: tampered
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "signature" in box.status.text(), timeout=20000)
    assert box.restore_button.isEnabled() and box.busy.isHidden()
    assert operator.questions == []  # refused before any question
    assert not backup.pending_path(signed_in_ctx.station.data.root).exists()


def test_a_foreign_file_is_refused_with_its_reason(qtbot, box, operator, tmp_path):
    foreign = tmp_path / "notes.zip"
    foreign.write_bytes(b"not a zip at all")
    box.ask_open_path = lambda: foreign
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a backup" in box.status.text())
    assert box.restore_button.isEnabled() and box.busy.isHidden()


@pytest.fixture
def keep():
    """Widgets kept alive until background jobs are gone (see ``box``)."""
    kept: list = []
    yield kept
    tasks.runner().wait_idle()


def test_only_an_admin_sees_the_box(qtbot, ctx, admin, supervisor, keep):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    keep.append(page)
    ctx.set_session(supervisor)
    page.activated()
    assert page.backup.isHidden()
    ctx.set_session(admin)
    page.activated()
    assert not page.backup.isHidden()


def test_an_older_backup_is_refused_naming_the_lost_amendment(
    qtbot, box, operator, signed_in_ctx, appraiser_session, supervisor, password, tmp_path
):
    """Issue 14 breaker pass 2, M-1: a backup made before a supervisor's amendment (its
    label revoked) was staged and would have made the label valid again; the staged restore
    now refuses it, saying what would be lost, and stages nothing."""
    from appraiser.domain.enums import Category, Verdict
    from appraiser.services.casework import appraisals, verdicts
    from appraiser.services.labelling import labels

    station = signed_in_ctx.station
    item = appraisals.register_item(station.store, appraiser_session, gtin="4006381333931",
                                    brand="Gucci", model="Marmont", category="bags")  # fmt: skip
    uid = appraisals.start(station.store, appraiser_session, station.settings.station_code,
                           item, Category.BAGS, station.settings.tz())  # fmt: skip
    appraisals.sign_verdict(station.store, appraiser_session, uid, Verdict.GENUINE, password)
    labels.issue(station, appraiser_session, uid)
    archive = tmp_path / "old.zip"
    box.ask_save_path = lambda: archive
    qtbot.mouseClick(box.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "verified" in box.status.text(), timeout=20000)
    verdicts.amend(station.store, supervisor, uid, Verdict.COUNTERFEIT, password, "fake",
                   reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    box.ask_open_path = lambda: archive
    box.after_restore = lambda: None  # a staged restore would quit the app: not the test run
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "1 amendment, 1 revoked label" in box.status.text(), timeout=20000)
    assert box.restore_button.isEnabled() and box.busy.isHidden()
    assert not backup.pending_path(station.data.root).exists()
