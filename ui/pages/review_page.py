"""Blind review: inconclusive cases decided by a second appraiser or a supervisor.

The reviewer sees the item, the photos, the comparison and the checklist answers — never
the first verdict, its note, reasons or leaning (the core's ``blind_view`` leaves them
out, so the screen cannot show them by mistake). Their decision is signed like any other
and recorded against the first appraiser's leaning.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.services.casework import outcome, verdicts
from ui import i18n
from ui.context import AppContext
from ui.dialogs.sign_dialog import SignDialog
from ui.models.rows_model import RowsModel
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.appraisal_compare import reading_name
from ui.widgets.appraisal_header import item_text
from ui.widgets.appraisal_text import explain
from ui.widgets.appraisal_verdict import VerdictStep

THUMB = QSize(192, 144)
COLUMNS = (
    ("uid", QT_TRANSLATE_NOOP("review", "Appraisal")),
    ("category", QT_TRANSLATE_NOOP("review", "Category")),
    ("brand", QT_TRANSLATE_NOOP("review", "Brand")),
    ("model", QT_TRANSLATE_NOOP("review", "Model")),
    ("since", QT_TRANSLATE_NOOP("review", "Waiting since (UTC)")),
)


def _review(station, session, uid, verdict, password, codes, note) -> dict:
    verdicts.review(station.store, session, uid, verdict, password, reason_codes=codes, note=note)
    return outcome.follow_up(station, session, uid, with_report=False)


def _blind(station, session, uid) -> dict:
    view = verdicts.blind_view(station.store, session, uid)
    view["photos"] = [
        (m["view"] or "", _thumbnail(station.store.media.path(m["media_sha256"])))
        for m in view["media"]
        if m["role"] == "still"
    ]
    return view


def _thumbnail(path) -> QImage:
    """Decoded and shrunk on the worker, so opening a case never stalls the screen."""
    image = QImage(str(path))
    if image.isNull():
        return image
    return image.scaled(
        THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class ReviewPage(Page):
    key = "review"
    title_source = QT_TRANSLATE_NOOP("nav", "Review")
    shortcut = "F7"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = RowsModel(COLUMNS, "review", self, formatters={"category": display})
        self.table = QTableView(objectName="reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._open_index)
        self.heading = QLabel(objectName="reviewTitle", wordWrap=True)
        self.item = QLabel(objectName="reviewItem", wordWrap=True)
        self.photos = QListWidget(objectName="reviewPhotos")
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(THUMB)
        self.findings = QLabel(objectName="reviewFindings", wordWrap=True)
        self.verdict = VerdictStep(self, allow_inconclusive=False)
        self.verdict.sign_requested.connect(self.sign)
        self.message = QLabel(objectName="reviewMessage", wordWrap=True)
        self.uid: str | None = None
        right = QWidget()
        box = QVBoxLayout(right)
        for widget in (self.heading, self.item, self.photos, self.findings, self.verdict):
            box.addWidget(widget)
        box.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([440, 1000])
        self.table.setMinimumWidth(260)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.setStyleSheet(
            "QWidget { font-size: 12pt; } QLabel#reviewItem { font-size: 15pt; font-weight: bold; }"
            " QRadioButton { font-size: 17pt; font-weight: bold; }"
        )
        self.retranslate()
        self._clear()
        ctx.records_changed.connect(lambda _w: self.activated() if self.isVisible() else None)

    def retranslate(self) -> None:
        self.verdict.retranslate()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.heading.setText(
            self.tr("Decide without the first verdict: it is hidden on purpose (blind review).")
        )

    def _clear(self) -> None:
        self.uid = None
        self.item.setText(self.tr("Choose a case from the list."))
        self.photos.clear()
        self.findings.clear()
        self.verdict.setEnabled(False)

    def activated(self) -> None:
        if self.ctx.session is None:
            return
        run_task(
            self, verdicts.review_queue, self.ctx.station.store, self.ctx.session,
            on_success=self.model.set_rows,
        )  # fmt: skip

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case(self.model.row(index.row())["uid"])

    def open_case(self, uid: str) -> None:
        run_task(
            self, _blind, self.ctx.station, self.ctx.session, uid,
            on_success=self._show, on_failure=self._failed,
        )  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.message.setText(explain(exc))

    def _show(self, view: dict) -> None:
        self.uid = view["uid"]
        item = view["item"]
        details = [item_text(item), display(view["category"])]
        names = {"declaration_no": self.tr("Declaration no."), "batch_lot": self.tr("Batch"),
                 "serial": self.tr("Serial"), "merchant": self.tr("Merchant")}  # fmt: skip
        details += [f"{name}: {item[k]}" for k, name in names.items() if item.get(k)]
        self.item.setText(" · ".join(details))
        self.photos.clear()
        if not view["photos"]:
            self.photos.addItem(QListWidgetItem(self.tr("No photos were taken of this item.")))
        for view_name, image in view["photos"]:
            entry = QListWidgetItem(view_name)
            if not image.isNull():
                entry.setIcon(QPixmap.fromImage(image))
            self.photos.addItem(entry)
        self.findings.setText(self._findings(view["data"]))
        self.verdict.reset([], "")
        self.verdict.setEnabled(True)
        self.message.clear()

    def _findings(self, data: dict) -> str:
        points = data.get("checklist", {}).get("points", {})
        failed = [f"{k} ({v.get('note', '')})" for k, v in points.items()
                  if v.get("result") == "fail"]  # fmt: skip
        lines = [self.tr("Checklist: {0} points answered, {1} failed.").format(
            len(points), len(failed))]  # fmt: skip
        if failed:
            lines.append(self.tr("Failed: {0}").format("; ".join(failed)))
        reading = data.get("compare", {}).get("reading")
        if reading:
            lines.append(self.tr("Comparison reading: {0}").format(reading_name(reading)))
        return "\n".join(lines)

    def sign(self, verdict: str, codes: list, note: str, _leaning) -> None:
        uid, session, station = self.uid, self.ctx.session, self.ctx.station
        if uid is None or session is None:
            return

        def action(password: str) -> dict:
            return _review(station, session, uid, verdict, password, codes, note)

        dialog = SignDialog(session, verdict, action, tz=self.ctx.settings.tz(), parent=self)
        dialog.signed.connect(self._signed)
        dialog.open()
        self.sign_dialog = dialog

    def _signed(self, result: dict) -> None:
        text = self.tr("Review signed: {0}.").format(display(result["verdict"]))
        if result.get("label_grouped"):
            text += " " + self.tr("Label {0} issued.").format(result["label_grouped"])
        if result.get("quarantine"):
            text += " " + self.tr("Quarantine record {0}.").format(result["quarantine"])
        self._clear()
        self.message.setText(text)
        if result["verdict"] != "inconclusive":
            run_task(self, outcome.report, self.ctx.station, result["uid"], i18n.current_language())
        self.ctx.records_changed.emit("appraisals")
        self.activated()
