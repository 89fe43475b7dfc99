"""Backup and restore on the settings page (administrators only).

Both run off the UI thread through ``run_task``. A backup asks for a passphrase (twice, 12
characters or more) that encrypts the private key inside it; a restore shows who signed the
backup (key fingerprint, trusted or not) and any change to the station code or label domain
before it asks for that passphrase. A restore cannot replace the folder the running app has
open, so it is checked and unpacked now (``restore.stage_pending``) and swapped in by the
next start (``apply_pending`` in ``ui/app.py``); the app then closes itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.backup import Manifest
from appraiser.errors import KnownError
from appraiser.keys import MIN_PASSPHRASE
from appraiser.services.admin import backup, restore
from appraiser.services.arrivals import queue
from ui.context import AppContext
from ui.tasks import run_task


class PassphraseDialog(QDialog):
    """The passphrase that seals the private key in a backup: typed twice when chosen,
    once when a backup is opened; OK only once it is long enough (and both agree)."""

    def __init__(self, parent: QWidget | None, *, choose: bool) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Backup passphrase"))
        self.first = QLineEdit(objectName="passphrase", echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(objectName="passphraseAgain", echoMode=QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("passphraseOk")
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                self.tr("Encrypts the station's private key inside the backup. Keep it apart "
                        "from the backup file: it is asked again to restore.")
                if choose else self.tr("The passphrase given when this backup was made."),
                wordWrap=True,
            )
        )  # fmt: skip
        form.addRow(self.tr("Passphrase (12 characters or more)"), self.first)
        if choose:
            form.addRow(self.tr("Same passphrase again"), self.again)
        self.again.setVisible(choose)
        self.choose = choose
        for field in (self.first, self.again):
            field.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        text = self.first.text()
        same = not self.choose or self.again.text() == text
        self.ok.setEnabled(len(text) >= MIN_PASSPHRASE and same)

    def passphrase(self) -> str:
        return self.first.text()


class BackupBox(QGroupBox):
    """Make a verified backup; stage a restore that the next start swaps in."""

    restore_staged = Signal(object)  # Manifest; the app quits after this

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupBox")
        self.explain = QLabel(wordWrap=True, objectName="backupExplain")
        self.backup_button = QPushButton(objectName="createBackup", clicked=self.start_backup)
        self.restore_button = QPushButton(objectName="restoreBackup", clicked=self.start_restore)
        self.busy = QProgressBar(objectName="backupBusy", maximum=0, textVisible=False)
        self.busy.hide()
        self.status = QLabel(objectName="backupStatus", wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.explain, self.busy, self.status):
            layout.addWidget(widget)
        layout.insertLayout(1, buttons)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Backup and restore"))
        self.explain.setText(
            self.tr(
                "A backup holds the database, photos and videos, the reference library, the "
                "settings and the station's private signing key, sealed with a passphrase you "
                "choose. It is signed by this station, so a changed backup is refused. Keep it "
                "offline and the passphrase apart from it."
            )
        )
        self.backup_button.setText(self.tr("Create backup…"))
        self.restore_button.setText(self.tr("Restore from backup…"))

    # -- dialogs (tests replace these) -------------------------------------------------------

    def ask_save_path(self) -> Path | None:
        day = queue.local_day(self.ctx.settings.tz())  # the station's day, as its records
        name = f"appraiser-{self.ctx.settings.station_code}-{day:%Y%m%d}.zip"
        suggested = str(Path.home() / name)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save backup"), suggested, self.tr("Backup archive (*.zip)")
        )
        return Path(path) if path else None

    def ask_open_path(self) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore from backup"),
            str(Path.home()),
            self.tr("Backup archive (*.zip)"),
        )
        return Path(path) if path else None

    def ask_passphrase(self, *, choose: bool) -> str | None:
        dialog = PassphraseDialog(self, choose=choose)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        passphrase = dialog.passphrase()
        dialog.deleteLater()
        return passphrase if accepted else None

    def confirm_restore(self, info: restore.BackupInfo) -> bool:
        manifest = info.manifest
        text = self.tr(
            "Replace ALL data of this station with the backup of station {code} made on "
            "{created} ({files} files, {events} audit events)?\n\nSigned by key {kid}, "
            "fingerprint:\n{fp}\n{trust}{changes}\n\nThe backup is checked completely "
            "first. The current data folder is kept beside the restored one. The application "
            "then closes; start it again to work on the restored data."
        ).format(
            code=manifest.station_code,
            created=manifest.created[:16].replace("T", " "),
            files=len(manifest.files),
            events=manifest.audit.events,
            kid=manifest.signer.key_id,
            fp=manifest.signer.fingerprint,
            trust=self.tr("This station trusts that key.")
            if info.trusted
            else self.tr(
                "This station does NOT trust that key: compare the fingerprint with the "
                "station that made the backup before you answer Yes."
            ),
            changes="".join(
                "\n"
                + self.tr("{setting} changes from {now} to {new}.").format(
                    setting=key, now=now, new=new
                )
                for key, (now, new) in info.changes.items()
            ),
        )
        answer = QMessageBox.warning(
            self,
            self.tr("Restore from backup"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- work ---------------------------------------------------------------------------------

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy.setVisible(busy)
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, KnownError):
            raise exc
        self.status.setText(exc.message)

    def start_backup(self) -> None:
        path = self.ask_save_path()
        if path is None:
            return
        passphrase = self.ask_passphrase(choose=True)
        if passphrase is None:
            return
        self._set_busy(True, self.tr("Writing and verifying the backup…"))
        station = self.ctx.station
        settings = station.settings
        run_task(
            self, backup.create_backup, station.store, settings.station_code, path,
            session=self.ctx.session, passphrase=passphrase,
            resolver_domain=settings.resolver_domain,
            on_success=self._backup_done, on_failure=self._failed,
        )  # fmt: skip

    def _backup_done(self, result: backup.BackupResult) -> None:
        self._set_busy(False)
        self.status.setText(
            self.tr(
                "Backup written and verified: {path} ({size:.1f} MB, {media} media files), "
                "signed by key {fp}. Its private key is sealed with your passphrase."
            ).format(
                path=result.path,
                size=result.size / 1e6,
                media=result.manifest.media_count,
                fp=result.manifest.signer.fingerprint,
            )
        )

    def start_restore(self) -> None:
        path = self.ask_open_path()
        if path is None:
            return
        self._set_busy(True, self.tr("Reading the backup…"))
        root = self.ctx.station.data.root
        run_task(
            self, restore.inspect, path, root,
            on_success=lambda info: self._confirm(path, info), on_failure=self._failed,
        )  # fmt: skip

    def _confirm(self, path: Path, info: restore.BackupInfo) -> None:
        if info.refused:
            self._set_busy(False, info.refused)
            return
        if not self.confirm_restore(info):
            self._set_busy(False)
            return
        passphrase = self.ask_passphrase(choose=False)
        if passphrase is None:
            self._set_busy(False)
            return
        self._set_busy(True, self.tr("Checking and unpacking the backup…"))
        station = self.ctx.station
        run_task(
            self, restore.stage_pending, path, station.data.root, station.store,
            self.ctx.session, passphrase,
            signer=info.manifest.signer.fingerprint, accept_settings=True,
            on_success=self._staged, on_failure=self._failed,
        )  # fmt: skip

    def _staged(self, manifest: Manifest) -> None:
        self._set_busy(False, self.tr("The backup is ready; restart to finish the restore."))
        self.restore_staged.emit(manifest)
        self.after_restore()

    def after_restore(self) -> None:
        """Default reaction to a staged restore: tell the person, then close the app."""
        QMessageBox.information(
            self,
            self.tr("Restore from backup"),
            self.tr("The backup was checked and unpacked. The application will now close; "
                    "start it again to finish the restore."),
        )  # fmt: skip
        QApplication.quit()
