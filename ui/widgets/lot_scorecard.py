"""The supplier scorecard: per merchant and product, how their lots fared this period.

Supervisors read it before planning the next lots of a supplier (its switching state says
at which severity they will be inspected) and export it for the buyer. The numbers come
from the scorecard service; this widget only shows them and asks where to save.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.services.arrivals import queue
from appraiser.services.lots import scorecard
from ui import i18n
from ui.context import AppContext
from ui.tasks import run_task
from ui.widgets import lot_services
from ui.widgets.appraisal_text import explain
from ui.widgets.lot_table import SCORE_KEYS, ScoreRows, score_row
from ui.widgets.table_fit import fit_columns


def _day(edit: QDateEdit) -> date:
    return edit.date().toPython()


class Scorecard(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lotScorecard")
        self.ctx = ctx
        # the station's day, not the PC clock's: lots are dated in the station's time zone,
        # and between 16:00 and 24:00 UTC a Shanghai station is a day ahead of a UTC clock
        today = QDate(queue.local_day(ctx.settings.tz()))
        self.since = QDateEdit(QDate(today.year(), 1, 1), objectName="scoreSince")
        self.until = QDateEdit(today, objectName="scoreUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.model = ScoreRows(self)
        self.table = QTableView(objectName="scoreTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        fit_columns(self.table, SCORE_KEYS, ("inspected", "open_flags", "merchant", "product"))
        # Key headers come on two lines (lot_table.two_lines) and get their full width; Qt
        # would elide a two-line header as one long line ("Accepted by / …").
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.export_button = QPushButton(objectName="scoreExport")
        self.export_button.clicked.connect(self.export)
        self.message = QLabel(objectName="scoreMessage", wordWrap=True)
        self.from_label, self.to_label = QLabel(), QLabel()
        top = QHBoxLayout()
        for widget in (self.from_label, self.since, self.to_label, self.until):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.export_button.setText(self.tr("Export scorecard…"))
        self.model.layoutChanged.emit()

    def refresh(self) -> None:
        run_task(
            self, lot_services.scores, self.ctx.station.store, _day(self.since), _day(self.until),
            on_success=self._show, on_failure=self._failed,
        )  # fmt: skip

    def _show(self, rows: list[Any]) -> None:
        self.message.clear()
        self.model.set_rows([score_row(r) for r in rows])

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.message.setText(explain(exc))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export scorecard"), str(self.ctx.station.data.exports / "scorecard.csv"),
            self.tr("Spreadsheet (*.csv *.xlsx)"),
        )  # fmt: skip
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the scorecard of the chosen period to ``path`` (CSV or XLSX by its
        suffix) on a worker, as the signed-in supervisor."""
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
        self.message.setText(self.tr("Exporting…"))
        run_task(
            self, scorecard.export, self.ctx.station.store, self.ctx.session, fmt, path,
            since=_day(self.since), until=_day(self.until), lang=i18n.current_language(),
            on_success=lambda _r: self.message.setText(self.tr("Saved {0}").format(path)),
            on_failure=self._failed,
        )  # fmt: skip
