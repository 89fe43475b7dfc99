"""The supervisor's dashboard: the day's figures and charts, the review queue, reprints
approved that day and clone warnings, and the export dialog. Everything loads through
``ui.tasks`` in one background call and is read-only here."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from appraiser.clock import parse_iso, utcnow
from appraiser.domain.enums import Role
from appraiser.labels import ids
from appraiser.services.fleet import site_view
from appraiser.services.records import dashboard
from appraiser.services.records.dashboard import Dashboard
from ui.context import AppContext
from ui.dialogs.export_dialog import ExportDialog
from ui.models.rows_model import RowsModel
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.audit_status import AuditStatusRow
from ui.widgets.chart_bars import Bar, BarChart
from ui.widgets.chart_tiles import TileRow
from ui.widgets.site_view import SiteViewPanel
from ui.widgets.supervisor_signed import SignedAppraisals
from ui.widgets.table_fit import fit_columns

VERDICT_COLOURS = {
    "genuine": "#2E7D32",
    "counterfeit": "#C62828",
    "inconclusive": "#EF8F00",
    "unsigned": "#90A4AE",
}
TILES = [
    "total",
    "genuine",
    "counterfeit",
    "inconclusive",
    "unsigned",
    "inconclusive_rate",
    "disagreement_rate",
    "per_hour",
    "reprints",
    "outstanding",
]
REVIEW_COLUMNS = (
    ("uid", QT_TRANSLATE_NOOP("supervisor", "Appraisal")),
    ("category", QT_TRANSLATE_NOOP("supervisor", "Category")),
    ("brand", QT_TRANSLATE_NOOP("supervisor", "Brand")),
    ("model", QT_TRANSLATE_NOOP("supervisor", "Model")),
    ("since", QT_TRANSLATE_NOOP("supervisor", "Waiting since")),
)
REPRINT_COLUMNS = (
    ("created", QT_TRANSLATE_NOOP("supervisor", "Time")),
    ("appraisal_uid", QT_TRANSLATE_NOOP("supervisor", "Appraisal")),
    ("old_serial", QT_TRANSLATE_NOOP("supervisor", "Voided serial")),
    ("new_serial", QT_TRANSLATE_NOOP("supervisor", "New serial")),
    ("reason", QT_TRANSLATE_NOOP("supervisor", "Reason")),
    ("requested_by", QT_TRANSLATE_NOOP("supervisor", "Requested by")),
    ("approved_by", QT_TRANSLATE_NOOP("supervisor", "Approved by")),
)
FLAG_COLUMNS = (
    ("created", QT_TRANSLATE_NOOP("supervisor", "Time")),
    ("serial", QT_TRANSLATE_NOOP("supervisor", "Serial")),
    ("rule", QT_TRANSLATE_NOOP("supervisor", "Warning")),
    ("appraisal_uid", QT_TRANSLATE_NOOP("supervisor", "Appraisal")),
    ("detail", QT_TRANSLATE_NOOP("supervisor", "Detail")),
)
# Per table, the columns read in full at any size; the others (names, reasons) elide.
KEY_COLUMNS = {
    "reviewTable": ("uid", "since"),
    "reprintTable": ("created", "appraisal_uid", "old_serial", "new_serial"),
    "flagTable": ("created", "serial", "rule", "appraisal_uid"),
}


def _detail(text: object) -> str:
    try:
        value = json.loads(str(text))
    except ValueError:
        return str(text)
    return (
        ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
    )


def _local_time(stamp: object) -> str:
    """Stored UTC stamps shown in the station's wall-clock time."""
    from appraiser.clock import parse_iso

    try:
        return parse_iso(str(stamp)).astimezone(_local_time.tz).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(stamp)


_local_time.tz = None  # set by the page from the station settings


def _table(model: RowsModel, name: str) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    fit_columns(view, KEY_COLUMNS[name])
    return view


class SupervisorPage(Page):
    key = "supervisor"
    title_source = QT_TRANSLATE_NOOP("nav", "Supervision")
    shortcut = "F12"
    roles = (Role.SUPERVISOR,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.board: Dashboard | None = None
        self.loading = False
        self._build()
        self.retranslate()
        ctx.records_changed.connect(self._records_changed)

    def _build(self) -> None:
        self.heading = QLabel(objectName="supervisorHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.day = QDateEdit(self._today(), objectName="supervisorDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.refresh_button = QPushButton(objectName="supervisorRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(objectName="supervisorExport")
        self.export_button.clicked.connect(self.open_export)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.day)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        self.tiles = TileRow(TILES)
        self.verdict_chart = BarChart()
        self.hour_chart = BarChart(vertical=True)
        self.people_chart = BarChart()
        self.chart_boxes = [QGroupBox() for _ in range(3)]
        charts = QHBoxLayout()
        for box, chart in zip(
            self.chart_boxes, (self.verdict_chart, self.hour_chart, self.people_chart), strict=True
        ):
            inner = QVBoxLayout(box)
            inner.addWidget(chart)
            charts.addWidget(box, 2 if chart is self.hour_chart else 1)
        when = self._local_time
        self.review_model = RowsModel(
            REVIEW_COLUMNS, "supervisor", self, {"category": display, "since": when}
        )
        serial = ids.group
        self.reprint_model = RowsModel(
            REPRINT_COLUMNS, "supervisor", self,
            {"created": when, "old_serial": serial, "new_serial": serial},
        )  # fmt: skip
        self.flag_model = RowsModel(
            FLAG_COLUMNS, "supervisor", self,
            {"rule": display, "detail": _detail, "created": when, "serial": serial},
        )  # fmt: skip
        self.tabs = QTabWidget(objectName="supervisorTabs")
        for model, name in (
            (self.review_model, "reviewTable"),
            (self.reprint_model, "reprintTable"),
            (self.flag_model, "flagTable"),
        ):
            self.tabs.addTab(_table(model, name), "")
        self.signed = SignedAppraisals(self.ctx, when, self)
        self.tabs.addTab(self.signed, "")
        self.signed.loaded.connect(self._set_tab_titles)
        self.site: SiteViewPanel | None = None
        if site_view.is_enrolled(self.ctx.station.data):  # issue 15: the fleet's site view
            self.site = SiteViewPanel(self.ctx, self._local_time, self)
            self.tabs.addTab(self.site, "")
            self.site.loaded.connect(self._set_tab_titles)
        self.audit = AuditStatusRow(self.ctx.station.store, self.ctx.settings.tz(), self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tiles)
        layout.addLayout(charts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.audit)

    def _local_time(self, stamp: object) -> str:
        """Stored UTC stamps in the station's wall-clock time."""
        try:
            moment = parse_iso(str(stamp)).astimezone(self.ctx.settings.tz())
        except ValueError:
            return str(stamp)
        return moment.strftime("%Y-%m-%d %H:%M")

    def _today(self) -> QDate:
        today = utcnow().astimezone(self.ctx.settings.tz()).date()
        return QDate(today.year, today.month, today.day)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Supervision"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export…"))
        for box, text in zip(
            self.chart_boxes,
            (
                self.tr("Verdicts"),
                self.tr("Appraisals started per hour"),
                self.tr("Items per appraiser-hour"),
            ),
            strict=True,
        ):
            box.setTitle(text)
        self._set_tab_titles()
        self.signed.retranslate()
        if self.site is not None:
            self.site.retranslate()
        self.audit.retranslate()
        if self.board is not None:
            self._show(self.board)

    def _set_tab_titles(self) -> None:
        board = self.board
        counts = (
            (len(board.review_queue), len(board.reprints), len(board.clone_flags))
            if board
            else ("…", "…", "…")
        )
        signed = self.signed.rows
        counts = (*counts, len(signed) if signed is not None else "…")
        titles = (
            self.tr("Review queue ({})"),
            self.tr("Reprints approved ({})"),
            self.tr("Clone warnings ({})"),
            self.tr("Signed appraisals ({})"),
        )
        for i, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(i, title.format(count))
        if self.site is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.site), self.site.title())

    # -- data ---------------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()
        self.audit.check()

    def _records_changed(self, _what: str) -> None:
        if self.isVisible():
            self.refresh()

    def chosen_day(self) -> date:
        return self.day.date().toPython()

    def refresh(self) -> None:
        session = self.ctx.session
        if session is None or self.loading:
            return
        self.loading = True
        self.refresh_button.setEnabled(False)
        self.signed.load(self.chosen_day())
        if self.site is not None:
            self.site.load(self.chosen_day())
        run_task(
            self,
            dashboard.load,
            self.ctx.station,
            session,
            self.chosen_day(),
            on_success=self._loaded,
            on_failure=self._load_failed,
        )

    def _loaded(self, board: Dashboard) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.board = board
        self._show(board)
        if board.day != self.chosen_day():  # the day changed while loading
            self.refresh()

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        from ui.errors import show_error

        show_error(self, exc)

    def _show(self, board: Dashboard) -> None:
        fig = board.figures
        verdicts = fig.by_verdict
        names = {v: display(v) if v != "unsigned" else self.tr("unsigned") for v in verdicts}
        tiles = self.tiles
        tiles["total"].set(f"{fig.total:,}", self.tr("appraisals"))
        for verdict in ("genuine", "counterfeit", "inconclusive", "unsigned"):
            tiles[verdict].set(
                f"{verdicts.get(verdict, 0):,}",
                names.get(verdict, verdict),
                VERDICT_COLOURS[verdict],
            )
        tiles["inconclusive_rate"].set(
            f"{fig.inconclusive_rate:.1%}", self.tr("inconclusive (first verdict)")
        )
        tiles["disagreement_rate"].set(
            f"{fig.disagreement_rate:.1%}",
            self.tr("review disagreement ({} of {})").format(fig.disagreements, fig.multi_decided),
        )
        signed = sum(a.signed for a in fig.appraisers)
        hours = sum(a.hours for a in fig.appraisers)
        tiles["per_hour"].set(
            f"{signed / hours:.1f}" if hours else "—", self.tr("items per appraiser-hour")
        )
        tiles["reprints"].set(f"{fig.labels.reprints:,}", self.tr("label reprints"))
        tiles["outstanding"].set(
            f"{fig.labels.outstanding:,}",
            self.tr("labels issued, not yet applied ({} issued)").format(fig.labels.issued),
        )
        self._charts(board)
        self.review_model.set_rows(board.review_queue)
        self.reprint_model.set_rows(board.reprints)
        self.flag_model.set_rows(board.clone_flags)
        self._set_tab_titles()

    def _charts(self, board: Dashboard) -> None:
        fig, empty = board.figures, self.tr("No appraisals on this day.")
        self.verdict_chart.set_bars(
            [
                Bar(
                    display(v) if v != "unsigned" else self.tr("unsigned"),
                    n,
                    QColor(VERDICT_COLOURS[v]),
                )
                for v, n in fig.by_verdict.items()
            ],
            empty,
        )
        hours = [h for h, n in enumerate(fig.by_hour) if n] or list(range(8, 18))
        span = range(min(hours), max(hours) + 1)
        self.hour_chart.set_bars([Bar(f"{h:02d}", fig.by_hour[h]) for h in span], empty)
        self.people_chart.set_bars(
            [
                Bar(a.name, a.per_hour, QColor("#2CA02C"), f"{a.per_hour:.1f}")
                for a in fig.appraisers[:10]
            ],
            empty,
        )

    def open_export(self) -> None:
        dialog = ExportDialog(self.ctx, self.chosen_day(), self)
        dialog.setModal(True)
        dialog.open()
        self.export_dialog = dialog
