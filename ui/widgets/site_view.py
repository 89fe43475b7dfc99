"""The site view of the Supervision page on an enrolled station (issue 15 item 4): every
station's day as the fleet server sees it — verdict mix, items per appraiser-hour, last
sync and lag, alarms — and the site's clone flags.

Fetched off the UI thread (``services.fleet.site_view.fetch``); when the server does not
answer, the last good copy stays on screen and the status line says the server is offline
and when the shown view was read, so an old view is never taken for a current one.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from appraiser.services.fleet import site_view
from appraiser.services.fleet.site_view import SiteView
from ui.context import AppContext
from ui.models.rows_model import RowsModel
from ui.tasks import run_task
from ui.widgets.table_fit import fit_columns

COLUMNS = (
    ("station", QT_TRANSLATE_NOOP("SiteViewPanel", "Station")),
    ("appraisals", QT_TRANSLATE_NOOP("SiteViewPanel", "Appraisals")),
    ("signed", QT_TRANSLATE_NOOP("SiteViewPanel", "Signed")),
    ("genuine", QT_TRANSLATE_NOOP("SiteViewPanel", "Genuine")),
    ("counterfeit", QT_TRANSLATE_NOOP("SiteViewPanel", "Counterfeit")),
    ("inconclusive", QT_TRANSLATE_NOOP("SiteViewPanel", "Inconclusive")),
    ("unsigned", QT_TRANSLATE_NOOP("SiteViewPanel", "Unsigned")),
    ("per_hour", QT_TRANSLATE_NOOP("SiteViewPanel", "Items per appraiser-hour")),
    ("last_push", QT_TRANSLATE_NOOP("SiteViewPanel", "Last sync")),
    ("lag", QT_TRANSLATE_NOOP("SiteViewPanel", "Sync lag")),
    ("alarms", QT_TRANSLATE_NOOP("SiteViewPanel", "Alarms")),
)
KEY_COLUMNS = ("station", "appraisals", "last_push", "lag")
VERDICTS = ("genuine", "counterfeit", "inconclusive", "unsigned")


class SiteViewPanel(QWidget):
    """The site tab of the Supervision page (only on an enrolled station)."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, local_time, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteView")
        self.ctx, self.local_time = ctx, local_time
        self.result: SiteView | None = None
        self.loading = False
        self.status = QLabel(objectName="siteStatus")
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(objectName="siteRefresh")
        self.refresh_button.clicked.connect(lambda: self.load(self.day))
        self.model = RowsModel(COLUMNS, "SiteViewPanel", self)
        self.table = QTableView(objectName="siteTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        fit_columns(self.table, KEY_COLUMNS)
        self.flags = QLabel(objectName="siteFlags")
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.flags)
        self.day: date | None = None
        self.retranslate()

    def title(self) -> str:
        count = len(self.result.view["stations"]) if self.result and self.result.view else "…"
        return self.tr("Site ({} stations)").format(count)

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh site"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._show()

    def load(self, day: date | None) -> None:
        if day is None or self.loading:
            return
        self.day, self.loading = day, True
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Reading the site view from the fleet server…"))
        station = self.ctx.station
        run_task(
            self,
            site_view.fetch,
            station.data,
            station.store,
            day,
            self.ctx.session,  # the server answers only a signed-in supervisor
            on_success=self._fetched,
            on_failure=self._failed,
        )

    def _fetched(self, result: SiteView) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.result = result
        self._show()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.status.setText(self.tr("The fleet server refused: {}").format(exc))
        self.loaded.emit()

    def _show(self) -> None:
        result = self.result
        if result is None:
            return
        when = self.local_time(result.fetched_at) if result.fetched_at else None
        if result.online:
            self.status.setText(self.tr("Site view read {}.").format(when))
        elif when:
            self.status.setText(
                self.tr("Fleet server offline — showing the site view read {}.").format(when)
            )
        else:
            self.status.setText(self.tr("Fleet server offline — no site view was read yet."))
        view = result.view or {"stations": [], "clone_flags": []}
        self.model.set_rows([self._row(s) for s in view["stations"]])
        text = self.tr("Clone flags on the site: {}").format(len(view["clone_flags"]))
        withdrawn = view.get("withdrawn_in_circulation") or []  # apart, per lot (issue 15 N6)
        if withdrawn:
            labels = sum(int(group["labels"]) for group in withdrawn)
            text += "\n" + self.tr(
                "Withdrawn labels still in circulation: {0} ({1} lots or single labels)"
                " — on the real items, not copies"
            ).format(labels, len(withdrawn))
        self.flags.setText(text)

    def _row(self, s: dict) -> dict:
        lag = s.get("lag_seconds")
        return {
            "station": s["station"],
            "appraisals": s["appraisals"],
            "signed": s["signed"],
            **{v: s["by_verdict"].get(v, 0) for v in VERDICTS},
            "per_hour": "—"
            if s["per_appraiser_hour"] is None
            else f"{s['per_appraiser_hour']:.1f}",
            "last_push": self.local_time(s["last_push"]) if s["last_push"] else self.tr("never"),
            "lag": self._lag(lag),
            "alarms": s["alarms"],
        }

    def _lag(self, seconds: float | None) -> str:
        if seconds is None:
            return self.tr("never")
        if seconds < 120:
            return self.tr("{} s").format(int(seconds))
        if seconds < 7200:
            return self.tr("{} min").format(int(seconds // 60))
        return self.tr("{} h").format(int(seconds // 3600))
