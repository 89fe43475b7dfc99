"""Backup and restore on the settings page (administrators only).

Both run off the UI thread through ``run_task``. A restore cannot replace the folder the
running app has open, so it is checked and unpacked now (``stage_pending``) and swapped in
by the next start (``apply_pending`` in ``ui/app.py``); the app then closes itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.backup import Manifest, open_archive
from appraiser.errors import KnownError
from appraiser.services.admin import backup
from ui.context import AppContext
from ui.tasks import run_task


def read_manifest(path: Path) -> Manifest:
    archive, manifest = open_archive(path)
    archive.close()
    return manifest


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
                "settings and the station's private signing key. Anyone holding a backup "
                "file can sign labels as this station: keep it offline and locked away."
            )
        )
        self.backup_button.setText(self.tr("Create backup…"))
        self.restore_button.setText(self.tr("Restore from backup…"))

    # -- dialogs (tests replace these) -------------------------------------------------------

    def ask_save_path(self) -> Path | None:
        name = f"appraiser-{self.ctx.settings.station_code}-{date.today():%Y%m%d}.zip"
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

    def confirm_restore(self, manifest: Manifest) -> bool:
        text = self.tr(
            "Replace ALL data of this station with the backup of station {code} made on "
            "{created} ({files} files, {events} audit events)?\n\nThe backup is checked "
            "completely first. The current data folder is kept beside the restored one. "
            "The application then closes; start it again to work on the restored data."
        ).format(
            code=manifest.station_code,
            created=manifest.created[:16].replace("T", " "),
            files=len(manifest.files),
            events=manifest.audit.events,
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
        self._set_busy(True, self.tr("Writing and verifying the backup…"))
        station = self.ctx.station
        run_task(
            self, backup.create_backup, station.store, station.settings.station_code, path,
            on_success=self._backup_done, on_failure=self._failed,
        )  # fmt: skip

    def _backup_done(self, result: backup.BackupResult) -> None:
        self._set_busy(False)
        self.status.setText(
            self.tr(
                "Backup written and verified: {path} ({size:.1f} MB, {media} media files). "
                "It holds the station's private key: store it safely."
            ).format(path=result.path, size=result.size / 1e6, media=result.manifest.media_count)
        )

    def start_restore(self) -> None:
        path = self.ask_open_path()
        if path is None:
            return
        self._set_busy(True, self.tr("Reading the backup…"))
        run_task(
            self, read_manifest, path,
            on_success=lambda manifest: self._confirm(path, manifest), on_failure=self._failed,
        )  # fmt: skip

    def _confirm(self, path: Path, manifest: Manifest) -> None:
        if not self.confirm_restore(manifest):
            self._set_busy(False)
            return
        self._set_busy(True, self.tr("Checking and unpacking the backup…"))
        root = self.ctx.station.data.root
        run_task(
            self, backup.stage_pending, path, root,
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
