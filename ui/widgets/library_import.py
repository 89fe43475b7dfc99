"""The import dialog: choose a pack folder or .zip, import it in the background with a
progress bar; the pack is validated whole first, so a refusal leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.services.reference import library
from ui.context import AppContext
from ui.tasks import run_task


class _Progress(QObject):
    """Emitted from the worker; Qt queues it to the dialog on the UI thread."""

    moved = Signal(int, int, str)


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportReport

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="libraryImportDialog")
        self.ctx = ctx
        self.path = QLineEdit(objectName="importPath")
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.zip_button = QPushButton(self.tr("Zip file…"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.zip_button.clicked.connect(self._choose_zip)
        self.bar = QProgressBar(objectName="importProgress")
        self.status = QLabel(objectName="importStatus", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.start_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.start_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.progress = _Progress(self)
        self.progress.moved.connect(self._moved)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.zip_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Reference pack (folder with manifest.json, or a .zip of it):"))
        )
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Import reference pack"))
        self.resize(560, 200)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Pack folder"))
        if folder:
            self.path.setText(folder)

    def _choose_zip(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pack archive"), "", self.tr("Zip archives (*.zip)")
        )
        if path:
            self.path.setText(path)

    def start(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText(self.tr("Choose a pack folder or .zip first."))
            return
        session = self.ctx.session or "system"
        self._busy(True)
        self.status.setText(self.tr("Checking the whole pack before importing…"))
        run_task(
            self,
            library.import_pack,
            self.ctx.station.store,
            self.ctx.station.data,
            Path(text),
            session,
            self.progress.moved.emit,
            db_write=True,
            on_success=self._done,
            on_failure=self._failed,
        )

    def _busy(self, busy: bool) -> None:
        for widget in (self.start_button, self.folder_button, self.zip_button, self.path):
            widget.setEnabled(not busy)

    def _moved(self, done: int, total: int, stage: str) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        stages = {
            "validating": self.tr("Checking"),
            "importing": self.tr("Importing"),
            "done": self.tr("Done"),
        }
        self.bar.setFormat(f"{stages.get(stage, stage)} %v / %m")

    def _done(self, report: library.ImportReport) -> None:
        self._busy(False)
        self.status.setText(
            self.tr("%1: %2 added, %3 unchanged, %4 restored.")
            .replace("%1", report.pack)
            .replace("%2", str(report.added))
            .replace("%3", str(report.unchanged))
            .replace("%4", str(report.reactivated))
        )
        self.ctx.records_changed.emit("library")
        self.imported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.bar.setValue(0)
        message = getattr(exc, "message", None) or repr(exc)
        self.status.setText(self.tr("Nothing was imported. %1").replace("%1", message))
