"""Lots: the day's inbound lines of many units, their plans, samples, decisions and labels.

One table lists the day's lots (GTIN, product, merchant, declared quantity, policy, plan,
switching state, progress, state, flags); the details below show a lot's plan in full,
where each drawn unit is ("carton 3, unit 7") with its result, and the actions: open a
unit's appraisal on the bench, sign the lot decision, override it (supervisor), acknowledge
a plausibility flag (supervisor), print a label for every unit, save the lot report. The
supplier scorecard is a second tab for supervisors. Every read and write runs off the UI
thread; the lot services decide, this page only shows and asks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from appraiser.domain.enums import Role
from appraiser.errors import KnownError
from appraiser.services.arrivals import queue
from appraiser.services.lots import lot_report
from ui import i18n
from ui.context import AppContext
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets import lot_services as svc
from ui.widgets.appraisal_text import explain
from ui.widgets.lot_actions import LotActions
from ui.widgets.lot_detail import LotDetail
from ui.widgets.lot_scorecard import Scorecard
from ui.widgets.lot_table import LOT_KEYS, LOT_PREFER, LotRows, lot_row
from ui.widgets.table_fit import fit_columns


class LotsPage(Page):
    key = "lots"
    title_source = QT_TRANSLATE_NOOP("nav", "Lots")
    shortcut = "Shift+F2"
    roles = (Role.APPRAISER, Role.SUPERVISOR)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[dict[str, Any]] = []
        self.selected_uid: str | None = None
        self.day = QDateEdit(QDate(self.today()), objectName="lotDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.day_label = QLabel()
        self.message = QLabel(objectName="lotMessage", wordWrap=True)
        self.model = LotRows(self)
        self.table = self._lots_table()
        self.detail = LotDetail(self)
        self.detail.tz = ctx.settings.tz()
        self.lot_actions = LotActions(self)
        self.scorecard = Scorecard(ctx, self)
        self.tabs = QTabWidget(objectName="lotTabs")
        self._layout()
        self.retranslate()
        ctx.records_changed.connect(self._records_changed)
        ctx.session_changed.connect(lambda _s: self._show_tabs())

    def _lots_table(self) -> QTableView:
        table = QTableView(objectName="lotTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        fit_columns(table, LOT_KEYS, LOT_PREFER)
        table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._picked(cur.row()))
        return table

    def _layout(self) -> None:
        split = QSplitter(Qt.Orientation.Vertical, objectName="lotSplit")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lots_tab = QWidget()
        column = QVBoxLayout(lots_tab)
        top = QHBoxLayout()
        top.addWidget(self.day_label)
        top.addWidget(self.day)
        top.addStretch(1)
        column.addLayout(top)
        column.addWidget(split, 1)
        self.tabs.addTab(lots_tab, "")
        self.tabs.addTab(self.scorecard, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)

    def retranslate(self) -> None:
        self.day_label.setText(self.tr("Lots of"))
        self.tabs.setTabText(0, self.tr("Lots"))
        self.tabs.setTabText(1, self.tr("Supplier scorecard"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount())
        self.model.layoutChanged.emit()
        self.detail.units.layoutChanged.emit()
        self.scorecard.retranslate()
        self.lot_actions.retranslate()
        self.detail.reword()

    def _show_tabs(self) -> None:
        session = self.ctx.session
        self.tabs.setTabVisible(1, session is not None and session.role == Role.SUPERVISOR)

    # --- data -------------------------------------------------------------------------------

    def chosen_day(self) -> date:
        return self.day.date().toPython()

    def activated(self) -> None:
        self._show_tabs()
        self.refresh()

    def _records_changed(self, _what: str) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        run_task(
            self, svc.day_rows, self.ctx.station.store, self.chosen_day(),
            on_success=self._show, on_failure=self.failed,
        )  # fmt: skip

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = [lot_row(r) for r in rows]
        self.model.set_rows(self.rows)
        uids = [r["uid"] for r in self.rows]
        if not rows:
            self.detail.clear()
            self.say(self.tr("No lots on {0}.").format(self.chosen_day().isoformat()))
            return
        self.say("")
        keep = self.selected_uid if self.selected_uid in uids else uids[0]
        self.table.selectRow(uids.index(keep))
        self.load_detail(keep)

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row]["uid"] != self.selected_uid:
            self.load_detail(self.rows[row]["uid"])

    def load_detail(self, lot_uid: str) -> None:
        self.selected_uid = lot_uid
        run_task(
            self, svc.detail, self.ctx.station.store, lot_uid,
            on_success=self._detail_loaded, on_failure=self.failed,
        )  # fmt: skip

    def _detail_loaded(self, detail: dict[str, Any]) -> None:
        if detail["lot"].get("uid") != self.selected_uid:
            return  # an older answer for a lot no longer picked
        self.detail.show_lot(detail)
        self.lot_actions.update_for(detail, self.ctx.session)

    def _tab_changed(self, index: int) -> None:
        self.say("")  # a message is about the tab it came from ("Lot report saved …")
        if index == 0 and not self.rows:
            self.say(self.tr("No lots on {0}.").format(self.chosen_day().isoformat()))
        if index == 1:
            self.scorecard.refresh()

    # --- messages -----------------------------------------------------------------------------

    def say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet("" if ok else "color: #b00020;")
        self.message.setText(text)

    def failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.say(explain(exc, " — ", tz=self.ctx.settings.tz()), ok=False)

    def changed(self, _result: object = None) -> None:
        """A lot record changed: every screen that shows lots or labels reloads."""
        self.ctx.records_changed.emit("lots")
        if not self.isVisible():
            self.refresh()

    def save_report(self) -> None:
        uid = self.selected_uid
        name = str(self.ctx.station.data.exports / (f"{uid}.pdf" if uid else "lot.pdf"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save lot report"), name, self.tr("PDF (*.pdf)")
        )
        if path and uid:
            self.write_report(uid, Path(path))

    def write_report(self, lot_uid: str, path: Path) -> None:
        """The lot report PDF (in the language on screen), written on a worker as the
        signed-in supervisor; the service audits it."""
        self.say(self.tr("Writing the lot report…"))
        run_task(
            self, lot_report.lot_report, self.ctx.station, self.ctx.session, lot_uid, path,
            lang=i18n.current_language(),
            on_success=lambda _r: self.say(self.tr("Lot report saved: {0}").format(path)),
            on_failure=self.failed,
        )  # fmt: skip

    def today(self) -> date:
        return queue.local_day(self.ctx.settings.tz())
