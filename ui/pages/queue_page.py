"""Today's appraisals at this station: the day's work at a glance, from the database."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from appraiser.clock import utcnow
from appraiser.services import appraisals
from ui.context import AppContext
from ui.models.rows_model import RowsModel
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display

COLUMNS = (
    ("id", QT_TRANSLATE_NOOP("queue", "Appraisal")),
    ("created", QT_TRANSLATE_NOOP("queue", "Started (UTC)")),
    ("category", QT_TRANSLATE_NOOP("queue", "Category")),
    ("brand", QT_TRANSLATE_NOOP("queue", "Brand")),
    ("model", QT_TRANSLATE_NOOP("queue", "Model")),
    ("gtin", QT_TRANSLATE_NOOP("queue", "GTIN")),
    ("appraiser", QT_TRANSLATE_NOOP("queue", "Appraiser")),
    ("state", QT_TRANSLATE_NOOP("queue", "State")),
    ("verdict", QT_TRANSLATE_NOOP("queue", "Verdict")),
    ("label_serial", QT_TRANSLATE_NOOP("queue", "Label")),
)


class QueuePage(Page):
    key = "queue"
    title_source = QT_TRANSLATE_NOOP("nav", "Today")
    shortcut = "F2"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summary = QLabel(objectName="queueSummary")
        self.model = RowsModel(
            COLUMNS,
            "queue",
            self,
            formatters=dict.fromkeys(("category", "state", "verdict"), display),
        )
        self.table = QTableView(objectName="queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        ctx.records_changed.connect(lambda _what: self.activated())

    def today(self) -> date:
        return utcnow().astimezone(self.ctx.settings.tz()).date()

    def activated(self) -> None:
        store, tz = self.ctx.station.store, self.ctx.settings.tz()
        run_task(self, appraisals.list_for_day, store, self.today(), tz, on_success=self._show)

    def _show(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        decided = sum(1 for r in rows if r["verdict"])
        if rows:
            text = self.tr("{0}: {1} appraisals, {2} with a verdict").format(
                self.today().isoformat(), len(rows), decided
            )
        else:
            text = self.tr("{0}: no appraisals yet today.").format(self.today().isoformat())
        self.summary.setText(text)

    def retranslate(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.activated()
