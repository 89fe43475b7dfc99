"""Today's work queue: scan an item, import the inbound list, pick up where work stopped.

The scan field has focus whenever the page shows, but a hand-held scanner works from any
page (``ui.scanner``): a scan adds the item (or finds it in the day's list) and opens its
intake on the bench. Cases a crash left open are offered for resuming here.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.labels import ids
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import recovery
from ui import scanner
from ui.context import AppContext
from ui.dialogs.inbound_dialog import InboundDialog
from ui.dialogs.inbound_manual import ManualItemDialog
from ui.models.queue_rows import QueueRows
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.appraisal_text import explain
from ui.widgets.table_fit import fit_columns

COLUMNS = (
    ("state", QT_TRANSLATE_NOOP("queue", "State")),
    ("declaration_no", QT_TRANSLATE_NOOP("queue", "Declaration no.")),
    ("gtin", QT_TRANSLATE_NOOP("queue", "GTIN")),
    ("brand", QT_TRANSLATE_NOOP("queue", "Brand")),
    ("model", QT_TRANSLATE_NOOP("queue", "Model")),
    ("quantity", QT_TRANSLATE_NOOP("queue", "Qty")),
    ("merchant", QT_TRANSLATE_NOOP("queue", "Merchant")),
    ("appraisal_uid", QT_TRANSLATE_NOOP("queue", "Appraisal")),
    ("appraiser_name", QT_TRANSLATE_NOOP("queue", "Appraiser")),
    ("verdict", QT_TRANSLATE_NOOP("queue", "Verdict")),
    ("label_serial", QT_TRANSLATE_NOOP("queue", "Label")),
)
COLUMN_KEYS = [key for key, _ in COLUMNS]
# Always shown in full; declaration no., brand, model, merchant and appraiser elide, the
# item's name, its declaration and the appraiser keeping their full width first when the
# screen allows.
KEY_COLUMNS = ("state", "gtin", "quantity", "appraisal_uid", "verdict", "label_serial")
PREFER_COLUMNS = ("brand", "model", "declaration_no", "appraiser_name")
_interrupted_marked: set[str] = set()


def state_text(code: object) -> str:
    """A queue line's state (``waiting`` or its case's state) in words."""
    return display(code)


def _big(widget: QWidget, points: int = 16) -> QWidget:
    font = QFont(widget.font())
    font.setPointSize(points)
    widget.setFont(font)
    return widget


QUEUE_QSS = """
QLineEdit#scanField { font-size: 18pt; padding: 6px; }
QLabel#scanMessage, QLabel#recoveryText { font-size: 13pt; }
QTableView#queueTable { font-size: 12pt; }
QPushButton { font-size: 12pt; padding: 6px 12px; }
"""


class QueuePage(Page):
    key = "queue"
    title_source = QT_TRANSLATE_NOOP("nav", "Today")
    shortcut = "F2"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[dict] = []
        self.scan_field = _big(QLineEdit(objectName="scanField"), 18)
        self.scan_field.returnPressed.connect(lambda: self.handle_code(self.scan_field.text()))
        self.camera_button = QPushButton(objectName="cameraScan")
        self.camera_button.clicked.connect(self.scan_with_camera)
        self.import_button = QPushButton(objectName="importList")
        self.import_button.clicked.connect(self.open_import)
        self.manual_button = QPushButton(objectName="addManual")
        self.manual_button.clicked.connect(self.add_manual)
        self.message = _big(QLabel(objectName="scanMessage", wordWrap=True), 13)
        # wraps: a busy day's counts by state must never widen the window past the screen
        self.summary = QLabel(objectName="queueSummary", wordWrap=True)
        self.recovery = self._recovery_bar()
        self.model = QueueRows(
            COLUMNS, "queue", self,
            formatters={"state": state_text, "verdict": display, "label_serial": ids.group},
        )  # fmt: skip
        self.table = QTableView(objectName="queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        fit_columns(self.table, KEY_COLUMNS, PREFER_COLUMNS)
        self.table.activated.connect(self._row_activated)
        self.open_button = QPushButton(objectName="openSelected")
        self.open_button.clicked.connect(lambda: self._row_activated(self.table.currentIndex()))
        self.setStyleSheet(QUEUE_QSS)
        self._layout()
        self._shortcuts()
        self.retranslate()
        scanner.install(QApplication.instance()).scanned.connect(self.route_scan)
        ctx.records_changed.connect(lambda _what: self.refresh())
        ctx.session_changed.connect(lambda _s: self.check_recovery())
        self._mark_interrupted_once()

    def _recovery_bar(self) -> QFrame:
        bar = QFrame(objectName="recoveryBar")
        bar.setStyleSheet("#recoveryBar { background: #fff4ce; border: 1px solid #e0b000; }")
        self.recovery_text = _big(QLabel(objectName="recoveryText", wordWrap=True), 13)
        self.resume_button = QPushButton(objectName="resumeCase")
        self.resume_button.clicked.connect(self.resume_first)
        self.abandon_button = QPushButton(objectName="abandonCase")
        self.abandon_button.clicked.connect(self.abandon_first)
        row = QHBoxLayout(bar)
        row.addWidget(self.recovery_text, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.abandon_button)
        bar.hide()
        self.unfinished: list[dict] = []
        return bar

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.scan_field, 1)
        for button in (self.camera_button, self.import_button, self.manual_button):
            top.addWidget(_big(button, 12))
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(_big(self.open_button, 12))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.recovery)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _shortcuts(self) -> None:
        pairs = (
            ("Ctrl+I", self.open_import), ("Ctrl+N", self.add_manual),
            ("Ctrl+B", self.scan_with_camera), ("F6", self.scan_field.setFocus),
            ("Ctrl+R", self.resume_first),
        )  # fmt: skip
        for keys, slot in pairs:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def retranslate(self) -> None:
        self.scan_field.setPlaceholderText(self.tr("Scan or type a barcode, then Enter (F6)"))
        self.camera_button.setText(self.tr("Read with camera (Ctrl+B)"))
        self.import_button.setText(self.tr("Import inbound list… (Ctrl+I)"))
        self.manual_button.setText(self.tr("Add by hand… (Ctrl+N)"))
        self.open_button.setText(self.tr("Open selected (Enter)"))
        self.resume_button.setText(self.tr("Resume (Ctrl+R)"))
        self.abandon_button.setText(self.tr("Abandon…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._show(self.rows)
        self._show_recovery(self.unfinished)

    # --- data -------------------------------------------------------------------------------

    def today(self) -> date:
        return queue.local_day(self.ctx.settings.tz())

    def activated(self) -> None:
        self.refresh()
        self.check_recovery()
        self.scan_field.setFocus()

    def refresh(self) -> None:
        store, tz = self.ctx.station.store, self.ctx.settings.tz()
        run_task(self, queue.list_day, store, self.today(), tz, on_success=self._show)

    def _show(self, rows: list[dict]) -> None:
        self.rows = rows
        self.model.set_rows(rows)
        counts = queue.counts(rows)
        if not rows:
            self.summary.setText(self.tr("{0}: nothing queued yet today.").format(self.today()))
            return
        parts = ", ".join(f"{state_text(k)} {v}" for k, v in sorted(counts.items()))
        self.summary.setText(
            self.tr("{0}: {1} items — {2}").format(self.today().isoformat(), len(rows), parts)
        )

    def say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet("" if ok else "color: #b00020;")
        self.message.setText(text)

    # --- scanning -----------------------------------------------------------------------------

    def route_scan(self, code: str) -> None:
        """A scan from anywhere: the open case checks it, otherwise it queues an item."""
        bench = self._bench()
        if bench is not None and bench.isVisible() and bench.wants_scan():
            bench.check_scan(code)
            return
        if not self.isVisible() and hasattr(self.window(), "show_page"):
            self.window().show_page(self.key)  # a misread is explained where it can be read
        self.handle_code(code)

    def handle_code(self, code: str) -> None:
        self.scan_field.clear()
        if self.ctx.session is None or not code.strip():
            return
        try:
            scan = scanning.parse(code)
        except KnownError as exc:
            self.say(explain(exc), ok=False)
            return
        store, session = self.ctx.station.store, self.ctx.session
        run_task(
            self, queue.add_scan, store, session, self.today(), scan,
            on_success=lambda result: self._scanned(*result), db_write=True,
        )  # fmt: skip

    def _scanned(self, item_uid: str, _created: bool) -> None:
        """The bench opens the item at once; it says whether the library knows it."""
        self.refresh()
        self.open_item(item_uid)

    def scan_with_camera(self) -> None:
        self.say(self.tr("Hold the barcode under the camera…"))
        self.camera_button.setEnabled(False)
        run_task(
            self, scanning.read_from_camera, self.ctx.settings.camera,
            on_success=self._camera_read, on_failure=self._camera_failed,
        )  # fmt: skip

    def _camera_read(self, code: str | None) -> None:
        self.camera_button.setEnabled(True)
        if code is None:
            self.say(self.tr("No barcode found in the camera picture."), ok=False)
        else:
            self.handle_code(code)

    def _camera_failed(self, exc: BaseException) -> None:
        self.camera_button.setEnabled(True)
        self.say(str(exc), ok=False)

    # --- opening, import, manual ------------------------------------------------------------------

    def _bench(self):
        window = self.window()
        pages = getattr(window, "pages", {})
        return pages.get("appraisal")

    def open_item(self, item_uid: str, appraisal_uid: str | None = None) -> None:
        bench = self._bench()
        if bench is None:
            self.say(self.tr("The appraisal bench is not available."), ok=False)
            return
        self.say("")  # the appraiser moves on; nothing said here is news when they return
        bench.open_item(item_uid, appraisal_uid)
        self.window().show_page("appraisal")

    def _row_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row(index.row())
        if row.get("source") == "direct":
            self.open_item("", row["appraisal_uid"])
            return
        store, session = self.ctx.station.store, self.ctx.session
        run_task(
            self, queue.open_line, store, session, self.today(), row["item_uid"],
            on_success=lambda opened: self.open_item(*opened),
            on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def open_import(self) -> None:
        dialog = InboundDialog(self.ctx, self.today(), self)
        dialog.imported.connect(
            lambda n: self.say(self.tr("{0} items from the inbound list queued.").format(n))
        )
        dialog.open()
        return dialog

    def add_manual(self) -> None:
        dialog = ManualItemDialog(self)
        dialog.accepted.connect(lambda: self._add_manual(dialog.values()))
        dialog.open()
        return dialog

    def _add_manual(self, values: dict[str, str]) -> None:
        store, session = self.ctx.station.store, self.ctx.session
        run_task(
            self, queue.add_manual, store, session, self.today(), **values,
            on_success=self._manual_added,
            on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _manual_added(self, item_uid: str) -> None:
        self.refresh()
        self.open_item(item_uid)

    # --- recovery ---------------------------------------------------------------------------------

    def _mark_interrupted_once(self) -> None:
        """At start-up, cases a crash left open at this station become interrupted."""
        key = str(self.ctx.station.data.root)
        if key in _interrupted_marked:
            return
        _interrupted_marked.add(key)
        store, code = self.ctx.station.store, self.ctx.settings.station_code
        run_task(self, recovery.mark_interrupted, store, code, db_write=True,
                 on_success=lambda _uids: self.check_recovery())  # fmt: skip

    def check_recovery(self) -> None:
        if self.ctx.session is None:
            return
        store, code = self.ctx.station.store, self.ctx.settings.station_code
        run_task(
            self, recovery.unfinished, store, code, self.ctx.session,
            on_success=self._show_recovery,
        )  # fmt: skip

    def _show_recovery(self, rows: list[dict]) -> None:
        bench = self._bench()
        current = bench.case.uid if bench is not None and bench.case else None
        self.unfinished = [r for r in rows if r["state"] == "interrupted" and r["uid"] != current]
        self.recovery.setVisible(bool(self.unfinished))
        if self.unfinished:
            first = self.unfinished[0]
            what = " ".join(x for x in (first["brand"], first["model"]) if x) or first["uid"]
            self.recovery_text.setText(
                self.tr(
                    "{0} appraisal(s) were interrupted (the application closed). First: {1} ({2}), saved at step “{3}”."  # noqa: E501
                ).format(len(self.unfinished), what, first["uid"], display(first["step"]))
            )

    def resume_first(self) -> None:
        if not self.unfinished:
            return
        uid = self.unfinished[0]["uid"]
        store, session = self.ctx.station.store, self.ctx.session
        run_task(
            self, recovery.resume, store, session, uid, db_write=True,
            on_success=lambda case: self.open_item(case.item["uid"], case.uid),
        )  # fmt: skip

    def abandon_first(self) -> None:
        if not self.unfinished:
            return
        uid = self.unfinished[0]["uid"]
        reason, ok = QInputDialog.getText(
            self, self.tr("Abandon appraisal"),
            self.tr("Why is {0} abandoned? (kept in the record)").format(uid),
        )  # fmt: skip
        if ok:
            self.abandon(uid, reason)

    def abandon(self, uid: str, reason: str) -> None:
        store, session = self.ctx.station.store, self.ctx.session
        run_task(
            self, recovery.abandon, store, session, uid, reason, db_write=True,
            on_success=lambda _r: self._abandoned(uid),
            on_failure=self._failed,
        )  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.say(explain(exc, tz=self.ctx.settings.tz()), ok=False)

    def _abandoned(self, uid: str) -> None:
        self.say(self.tr("{0} abandoned; its record is kept.").format(uid))
        self.ctx.records_changed.emit("appraisals")
        self.check_recovery()
