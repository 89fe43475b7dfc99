"""Import the warehouse's inbound list as today's queue: preview, bad rows, then commit.

Nothing is queued until the appraiser has seen the preview; bad rows are listed with their
line number and what is wrong, and the good rows are queued all together or not at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.services.arrivals import inbound
from ui.context import AppContext
from ui.models.rows_model import RowsModel
from ui.tasks import run_task
from ui.widgets.appraisal_text import explain, tr_core

GOOD_COLUMNS = (
    ("_row_no", QT_TRANSLATE_NOOP("inbound", "Row")),
    ("declaration_no", QT_TRANSLATE_NOOP("inbound", "Declaration no.")),
    ("gtin", QT_TRANSLATE_NOOP("inbound", "GTIN")),
    ("sku", QT_TRANSLATE_NOOP("inbound", "SKU")),
    ("brand", QT_TRANSLATE_NOOP("inbound", "Brand")),
    ("model", QT_TRANSLATE_NOOP("inbound", "Model")),
    ("quantity", QT_TRANSLATE_NOOP("inbound", "Qty")),
    ("merchant", QT_TRANSLATE_NOOP("inbound", "Merchant")),
    ("status", QT_TRANSLATE_NOOP("inbound", "Status")),
)
BAD_COLUMNS = (
    ("row_no", QT_TRANSLATE_NOOP("inbound", "Row")),
    ("problems", QT_TRANSLATE_NOOP("inbound", "What is wrong")),
    ("values", QT_TRANSLATE_NOOP("inbound", "Values in the file")),
)


def _table(model: RowsModel, name: str) -> QTableView:
    table = QTableView(objectName=name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _bad_row(bad: inbound.BadRow) -> dict:
    values = ", ".join(v.removeprefix(inbound.LOSSY) for v in bad.values.values() if v)
    problems = "; ".join(tr_core(p) for p in bad.problems)
    return {"row_no": bad.row_no, "problems": problems, "values": values}


class InboundDialog(QDialog):
    imported = Signal(int)

    def __init__(self, ctx: AppContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="inboundDialog")
        self.ctx, self.day = ctx, day
        self.result: inbound.Preview | None = None
        self.setWindowTitle(self.tr("Import inbound list"))
        self.resize(1100, 640)
        self.file_label = QLabel(self.tr("No file chosen."), objectName="inboundFile")
        choose = QPushButton(self.tr("Choose file… (Ctrl+O)"), objectName="chooseFile")
        choose.setShortcut("Ctrl+O")
        choose.clicked.connect(self.choose)
        self.summary = QLabel(objectName="inboundSummary", wordWrap=True)
        self.good = RowsModel(GOOD_COLUMNS, "inbound", self)
        self.bad = RowsModel(BAD_COLUMNS, "inbound", self)
        self.tabs = QTabWidget(objectName="inboundTabs")
        self.tabs.addTab(_table(self.good, "goodRows"), "")
        self.tabs.addTab(_table(self.bad, "badRows"), "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.commit_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.commit_button.setObjectName("commitImport")
        self.commit_button.setEnabled(False)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._label_tabs(0, 0)
        self.commit_button.setText(self.tr("Import"))

    def _label_tabs(self, good: int, bad: int) -> None:
        self.tabs.setTabText(0, self.tr("Rows to import ({0})").format(good))
        self.tabs.setTabText(1, self.tr("Bad rows ({0})").format(bad))

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Inbound list"), "", self.tr("Inbound lists (*.csv *.xlsx)")
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Preview ``path`` off the UI thread."""
        self.file_label.setText(str(path))
        self.summary.setText(self.tr("Reading the list…"))
        self.commit_button.setEnabled(False)
        store = self.ctx.station.store
        run_task(
            self, inbound.preview, store, path, self.day,
            on_success=self._show, on_failure=self._failed,
        )  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.result = None
        self.good.set_rows([])
        self.bad.set_rows([])
        self._label_tabs(0, 0)
        self.summary.setText(explain(exc))

    def _show(self, result: inbound.Preview) -> None:
        self.result = result
        queued, new = self.tr("already queued"), self.tr("new")
        self.good.set_rows([{**r, "status": queued if r["_queued"] else new} for r in result.good])
        self.bad.set_rows([_bad_row(b) for b in result.bad])
        self._label_tabs(len(result.good), len(result.bad))
        self.tabs.setCurrentIndex(1 if result.bad else 0)
        count = 0 if result.already_imported else len(result.new_rows)
        self.summary.setText(self._summary_text(result, count))
        self.commit_button.setText(self.tr("Import {0} rows").format(count))
        self.commit_button.setEnabled(count > 0)

    def _summary_text(self, result: inbound.Preview, count: int) -> str:
        if result.already_imported:
            return self.tr("This file was imported before; importing it again adds nothing.")
        text = self.tr("{0} rows will be queued for {1}.").format(count, self.day.isoformat())
        if result.bad:
            text += " " + self.tr("{0} bad rows are left out (see the list).").format(
                len(result.bad)
            )
        if result.already_queued:
            text += " " + self.tr("{0} rows are already in today's queue.").format(
                result.already_queued
            )
        return text

    def commit(self) -> None:
        if self.result is None or self.ctx.session is None:
            return
        self.commit_button.setEnabled(False)
        store, session = self.ctx.station.store, self.ctx.session
        run_task(
            self, inbound.commit, store, session, self.result, self.day,
            on_success=self._committed, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _committed(self, count: int) -> None:
        self.imported.emit(count)
        self.ctx.records_changed.emit("queue")
        self.accept()
