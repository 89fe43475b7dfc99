"""Labels: issue for genuine items, preview, print (single or a whole batch), confirm
applied by scanning, reprint or void under a supervisor, and the list of probable clones."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from appraiser.clock import format_local
from appraiser.domain.enums import Role
from appraiser.errors import KnownError
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.casework import appraisals
from appraiser.services.labelling import label_printing, label_verify, labels
from ui import vocabulary
from ui.context import AppContext
from ui.dialogs.print_labels import PrintLabelsDialog
from ui.dialogs.print_reprint import ReprintDialog
from ui.models.rows_model import RowsModel
from ui.pages.base import Page
from ui.tasks import run_task
from ui.vocabulary import display
from ui.widgets.appraisal_text import explain
from ui.widgets.label_preview import LabelPreview
from ui.widgets.table_fit import fit_columns

COLUMNS = (
    ("grouped", QT_TRANSLATE_NOOP("LabelsPage", "Serial")),
    ("appraisal_uid", QT_TRANSLATE_NOOP("LabelsPage", "Appraisal")),
    ("brand", QT_TRANSLATE_NOOP("LabelsPage", "Brand")),
    ("model", QT_TRANSLATE_NOOP("LabelsPage", "Model")),
    ("batch_lot", QT_TRANSLATE_NOOP("LabelsPage", "Batch")),
    ("state", QT_TRANSLATE_NOOP("LabelsPage", "State")),
    ("created", QT_TRANSLATE_NOOP("LabelsPage", "Issued")),
)
FLAG_COLUMNS = (
    ("grouped", QT_TRANSLATE_NOOP("LabelsPage", "Serial")),
    ("rule", QT_TRANSLATE_NOOP("LabelsPage", "Why")),
    ("where", QT_TRANSLATE_NOOP("LabelsPage", "Seen at")),
    ("created", QT_TRANSLATE_NOOP("LabelsPage", "Flagged")),
)
# Shown in full whatever the screen; brand, model, batch and the reasons elide.
KEY_COLUMNS = ("grouped", "appraisal_uid", "state", "created")
FLAG_KEY_COLUMNS = ("grouped", "created")


def load_page_data(station, session: Session | None = None, kind: str = "items") -> dict:
    """Worker side: everything the page shows, as plain data. Only the labels this session
    may issue are offered (its own genuine verdicts; a supervisor's: all of them). ``kind``
    is the filter: appraisal labels, or a lot's unit labels (issue 16: 60,000 of them would
    bury every other label)."""
    flags = label_verify.clone_flags(station)
    for flag in flags:
        flag["where"] = ", ".join(flag["stations"])
    return {
        "labels": labels.list_labels(station.store, kind=kind),
        "flags": flags,
        "awaiting": _issuable(station, session),
        "batches": labels.batches(station.store),
    }


def _issuable(station, session: Session | None) -> list[dict]:
    if session is None or not rules.allowed(session.role, Action.ISSUE_LABEL):
        return []
    rows = labels.awaiting_label(station.store)
    if session.role == Role.SUPERVISOR:
        return rows
    return [
        row
        for row in rows
        if (appraisals.current_verdict(station.store, row["uid"]) or {}).get("signed_by")
        == session.user_id
    ]


class LabelsPage(Page):
    key = "labels"
    title_source = QT_TRANSLATE_NOOP("nav", "Labels")
    shortcut = "F10"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        formatters = {"state": display, "rule": display, "created": self.local_time}
        self.model = RowsModel(COLUMNS, "LabelsPage", self, formatters=formatters)
        self.flag_model = RowsModel(FLAG_COLUMNS, "LabelsPage", self, formatters=formatters)
        self._build()
        ctx.records_changed.connect(self._records_changed)
        ctx.session_changed.connect(lambda _s: self._update_roles())
        ctx.settings_changed.connect(self._settings_changed)
        self._update_roles()
        self._texts()

    def _texts(self) -> None:
        self.kind_filter.setItemText(0, self.tr("Appraisal labels"))
        self.kind_filter.setItemText(1, self.tr("Lot units"))
        self.kind_filter.setToolTip(
            self.tr("Labels of single appraisals, or the unit labels of accepted lots")
        )
        self.awaiting_label.setText(self.tr("Genuine, no label yet:"))
        self.issue_button.setText(self.tr("Issue label"))
        self.print_button.setText(self.tr("Print…"))
        self.batch_button.setText(self.tr("Print batch…"))
        self.reprint_button.setText(self.tr("Reprint…"))
        self.void_button.setText(self.tr("Void…"))
        self.scan.setPlaceholderText(
            self.tr("Scan the printed label here to confirm it is on the item")
        )
        self.flags_heading.setText(self.tr("Probable cloned labels"))

    def _build(self) -> None:
        self.awaiting = QComboBox(objectName="awaitingLabel")
        self.awaiting.setMinimumWidth(320)
        self.issue_button = QPushButton(objectName="issueButton")
        self.print_button = QPushButton(objectName="printLabelButton")
        self.batch_button = QPushButton(objectName="printBatchButton")
        self.reprint_button = QPushButton(objectName="reprintButton")
        self.void_button = QPushButton(objectName="voidButton")
        self.issue_button.clicked.connect(self.issue_selected)
        self.print_button.clicked.connect(self.print_selected)
        self.batch_button.clicked.connect(self.print_batch)
        self.reprint_button.clicked.connect(lambda: self.open_reprint("reprint"))
        self.void_button.clicked.connect(lambda: self.open_reprint("void"))
        bar = QHBoxLayout()
        self.awaiting_label = QLabel()
        bar.addWidget(self.awaiting_label)
        for widget in (self.awaiting, self.issue_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        # on a row of its own above the table: beside the buttons it made the page wider than
        # a 1366-pixel screen in Chinese
        self.kind_filter = QComboBox(objectName="labelsFilter")
        self.kind_filter.addItem("", "items")
        self.kind_filter.addItem("", "lot_units")
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.activated())
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.kind_filter)
        filter_row.addStretch(1)
        for widget in (self.print_button, self.batch_button, self.reprint_button, self.void_button):
            bar.addWidget(widget)
        self.table = self._table(self.model, "labelsTable", KEY_COLUMNS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.preview = LabelPreview(self.ctx.station, self)
        self.history = QLabel(objectName="labelHistory", wordWrap=True)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop)
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(self.preview, 3)
        side.addWidget(self.history, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setCollapsible(0, False)
        self.scan = QLineEdit(objectName="applyScan")
        self.scan.returnPressed.connect(self.confirm_applied)
        self.message = QLabel(objectName="labelsMessage", wordWrap=True)
        self.flags_heading = QLabel(objectName="dialogHeading")
        self.flags = self._table(self.flag_model, "cloneFlags", FLAG_KEY_COLUMNS)
        self.flags.setMaximumHeight(160)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addLayout(filter_row)
        box.addWidget(split, 1)
        box.addWidget(self.scan)
        box.addWidget(self.message)
        box.addWidget(self.flags_heading)
        box.addWidget(self.flags)

    def _table(self, model: RowsModel, name: str, keys: tuple[str, ...]) -> QTableView:
        table = QTableView(objectName=name)
        table.setModel(model)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        fit_columns(table, keys, prefer=("brand", "model"))
        return table

    def local_time(self, stamp: object) -> str:
        """A stored UTC stamp as the station's wall-clock time (one format everywhere)."""
        return format_local(str(stamp), self.ctx.settings.tz())

    def _settings_changed(self, settings) -> None:
        self.preview.stock = settings.label_stock
        if self.preview.serial:
            self.preview.show_label(self.preview.serial)

    def _update_roles(self) -> None:
        """Show only what the rule book lets this role do (DESIGN §3.4): administrators do
        not handle labels; issuing is offered for one's own genuine verdicts."""
        session = self.ctx.session
        supervisor = session is not None and session.role in (Role.SUPERVISOR, Role.ADMIN)
        self.flags_heading.setVisible(supervisor)
        self.flags.setVisible(supervisor)
        handles = session is not None and rules.allowed(session.role, Action.ISSUE_LABEL)
        for widget in (self.awaiting_label, self.awaiting, self.issue_button, self.print_button,
                       self.batch_button, self.reprint_button, self.void_button):  # fmt: skip
            widget.setVisible(handles)
        if session is not None:
            self.activated()

    def _records_changed(self, what: str) -> None:
        if what in ("labels", "appraisals"):
            self.activated()

    def activated(self) -> None:
        kind = self.kind_filter.currentData()
        run_task(
            self, load_page_data, self.ctx.station, self.ctx.session, kind, on_success=self._show
        )

    def _show(self, data: dict) -> None:
        current = self.selected_serials()[:1]
        self.model.set_rows(data["labels"])
        self.flag_model.set_rows(data["flags"])
        self.awaiting.clear()
        for row in data["awaiting"]:
            text = " ".join(str(x) for x in (row["uid"], row["brand"], row["model"]) if x)
            self.awaiting.addItem(text, row["uid"])
        self.issue_button.setEnabled(bool(data["awaiting"]))
        self._batches = data["batches"]
        self.select_serial(current[0] if current else None)

    def select_serial(self, serial: str | None) -> None:
        for row in range(self.model.rowCount()):
            if serial is None or self.model.row(row)["serial"] == serial:
                self.table.selectRow(row)
                return

    def selected_serials(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row(r)["serial"] for r in rows]

    def _selected(self) -> None:
        serials = self.selected_serials()
        if not serials:
            self.preview.clear()
            return
        self.preview.show_label(serials[0])
        run_task(
            self, labels.history, self.ctx.station.store, serials[0], on_success=self._show_history
        )

    def _show_history(self, events: list[dict]) -> None:
        self.events = events  # worded again on a language switch
        lines = []
        for event in events:
            who = event["by_user"] or "—"
            extra = f" ({event['reason']})" if event["reason"] else ""
            approved = (
                self.tr(", approved by {0}").format(event["approved_by_user"])
                if event["approved_by_user"]
                else ""
            )
            when = format_local(event["created"], self.ctx.settings.tz(), seconds=True)
            lines.append(f"{when}  {display(event['event'])}  {who}{approved}{extra}")
        self.history.setText("\n".join(lines))

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _changed(self, text: str) -> None:
        self._say(text)
        self.ctx.records_changed.emit("labels")

    def issue_selected(self) -> None:
        uid = self.awaiting.currentData()
        if uid and self.ctx.session:
            run_task(
                self,
                labels.issue,
                self.ctx.station,
                self.ctx.session,
                uid,
                db_write=True,
                on_success=lambda info: self._changed(
                    self.tr("Label {0} issued for {1}.").format(info.grouped, uid)
                ),
                on_failure=self._refused,
            )

    def _refused(self, exc: BaseException) -> None:
        """A refusal of the rule book (or any known error) is said here, where it happened."""
        if not isinstance(exc, KnownError):
            raise exc
        self._say(explain(exc))

    def print_selected(self) -> None:
        serials = self.selected_serials()
        if serials and self.ctx.session:
            self._open_print(serials)

    def _open_print(self, serials: list[str]) -> PrintLabelsDialog:
        dialog = PrintLabelsDialog(self.ctx.station, self.ctx.session, serials, self)
        dialog.finished_printing.connect(lambda _r: self.ctx.records_changed.emit("labels"))
        dialog.printer_health.connect(
            lambda ok, text: self.ctx.set_health(
                "printer", ok, lambda: vocabulary.printer_target(text)
            )
        )
        dialog.open()
        self.print_dialog = dialog
        return dialog

    def print_batch(self) -> None:
        if not self.ctx.session or not getattr(self, "_batches", None):
            self._say(self.tr("No batches with items yet."))
            return
        lot, ok = QInputDialog.getItem(
            self, self.tr("Print batch"), self.tr("Batch / lot to print:"), self._batches, 0, False
        )
        if ok and lot:
            self.start_batch(lot)

    def start_batch(self, lot: str) -> None:
        run_task(
            self,
            label_printing.batch_serials,
            self.ctx.station,
            self.ctx.session,
            lot,
            db_write=True,
            on_success=self._batch_ready,
        )

    def _batch_ready(self, serials: list[str]) -> None:
        self.ctx.records_changed.emit("labels")
        if not serials:
            self._say(self.tr("Every label of this batch is already printed."))
            return
        self._open_print(serials)

    def open_reprint(self, mode: str) -> ReprintDialog | None:
        serials = self.selected_serials()
        if not serials or not self.ctx.session:
            return None
        dialog = ReprintDialog(self.ctx.station, self.ctx.session, serials[0], mode, self)
        dialog.done_with.connect(
            lambda info: self._changed(
                self.tr("New label {0} issued; the old one is void.").format(info.grouped)
                if info
                else self.tr("Label voided.")
            )
        )
        dialog.open()
        self.reprint_dialog = dialog
        return dialog

    def confirm_applied(self) -> None:
        text = self.scan.text().strip()
        self.scan.clear()
        if text and self.ctx.session:
            run_task(
                self,
                labels.apply,
                self.ctx.station,
                self.ctx.session,
                text,
                db_write=True,
                on_success=lambda info: self._changed(
                    self.tr("Label {0} confirmed on the item.").format(info.grouped)
                ),
            )

    def retranslate(self) -> None:
        self._texts()
        self._show_history(getattr(self, "events", []))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.flag_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(FLAG_COLUMNS) - 1)
        self.activated()
