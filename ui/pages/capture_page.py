"""The capture screen: pick one of today's open appraisals and shoot its views.

The guided appraisal embeds ``CaptureWidget`` directly; this page is the stand-alone way
in (re-shooting a view, finishing an interrupted appraisal's video, importing a
microscope folder).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from appraiser.clock import utcnow
from appraiser.domain.enums import AppraisalState
from appraiser.services.casework import appraisals
from ui.context import AppContext
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.capture_widget import CaptureWidget

OPEN_STATES = {str(AppraisalState.OPEN), str(AppraisalState.INTERRUPTED)}


class CapturePage(Page):
    key = "capture"
    title_source = QT_TRANSLATE_NOOP("nav", "Capture")
    shortcut = "F4"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.chooser = QComboBox(objectName="captureAppraisal")
        self.chooser.setMinimumWidth(420)
        self.chooser.activated.connect(self._chosen)
        self.empty = QLabel(objectName="captureEmpty", wordWrap=True)  # never widens the window
        self.capture = CaptureWidget(ctx, self)
        top = QHBoxLayout()
        self.label = QLabel()
        top.addWidget(self.label)
        top.addWidget(self.chooser)
        top.addWidget(self.empty, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.capture, 1)
        self.retranslate()
        ctx.records_changed.connect(self._records_changed)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Appraisal:"))

    def activated(self) -> None:
        tz = self.ctx.settings.tz()
        run_task(
            self,
            appraisals.list_for_day,
            self.ctx.station.store,
            utcnow().astimezone(tz).date(),
            tz,
            on_success=self._fill,
        )

    def _records_changed(self, what: str) -> None:
        if what == "appraisals" and self.isVisible():
            self.activated()

    def _fill(self, rows: list[dict]) -> None:
        rows = [r for r in rows if r["state"] in OPEN_STATES]
        current = self.chooser.currentData()
        self.chooser.clear()
        for row in rows:
            label = " · ".join(str(v) for v in (row["id"], row["brand"], row["model"]) if v)
            self.chooser.addItem(label, (row["id"], row["category"]))
        self.empty.setText(
            "" if rows else self.tr("No open appraisal today: start one at intake first.")
        )
        keys = [self.chooser.itemData(i) for i in range(self.chooser.count())]
        if current in keys:
            self.chooser.setCurrentIndex(keys.index(current))
        elif rows:
            self.chooser.setCurrentIndex(0)
            self._chosen(0)

    def _chosen(self, index: int) -> None:
        data = self.chooser.itemData(index)
        if data and data[0] != self.capture.uid:
            self.capture.set_appraisal(*data)
