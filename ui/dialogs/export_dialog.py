"""Export one day's log (CSV, XLSX or PDF summary) with its signed manifest, with progress.

The export runs through ``ui.tasks`` on a worker; its progress reaches the dialog through a
queued signal, so no widget is touched off the UI thread and the window stays responsive.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from appraiser.domain.enums import Category
from appraiser.errors import KnownError
from appraiser.reports.daily import VERDICT_KEYS, DayFilter
from appraiser.services.records.export_child import export_daily_in_child
from appraiser.services.records.exports import DailyExport
from ui.context import AppContext
from ui.errors import show_bug
from ui.tasks import run_task
from ui.vocabulary import display

FORMATS = ("xlsx", "csv", "pdf")
STEPS = {"reading": 0, "writing": 1, "signing": 2, "done": 3}


class ProgressRelay(QObject):
    """Created on the UI thread; a worker's emit is delivered there (queued)."""

    moved = Signal(float, str)

    def report(self, fraction: float, step: str) -> None:
        """Called on the worker; harmless if the dialog was closed meanwhile."""
        if isValid(self):
            self.moved.emit(fraction, step)


def file_name(station: str, day: date, fmt: str, filters: DayFilter) -> str:
    extra = "".join(f"-{v}" for v in filters.as_dict().values())
    return f"appraisals-{station}-{day.isoformat()}{extra}.{fmt}"


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exportDialog")
        self.setMinimumWidth(560)
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(self._progress)
        self.result: DailyExport | None = None
        self._build(day)
        self.retranslate()
        self._update_name()

    # -- layout -------------------------------------------------------------------------
    def _build(self, day: date) -> None:
        self.day = QDateEdit(QDate(day.year, day.month, day.day), objectName="exportDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.format = QComboBox(objectName="exportFormat")
        self.lang = QComboBox(objectName="exportLang")
        self.appraiser = QComboBox(objectName="exportAppraiser")
        self.category = QComboBox(objectName="exportCategory")
        self.verdict = QComboBox(objectName="exportVerdict")
        self.folder = QLineEdit(str(self.ctx.station.data.exports), objectName="exportFolder")
        self.browse = QPushButton(objectName="exportBrowse")
        self.browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.name = QLabel(objectName="exportName")
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(8)]
        for label, field in zip(
            self.labels,
            (
                self.day,
                self.format,
                self.lang,
                self.appraiser,
                self.category,
                self.verdict,
                folder_row,
                self.name,
            ),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.bar = QProgressBar(objectName="exportProgress")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.status = QLabel(objectName="exportStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.run = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run.setObjectName("exportRun")
        self.open_folder = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.setObjectName("exportOpenFolder")
        self.open_folder.setEnabled(False)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.run.clicked.connect(self.start)
        self.open_folder.clicked.connect(self._open_folder)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        for combo in (self.format, self.appraiser, self.category, self.verdict):
            combo.currentIndexChanged.connect(self._update_name)
        self.day.dateChanged.connect(self._update_name)
        self._fill_appraisers()

    def _fill_appraisers(self) -> None:
        self.people = self.ctx.station.store.query(
            "SELECT username, display_name FROM users WHERE role IN ('appraiser', 'supervisor') "
            "ORDER BY display_name"
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export daily log"))
        texts = (
            self.tr("Day"),
            self.tr("Format"),
            self.tr("Language"),
            self.tr("Appraiser"),
            self.tr("Category"),
            self.tr("Verdict"),
            self.tr("Folder"),
            self.tr("File"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.browse.setText(self.tr("Choose…"))
        self.run.setText(self.tr("Export"))
        self.open_folder.setText(self.tr("Open folder"))
        self._fill_combos()

    def _fill_combos(self) -> None:
        names = {
            "xlsx": self.tr("Excel workbook (XLSX)"),
            "csv": self.tr("CSV (UTF-8, Excel)"),
            "pdf": self.tr("PDF summary with charts"),
        }
        _refill(self.format, [(names[f], f) for f in FORMATS])
        _refill(
            self.lang, [("中文", "zh_CN"), ("English", "en")], self.ctx.settings.language or "zh_CN"
        )
        everyone = self.tr("All")
        _refill(
            self.appraiser,
            [(everyone, None)]
            + [(f"{p['display_name']} ({p['username']})", p["username"]) for p in self.people],
        )
        _refill(self.category, [(everyone, None)] + [(display(c), str(c)) for c in Category])
        unsigned = self.tr("unsigned")
        _refill(
            self.verdict,
            [(everyone, None)]
            + [(unsigned if v == "unsigned" else display(v), v) for v in VERDICT_KEYS],
        )

    # -- behaviour ----------------------------------------------------------------------
    def chosen_day(self) -> date:
        return self.day.date().toPython()

    def filters(self) -> DayFilter:
        return DayFilter(
            appraiser=self.appraiser.currentData(),
            category=self.category.currentData(),
            verdict=self.verdict.currentData(),
        )

    def target(self) -> Path:
        name = file_name(
            self.ctx.settings.station_code,
            self.chosen_day(),
            self.format.currentData() or "xlsx",
            self.filters(),
        )
        return Path(self.folder.text().strip() or ".") / name

    def _update_name(self, *_args) -> None:
        self.name.setText(self.target().name)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export folder"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        """Validate on the UI thread, then hand the export to a worker."""
        self._busy(True)
        self.status.setText(self.tr("Reading the day's appraisals…"))
        run_task(
            self,
            export_daily_in_child,
            self.ctx.station,
            self.ctx.session,  # the rule book decides; the child acts for this session
            self.chosen_day(),
            self.format.currentData(),
            self.target(),
            filters=self.filters(),
            lang=self.lang.currentData(),
            progress=self.relay.report,
            on_success=self._done,
            on_failure=self._failed,
            db_write=False,  # the child process writes its own audit event
        )

    def _busy(self, busy: bool) -> None:
        for widget in (
            self.run,
            self.day,
            self.format,
            self.lang,
            self.appraiser,
            self.category,
            self.verdict,
            self.folder,
            self.browse,
        ):
            widget.setEnabled(not busy)
        if busy:
            self.bar.setValue(0)
            self.open_folder.setEnabled(False)

    def _progress(self, fraction: float, step: str) -> None:
        self.bar.setValue(int(fraction * 100))
        messages = {
            "reading": self.tr("Reading the day's appraisals…"),
            "writing": self.tr("Writing the file…"),
            "signing": self.tr("Signing the manifest…"),
            "done": self.tr("Done."),
        }
        self.status.setText(messages.get(step, step))

    def _done(self, result: DailyExport) -> None:
        self.result = result
        self._busy(False)
        self.bar.setValue(100)
        self.open_folder.setEnabled(True)
        self.status.setText(
            self.tr(
                "Exported {rows} appraisals to {file}.\nSigned manifest: {manifest} "
                "({events} audit events, Merkle root {root}…)"
            ).format(
                rows=result.rows,
                file=result.path,
                manifest=result.manifest.name,
                events=result.checkpoint.count,
                root=result.checkpoint.merkle_root[:16],
            )
        )
        self.ctx.records_changed.emit("exports")

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.bar.setValue(0)
        if isinstance(exc, KnownError):
            text = exc.message + (f"\n{exc.hint}" if exc.hint else "")
            self.status.setText(self.tr("Not exported: {}").format(text))
        else:
            self.status.setText(self.tr("Not exported: unexpected error."))
            show_bug(self, exc, None)

    def _open_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))


def _refill(combo: QComboBox, items: list[tuple[str, object]], select: object = ...) -> None:
    """Replace a combo's items, keeping the chosen value across a language switch."""
    keep = combo.currentData() if select is ... else select
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(keep)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
