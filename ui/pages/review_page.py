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
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.clock import format_local
from appraiser.errors import KnownError
from appraiser.services.casework import outcome, verdicts
from ui import i18n
from ui.context import AppContext
from ui.dialogs.sign_dialog import SignDialog
from ui.models.rows_model import RowsModel
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.appraisal_header import item_text
from ui.widgets.appraisal_text import explain
from ui.widgets.appraisal_verdict import VerdictStep
from ui.widgets.table_fit import fit_columns

THUMB = QSize(192, 144)
# The id and the time are read in full at any size; the item (category, brand, model) takes
# what is left of the narrow list beside the case and elides.
COLUMNS = (  # the same headers as the supervisor's review queue and the Verify page
    ("uid", QT_TRANSLATE_NOOP("review", "Appraisal")),
    ("since", QT_TRANSLATE_NOOP("supervisor", "Waiting since"), "supervisor"),
    ("item", QT_TRANSLATE_NOOP("LabelResult", "Item"), "LabelResult"),
)
KEY_COLUMNS = ("uid", "since")
# The station's 11pt type beside the case: at 12pt the verdict's reason codes alone take
# half a 1366-pixel screen and the list of cases beside them shrinks to ``AP-…``.
REVIEW_QSS = (
    "QLabel#reviewItem { font-size: 15pt; font-weight: bold; }"
    " QRadioButton { font-size: 17pt; font-weight: bold; }"
)


def _item(value: tuple[str, str, str]) -> str:
    category, brand, model = value
    return " · ".join(x for x in (display(category), " ".join(filter(None, (brand, model)))) if x)


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
        formatters = {"item": _item, "since": self._local_time}
        self.model = RowsModel(COLUMNS, "review", self, formatters=formatters)
        self.table = QTableView(objectName="reviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        fit_columns(self.table, KEY_COLUMNS)
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
        self.view: dict | None = None
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
        splitter.setCollapsible(0, False)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.setStyleSheet(REVIEW_QSS)
        self.retranslate()
        self._clear()
        ctx.records_changed.connect(lambda _w: self.activated() if self.isVisible() else None)

    def retranslate(self) -> None:
        self.verdict.retranslate()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.heading.setText(
            self.tr("Decide without the first verdict: it is hidden on purpose (blind review).")
        )
        if self.view is not None:
            self._show_texts(self.view)
        elif hasattr(self, "photos"):
            self.item.setText(self.tr("Choose a case from the list."))

    def _local_time(self, stamp: object) -> str:
        return format_local(str(stamp), self.ctx.settings.tz())

    def _clear(self) -> None:
        self.uid = None
        self.view = None
        self.item.setText(self.tr("Choose a case from the list."))
        self.photos.clear()
        self.findings.clear()
        self.verdict.setEnabled(False)

    def activated(self) -> None:
        if self.ctx.session is None:
            return
        run_task(
            self, verdicts.review_queue, self.ctx.station.store, self.ctx.session,
            on_success=self._rows,
        )  # fmt: skip

    def _rows(self, rows: list[dict]) -> None:
        for row in rows:
            row["item"] = (row["category"], row["brand"], row["model"])
        self.model.set_rows(rows)

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
        self.view = view
        self.photos.clear()
        if not view["photos"]:
            self.photos.addItem(QListWidgetItem())
        for view_name, image in view["photos"]:
            entry = QListWidgetItem()
            entry.setData(Qt.ItemDataRole.UserRole, view_name)
            if not image.isNull():
                entry.setIcon(QPixmap.fromImage(image))
            self.photos.addItem(entry)
        self._show_texts(view)
        self.verdict.reset([], "")
        self.verdict.setEnabled(True)
        self.message.clear()

    def _show_texts(self, view: dict) -> None:
        """Every text of the open case, in the language in force (again after a switch)."""
        item, category = view["item"], view["category"]
        details = [item_text(item), display(category)]
        names = {"declaration_no": self.tr("Declaration no."), "batch_lot": self.tr("Batch"),
                 "serial": self.tr("Serial"), "merchant": self.tr("Merchant")}  # fmt: skip
        details += [f"{name}: {item[k]}" for k, name in names.items() if item.get(k)]
        self.item.setText(" · ".join(details))
        for row in range(self.photos.count()):
            entry = self.photos.item(row)
            code = entry.data(Qt.ItemDataRole.UserRole)
            entry.setText(
                display(code, category) if code else self.tr("No photos were taken of this item.")
            )
        self.findings.setText(self._findings(view["data"], category))

    def _findings(self, data: dict, category: str) -> str:
        points = data.get("checklist", {}).get("points", {})
        failed = [f"{display(k, category)} ({v.get('note', '')})" for k, v in points.items()
                  if v.get("result") == "fail"]  # fmt: skip
        lines = [self.tr("Checklist: {0} points answered, {1} failed.").format(
            len(points), len(failed))]  # fmt: skip
        if failed:
            lines.append(self.tr("Failed: {0}").format("; ".join(failed)))
        reading = data.get("compare", {}).get("reading")
        if reading:
            lines.append(self.tr("Comparison reading: {0}").format(display(reading)))
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
